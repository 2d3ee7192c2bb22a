"""What a page a person reads must not show: the raw snapshot's dict syntax, ISO dates, codes of the
rules catalogue, Python's True/False/None, hashes and object-storage keys. Checked on the text a
reader sees (tags and attributes left out), without the administrators' "Chi tiết kỹ thuật" block."""

import re
from html.parser import HTMLParser

from office.rules.vocabulary import Title

TECHNICAL_DETAILS_RE = re.compile(r'<details[^>]*data-testid="technical-details".*?</details>', re.S)
UNREADABLE = {
    "a raw dict or list": re.compile(r"\{'|\{\"|'\s*:\s|\[\{|\['"),
    "an ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "True/False/None": re.compile(r"\b(True|False|None)\b"),
    "a hash": re.compile(r"\b[0-9a-f]{32,}\b"),
    "a storage key": re.compile(r"schools/[a-z0-9_]+/"),
    "a title code": re.compile(r"\b(" + "|".join(re.escape(code) for code in Title.values) + r")\b"),
}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(TECHNICAL_DETAILS_RE.sub("", html))
    return " ".join(" ".join(parser.parts).split())


def unreadable_bits(html: str) -> dict[str, list[str]]:
    text = visible_text(html)
    return {what: found for what, pattern in UNREADABLE.items() if (found := pattern.findall(text))}


def assert_readable(html: str) -> None:
    bits = unreadable_bits(html)
    assert not bits, f"the page shows what a reader cannot read: {bits}"
