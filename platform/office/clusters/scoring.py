"""Totals and ranking of a cluster round: plain arithmetic on plain data, shared by the services that
store totals and the pages that explain them."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import pairwise

from office.clusters.models import Criterion

TWO_PLACES = Decimal("0.01")

TIE_RULE = (
    "Xếp hạng theo tổng điểm từ cao xuống thấp. Nếu bằng tổng điểm: trường có tổng điểm các tiêu chí "
    "chuẩn (không tính điểm thưởng, điểm trừ) cao hơn xếp trên; nếu vẫn bằng: trường bị trừ ít điểm hơn "
    "xếp trên; nếu vẫn bằng: trường có điểm thưởng cao hơn xếp trên; nếu vẫn bằng: các trường đồng hạng "
    "(hạng kế tiếp bỏ qua số trường đồng hạng)."
)


class PointsError(ValueError):
    """Points that cannot be given; the message is for the user, in Vietnamese."""


def parse_points(value, criterion: Criterion) -> Decimal:
    """A score for `criterion`: a number from 0 to the criterion's maximum, two decimals at most.
    A comma is read as the decimal mark, as Vietnamese users type it."""
    label = criterion.code or criterion.text[:40]
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        raise PointsError(f"Tiêu chí {label}: chưa nhập điểm.")
    try:
        points = Decimal(text)
    except InvalidOperation:
        raise PointsError(f"Tiêu chí {label}: “{value}” không phải là số điểm.") from None
    if not points.is_finite():
        raise PointsError(f"Tiêu chí {label}: “{value}” không phải là số điểm.")
    if points < 0:
        raise PointsError(f"Tiêu chí {label}: điểm không được âm (điểm trừ ghi số dương, hệ thống tự trừ).")
    if points > criterion.max_points:
        raise PointsError(
            f"Tiêu chí {label}: tối đa {format_points(criterion.max_points)} điểm, "
            f"không cho được {format_points(points)} điểm."
        )
    return points.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def format_points(value) -> str:
    """8,5 / 10: points as Vietnamese users read them."""
    if value is None or value == "":
        return "—"
    text = f"{Decimal(value).quantize(TWO_PLACES):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass
class Totals:
    total: Decimal = Decimal("0.00")
    standard: Decimal = Decimal("0.00")
    bonus: Decimal = Decimal("0.00")
    penalty: Decimal = Decimal("0.00")
    # {group_id (as text, as JSON keeps it): points}
    groups: dict[str, str] = field(default_factory=dict)


def totals_of(points_by_criterion: dict[int, Decimal], criteria: list[Criterion]) -> Totals:
    """standard + bonus − penalty, overall and per criterion group; a criterion without points counts 0."""
    result = Totals()
    groups: dict[int, Decimal] = {}
    for criterion in criteria:
        points = Decimal(points_by_criterion.get(criterion.pk) or 0)
        signed = -points if criterion.kind == Criterion.Kind.PENALTY else points
        groups[criterion.group_id] = groups.get(criterion.group_id, Decimal("0")) + signed
        if criterion.kind == Criterion.Kind.STANDARD:
            result.standard += points
        elif criterion.kind == Criterion.Kind.BONUS:
            result.bonus += points
        else:
            result.penalty += points
    result.total = (result.standard + result.bonus - result.penalty).quantize(TWO_PLACES)
    result.groups = {str(group_id): str(points.quantize(TWO_PLACES)) for group_id, points in groups.items()}
    return result


def rank_key(totals: Totals) -> tuple:
    """The order of TIE_RULE: higher total, then higher standard points, fewer penalty points, more bonus."""
    return (-totals.total, -totals.standard, totals.penalty, -totals.bonus)


def rank(entries: dict) -> dict:
    """{key: Totals} → {key: rank}, by TIE_RULE; schools equal on every step share a rank and the next
    rank skips as many places (1, 2, 2, 4)."""
    ordered = sorted(entries.items(), key=lambda item: rank_key(item[1]))
    ranks, previous, current = {}, None, 0
    for position, (key, totals) in enumerate(ordered, start=1):
        if rank_key(totals) != previous:
            current, previous = position, rank_key(totals)
        ranks[key] = current
    return ranks


def proposal_for(rank_value: int, flag_places: int, commendation_places: int) -> str:
    """The top `flag_places` ranks are proposed for Cờ thi đua, the next `commendation_places` for Bằng
    khen; schools sharing a rank share its proposal."""
    if rank_value <= flag_places:
        return "co_thi_dua"
    if rank_value <= flag_places + commendation_places:
        return "bang_khen"
    return ""


# The steps of TIE_RULE after the total, in order: (attribute, what it is, whether more is better).
TIE_STEPS = (
    ("standard", "tổng điểm các tiêu chí chuẩn", True),
    ("penalty", "điểm trừ", False),
    ("bonus", "điểm thưởng", True),
)


def explain_ties(ranked: list[tuple[str, Totals, int]]) -> list[str]:
    """Why schools with the same total stand where they do: `ranked` is (school name, totals, rank),
    best first. One sentence per pair of neighbours with equal totals: the step of TIE_RULE that
    separated them, or that they share the rank."""
    sentences = []
    for (name, totals, place), (other, other_totals, other_place) in pairwise(ranked):
        if totals.total != other_totals.total:
            continue
        same = f"{name} và {other} cùng {format_points(totals.total)} điểm"
        if place == other_place:
            sentences.append(
                f"{same}, bằng nhau ở mọi bước của quy tắc xếp hạng (tiêu chí chuẩn, điểm trừ, điểm thưởng): "
                f"đồng hạng {place}."
            )
            continue
        for attribute, label, more_is_better in TIE_STEPS:
            mine, theirs = getattr(totals, attribute), getattr(other_totals, attribute)
            if mine != theirs:
                comparison = "cao hơn" if more_is_better else "ít hơn"
                sentences.append(
                    f"{same}; {name} xếp trên vì có {label} {comparison} "
                    f"({format_points(mine)} so với {format_points(theirs)})."
                )
                break
    return sentences


def ladder_places(ranks: list[int], steps: int) -> dict[int, int]:
    """{rank: step of the ladder} for the first `steps` distinct ranks: schools sharing a rank share
    its step, and the next step goes to the next rank (1, 1, 3 → steps 0, 0, 1)."""
    distinct = sorted(set(ranks))[:steps]
    return {value: step for step, value in enumerate(distinct)}
