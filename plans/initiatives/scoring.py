"""The arithmetic of the council's scoring, shared by services, selectors and pages: which submitted
totals count, their average, the grade band it falls in, and when two reviewers disagree too much.

Following the published procedure (DOMAIN.md §2): two reviewers grade independently; when their
totals differ by more than the council's gap, a third reviewer grades and the two closest totals of
the three count."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

TWO_PLACES = Decimal("0.01")


def relevant_totals(totals: list[Decimal]) -> list[Decimal]:
    """The totals that make the result: all of one or two reviews, the closest two of three or more."""
    if len(totals) <= 2:
        return list(totals)
    return list(min(combinations(totals, 2), key=lambda pair: abs(pair[0] - pair[1])))


def average(totals: list[Decimal]) -> Decimal | None:
    if not totals:
        return None
    return (sum(totals, Decimal(0)) / len(totals)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def gap_exceeded(totals: list[Decimal], gap_threshold: Decimal) -> bool:
    """Two submitted totals further apart than the council allows."""
    return len(totals) == 2 and abs(totals[0] - totals[1]) > gap_threshold


def band_for(points: Decimal | None, bands):
    """The band of the highest minimum at or below `points` (bands in any order)."""
    if points is None:
        return None
    reached = [band for band in bands if band.min_points <= points]
    return max(reached, key=lambda band: band.min_points) if reached else None


DEFAULT_GAP = Decimal(10)


@dataclass(frozen=True)
class ReviewState:
    assigned: int
    submitted: int
    needs_third: bool  # the two totals disagree and nobody has been asked to grade a third time
    ready: bool  # enough submitted reviews for the council to decide
    average: Decimal | None  # of the relevant totals, once ready

    @property
    def waiting(self) -> int:
        return self.assigned - self.submitted


def review_state(reviews, gap_threshold: Decimal | None) -> ReviewState:
    gap = DEFAULT_GAP if gap_threshold is None else gap_threshold
    totals = [review.total for review in reviews if review.is_submitted]
    needs_third = len(reviews) == 2 and gap_exceeded(totals, gap)
    ready = len(totals) >= 2 and len(totals) == len(reviews) and not needs_third
    return ReviewState(
        assigned=len(reviews),
        submitted=len(totals),
        needs_third=needs_third,
        ready=ready,
        average=average(relevant_totals(totals)) if ready else None,
    )


def points_label(value: Decimal) -> str:
    """30, 27,5: points as Vietnamese users write them."""
    return format(Decimal(value).normalize(), "f").replace(".", ",")
