"""The rules of Nghị định 30/2020/NĐ-CP (Appendix I: layout; Appendix III: abbreviations) that shape text.

Both renderers print these strings, so a document reads the same in DOCX, PDF and the web preview.
"""

from __future__ import annotations

import datetime
import unicodedata

from .model import Signer

# NĐ 30/2020, Appendix I: the national title and motto, word for word; the motto has hyphens between its phrases.
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# NĐ 30/2020, Appendix I: TM. (for a collective), KT. (deputy for the head), Q. (acting), TL. (by order),
# TUQ. (by authorisation).
SIGNER_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
# Every prefix but Q. signs for someone else, whose title goes on the prefix's line ("KT. HIỆU TRƯỞNG").
PREFIXES_SIGNING_FOR_ANOTHER = frozenset({"TM.", "KT.", "TL.", "TUQ."})

# NĐ 30/2020, Appendix III: abbreviation of each document type, the copies (SY, TrS, SL) included.
DOCUMENT_TYPE_ABBREVIATIONS = {
    "NQ": "NGHỊ QUYẾT",
    "QĐ": "QUYẾT ĐỊNH",
    "CT": "CHỈ THỊ",
    "QC": "QUY CHẾ",
    "QyĐ": "QUY ĐỊNH",
    "TC": "THÔNG CÁO",
    "TB": "THÔNG BÁO",
    "HD": "HƯỚNG DẪN",
    "CTr": "CHƯƠNG TRÌNH",
    "KH": "KẾ HOẠCH",
    "PA": "PHƯƠNG ÁN",
    "ĐA": "ĐỀ ÁN",
    "DA": "DỰ ÁN",
    "BC": "BÁO CÁO",
    "BB": "BIÊN BẢN",
    "TTr": "TỜ TRÌNH",
    "HĐ": "HỢP ĐỒNG",
    "CĐ": "CÔNG ĐIỆN",
    "BGN": "BẢN GHI NHỚ",
    "BTT": "BẢN THỎA THUẬN",
    "GUQ": "GIẤY ỦY QUYỀN",
    "GM": "GIẤY MỜI",
    "GGT": "GIẤY GIỚI THIỆU",
    "GNP": "GIẤY NGHỈ PHÉP",
    "PG": "PHIẾU GỬI",
    "PC": "PHIẾU CHUYỂN",
    "PB": "PHIẾU BÁO",
    "SY": "BẢN SAO Y",
    "TrS": "BẢN TRÍCH SAO",
    "SL": "BẢN SAO LỤC",
}
_ABBREVIATION_BY_TYPE = {name: abbreviation for abbreviation, name in DOCUMENT_TYPE_ABBREVIATIONS.items()}

# Room for a number or a date written in by hand on a printed copy, as offices do before registration.
HAND_FILL_BLANK = " " * 6


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def type_abbreviation(doc_type: str) -> str | None:
    return _ABBREVIATION_BY_TYPE.get(_nfc(doc_type).upper())


def format_place_date(place: str, date: datetime.date | None) -> str:
    if date is None:
        return f"{place}, ngày{HAND_FILL_BLANK}tháng{HAND_FILL_BLANK}năm{HAND_FILL_BLANK}"
    # NĐ 30/2020, Appendix I: days below 10 and the months 1 and 2 take a leading zero, so that no digit can be
    # added in front ("tháng 1" into "tháng 11"); the other months are written without one ("tháng 3").
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def format_number_line(number: str | None, doc_type: str, issuer_abbreviation: str = "") -> str:
    if number is None:
        abbreviation = type_abbreviation(doc_type)
        number = f"/{abbreviation}-{issuer_abbreviation}" if abbreviation else "/"
    if number.startswith("/"):
        return f"Số:{HAND_FILL_BLANK}{number}"
    return f"Số: {number}"


def signer_title_lines(signer: Signer) -> list[str]:
    """The uppercase lines above the signature: "KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG" (NĐ 30/2020, Appendix I)."""
    if signer.authority_title:
        authority_line = " ".join(part for part in (signer.prefix, signer.authority_title) if part)
        # An acting head signs "Q. HIỆU TRƯỞNG" with no title line of their own.
        return [authority_line.upper(), signer.title.upper()] if signer.title else [authority_line.upper()]
    return [" ".join(part for part in (signer.prefix, signer.title) if part).upper()]
