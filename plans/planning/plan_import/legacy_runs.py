"""The runs of a Word file typed in a legacy Vietnamese encoding (TCVN3, VNI), converted to Unicode in
place before the reader takes the paragraphs' text.

A run's font says how Word draws its bytes, so it decides run by run: a document may mix ".VnTime"
headings, "VNI-Times" paragraphs and Unicode tables. The font is the one Word would use: the run's own,
else its character style's, else its paragraph style's (or the default paragraph style's), else the
document defaults. Runs in a Unicode font (a file whose font was changed but not its encoding) are
converted paragraph by paragraph, only where their words read as Vietnamese once converted and not before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from office.core.legacy_vietnamese import (
    FONT_ENCODINGS,
    LegacyConversions,
    LegacyEncoding,
    detect_legacy_encoding,
    has_unicode_vietnamese,
    legacy_font,
    pieces_to_unicode,
    reading,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_P = f"{{{W_NS}}}p"
W_R = f"{{{W_NS}}}r"
W_T = f"{{{W_NS}}}t"
W_RPR = f"{{{W_NS}}}rPr"
W_PPR = f"{{{W_NS}}}pPr"
W_RFONTS = f"{{{W_NS}}}rFonts"
W_VAL = f"{{{W_NS}}}val"
# The characters a legacy encoding uses (above U+007F) are drawn with the hAnsi font; ASCII with ascii.
FONT_ATTRIBUTES = (f"{{{W_NS}}}hAnsi", f"{{{W_NS}}}ascii")
THEME_ATTRIBUTES = (f"{{{W_NS}}}hAnsiTheme", f"{{{W_NS}}}asciiTheme")


@dataclass
class _Group:
    """Consecutive runs of one paragraph whose fonts name the same encoding (None: no legacy font)."""

    encoding: LegacyEncoding | None
    texts: list = field(default_factory=list)  # the runs' w:t elements, in order
    uppers: list[bool] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(element.text or "" for element in self.texts)

    def convert(self, encoding: LegacyEncoding) -> bool:
        before = [element.text or "" for element in self.texts]
        after = pieces_to_unicode(before, encoding, self.uppers)
        for element, text in zip(self.texts, after, strict=True):
            element.text = text
        return after != before


class _Fonts:
    """The font Word uses for a run, through the style chain; styles are looked up once each."""

    def __init__(self, document) -> None:
        self._styles = document.styles.element
        self._cache: dict[str | None, str | None] = {}
        defaults = self._styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts")
        self._default = _named(defaults[0]) if defaults else None
        paragraph_default = self._styles.xpath('w:style[@w:type="paragraph" and @w:default="1"]/@w:styleId')
        self._default_paragraph_style = paragraph_default[0] if paragraph_default else None

    def of_run(self, run, paragraph) -> str | None:
        r_pr = run.find(W_RPR)
        if r_pr is not None:
            own = _named(r_pr.find(W_RFONTS))
            if own is not None:
                return own
            character_style = r_pr.find(f"{{{W_NS}}}rStyle")
            if character_style is not None:
                styled = self._of_style(character_style.get(W_VAL))
                if styled is not None:
                    return styled
        p_pr = paragraph.find(W_PPR)
        style = p_pr.find(f"{{{W_NS}}}pStyle") if p_pr is not None else None
        style_id = style.get(W_VAL) if style is not None else self._default_paragraph_style
        styled = self._of_style(style_id)
        return styled if styled is not None else self._default

    def _of_style(self, style_id: str | None) -> str | None:
        if style_id not in self._cache:
            font, seen, current = None, set(), style_id
            while current and current not in seen and font is None:
                seen.add(current)
                style = self._styles.get_by_id(current)
                if style is None:
                    break
                r_pr = style.find(W_RPR)
                font = _named(r_pr.find(W_RFONTS)) if r_pr is not None else None
                current = style.basedOn_val
            self._cache[style_id] = font
        return self._cache[style_id]


def _named(fonts) -> str | None:
    """The font an rFonts element names: "" for a theme font (Word prefers it to a named one), None
    when it names none and the next level decides."""
    if fonts is None:
        return None
    if any(fonts.get(attribute) for attribute in THEME_ATTRIBUTES):
        return ""
    return next((fonts.get(attribute) for attribute in FONT_ATTRIBUTES if fonts.get(attribute)), None)


def _groups(body, fonts: _Fonts) -> list[_Group]:
    groups: list[_Group] = []
    for paragraph in body.iter(W_P):
        current: _Group | None = None
        for run in paragraph.iter(W_R):
            if next(run.iterancestors(W_P), None) is not paragraph:
                continue  # a run of a text box inside this paragraph: its own paragraph groups it
            name = fonts.of_run(run, paragraph)
            found = legacy_font(name)
            encoding = found.encoding if found else None
            if current is None or current.encoding is not encoding:
                current = _Group(encoding)
                groups.append(current)
            for text in run.iter(W_T):
                current.texts.append(text)
                current.uppers.append(bool(found and found.upper))
            if found and name not in current.fonts:
                current.fonts.append(name)
    return groups


def convert_legacy_runs(document, parts=()) -> LegacyConversions:
    """Convert, in `document` (python-docx), the runs typed in a legacy encoding; say what was done.

    `parts` are the other element trees the reader takes text from (the footnotes and endnotes parts, the
    first page's header): they are converted in place too, and weigh in with the body on which encoding
    the legacy fonts really hold, since a note typed in .VnTime is as legacy as the paragraph citing it."""
    conversions = LegacyConversions()
    fonts = _Fonts(document)
    groups = [
        group for tree in (document.element.body, *parts) for group in _groups(tree, fonts) if group.texts
    ]
    # Text holding a letter only Unicode has was converted already, whatever its font says.
    groups = [group for group in groups if not has_unicode_vietnamese(group.text)]
    for encoding in FONT_ENCODINGS:
        named = [group for group in groups if group.encoding is encoding]
        found = reading("\n".join(group.text for group in named), encoding)
        if named and found.converted >= found.as_is:
            for group in named:
                if group.convert(encoding):
                    for font in group.fonts:
                        conversions.add(encoding, font)
    for group in groups:
        detected = detect_legacy_encoding(group.text) if group.encoding is None else None
        if detected is not None and group.convert(detected.encoding):
            conversions.add(detected.encoding)
    return conversions
