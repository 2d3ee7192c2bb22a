"""TCVN3, VNI and VIQR text to Unicode: every letter with every tone both ways through the tests' own
encoders, known pairs, fonts, and the guard that real Unicode Vietnamese is never converted."""

import random
import re
import unicodedata

import pytest

from office.core.legacy_vietnamese import (
    LegacyEncoding,
    LegacyFont,
    convert_texts,
    detect_legacy_encoding,
    is_vietnamese_syllable,
    legacy_font,
    looks_like_viqr,
    pieces_to_unicode,
    to_unicode,
    viqr_to_unicode,
)
from tests.factories.legacy_vietnamese import LETTERS, LOWER_LETTERS, to_tcvn3, to_viqr, to_vni
from tests.factories.plans import LE_QUY_DON, YEN_HOA, seed_bytes

TCVN3, VNI = LegacyEncoding.TCVN3, LegacyEncoding.VNI


def test_the_alphabet_has_every_letter_with_every_tone():
    assert len(LOWER_LETTERS) == 12 * 6 + 1
    assert len(set(LETTERS)) == 2 * 73
    assert all(unicodedata.is_normalized("NFC", letter) for letter in LETTERS)


@pytest.mark.parametrize("letter", LOWER_LETTERS)
def test_every_lower_case_letter_round_trips_through_tcvn3(letter):
    assert to_unicode(to_tcvn3(letter), TCVN3) == letter
    # The capitals-only fonts (".VnTimeH") draw the same code as the capital.
    assert to_unicode(to_tcvn3(letter), TCVN3, upper=True) == letter.upper()


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips_through_vni(letter):
    assert to_unicode(to_vni(letter), VNI) == letter


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("KÕ ho¹ch", "Kế hoạch"),
        ("Lª Quý §«n", "Lê Quý Đôn"),
        ("Tr\u00adêng tiÓu häc", "Trường tiểu học"),
        ("NguyÔn ThÞ H\u00ad¬ng", "Nguyễn Thị Hương"),
        ("Thi ®ua khen th\u00adëng n¨m häc 2025-2026", "Thi đua khen thưởng năm học 2025-2026"),
        ("¡n, ¢m, £m, ¤ng, ¥n, ¦u, §«ng", "Ăn, Âm, Êm, Ông, Ơn, Ưu, Đông"),
    ],
)
def test_known_tcvn3_pairs(legacy, unicode):
    assert to_unicode(legacy, TCVN3) == unicode


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Tieáng Vieät", "Tiếng Việt"),
        ("Tröôøng Tieåu hoïc Leâ Quyù Ñoân", "Trường Tiểu học Lê Quý Đôn"),
        ("KEÁ HOAÏCH", "KẾ HOẠCH"),
        ("Nguyeãn Thò Höông", "Nguyễn Thị Hương"),
        ("Hieäu tröôûng", "Hiệu trưởng"),
        # A capital typed with the lower-case mark byte draws the same letter.
        ("KEá HOAïCH", "KẾ HOẠCH"),
    ],
)
def test_known_vni_pairs(legacy, unicode):
    assert to_unicode(legacy, VNI) == unicode


def test_whole_sentences_round_trip():
    sentence = "Quyết định khen thưởng: Chiến sĩ thi đua cơ sở, Lao động tiên tiến, năm học 2024-2025."
    assert to_unicode(to_vni(sentence), VNI) == sentence
    assert to_unicode(to_tcvn3(sentence), TCVN3) == sentence


def test_a_vni_letter_split_across_two_runs_goes_to_the_run_it_began_in():
    # "Tiếng" with the mark byte in the next run (the formatting changed mid-word).
    assert pieces_to_unicode(["Tie", "áng Vieät"], VNI, [False, False]) == ["Tiế", "ng Việt"]
    assert pieces_to_unicode(["kÕ ho¹ch ", "c«ng t¸c"], TCVN3, [True, False]) == ["KẾ HOẠCH ", "công tác"]


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", LegacyFont(TCVN3, upper=False)),
        (".VnTimeH", LegacyFont(TCVN3, upper=True)),
        (".VnArial NarrowH", LegacyFont(TCVN3, upper=True)),
        (".VnAvant", LegacyFont(TCVN3, upper=False)),
        (" .VnTime ", LegacyFont(TCVN3, upper=False)),
        ("VNF-Comic Sans", None),
        ("SVN-Gilroy", None),
        ("UVN Bai Sau", None),
        ("VNI-Times", LegacyFont(VNI, upper=False)),
        ("VNI-Helve", LegacyFont(VNI, upper=False)),
        ("Times New Roman", None),
        ("Arial", None),
        ("", None),
        (None, None),
    ],
)
def test_fonts_name_their_encoding(font, expected):
    assert legacy_font(font) == expected


def test_syllables():
    for word in ("nghiêng", "khuya", "quốc", "giữ", "gì", "thuở", "trường", "oẳn", "xoong", "Hương"):
        assert is_vietnamese_syllable(word), word
    for word in ("ho¹ch", "kõ", "tieáng", "café", "crème", "müller", "bácj", "hoàc", "viờn"):
        assert not is_vietnamese_syllable(word), word


def test_legacy_text_is_detected_without_a_font():
    assert detect_legacy_encoding("KÕ ho¹ch c«ng t¸c thi ®ua n¨m 2024") == LegacyFont(TCVN3, upper=False)
    assert detect_legacy_encoding(to_vni("Kế hoạch công tác thi đua năm 2024")) == LegacyFont(
        VNI, upper=False
    )


def seed_lines() -> list[str]:
    return [
        line
        for path in (LE_QUY_DON, YEN_HOA)
        for line in seed_bytes(path).decode("utf-8").splitlines()
        if line.strip()
    ]


def test_real_unicode_vietnamese_is_never_converted():
    lines = seed_lines()
    assert len(lines) > 100
    for line in lines:
        assert detect_legacy_encoding(line) is None, line
    # The hard case: only the words made of Latin-1 letters (à á â ã è é ê ì í ò ó ô õ ù ú ý), which is
    # what a legacy file read as cp1252 holds too.
    latin = [" ".join(word for word in line.split() if all(ord(c) <= 0xFF for c in word)) for line in lines]
    assert sum(1 for line in latin if not line.isascii()) > 100
    for line in latin:
        assert detect_legacy_encoding(line) is None, line
    assert detect_legacy_encoding("\n".join(latin)) is None


@pytest.mark.parametrize(
    "text",
    [
        "Tôi là giáo viên",
        "Xin chào các bạn",
        "Giáo án môn Toán",
        "Café crème brûlée à la carte",
        "Müller, Señor José, Ærø",
        "© 2024 ® ½ ¼ ± ° µ",
    ],
)
def test_latin_1_text_that_is_not_legacy_is_left_alone(text):
    assert detect_legacy_encoding(text) is None
    converted, conversions = convert_texts([text], [None])
    assert converted == [text]
    assert not conversions


def test_a_legacy_font_decides_unless_the_text_is_already_unicode():
    assert detect_legacy_encoding("KÕ ho¹ch", ".VnTime") == LegacyFont(TCVN3, upper=False)
    # Converted to Unicode long ago, the old font name kept: letters only Unicode has, or words that
    # read as Vietnamese only as they are.
    assert detect_legacy_encoding("Kế hoạch", ".VnTime") is None
    assert detect_legacy_encoding("Tôi là giáo viên", ".VnTime") is None
    assert detect_legacy_encoding("Tieáng Vieät", "VNI-Times") == LegacyFont(VNI, upper=False)


def test_cells_of_one_sheet_are_converted_by_font_then_by_their_words():
    texts = ["NguyÔn ThÞ H\u00ad¬ng", "TrÇn V¨n Hïng", "Nữ", "Có", to_vni("Lê Thị Bích Ngọc"), "Lª V¨n Nam"]
    fonts = [".VnTime", None, None, None, "VNI-Times", ".VnTimeH"]
    converted, conversions = convert_texts(texts, fonts)
    assert converted == ["Nguyễn Thị Hương", "Trần Văn Hùng", "Nữ", "Có", "Lê Thị Bích Ngọc", "LÊ VĂN NAM"]
    assert conversions.notes() == [
        "Tệp dùng bảng mã TCVN3 (phông .VnTime, .VnTimeH): đã chuyển sang Unicode, hãy soát lại chính tả.",
        "Tệp dùng bảng mã VNI-Windows (phông VNI-Times): đã chuyển sang Unicode, hãy soát lại chính tả.",
    ]


def seed_words() -> list[str]:
    words = {word.lower() for line in seed_lines() for word in re.findall(r"[^\W\d_]+", line)}
    return sorted(unicodedata.normalize("NFC", word) for word in words)


def test_twenty_random_words_of_the_seeds_are_told_apart_every_time():
    words, rng = seed_words(), random.Random(1993)
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(20))
        latin = " ".join(word for word in text.split() if all(ord(char) <= 0xFF for char in word))
        assert detect_legacy_encoding(text) is None and detect_legacy_encoding(latin) is None, text
        assert detect_legacy_encoding(to_vni(text)) == LegacyFont(VNI, upper=False), text
        assert detect_legacy_encoding(to_tcvn3(text)) == LegacyFont(TCVN3, upper=False), text
        assert to_unicode(to_vni(text), VNI) == to_unicode(to_tcvn3(text), TCVN3) == text


def test_a_few_words_are_never_misread_and_mostly_recognised():
    """Short texts (a cell, a name) can be ambiguous: then they are left as they are, never misread."""
    words, rng = seed_words(), random.Random(5712)
    undecided = wrong = 0
    for _ in range(1000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 8)))
        assert detect_legacy_encoding(text) is None, text
        for encoding, encode in ((VNI, to_vni), (TCVN3, to_tcvn3)):
            found = detect_legacy_encoding(encode(text))
            undecided += found is None
            wrong += found is not None and found.encoding is not encoding
    assert wrong <= 2 and undecided <= 40  # of 2,000


# --- VIQR ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips_through_viqr_inside_a_word(letter):
    assert viqr_to_unicode(to_viqr(letter) + "c") == letter + "c"


@pytest.mark.parametrize(
    ("viqr", "unicode"),
    [
        ("Tie^'ng Vie^.t", "Tiếng Việt"),
        ("DDo^.c la^.p - Tu+. do - Ha.nh phu'c", "Độc lập - Tự do - Hạnh phúc"),
        ("Ba'o ca'o ke^'t qua?, nhie^.m vu.. Ke^'t thu'c.", "Báo cáo kết quả, nhiệm vụ. Kết thúc."),
        ("Ba.n co' kho?e kho^ng? To^i ddi.\n", "Bạn có khỏe không? Tôi đi.\n"),
        ("Nguye^~n Thi. Hu+o+ng, So+? GDDDT", "Nguyễn Thị Hương, Sở GDĐT"),
    ],
)
def test_known_viqr_pairs(viqr, unicode):
    assert viqr_to_unicode(viqr) == unicode


def test_viqr_text_is_recognised_and_other_ascii_text_is_not():
    for path in (LE_QUY_DON, YEN_HOA):
        text = unicodedata.normalize("NFC", seed_bytes(path).decode("utf-8"))
        assert looks_like_viqr(to_viqr(text))
        assert not looks_like_viqr(text)
        # The plan typed without diacritics: plain ASCII, no marks to convert.
        bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        assert not looks_like_viqr("".join(char for char in bare if not unicodedata.combining(char)))
    english = (
        "Why? Don't you know? It's O.K. (a) b^2 + c^2 = d^2; see e.g. the notes. You're fine, aren't you?"
    )
    assert not looks_like_viqr(english * 20)
