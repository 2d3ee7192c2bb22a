"""An audit of the nomination checker by legal cases: each row states a person's or a collective's
facts, the title, the day the check speaks for, the answer the law gives and the article it rests on.
The source of each expectation (DOMAIN.md section, the article) is in the case's id and its comment.
Where DOMAIN.md marks a point [UNVERIFIED] or is silent, the expected answer is "cannot tell" with the
reason in Vietnamese, never a guess. Facts in, report out: the rules are the seeded records."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from office.rules.checker import (
    MET,
    NOT_MET,
    UNKNOWN,
    bonus_amount,
    check_nomination,
    evaluation_period,
    expected_issuer_level,
    knc_eligibility,
)
from office.rules.facts import (
    DISCIPLINE,
    INVESTIGATION,
    OCCASION_IRREGULAR,
    DossierFacts,
    InitiativeFact,
    Period,
    RestrictionFact,
    TitleFact,
)
from office.rules.models import RuleVersion
from office.rules.vocabulary import DisciplineLevel, Rating, Scope, Title
from tests.factories.rules import collective, rated, rules_on, teacher

BASE_SALARY = Decimal(2_340_000)  # lương cơ sở, NĐ 73/2024 (DOMAIN.md §1.1 note 3)


@dataclasses.dataclass(frozen=True)
class Case:
    id: str
    target: Title
    facts: object
    on: date
    year: int
    verdict: str
    rule: str  # the rule whose answer the case is about
    status: str  # that rule's answer; None: the rule does not speak (it does not apply to the facts)
    article: str = ""  # a piece of the article the answer must cite
    reason: str = ""  # a piece of the Vietnamese reason the answer must give
    unit: object = None
    dossier: object = None
    override: dict | None = None  # parameters an authority sets for the rule, from 1/1/2024


def initiative(id_, year, scope=Scope.SCHOOL, recognized=True, used_for=None):
    return InitiativeFact(
        id=id_, year=year, recognized=recognized, scope=scope, used_for=used_for, title=f"Sáng kiến {id_}"
    )


def discipline(starts, ends, level=DisciplineLevel.REPRIMAND):
    return RestrictionFact(DISCIPLINE, starts, ends, level)


def cstdcs(year, issuer="", decided=None, proposed=False):
    return TitleFact(year, Title.CSTDCS, issuer, decided, proposed=proposed)


def excellent(*years):
    return rated(teacher().ratings, **{f"y{y}": Rating.EXCELLENT for y in years})


# The review round of the school year 2024-2025 (before the reform) and 2025-2026 (after it).
MAY_2025, MAY_2026, MAY_2023 = date(2025, 5, 20), date(2026, 5, 20), date(2023, 5, 20)

# CSTĐ cấp tỉnh in 2026: CSTĐCS 2024 from the district, 2025 from whichever body, 2026 proposed now.
DISTRICT_2024 = cstdcs(2024, "UBND quận Hà Đông", date(2024, 7, 20))
PROVINCE_INITIATIVE = (initiative(1, 2025, Scope.PROVINCE),)


def chain_2026(link_2025, initiatives=PROVINCE_INITIATIVE, links_before=(DISTRICT_2024,)):
    return teacher(titles=(*links_before, link_2025, cstdcs(2026, proposed=True)), initiatives=initiatives)


def members(**changes):
    return collective(**changes)


CASES = [
    # --- LĐTT: time worked since recruitment (DOMAIN §1.1 "LĐTT edge cases"; TT 01/2024/TT-BNV: not
    # considered under 6 months; NĐ 91/2017 before 2024: 10 months). Both ends of the period are days
    # worked, so 21/11 through 20/05 is exactly six months and 22/11 is one day short.
    Case(
        "ldtt-exactly-6-months-TT01-2024", Title.LDTT, teacher(employed_since=date(2024, 11, 21)),
        MAY_2025, 2025, MET, "ldtt.employment", MET, "01/2024/TT-BNV", "được 6 tháng",
    ),
    Case(
        "ldtt-5-months-29-days-TT01-2024", Title.LDTT, teacher(employed_since=date(2024, 11, 22)),
        MAY_2025, 2025, NOT_MET, "ldtt.employment", NOT_MET, "01/2024/TT-BNV", "chưa đủ 6 tháng",
    ),
    Case(
        "ldtt-1-dec-to-31-may-is-6-months-TT01-2024", Title.LDTT, teacher(employed_since=date(2024, 12, 1)),
        date(2025, 5, 31), 2025, MET, "ldtt.employment", MET, "01/2024/TT-BNV",
    ),
    Case(
        "ldtt-2-dec-to-31-may-is-short-TT01-2024", Title.LDTT, teacher(employed_since=date(2024, 12, 2)),
        date(2025, 5, 31), 2025, NOT_MET, "ldtt.employment", NOT_MET, "01/2024/TT-BNV",
    ),
    Case(
        "ldtt-exactly-10-months-old-regime-ND91-2017", Title.LDTT, teacher(employed_since=date(2022, 7, 21)),
        MAY_2023, 2023, MET, "ldtt.employment", MET, "91/2017", "được 10 tháng",
    ),
    Case(
        "ldtt-9-months-29-days-old-regime-ND91-2017", Title.LDTT,
        teacher(employed_since=date(2022, 7, 22)),
        MAY_2023, 2023, NOT_MET, "ldtt.employment", NOT_MET, "91/2017", "chưa đủ 10 tháng",
    ),
    # Checked after the school year ended: time runs to 31/08 only, and 01/03–31/08 is six months.
    Case(
        "ldtt-1-mar-to-31-aug-checked-1-sep-TT01-2024", Title.LDTT, teacher(employed_since=date(2025, 3, 1)),
        date(2025, 9, 1), 2025, MET, "ldtt.employment", MET, "01/2024/TT-BNV", "đến 31/08/2025",
    ),
    Case(
        "ldtt-2-mar-to-31-aug-checked-1-sep-TT01-2024", Title.LDTT,
        teacher(employed_since=date(2025, 3, 2)),
        date(2025, 9, 1), 2025, NOT_MET, "ldtt.employment", NOT_MET, "01/2024/TT-BNV",
    ),
    Case(
        "ldtt-recruited-in-the-previous-school-year-TT01-2024", Title.LDTT,
        teacher(employed_since=date(2025, 2, 1)),
        MAY_2026, 2026, MET, "ldtt.employment", MET, "01/2024/TT-BNV", "được 15 tháng",
    ),
    Case(
        "ldtt-new-hire-3-months-after-reform-TT01-2024", Title.LDTT, teacher(employed_since=date(2026, 2, 1)),
        MAY_2026, 2026, NOT_MET, "ldtt.employment", NOT_MET, "01/2024/TT-BNV", "mới được 3 tháng",
    ),
    # Maternity leave counts as time worked (DOMAIN §1.4, §7.13; NĐ 98/2023 Art. 4).
    Case(
        "ldtt-maternity-leave-counts-ND98-art4", Title.LDTT,
        teacher(employed_since=date(2024, 9, 1), maternity_periods=(Period(date(2024, 10, 1), date(2025, 3, 31)),)),
        MAY_2025, 2025, MET, "common.maternity_leave", MET, "98/2023", "được tính là thời gian công tác",
    ),
    Case(
        "ldtt-maternity-leave-short-service-still-short-TT01-2024", Title.LDTT,
        teacher(employed_since=date(2025, 1, 5), maternity_periods=(Period(date(2025, 2, 1), date(2025, 5, 1)),)),
        MAY_2025, 2025, NOT_MET, "ldtt.employment", NOT_MET, "01/2024/TT-BNV",
    ),
    # Transferred between schools within the year: the time counts from recruitment into the sector,
    # not from the arrival at this school (DOMAIN §1.1: "recruited less than 6 months earlier").
    Case(
        "ldtt-transferred-in-mid-year-counts-from-recruitment-TT01-2024", Title.LDTT,
        teacher(employed_since=date(2012, 9, 1)),
        MAY_2026, 2026, MET, "ldtt.employment", MET, "01/2024/TT-BNV",
    ),
    # Left (retired, transferred out) before the day of the check: DOMAIN.md is silent on who considers
    # such a person and how → cannot tell, said in Vietnamese; short of six months it is plainly not met.
    Case(
        "ldtt-left-before-the-check-domain-silent", Title.LDTT,
        teacher(employed_since=date(2010, 9, 1), left_on=date(2025, 3, 1)),
        MAY_2025, 2025, UNKNOWN, "ldtt.employment", UNKNOWN, "01/2024/TT-BNV", "nghỉ việc, chuyển công tác từ ngày 01/03/2025",
    ),
    Case(
        "ldtt-left-after-4-months-TT01-2024", Title.LDTT,
        teacher(employed_since=date(2024, 11, 1), left_on=date(2025, 3, 1)),
        MAY_2025, 2025, NOT_MET, "ldtt.employment", NOT_MET, "01/2024/TT-BNV", "mới được 4 tháng",
    ),
    Case(
        "ldtt-leaves-after-the-check-TT01-2024", Title.LDTT,
        teacher(employed_since=date(2010, 9, 1), left_on=date(2025, 6, 15)),
        MAY_2025, 2025, MET, "ldtt.employment", MET,
    ),
    Case(
        "ldtt-rated-completed-only-Law2022-art24", Title.LDTT,
        teacher(ratings=rated(teacher().ratings, y2026=Rating.COMPLETED)),
        MAY_2026, 2026, NOT_MET, "ldtt.rating", NOT_MET, "Điều 24", "chưa đạt mức Hoàn thành tốt nhiệm vụ",
    ),
    # --- Discipline (DOMAIN §1.4, §7.12; NĐ 98/2023 Art. 4): none while it runs; afterwards,
    # achievements count from its end.
    Case(
        "discipline-running-ND98-art4", Title.LDTT,
        teacher(restrictions=(discipline(date(2025, 1, 10), date(2025, 7, 9)),)),
        MAY_2025, 2025, NOT_MET, "common.discipline", NOT_MET, "98/2023", "Đang trong thời hạn kỷ luật",
    ),
    Case(
        "discipline-ending-on-the-day-of-the-check-ND98-art4", Title.LDTT,
        teacher(restrictions=(discipline(date(2024, 11, 21), MAY_2025),)),
        MAY_2025, 2025, NOT_MET, "common.discipline", NOT_MET, "98/2023",
    ),
    Case(
        "discipline-ended-before-the-school-year-ND98-art4", Title.LDTT,
        teacher(restrictions=(discipline(date(2024, 3, 1), date(2024, 8, 31)),)),
        MAY_2025, 2025, MET, "common.discipline", MET, "98/2023", "Không bị kỷ luật",
    ),
    Case(
        "discipline-ended-early-in-the-year-counts-from-its-end-ND98-art4", Title.LDTT,
        teacher(restrictions=(discipline(date(2024, 3, 11), date(2024, 9, 10)),)),
        MAY_2025, 2025, MET, "common.discipline", MET, "98/2023", "chỉ tính từ ngày 11/09/2024",
    ),
    Case(
        "discipline-ended-in-february-leaves-under-6-months-ND98-art4-TT01-2024", Title.LDTT,
        teacher(restrictions=(discipline(date(2024, 2, 1), date(2025, 1, 31), DisciplineLevel.WARNING),)),
        MAY_2025, 2025, NOT_MET, "ldtt.employment", NOT_MET, "01/2024/TT-BNV", "hết kỷ luật 01/02/2025",
    ),
    Case(
        "investigation-pending-ND98-art4", Title.CSTDCS,
        teacher(ratings=excellent(2026), restrictions=(RestrictionFact(INVESTIGATION, date(2026, 4, 1)),)),
        MAY_2026, 2026, NOT_MET, "common.discipline", NOT_MET, "98/2023", "điều tra",
    ),
    Case(
        "discipline-unknown-ND98-art4", Title.LDTT, teacher(restrictions=None),
        MAY_2026, 2026, UNKNOWN, "common.discipline", UNKNOWN, "98/2023", "Chưa có thông tin về kỷ luật",
    ),
    # A discipline starting the first day of the next school year is not there on 31/08, is on 01/09.
    Case(
        "discipline-from-1-sep-not-yet-on-31-aug-ND98-art4", Title.LDTT,
        teacher(restrictions=(discipline(date(2025, 9, 1), date(2026, 2, 28)),)),
        date(2025, 8, 31), 2025, MET, "common.discipline", MET, "98/2023",
    ),
    Case(
        "discipline-from-1-sep-blocks-on-1-sep-ND98-art4", Title.LDTT,
        teacher(restrictions=(discipline(date(2025, 9, 1), date(2026, 2, 28)),)),
        date(2025, 9, 1), 2025, NOT_MET, "common.discipline", NOT_MET, "98/2023",
    ),
    # --- CSTĐCS (DOMAIN §1.1, §7.2; Law 2022 Art. 23): LĐTT and (HTXSNV or a recognised initiative of
    # the year); before 2024 the initiative was required.
    Case(
        "cstdcs-good-rating-and-school-initiative-of-the-year-Law2022-art23", Title.CSTDCS,
        teacher(initiatives=(initiative(5, 2025),)),
        MAY_2025, 2025, MET, "cstdcs.basis", MET, "Điều 23", "Sáng kiến 5",
    ),
    Case(
        "cstdcs-excellent-rating-alone-Law2022-art23", Title.CSTDCS, teacher(ratings=excellent(2026)),
        MAY_2026, 2026, MET, "cstdcs.basis", MET, "Điều 23", "Hoàn thành xuất sắc nhiệm vụ",
    ),
    Case(
        "cstdcs-excellent-rating-alone-before-2024-ND91-2017", Title.CSTDCS, teacher(ratings=excellent(2023)),
        MAY_2023, 2023, NOT_MET, "cstdcs.basis", NOT_MET, "91/2017", "bắt buộc có sáng kiến",
    ),
    Case(
        "cstdcs-initiative-of-the-previous-year-only-Law2022-art23", Title.CSTDCS,
        teacher(initiatives=(initiative(5, 2025),)),
        MAY_2026, 2026, NOT_MET, "cstdcs.basis", NOT_MET, "Điều 23", "năm học 2025-2026",
    ),
    Case(
        "cstdcs-initiative-not-recognised-Law2022-art23", Title.CSTDCS,
        teacher(initiatives=(initiative(5, 2026, recognized=False),)),
        MAY_2026, 2026, NOT_MET, "cstdcs.basis", NOT_MET, "Điều 23",
    ),
    Case(
        "cstdcs-initiative-recognition-pending-Law2022-art23", Title.CSTDCS,
        teacher(initiatives=(initiative(5, 2026, recognized=None),)),
        MAY_2026, 2026, UNKNOWN, "cstdcs.basis", UNKNOWN, "Điều 23", "Chưa rõ kết quả công nhận",
    ),
    Case(
        "cstdcs-initiative-already-used-CV3385", Title.CSTDCS,
        teacher(initiatives=(initiative(5, 2026, used_for="giay_khen:2026"),)),
        MAY_2026, 2026, NOT_MET, "cstdcs.basis", NOT_MET, "Điều 23", "đã dùng để xét Giấy khen",
    ),
    Case(
        "cstdcs-ward-scope-initiative-after-reform-Law2022-art23", Title.CSTDCS,
        teacher(initiatives=(initiative(5, 2026, Scope.DISTRICT),)),
        MAY_2026, 2026, MET, "initiative.validity", MET, "13/2012",
    ),
    Case(
        "cstdcs-needs-the-ldtt-standard-Law2022-art23-24", Title.CSTDCS,
        teacher(ratings=rated(teacher().ratings, y2026=Rating.COMPLETED), initiatives=(initiative(5, 2026),)),
        MAY_2026, 2026, NOT_MET, "ldtt.rating", NOT_MET, "Điều 24",
    ),
    Case(
        "cstdcs-new-hire-with-excellent-rating-TT01-2024", Title.CSTDCS,
        teacher(employed_since=date(2026, 1, 5), ratings=excellent(2026)),
        MAY_2026, 2026, NOT_MET, "ldtt.employment", NOT_MET, "01/2024/TT-BNV",
    ),
    # --- CSTĐCS cap (DOMAIN §1.1 "Percentage cap", §7.2): 15% of the unit's LĐTT under NĐ 91/2017;
    # none nationally from 2024, an authority may set one. The base is the LĐTT count, not the staff.
    Case(
        "cstdcs-no-national-cap-from-2024", Title.CSTDCS, teacher(ratings=excellent(2026)),
        MAY_2026, 2026, MET, "cstdcs.cap", None,
        unit=members(ldtt_count=10, cstdcs_count=9),
    ),
    Case(
        "cstdcs-cap-15pct-of-30-ldtt-is-4-ND91-2017", Title.CSTDCS, teacher(initiatives=(initiative(5, 2023),)),
        MAY_2023, 2023, MET, "cstdcs.cap", MET, "91/2017", "tối đa 15% là 4 người",
        unit=members(members_count=40, ldtt_count=30, cstdcs_count=4),
    ),
    Case(
        "cstdcs-cap-5-of-30-ldtt-exceeds-though-40-staff-would-allow-6-ND91-2017", Title.CSTDCS,
        teacher(initiatives=(initiative(5, 2023),)),
        MAY_2023, 2023, NOT_MET, "cstdcs.cap", NOT_MET, "91/2017", "5 CSTĐCS trên 30 Lao động tiên tiến",
        unit=members(members_count=40, ldtt_count=30, cstdcs_count=5),
    ),
    Case(
        "cstdcs-authority-cap-15pct-of-20-ldtt-allows-3", Title.CSTDCS, teacher(ratings=excellent(2026)),
        MAY_2026, 2026, MET, "cstdcs.cap", MET, "", "tối đa 15% là 3 người",
        unit=members(ldtt_count=20, cstdcs_count=3), override={"cstdcs_cap_share": 0.15},
    ),
    Case(
        "cstdcs-authority-cap-15pct-of-20-ldtt-refuses-4", Title.CSTDCS, teacher(ratings=excellent(2026)),
        MAY_2026, 2026, NOT_MET, "cstdcs.cap", NOT_MET, "", "tham số theo quy định của UBND phường Hà Đông",
        unit=members(ldtt_count=20, cstdcs_count=4), override={"cstdcs_cap_share": 0.15},
    ),
    Case(
        "cstdcs-authority-cap-without-unit-counts", Title.CSTDCS, teacher(ratings=excellent(2026)),
        MAY_2026, 2026, UNKNOWN, "cstdcs.cap", UNKNOWN, "", "Chưa có số Lao động tiên tiến",
        override={"cstdcs_cap_share": 0.15},
    ),
    # --- CSTĐ cấp tỉnh (DOMAIN §1.1, §4 item 3, §7.3, §7.17; Law 2022 Art. 22, Art. 80; NĐ 129/2025):
    # three consecutive CSTĐCS, the chain crossing 1/7/2025, each link from the body entitled on its day.
    Case(
        "cstd-tinh-chain-district-2024-ward-2025-Law2022-art22", Title.CSTD_TINH,
        chain_2026(cstdcs(2025, "UBND phường Hà Đông", date(2025, 8, 15))),
        MAY_2026, 2026, MET, "cstd_tinh.basis", MET, "Điều 22",
    ),
    Case(
        "cstd-tinh-ward-link-on-1-jul-2025-ND129-2025", Title.CSTD_TINH,
        chain_2026(cstdcs(2025, "UBND phường Hà Đông", date(2025, 7, 1))),
        MAY_2026, 2026, MET, "cstd_tinh.basis", MET, "Điều 22",
    ),
    Case(
        "cstd-tinh-district-link-on-30-jun-2025-Law2022-art80", Title.CSTD_TINH,
        chain_2026(cstdcs(2025, "UBND quận Hà Đông", date(2025, 6, 30))),
        MAY_2026, 2026, MET, "cstd_tinh.basis", MET, "Điều 22",
    ),
    Case(
        "cstd-tinh-district-link-on-1-jul-2025-not-entitled-ND129-2025", Title.CSTD_TINH,
        chain_2026(cstdcs(2025, "UBND quận Hà Đông", date(2025, 7, 1))),
        MAY_2026, 2026, NOT_MET, "cstd_tinh.basis", NOT_MET, "129/2025", "Chủ tịch UBND xã/phường",
    ),
    Case(
        "cstd-tinh-ward-link-on-30-jun-2025-not-entitled-Law2022-art80", Title.CSTD_TINH,
        chain_2026(cstdcs(2025, "UBND phường Hà Đông", date(2025, 6, 30))),
        MAY_2026, 2026, NOT_MET, "cstd_tinh.basis", NOT_MET, "Điều 80", "Chủ tịch UBND quận/huyện",
    ),
    Case(
        "cstd-tinh-gap-in-the-chain-Law2022-art22", Title.CSTD_TINH,
        chain_2026(cstdcs(2025, "UBND phường Hà Đông", date(2025, 8, 15)), links_before=()),
        MAY_2026, 2026, NOT_MET, "cstd_tinh.basis", NOT_MET, "Điều 22", "thiếu năm học 2023-2024",
    ),
    Case(
        "cstd-tinh-only-a-school-scope-initiative-Law2022-art22", Title.CSTD_TINH,
        chain_2026(cstdcs(2025, "UBND phường Hà Đông", date(2025, 8, 15)), initiatives=(initiative(1, 2025),)),
        MAY_2026, 2026, NOT_MET, "cstd_tinh.basis", NOT_MET, "Điều 22", "phạm vi cấp tỉnh",
    ),
    Case(
        "cstd-tinh-chain-all-before-reform-Law2022-art22", Title.CSTD_TINH,
        teacher(
            titles=(
                cstdcs(2023, "UBND quận Hà Đông", date(2023, 7, 15)),
                DISTRICT_2024,
                cstdcs(2025, proposed=True),
            ),
            initiatives=(initiative(1, 2024, Scope.PROVINCE),),
        ),
        MAY_2025, 2025, MET, "cstd_tinh.basis", MET, "Điều 22",
    ),
    # --- Bằng khen (DOMAIN §1.3, §7.7, §7.8; Law 2022 Art. 74.1.d, Art. 73.1.b; MOHA's answer).
    Case(
        "bk-tinh-initiatives-spent-on-cstdcs-do-not-count-Law2022-art74", Title.BANG_KHEN_TINH,
        teacher(
            titles=(cstdcs(2025, "UBND phường Hà Đông", date(2025, 8, 15)), cstdcs(2026, proposed=True)),
            initiatives=(initiative(1, 2025, used_for="cstdcs:2025"), initiative(2, 2026, used_for="cstdcs:2026")),
        ),
        MAY_2026, 2026, NOT_MET, "bk.route_d", NOT_MET, "Điều 74", "không được tính lại",
    ),
    Case(
        "bk-tinh-two-more-initiatives-Law2022-art74", Title.BANG_KHEN_TINH,
        teacher(
            titles=(cstdcs(2025, "UBND phường Hà Đông", date(2025, 8, 15)), cstdcs(2026, proposed=True)),
            initiatives=(
                initiative(1, 2025, used_for="cstdcs:2025"),
                initiative(2, 2026, used_for="cstdcs:2026"),
                initiative(3, 2025),
                initiative(4, 2026),
            ),
        ),
        MAY_2026, 2026, MET, "bk.route_d", MET, "Điều 74",
    ),
    Case(
        "bk-tinh-two-excellent-years-and-two-initiatives-Law2022-art74", Title.BANG_KHEN_TINH,
        teacher(ratings=excellent(2025, 2026), initiatives=(initiative(3, 2025), initiative(4, 2026))),
        MAY_2026, 2026, MET, "bk.route_d", MET, "Điều 74", "hoàn thành xuất sắc nhiệm vụ",
    ),
    Case(
        "bk-ttg-after-bk-tinh-5-years-3-cstdcs-Law2022-art73", Title.BANG_KHEN_TTG,
        teacher(
            titles=(
                TitleFact(2020, Title.BANG_KHEN_TINH, "UBND thành phố Hà Nội", date(2020, 9, 1)),
                *(cstdcs(y, "UBND quận Hà Đông", date(y, 7, 15)) for y in (2022, 2023, 2024)),
            )
        ),
        MAY_2025, 2025, MET, "bk_ttg.route_b", MET, "Điều 73",
    ),
    Case(
        "bk-ttg-irregular-bk-tinh-is-no-basis-ND98-art4", Title.BANG_KHEN_TTG,
        teacher(
            titles=(
                TitleFact(
                    2020, Title.BANG_KHEN_TINH, "UBND thành phố Hà Nội", date(2020, 9, 1), occasion=OCCASION_IRREGULAR
                ),
                *(cstdcs(y, "UBND quận Hà Đông", date(y, 7, 15)) for y in (2022, 2023, 2024)),
            )
        ),
        MAY_2025, 2025, NOT_MET, "bk_ttg.route_b", NOT_MET, "Điều 73", "đột xuất",
    ),
    # --- TTLĐXS (DOMAIN §1.2, §7.5; Law 2022 Art. 27): HTXSNV, 100% completed, ≥70% LĐTT, a CSTĐCS.
    Case(
        "ttldxs-70pct-ldtt-one-cstdcs-Law2022-art27", Title.TTLDXS, members(ldtt_count=28, cstdcs_count=1),
        MAY_2026, 2026, MET, "ttldxs.basis", MET, "Điều 27", "28/40 thành viên đạt Lao động tiên tiến (70%)",
    ),
    Case(
        "ttldxs-67-5pct-ldtt-Law2022-art27", Title.TTLDXS, members(ldtt_count=27),
        MAY_2026, 2026, NOT_MET, "ttldxs.basis", NOT_MET, "Điều 27", "(67,5%)",
    ),
    Case(
        "ttldxs-one-member-did-not-complete-Law2022-art27", Title.TTLDXS, members(completed_count=39),
        MAY_2026, 2026, NOT_MET, "ttldxs.basis", NOT_MET, "Điều 27", "39/40 thành viên hoàn thành nhiệm vụ",
    ),
    Case(
        "ttldxs-no-cstdcs-Law2022-art27", Title.TTLDXS, members(cstdcs_count=0),
        MAY_2025, 2025, NOT_MET, "ttldxs.basis", NOT_MET, "Điều 27", "0 Chiến sĩ thi đua cơ sở",
    ),
    Case(
        "ttldxs-rated-only-good-Law2022-art27", Title.TTLDXS, members(collective_rating=Rating.GOOD),
        MAY_2026, 2026, NOT_MET, "ttldxs.basis", NOT_MET, "Điều 27",
    ),
    # DOMAIN §1.2: the old law barred a member disciplined at cảnh cáo or above; the 2022 wording quoted
    # does not include it → not verified either way: cannot tell, with the reason.
    Case(
        "ttldxs-member-warned-unverified-Law2022-art27", Title.TTLDXS,
        members(worst_member_discipline=DisciplineLevel.WARNING),
        MAY_2026, 2026, UNKNOWN, "ttldxs.basis", UNKNOWN, "Điều 27", "UNVERIFIED",
    ),
    Case(
        "ttldxs-member-reprimanded-Law2022-art27", Title.TTLDXS,
        members(worst_member_discipline=DisciplineLevel.REPRIMAND),
        MAY_2026, 2026, MET, "ttldxs.basis", MET, "Điều 27",
    ),
    # --- TTLĐTT (DOMAIN §1.2, §7.6; Law 2022 Art. 28; TT 29/2023 Art. 6): the LĐTT share is
    # [UNVERIFIED] (over 50% under the 2003 law, at least 70% per lawnet's summary of TT 29/2023):
    # at or over 70% it is met, at or under 50% not met, in between cannot tell.
    Case(
        "ttldtt-70pct-ldtt-TT29-2023-art6", Title.TTLDTT, members(ldtt_count=28, collective_rating=Rating.GOOD),
        MAY_2026, 2026, MET, "ttldtt.basis", MET, "Điều 28",
    ),
    Case(
        "ttldtt-60pct-ldtt-between-the-unverified-thresholds", Title.TTLDTT,
        members(ldtt_count=24, collective_rating=Rating.GOOD),
        MAY_2026, 2026, UNKNOWN, "ttldtt.basis", UNKNOWN, "Điều 28", "UNVERIFIED",
    ),
    Case(
        "ttldtt-50pct-ldtt-fails-both-thresholds", Title.TTLDTT,
        members(ldtt_count=20, collective_rating=Rating.GOOD),
        MAY_2025, 2025, NOT_MET, "ttldtt.basis", NOT_MET, "Điều 28", "(50%)",
    ),
    Case(
        "ttldtt-old-law-over-50pct-Law2003-art28", Title.TTLDTT,
        members(ldtt_count=21, collective_rating=Rating.GOOD),
        MAY_2023, 2023, MET, "ttldtt.basis", MET, "Luật Thi đua, khen thưởng 2003",
    ),
    Case(
        "ttldtt-old-law-exactly-50pct-Law2003-art28", Title.TTLDTT,
        members(ldtt_count=20, collective_rating=Rating.GOOD),
        MAY_2023, 2023, NOT_MET, "ttldtt.basis", NOT_MET, "Luật Thi đua, khen thưởng 2003", "trên 50%",
    ),
    Case(
        "ttldtt-member-warned-Law2022-art28", Title.TTLDTT,
        members(collective_rating=Rating.GOOD, worst_member_discipline=DisciplineLevel.WARNING),
        MAY_2026, 2026, NOT_MET, "ttldtt.basis", NOT_MET, "Điều 28", "kỷ luật cảnh cáo",
    ),
    Case(
        "ttldtt-member-reprimanded-Law2022-art28", Title.TTLDTT,
        members(collective_rating=Rating.GOOD, worst_member_discipline=DisciplineLevel.REPRIMAND),
        MAY_2026, 2026, MET, "ttldtt.basis", MET, "Điều 28",
    ),
    Case(
        "ttldtt-members-discipline-unknown-Law2022-art28", Title.TTLDTT,
        members(collective_rating=Rating.GOOD, members_disciplined=None),
        MAY_2026, 2026, UNKNOWN, "ttldtt.basis", UNKNOWN, "Điều 28", "Chưa có thông tin kỷ luật",
    ),
    Case(
        "ttldtt-rating-awaiting-the-office-Law2022-art28", Title.TTLDTT,
        members(collective_rating=None, proposed_rating=Rating.GOOD),
        MAY_2026, 2026, UNKNOWN, "ttldtt.basis", UNKNOWN, "Điều 28", "đang chờ cơ quan quản lý xác nhận",
    ),
    # --- Titles whose own criteria the sources do not give (DOMAIN §1.2: the Cờ's 2022 wording is
    # [UNVERIFIED], the Government's Cờ known only under the 2003 law; §1.3: the Prime Minister's
    # Bằng khen has criteria for individuals only) → cannot tell, never "met" on the common rules alone.
    Case(
        "co-thi-dua-tinh-criteria-unverified", Title.CO_TINH, members(),
        MAY_2026, 2026, UNKNOWN, "criteria.not_found", UNKNOWN, "Luật Thi đua, khen thưởng 2022", "[UNVERIFIED]",
    ),
    Case(
        "co-thi-dua-chinh-phu-criteria-not-found", Title.CO_CHINH_PHU, members(),
        MAY_2026, 2026, UNKNOWN, "criteria.not_found", UNKNOWN, "", "Điều 25 Luật Thi đua, khen thưởng 2003",
    ),
    Case(
        "bk-ttg-for-a-collective-criteria-not-found", Title.BANG_KHEN_TTG, members(),
        MAY_2026, 2026, UNKNOWN, "criteria.not_found", UNKNOWN, "", "chỉ có tiêu chuẩn cho cá nhân",
    ),
    Case(
        "bk-ttg-for-a-person-uses-route-b-Law2022-art73", Title.BANG_KHEN_TTG, teacher(),
        MAY_2026, 2026, NOT_MET, "criteria.not_found", None,
    ),
    # A collective's title asked for a person, or the reverse (DOMAIN §1.1 individual, §1.2 collective).
    Case(
        "co-thi-dua-for-a-person-Law2022", Title.CO_TINH, teacher(),
        MAY_2026, 2026, NOT_MET, "rules.candidate_kind", NOT_MET, "Điều 27, 28", "chỉ xét tặng cho tập thể",
    ),
    Case(
        "ldtt-for-a-collective-Law2022-art24", Title.LDTT, members(),
        MAY_2026, 2026, NOT_MET, "rules.candidate_kind", NOT_MET, "Điều 21–24", "chỉ xét tặng cho cá nhân",
    ),
    # --- Routing by the day of the check (DOMAIN §4, §7.17; Law 2022 Art. 80.2 until 30/6/2025,
    # NĐ 129/2025 from 1/7/2025).
    Case(
        "routing-ldtt-to-district-on-30-jun-2025-Law2022-art80", Title.LDTT, teacher(),
        date(2025, 6, 30), 2025, MET, "routing.issuer", MET, "Điều 80",
        dossier=DossierFacts({"cover_letter", "minutes", "achievement_report"}, addressed_to_level="chu_tich_ubnd_huyen"),
    ),
    Case(
        "routing-ldtt-to-district-on-1-jul-2025-ND129-2025", Title.LDTT, teacher(),
        date(2025, 7, 1), 2025, NOT_MET, "routing.issuer", NOT_MET, "129/2025", "Chủ tịch UBND xã/phường",
        dossier=DossierFacts({"cover_letter", "minutes", "achievement_report"}, addressed_to_level="chu_tich_ubnd_huyen"),
    ),
    Case(
        "routing-ttldxs-to-the-ward-is-wrong-ND129-2025", Title.TTLDXS, members(),
        date(2025, 7, 1), 2025, NOT_MET, "routing.issuer", NOT_MET, "129/2025", "Chủ tịch UBND tỉnh/thành phố",
        dossier=DossierFacts({"cover_letter", "minutes", "achievement_report"}, addressed_to_level="chu_tich_ubnd_xa"),
    ),
]  # fmt: skip


def _rules(case: Case):
    if case.override is None:
        return rules_on(case.on)
    ward = type("Authority", (), {"pk": 41, "name": "UBND phường Hà Đông"})()
    override = RuleVersion(
        code=case.rule,
        titles=[],
        name="",
        article="",
        effective_from=date(2024, 1, 1),
        parameters=case.override,
        authority_id=ward.pk,
    )
    return rules_on(case.on, extra=[override], chain=[ward])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_legal_case(case: Case):
    report = check_nomination(
        case.target,
        case.facts,
        year=case.year,
        on=case.on,
        rules=_rules(case),
        unit=case.unit,
        dossier=case.dossier,
        history=rules_on,
    )
    result = report.result(case.rule)
    if case.status is None:
        assert result is None, result
    else:
        assert result is not None, [(r.code, r.status, r.reason) for r in report.results]
        assert result.status == case.status, result.reason
        assert case.article in result.article, result.article
        assert case.reason in result.reason, result.reason
    assert report.verdict == case.verdict, [(r.code, r.status, r.reason) for r in report.problems]


# --- the answers that are tables rather than a candidate's check ------------------------------------


def test_the_school_year_runs_from_1_september_to_31_august():
    assert evaluation_period(2026) == (date(2025, 9, 1), date(2026, 8, 31))


@pytest.mark.parametrize(
    ("title", "day", "level"),
    [
        # DOMAIN §4, §7.17: the district chair until 30/6/2025, the ward chair from 1/7/2025 (NĐ 129/2025).
        (Title.LDTT, date(2025, 6, 30), "chu_tich_ubnd_huyen"),
        (Title.LDTT, date(2025, 7, 1), "chu_tich_ubnd_xa"),
        (Title.CSTDCS, date(2025, 6, 30), "chu_tich_ubnd_huyen"),
        (Title.CSTDCS, date(2025, 7, 1), "chu_tich_ubnd_xa"),
        (Title.TTLDTT, date(2025, 7, 1), "chu_tich_ubnd_xa"),
        # TTLĐXS, CSTĐ cấp tỉnh, Bằng khen of the province stay with the provincial chair.
        (Title.TTLDXS, date(2025, 6, 30), "chu_tich_ubnd_tinh"),
        (Title.TTLDXS, date(2025, 7, 1), "chu_tich_ubnd_tinh"),
        (Title.BANG_KHEN_TINH, date(2025, 7, 1), "chu_tich_ubnd_tinh"),
    ],
    ids=lambda v: str(v),
)
def test_who_decides_on_each_side_of_1_july_2025(title, day, level):
    assert expected_issuer_level(title, day, rules=rules_on(day)) == level


@pytest.mark.parametrize(
    ("title", "day", "amount"),
    [
        # DOMAIN §7.18: NĐ 152/2025 Art. 54 from 1/7/2025; of NĐ 98/2023 only the Giấy khen (0.15×) is known.
        (Title.LDTT, date(2025, 6, 30), None),
        (Title.LDTT, date(2025, 7, 1), Decimal(702_000)),
        (Title.CSTDCS, date(2025, 7, 1), Decimal(2_340_000)),
        (Title.GIAY_KHEN, date(2025, 6, 30), Decimal(351_000)),
        (Title.GIAY_KHEN, date(2025, 7, 1), Decimal(702_000)),
        (Title.TTLDXS, date(2025, 7, 1), Decimal(3_510_000)),
    ],
    ids=lambda v: str(v),
)
def test_bonus_on_each_side_of_1_july_2025(title, day, amount):
    assert bonus_amount(title, day, BASE_SALARY, rules=rules_on(day)) == amount


@pytest.mark.parametrize(
    ("day", "status"),
    [
        # DOMAIN §3, TT 29/2023: 20 years in the sector; 01/09/2005 through 31/08/2025 is twenty years.
        (date(2025, 8, 30), NOT_MET),
        (date(2025, 8, 31), MET),
        (date(2025, 9, 1), MET),
    ],
    ids=lambda v: str(v),
)
def test_knc_twenty_years_counted_through_the_day_of_the_check(day, status):
    facts = teacher(joined_sector_on=date(2005, 9, 1))
    assert knc_eligibility(facts, day, rules=rules_on(day)).status == status


def test_knc_fifteen_years_with_five_in_especially_difficult_areas():
    # DOMAIN §3: five years earlier for ≥5 years in especially difficult areas.
    on = date(2026, 5, 20)
    facts = teacher(joined_sector_on=date(2011, 5, 21), difficult_area_years=5)
    result = knc_eligibility(facts, on, rules=rules_on(on))
    assert result.status == MET and "29/2023" in result.article


def test_knc_once_only():
    on = date(2026, 5, 20)
    result = knc_eligibility(teacher(previous_knc=True), on, rules=rules_on(on))
    assert result.status == NOT_MET and "chỉ tặng một lần" in result.reason
