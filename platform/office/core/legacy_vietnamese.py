"""Vietnamese typed in the 8-bit encodings that came before Unicode, turned into Unicode (NFC).

Schools still keep registers and plans typed in them, and a file keeps its bytes when it is saved as
.docx, .xlsx or .txt: what Word or Excel then shows as Latin-1 letters ("KÕ ho¹ch") is Vietnamese drawn
by a font that put its own glyphs at those code points. Two encodings cover nearly all of it:

- TCVN3 ("ABC", TCVN 5712:1993, its VN3 table): one byte a letter, the fonts named ".VnTime", ".VnArial",
  ... It has the lower-case letters only; the upper-case fonts (".VnTimeH", ".VnArialH", ...) draw the
  same bytes as capitals.
- VNI-Windows (the fonts "VNI-Times", "VNI-Helve", ...): an ASCII base letter followed by one byte
  carrying its shape and tone ("Tieáng Vieät"); ơ, ư, đ and the toned i and ỵ are single bytes.

Read as cp1252 (how Word, Excel and this module see them), every byte of both is a character from
U+00A1 to U+00FF. Text that holds a letter only Unicode has (ă, đ, ơ, ư, ạ, ế, ...) is therefore never
legacy text; text of Latin-1 letters alone is converted only when a font says so or when its words read
as Vietnamese syllables after conversion and not before ("Tôi là giáo viên" stays as it is).
"""

from __future__ import annotations

import enum
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# --- The tables ------------------------------------------------------------------------------------------

# Toneless letter, then its five toned forms in the order grave, hook, tilde, acute, dot below.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")


def _toned(vowel: str, tone_index: int) -> str:
    return unicodedata.normalize("NFC", vowel + _TONES[tone_index])


# TCVN 5712:1993, VN3: the code of each toneless lower-case letter with a shape, then of each vowel's
# five toned forms (grave, hook, tilde, acute, dot below), and the seven upper-case letters with a shape.
_TCVN3_SHAPED = {"ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE}
_TCVN3_SHAPED_UPPER = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
TCVN3_TO_UNICODE: dict[str, str] = {
    chr(code): letter for letter, code in (_TCVN3_SHAPED | _TCVN3_SHAPED_UPPER).items()
} | {
    chr(code): _toned(vowel, index)
    for vowel, codes in _TCVN3_TONED.items()
    for index, code in enumerate(codes)
}

# VNI-Windows: the byte after a base letter that gives its shape and tone, lower-case and upper-case
# forms (a capital's mark is normally the upper-case byte, but both draw the same mark).
_VNI_TONE_MARKS = {"ø": 0, "û": 1, "õ": 2, "ù": 3, "ï": 4, "Ø": 0, "Û": 1, "Õ": 2, "Ù": 3, "Ï": 4}
# Circumflex (after a, e, o) and breve (after a), alone or with a tone: mark byte → (shape, tone or None).
_VNI_CIRCUMFLEX = {"â": None, "à": 0, "å": 1, "ã": 2, "á": 3, "ä": 4}
_VNI_BREVE = {"ê": None, "è": 0, "ú": 1, "ü": 2, "é": 3, "ë": 4}
# Letters that are one byte: ơ, ư, đ and the toned i and ỵ.
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "í": "í", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def put(sequence: str, letter: str) -> None:
        table[sequence] = letter
        table[sequence.upper()] = letter.upper()
        # A capital followed by a lower-case mark byte (and the reverse) draws the same letter.
        table[sequence[0].upper() + sequence[1:]] = letter.upper()
        table[sequence[0] + sequence[1:].upper()] = letter

    for single, letter in _VNI_SINGLE.items():
        table[single] = letter
        table[single.upper()] = letter.upper()
    for base in ("a", "e", "o", "u", "y", "ô", "ö"):
        toneless = _VNI_SINGLE.get(base, base)
        for mark, tone in _VNI_TONE_MARKS.items():
            if mark.islower() and not (base == "y" and tone == 4):  # ỵ is a single byte
                put(base + mark, _toned(toneless, tone))
    for base, shaped in (("a", "â"), ("e", "ê"), ("o", "ô")):
        for mark, tone in _VNI_CIRCUMFLEX.items():
            put(base + mark, shaped if tone is None else _toned(shaped, tone))
    for mark, tone in _VNI_BREVE.items():
        put("a" + mark, "ă" if tone is None else _toned("ă", tone))
    return table


VNI_TO_UNICODE = _vni_table()
_VNI_PAIR_FIRSTS = frozenset(sequence[0] for sequence in VNI_TO_UNICODE if len(sequence) == 2)


class LegacyEncoding(enum.StrEnum):
    TCVN3 = "tcvn3"
    VNI = "vni"
    VIQR = "viqr"  # plain ASCII, met in text files only (see viqr_to_unicode)

    @property
    def label(self) -> str:
        return {"tcvn3": "TCVN3", "vni": "VNI-Windows", "viqr": "VIQR"}[self.value]


# The encodings of the 8-bit fonts, which fonts name and cp1252 shows as Latin-1.
FONT_ENCODINGS = (LegacyEncoding.TCVN3, LegacyEncoding.VNI)


# --- Converting ------------------------------------------------------------------------------------------


def _units(text: str, encoding: LegacyEncoding) -> Iterable[tuple[int, str]]:
    """(where it starts in `text`, the Unicode it stands for) for each letter or other character."""
    index = 0
    while index < len(text):
        char = text[index]
        if encoding is LegacyEncoding.VNI and char in _VNI_PAIR_FIRSTS:
            pair = VNI_TO_UNICODE.get(text[index : index + 2])
            if pair is not None:
                yield index, pair
                index += 2
                continue
        table = TCVN3_TO_UNICODE if encoding is LegacyEncoding.TCVN3 else VNI_TO_UNICODE
        yield index, table.get(char, char)
        index += 1


# The same conversion as _units, for whole files: a translation table, and one pass of a regular expression
# that tries VNI's two-byte letters before its single bytes.
_TCVN3_TRANSLATION = str.maketrans(TCVN3_TO_UNICODE)
_VNI_RE = re.compile("|".join(re.escape(key) for key in sorted(VNI_TO_UNICODE, key=len, reverse=True)))


def to_unicode(text: str, encoding: LegacyEncoding, *, upper: bool = False) -> str:
    """`text` (as cp1252 shows it) in `encoding`, as Unicode NFC; `upper` for the capitals-only fonts."""
    if encoding is LegacyEncoding.TCVN3:
        converted = text.translate(_TCVN3_TRANSLATION)
    elif encoding is LegacyEncoding.VNI:
        converted = _VNI_RE.sub(lambda match: VNI_TO_UNICODE[match.group()], text)
    else:
        converted = viqr_to_unicode(text)
    return unicodedata.normalize("NFC", converted.upper() if upper else converted)


_LINES_RE = re.compile(r"[^\n]*\n?")
_LETTERS_RE = re.compile(r"[^\W\d_]+")


def text_to_unicode(text: str, encoding: LegacyEncoding) -> str:
    """Text with no font to go by (a .txt file, a cell or paragraph in a Unicode font). TCVN3 text typed
    for the capitals-only fonts keeps its toned letters lower-case once the font is gone ("MôC ®ÝCH"):
    a line whose ASCII letters are all capitals, with a word mixing capitals and such letters ("MụC"),
    was all capitals ("Số: 12/KH-THLQĐ" stays as it is)."""
    if encoding is not LegacyEncoding.TCVN3:
        return to_unicode(text, encoding)
    lines = []
    for line in _LINES_RE.findall(text):
        converted = to_unicode(line, encoding)
        ascii_letters = [char for char in line if char.isascii() and char.isalpha()]
        if (
            ascii_letters
            and all(char.isupper() for char in ascii_letters)
            and any(
                sum(char.isascii() and char.isupper() for char in word) >= 2
                and any(not char.isascii() and char.islower() for char in word)
                for word in _LETTERS_RE.findall(converted)
            )
        ):
            converted = converted.upper()
        lines.append(converted)
    return "".join(lines)


def pieces_to_unicode(pieces: Sequence[str], encoding: LegacyEncoding, uppers: Sequence[bool]) -> list[str]:
    """Consecutive pieces of one text (the runs of a Word paragraph), each converted: a VNI letter whose
    mark byte was typed into the next run (a change of formatting mid-word) goes to the run it began in."""
    starts, offset = [], 0
    for piece in pieces:
        starts.append(offset)
        offset += len(piece)
    out = [[] for _ in pieces]
    piece = 0
    for start, unit in _units("".join(pieces), encoding):
        while piece + 1 < len(pieces) and start >= starts[piece + 1]:
            piece += 1
        out[piece].append(unit)
    return [
        unicodedata.normalize("NFC", "".join(units).upper() if upper else "".join(units))
        for units, upper in zip(out, uppers, strict=True)
    ]


# --- Fonts ----------------------------------------------------------------------------------------------

# ".VnTime", ".VnTimeH", ".VnArial NarrowH": the ABC fonts all begin with a dot. The Unicode families
# "VNF-…", "SVN-…", "UVN …" do not.
_TCVN3_FONT_RE = re.compile(r"^\.vn", re.IGNORECASE)
_VNI_FONT_RE = re.compile(r"^vni[\s_-]", re.IGNORECASE)


@dataclass(frozen=True)
class LegacyFont:
    encoding: LegacyEncoding
    upper: bool  # a capitals-only font (".VnTimeH"): lower-case codes are drawn as capitals


def legacy_font(name: str | None) -> LegacyFont | None:
    """The legacy encoding a font's name implies, or None for a Unicode (or unknown) font."""
    name = (name or "").strip()
    if _VNI_FONT_RE.match(name):
        return LegacyFont(LegacyEncoding.VNI, upper=False)
    if _TCVN3_FONT_RE.match(name) and len(name) > 3:
        return LegacyFont(LegacyEncoding.TCVN3, upper=name.endswith("H"))
    return None


# --- Telling legacy text from Unicode -------------------------------------------------------------------

# Letters no legacy text read as cp1252 can hold: ă đ ĩ ũ ơ ư and the toned letters of U+1EA0–U+1EF9, and
# the combining tone marks of decomposed (or Windows-1258) Unicode.
UNICODE_VIETNAMESE_RE = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                                   "\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")  # fmt: skip
# A "word" for the statistics: legacy letters include symbols (¹ « ® and the soft hyphen), so every character from U+00A1
# to U+00FF counts as part of a word, with the letters of Unicode Vietnamese.
_WORD_RE = re.compile("[A-Za-z\u00a1-\u00ff\u0100-\u01b0\u0300-\u0323\u1ea0-\u1ef9]+")

_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")  # fmt: skip
_OPEN_RHYMES = frozenset(
    "a ai ao au ay âu ây e eo ê êu i ia iu iêu o oa oai oao oay oe oeo oi ô ôi ơ ơi u ua uây uê ui uôi "
    "uơ uy uya uyu ư ưa ưi ươi ươu ưu y yêu".split()
)
_CODAS_OF = {
    "a": "m n ng nh c ch p t", "ă": "m n ng c p t", "â": "m n ng c p t", "e": "m n ng c p t",
    "ê": "m n nh ch p t", "i": "m n nh ch p t", "o": "m n ng c p t", "oo": "ng c", "ô": "m n ng c p t",
    "ơ": "m n p t", "u": "m n ng c p t", "ư": "m n ng c t", "iê": "m n ng c p t", "yê": "m n ng c p t",
    "uô": "m n ng c t", "ươ": "m n ng c p t", "oa": "m n ng nh c ch p t", "oă": "m n ng c t",
    "oe": "n t", "uâ": "n ng t", "uê": "n nh ch", "uy": "n nh ch p t", "uyê": "n t",
}  # fmt: skip
_CLOSED_RHYMES = frozenset(nucleus + coda for nucleus, codas in _CODAS_OF.items() for coda in codas.split())
_STOP_CODAS = ("c", "ch", "p", "t")
_FRONT_VOWELS = frozenset("ieêy")
_BEFORE_FRONT_ONLY = frozenset({"k", "gh", "ngh"})
_NEVER_BEFORE_FRONT = frozenset({"c", "ng", "q"})
_SHARP_TONES = frozenset({"\u0301", "\u0323"})


def is_vietnamese_syllable(word: str) -> bool:
    """Whether `word` spells a Vietnamese syllable: an onset, a rhyme and at most one tone (a syllable
    ending in c, ch, p or t takes the acute or the dot below, never the level tone: "tết", not "têt")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [char for char in decomposed if char in _TONES]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in _TONES))
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        rhyme = bare[len(onset) :]
        front = rhyme[:1] in _FRONT_VOWELS
        if (onset in _BEFORE_FRONT_ONLY and not front) or (onset in _NEVER_BEFORE_FRONT and front):
            continue  # spelling: "kê", "ghi", "nghe" but "ca", "ga", "nga"
        if rhyme in _OPEN_RHYMES:
            return True
        if rhyme in _CLOSED_RHYMES:
            return not rhyme.endswith(_STOP_CODAS) or (bool(tones) and tones[0] in _SHARP_TONES)
    return False


def has_unicode_vietnamese(text: str) -> bool:
    return UNICODE_VIETNAMESE_RE.search(text) is not None


@dataclass(frozen=True)
class Reading:
    """How well the words of a text that legacy bytes could have changed (those with a character above
    ASCII) read as Vietnamese: as they are, and once converted from `encoding`."""

    encoding: LegacyEncoding
    words: int
    as_is: float
    converted: float


# Enough words to judge a whole file by; a 20 MB file is not read word by word three times over.
MAX_WORDS_READ = 5000


def reading(text: str, encoding: LegacyEncoding) -> Reading:
    found = (match.group() for match in _WORD_RE.finditer(text))
    pairs = ((word, to_unicode(word, encoding)) for word in found if not word.isascii())
    # Abbreviations ("TĐKT", "PGDĐT") have no vowel either way: they tell nothing.
    pairs = ((word, converted) for word, converted in pairs if _has_vowel(word) or _has_vowel(converted))
    words = list(itertools.islice(pairs, MAX_WORDS_READ))
    if not words:
        return Reading(encoding, 0, 1.0, 1.0)
    as_is = sum(is_vietnamese_syllable(word) for word, _ in words) / len(words)
    converted = sum(is_vietnamese_syllable(converted) for _, converted in words) / len(words)
    return Reading(encoding, len(words), as_is, converted)


_VOWEL_RE = re.compile("[aeiouyAEIOUY\u00c0-\u00c3\u00c8-\u00ca\u00cc\u00cd\u00d2-\u00d5\u00d9\u00da\u00dd"
                       "\u00e0-\u00e3\u00e8-\u00ea\u00ec\u00ed\u00f2-\u00f5\u00f9\u00fa\u00fd"
                       "\u0102\u0103\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")  # fmt: skip


def _has_vowel(word: str) -> bool:
    return _VOWEL_RE.search(word) is not None


# Without a font to say so, converted words must read as Vietnamese this much more often than as they are.
MIN_CONVERTED_SHARE = 0.8
MIN_GAIN = 0.3


def detect_legacy_encoding(text: str, font: str | None = None) -> LegacyFont | None:
    """The legacy encoding `text` is in, or None when it is Unicode (or plain ASCII, where it makes no
    difference). A legacy font name is the strong signal (Word and Excel draw the text with it); the
    words decide otherwise. Text holding a letter only Unicode has is never legacy."""
    if has_unicode_vietnamese(text):
        return None
    named = legacy_font(font)
    if named is not None:
        # The font draws these bytes as Vietnamese, unless the words say the text was already converted to
        # Unicode and kept its old font name.
        found = reading(text, named.encoding)
        return named if found.converted >= found.as_is else None
    readings = [reading(text, encoding) for encoding in FONT_ENCODINGS]
    mark_share = _vni_mark_share(text)

    def likelihood(found: Reading) -> tuple[float, float]:
        # When the words read as well either way ("phuû" is "phủ" in VNI and "phuỷ" in TCVN3), the place of
        # the bytes above ASCII decides: VNI puts them after a vowel, TCVN3 in place of one.
        return (found.converted, mark_share if found.encoding is LegacyEncoding.VNI else 1 - mark_share)

    best = max(readings, key=likelihood)
    if best.words and best.converted >= MIN_CONVERTED_SHARE and best.converted - best.as_is >= MIN_GAIN:
        return LegacyFont(best.encoding, upper=False)
    return None


_AFTER_VOWEL_RE = re.compile("(?<=[aeouyAEOUY\u00f4\u00f6\u00d4\u00d6])[\u00a1-\u00ff]")


def _vni_mark_share(text: str) -> float:
    """The share of characters above ASCII that follow a vowel, as VNI's mark bytes do."""
    high = sum(1 for char in text if "\u00a1" <= char <= "\u00ff")
    return len(_AFTER_VOWEL_RE.findall(text)) / high if high else 0.0


# --- VIQR ---------------------------------------------------------------------------------------------

# VIQR (RFC 1456) types the shape and then the tone after the vowel in plain ASCII: "Tie^'ng Vie^.t",
# "dd" for đ. A word takes one tone; a "?" or "." closing a word is its tone only when the sentence goes on
# ("Tu+. do" is "Tự do"), and punctuation before a capital or the end of the line ("Ddi.", "Why?"). The
# standard escapes a real full stop ("ddi\\."); people seldom did, so some words stay for the person to check.
_VIQR_SHAPES = {"(": "\u0306", "^": "\u0302", "+": "\u031b"}
_VIQR_SHAPED = {"a(", "a^", "e^", "o^", "o+", "u+"}
_VIQR_TONES = {"`": "\u0300", "?": "\u0309", "~": "\u0303", "'": "\u0301", ".": "\u0323"}
_VIQR_LETTER_RE = re.compile(r"([aeiouyAEIOUY])([(^+]?)([`?~'.]?)")
_VIQR_WORD_RE = re.compile(r"[A-Za-z][A-Za-z(^+`?~'.]*")
# After a word: a sentence that goes on (a lower-case word, a comma, a closing bracket or quote).
_VIQR_GOES_ON_RE = re.compile(r"[ \t]+[a-z]|[,;:)\]”\"]")
_VIQR_NEXT_CAPITAL_RE = re.compile(r"[ \t]+[A-Z]")
_ROMAN_RE = re.compile(r"[IVXLC]+\.?")
_LATIN_1_LETTER_RE = re.compile("[\u00c0-\u00ff]")


def viqr_to_unicode(text: str) -> str:
    def word(match: re.Match) -> str:
        goes_on = _VIQR_GOES_ON_RE.match(text, match.end()) is not None or (
            # A capitalised word before another goes on with it: a name ("Thi. Hie^`n", "So+? Gia'o
            # du.c") or a line of capitals ("CHU? NGHI~A"); a section number ("II. NO^.I DUNG") does not.
            match.group()[0].isupper()
            and not _ROMAN_RE.fullmatch(match.group())
            and _VIQR_NEXT_CAPITAL_RE.match(text, match.end()) is not None
        )
        return _viqr_word(match.group(), goes_on)

    return unicodedata.normalize("NFC", _VIQR_WORD_RE.sub(word, text))


def _viqr_word(word: str, goes_on: bool) -> str:
    out, index, toned = [], 0, False
    if word.isupper():
        # Capitals: "DD" anywhere, paired from the right, as Đ closes a part of an abbreviation
        # ("SGDDDT" is SGDĐT, "HDDTDDKT" HĐTĐKT).
        word = word[::-1].replace("DD", "Đ")[::-1]
    if word[:2] in ("dd", "DD", "Dd"):
        out.append("đ" if word[0] == "d" else "Đ")
        index = 2
    while index < len(word):
        match = _VIQR_LETTER_RE.match(word, index)
        if match is None:
            out.append(word[index])
            index += 1
            continue
        vowel, shape, tone = match.groups()
        if shape and vowel.lower() + shape not in _VIQR_SHAPED:
            shape, tone = "", ""
        at_end = match.end() == len(word)
        if (tone in ("?", ".") and at_end and not goes_on) or toned:
            tone = ""
        toned = toned or bool(tone)
        out.append(vowel + _VIQR_SHAPES.get(shape, "") + _VIQR_TONES.get(tone, ""))
        index = match.start() + 1 + len(shape) + len(tone)
    return "".join(out)


def looks_like_viqr(text: str) -> bool:
    """Whether ASCII text is VIQR: many of its words carry marks, and they read as Vietnamese syllables
    once converted. English ("don't", "why?") and Vietnamese typed without diacritics are not."""
    if has_unicode_vietnamese(text) or _LATIN_1_LETTER_RE.search(text):
        return False  # VIQR is ASCII letters (typographic quotes and dashes may come with it)
    words = [word.strip(".?'") or word for word in text.split()]
    words = [word for word in words if any(char.isalpha() for char in word)][:MAX_WORDS_READ]
    marked = [word for word in words if viqr_to_unicode(word) != word]
    if len(marked) < 3 or len(marked) < len(words) * 0.2:
        return False
    valid = sum(is_vietnamese_syllable(viqr_to_unicode(word)) for word in marked)
    return valid >= len(marked) * MIN_CONVERTED_SHARE


# --- Telling the person --------------------------------------------------------------------------------


@dataclass
class LegacyConversions:
    """What an import converted, for the note it shows: the encodings met and the fonts that named them."""

    fonts: dict[LegacyEncoding, list[str]]

    def __init__(self) -> None:
        self.fonts = {}

    def add(self, encoding: LegacyEncoding, font: str | None = None) -> None:
        names = self.fonts.setdefault(encoding, [])
        if font and font.strip() not in names:
            names.append(font.strip())

    def __bool__(self) -> bool:
        return bool(self.fonts)

    def notes(self) -> list[str]:
        """One Vietnamese sentence per encoding, e.g. "Tệp dùng bảng mã TCVN3 (phông .VnTime): đã chuyển
        sang Unicode, hãy soát lại chính tả." """
        notes = []
        for encoding in LegacyEncoding:
            if encoding not in self.fonts:
                continue
            fonts = sorted(self.fonts[encoding], key=str.casefold)
            where = f" (phông {', '.join(fonts)})" if fonts else ""
            notes.append(
                f"Tệp dùng bảng mã {encoding.label}{where}: đã chuyển sang Unicode, hãy soát lại chính tả."
            )
        return notes


def convert_texts(texts: Sequence[str], fonts: Sequence[str | None]) -> tuple[list[str], LegacyConversions]:
    """The short texts of one file (a sheet's cells), each with the font it is drawn in when known, with
    those typed in a legacy encoding converted.

    A legacy font decides for its texts unless their words, all together, read better as they are. A
    text in another font is judged alone, by its words (detect_legacy_encoding): the Unicode cells of a
    template ("Giáo viên", "Có") must not outvote the names pasted into it from an old TCVN3 register."""
    result = list(texts)
    conversions = LegacyConversions()
    kinds = [
        None if has_unicode_vietnamese(text) else legacy_font(font)
        for text, font in zip(texts, fonts, strict=True)
    ]
    for encoding in FONT_ENCODINGS:
        named = [index for index, kind in enumerate(kinds) if kind is not None and kind.encoding is encoding]
        found = reading("\n".join(texts[index] for index in named), encoding)
        if not named or found.converted < found.as_is:
            continue
        for index in named:
            result[index] = to_unicode(texts[index], encoding, upper=kinds[index].upper)
            if result[index] != texts[index]:
                conversions.add(encoding, fonts[index])
    judged: dict[str, LegacyFont | None] = {}  # a register repeats its "Có", "Giáo viên", "Tổ khối 1"
    for index, (text, font) in enumerate(zip(texts, fonts, strict=True)):
        if legacy_font(font) is not None:
            continue
        if text not in judged:
            judged[text] = detect_legacy_encoding(text)
        if judged[text] is not None:
            result[index] = text_to_unicode(text, judged[text].encoding)
            conversions.add(judged[text].encoding)
    return result, conversions
