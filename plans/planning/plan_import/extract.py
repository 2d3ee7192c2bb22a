"""Things a plan names in its running text: targets (chỉ tiêu) and emulation movements. Pure functions
over text, so the import can fill the plan's structured lists without the school typing them again."""

import re
from dataclasses import dataclass
from decimal import Decimal

TITLE_PATTERN = (
    r"CSTĐCS|LĐTT|TTLĐTT|TTLĐXS|Chiến sĩ thi đua cơ sở|Lao động tiên tiến|"
    r"Tập thể lao động (?:tiên tiến|xuất sắc)|Giấy khen[^,;.\n]{0,60}|Bằng khen[^,;.\n]{0,60}|Cờ thi đua[^,;.\n]{0,60}"
)
TARGET_RE = re.compile(
    rf"(?P<quantity>\d{{1,4}}(?:[.,]\d+)?)\s*(?P<unit>%|đồng chí|đ/c|người|cá nhân|CB,?\s*GV,?\s*NV|tập thể)"
    rf"[^,;.\n]{{0,40}}?(?:đạt|được|có)?\s*(?:danh hiệu\s*)?(?P<title>{TITLE_PATTERN})",
    re.IGNORECASE,
)
MOVEMENT_KIND_RE = re.compile(
    r"(?P<kind>phong tr[àa]o(?:\s+thi\s+đua)?|cuộc vận động|đợt thi đua|thi đua)\s*$", re.IGNORECASE
)
QUOTED_RE = re.compile(r"[“\"](?P<name>[^”“\"]{3,200})[”\"]")
# Between two quoted names of one list: only separators, so the second inherits the first's kind.
LIST_GAP_RE = re.compile(r"^\s*(?:[,;]|và|\s)*\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class TargetData:
    title: str
    quantity: Decimal
    unit: str  # "nguoi", "phan_tram", "tap_the"
    text: str


@dataclass(frozen=True)
class MovementData:
    kind: str  # "phong_trao", "cuoc_van_dong", "dot_thi_dua"
    name: str


def _unit_code(unit: str) -> str:
    unit = unit.lower()
    if unit == "%":
        return "phan_tram"
    if unit == "tập thể":
        return "tap_the"
    return "nguoi"


def extract_targets(texts: list[str]) -> list[TargetData]:
    targets = []
    for text in texts:
        for match in TARGET_RE.finditer(text):
            quantity = Decimal(match["quantity"].replace(",", "."))
            targets.append(
                TargetData(
                    title=" ".join(match["title"].split()),
                    quantity=quantity,
                    unit=_unit_code(match["unit"]),
                    text=match.group(0).strip(),
                )
            )
    return targets


def _kind_code(kind: str) -> str:
    kind = kind.lower()
    if kind.startswith("cuộc"):
        return "cuoc_van_dong"
    if kind.startswith("đợt"):
        return "dot_thi_dua"
    return "phong_trao"


def extract_movements(texts: list[str]) -> list[MovementData]:
    """Quoted names that follow "phong trào", "cuộc vận động", "thi đua"…, and the quoted names
    listed right after them. Each name once, in order of first appearance."""
    found: dict[str, MovementData] = {}
    for text in texts:
        previous_end, current_kind = None, None
        for match in QUOTED_RE.finditer(text):
            before = text[max(0, match.start() - 40) : match.start()]
            kind_match = MOVEMENT_KIND_RE.search(before)
            if kind_match:
                current_kind = _kind_code(kind_match["kind"])
            elif previous_end is None or not LIST_GAP_RE.match(text[previous_end : match.start()]):
                current_kind = None
            previous_end = match.end()
            name = " ".join(match["name"].strip(" ,;:").split())
            if current_kind and name and name.casefold() not in found:
                found[name.casefold()] = MovementData(kind=current_kind, name=name)
    return list(found.values())
