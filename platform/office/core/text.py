"""Vietnamese text as people type it: the one place that normalises it.

The same letter can come from two keyboards (precomposed, or a base letter and combining marks:
Unikey's and the Mac's defaults differ), so text is compared and stored in NFC. Searches ignore
accents and case, as users type "le quy don" for "Lê Quý Đôn"."""

import unicodedata


def nfc(text) -> str:
    """NFC with the outer whitespace removed; None is the empty string."""
    return unicodedata.normalize("NFC", str(text or "")).strip()


def single_spaced(text) -> str:
    """NFC with every run of whitespace (tabs, newlines, doubled spaces) made one space: for names and
    other one-line values, so that two spellings of one name compare equal."""
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split())


def search_key(text, length: int = 150) -> str:
    """Lower case without diacritics ("Nguyễn Thị Đào" → "nguyen thi dao"); đ is a letter of its own
    that NFD does not decompose, so it is folded to d first."""
    decomposed = unicodedata.normalize("NFD", single_spaced(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()[:length]
