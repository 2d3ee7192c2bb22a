"""Encoders into the legacy Vietnamese encodings, written for the tests from the standards (independently
of office.core.legacy_vietnamese, which decodes): text as Word, Excel or a .txt file holds it when it
was typed with the ABC (TCVN3) or VNI keyboard, read back as cp1252."""

import unicodedata

# TCVN 5712:1993 VN3, row by row: a letter and its grave, hook, tilde, acute, dot-below forms, then the
# characters that stand for them.
TCVN3_ROWS = (
    ("aàảãáạ", "aµ¶·¸¹"),
    ("ăằẳẵắặ", "¨»¼½¾Æ"),
    ("âầẩẫấậ", "©ÇÈÉÊË"),
    ("eèẻẽéẹ", "eÌÎÏÐÑ"),
    ("êềểễếệ", "ªÒÓÔÕÖ"),
    ("iìỉĩíị", "i×ØÜÝÞ"),
    ("oòỏõóọ", "oßáâãä"),
    ("ôồổỗốộ", "«åæçèé"),
    ("ơờởỡớợ", "¬êëìíî"),
    ("uùủũúụ", "uïñòóô"),
    ("ưừửữứự", "\u00adõö÷øù"),
    ("yỳỷỹýỵ", "yúûüýþ"),
    ("đĂÂÊÔƠƯĐ", "®¡¢£¤¥¦§"),
)
TCVN3 = {letter: code for letters, codes in TCVN3_ROWS for letter, code in zip(letters, codes, strict=True)}

# The Vietnamese letters: 12 vowels with 6 tones each (toneless first), and đ.
VOWEL_ROWS = [letters for letters, _ in TCVN3_ROWS[:12]]
LOWER_LETTERS = [letter for row in VOWEL_ROWS for letter in row] + ["đ"]
LETTERS = LOWER_LETTERS + [letter.upper() for letter in LOWER_LETTERS]


def to_tcvn3(text: str) -> str:
    """`text` typed with ABC in a .VnTime font. TCVN3 has no toned capitals: those need an H font
    (".VnTimeH"), into which the caller types `to_tcvn3(text.lower())`."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in TCVN3:
            out.append(TCVN3[char])
        elif not char.isascii() and char.isalpha():
            raise ValueError(f"“{char}” has no code in TCVN3: type it lower-case in an H font")
        else:
            out.append(char)
    return "".join(out)


# VNI-Windows: the byte typed after the base letter, by tone (grave, hook, tilde, acute, dot below).
VNI_TONE = {"\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0301": "ù", "\u0323": "ï"}
VNI_CIRCUMFLEX = {"": "â", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0301": "á", "\u0323": "ä"}
VNI_BREVE = {"": "ê", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0301": "é", "\u0323": "ë"}
VNI_I = {"": "i", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0301": "í", "\u0323": "ò"}


def _vni_letter(char: str) -> str:
    lower = char.lower()
    if lower == "đ":
        out = "ñ"
    else:
        decomposed = unicodedata.normalize("NFD", lower)
        base, marks = decomposed[0], decomposed[1:]
        tone = next((mark for mark in marks if mark in VNI_TONE), "")
        if "\u0302" in marks:
            out = base + VNI_CIRCUMFLEX[tone]
        elif "\u0306" in marks:
            out = base + VNI_BREVE[tone]
        elif "\u031b" in marks:
            out = {"o": "ô", "u": "ö"}[base] + VNI_TONE.get(tone, "")
        elif base == "i":
            out = VNI_I[tone]
        elif base == "y" and tone == "\u0323":
            out = "î"
        else:
            out = base + VNI_TONE.get(tone, "")
    return out.upper() if char.isupper() else out


def to_vni(text: str) -> str:
    """`text` typed with the VNI keyboard in a VNI-Times font."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char.isascii() or not char.isalpha():
            out.append(char)
        else:
            out.append(_vni_letter(char))
    return "".join(out)


# VIQR (RFC 1456): the shape, then the tone, typed after the vowel.
VIQR_SHAPE = {"\u0306": "(", "\u0302": "^", "\u031b": "+"}
VIQR_TONE = {"\u0300": "`", "\u0309": "?", "\u0303": "~", "\u0301": "'", "\u0323": "."}


def to_viqr(text: str) -> str:
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in "đĐ":
            out.append("dd" if char == "đ" else "DD")
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if not base.isascii() or not marks or not all(m in VIQR_SHAPE or m in VIQR_TONE for m in marks):
            out.append(char)
            continue
        shape = "".join(VIQR_SHAPE[m] for m in marks if m in VIQR_SHAPE)
        tone = "".join(VIQR_TONE[m] for m in marks if m in VIQR_TONE)
        out.append(base + shape + tone)
    return "".join(out)
