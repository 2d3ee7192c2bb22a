"""Rules 1, 2, 12, 13 (LĐTT, CSTĐCS, discipline, maternity leave): for each, a case that meets it and
one that does not, on both sides of 1/7/2025 and, where the law changed on 1/1/2024, on both sides of
that too; and "cannot tell" where a fact is missing. Facts in, report out: no database."""

import dataclasses
from datetime import date

import pytest

from office.rules.checker import MET, NOT_MET, UNKNOWN, check_nomination
from office.rules.facts import DISCIPLINE, INVESTIGATION, InitiativeFact, Period, RestrictionFact
from office.rules.models import RuleVersion
from office.rules.vocabulary import DisciplineLevel, Rating, Scope, Title
from tests.factories.rules import (
    ALL_DATES,
    ALL_IDS,
    LAW_2022_DATES,
    LAW_2022_IDS,
    OLD_LAW,
    REFORM_DATES,
    REFORM_IDS,
    rated,
    rules_on,
    teacher,
)


def check(target, facts, when, **kwargs):
    on, year = when
    return check_nomination(target, facts, year=year, on=on, rules=rules_on(on), **kwargs)


def months_before(on: date, months: int) -> date:
    month = on.month - months
    year = on.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


# --- rule 1: LĐTT rating ---------------------------------------------------------------------------


@pytest.mark.parametrize("when", ALL_DATES, ids=ALL_IDS)
def test_ldtt_is_met_by_a_good_rating(when):
    report = check(Title.LDTT, teacher(), when)
    result = report.result("ldtt.rating")
    assert result.status == MET
    assert report.verdict == MET
    assert "Hoàn thành tốt nhiệm vụ" in result.reason
    assert "Luật Thi đua, khen thưởng" in result.article


@pytest.mark.parametrize("when", ALL_DATES, ids=ALL_IDS)
def test_ldtt_is_not_met_by_a_mere_completed_rating(when):
    _on, year = when
    facts = teacher(ratings=rated(teacher().ratings, **{f"y{year}": Rating.COMPLETED}))
    report = check(Title.LDTT, facts, when)
    result = report.result("ldtt.rating")
    assert result.status == NOT_MET
    assert report.verdict == NOT_MET
    assert result.reason == (
        f"Năm học {year - 1}-{year} xếp loại Hoàn thành nhiệm vụ, chưa đạt mức Hoàn thành tốt nhiệm vụ trở lên"
    )


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_ldtt_cannot_tell_without_the_rating_of_the_year(when):
    _on, year = when
    ratings = {y: r for y, r in teacher().ratings.items() if y != year}
    report = check(Title.LDTT, teacher(ratings=ratings), when)
    assert report.result("ldtt.rating").status == UNKNOWN
    assert report.verdict == UNKNOWN


# --- rule 1: time since recruitment (10 months until 2023, 6 months from 2024) --------------------


def test_eight_months_since_recruitment_fails_under_the_old_ten_month_rule():
    on, _ = OLD_LAW
    report = check(Title.LDTT, teacher(employed_since=months_before(on, 8)), OLD_LAW)
    result = report.result("ldtt.employment")
    assert result.status == NOT_MET
    assert "chưa đủ 10 tháng" in result.reason
    assert "91/2017" in result.article


def test_eleven_months_since_recruitment_meets_the_old_rule():
    on, _ = OLD_LAW
    report = check(Title.LDTT, teacher(employed_since=months_before(on, 11)), OLD_LAW)
    assert report.result("ldtt.employment").status == MET


@pytest.mark.parametrize("when", LAW_2022_DATES, ids=LAW_2022_IDS)
def test_eight_months_since_recruitment_is_enough_from_2024(when):
    on, _ = when
    report = check(Title.LDTT, teacher(employed_since=months_before(on, 8)), when)
    result = report.result("ldtt.employment")
    assert result.status == MET
    assert "đủ từ 6 tháng" in result.reason
    assert "01/2024/TT-BNV" in result.article


@pytest.mark.parametrize("when", LAW_2022_DATES, ids=LAW_2022_IDS)
def test_four_months_since_recruitment_is_not_enough_from_2024(when):
    on, _ = when
    report = check(Title.LDTT, teacher(employed_since=months_before(on, 4)), when)
    result = report.result("ldtt.employment")
    assert result.status == NOT_MET
    assert "mới được 4 tháng, chưa đủ 6 tháng" in result.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_employment_cannot_tell_without_a_recruitment_date(when):
    report = check(Title.LDTT, teacher(employed_since=None), when)
    assert report.result("ldtt.employment").status == UNKNOWN


# --- rule 2: CSTĐCS (an initiative required before 2024, not from 2024) ----------------------------


def school_initiative(year, **changes):
    base = InitiativeFact(id=11, year=year, recognized=True, scope=Scope.SCHOOL, title="Dạy đọc hiểu lớp 3")
    return dataclasses.replace(base, **changes)


def test_an_excellent_rating_without_an_initiative_was_not_enough_before_2024():
    _on, year = OLD_LAW
    facts = teacher(ratings=rated(teacher().ratings, **{f"y{year}": Rating.EXCELLENT}))
    result = check(Title.CSTDCS, facts, OLD_LAW).result("cstdcs.basis")
    assert result.status == NOT_MET
    assert "bắt buộc có sáng kiến" in result.reason
    assert "2003" in result.article


def test_an_initiative_met_the_rule_before_2024():
    _on, year = OLD_LAW
    result = check(Title.CSTDCS, teacher(initiatives=(school_initiative(year),)), OLD_LAW).result(
        "cstdcs.basis"
    )
    assert result.status == MET


@pytest.mark.parametrize("when", LAW_2022_DATES, ids=LAW_2022_IDS)
def test_an_excellent_rating_alone_is_enough_from_2024(when):
    _on, year = when
    facts = teacher(ratings=rated(teacher().ratings, **{f"y{year}": Rating.EXCELLENT}))
    report = check(Title.CSTDCS, facts, when)
    assert report.result("cstdcs.basis").status == MET
    assert report.verdict == MET
    assert report.initiative_ids == ()  # the initiative route was not needed


@pytest.mark.parametrize("when", LAW_2022_DATES, ids=LAW_2022_IDS)
def test_a_good_rating_with_a_recognised_initiative_is_enough_from_2024(when):
    _on, year = when
    report = check(Title.CSTDCS, teacher(initiatives=(school_initiative(year),)), when)
    result = report.result("cstdcs.basis")
    assert result.status == MET and "“Dạy đọc hiểu lớp 3”" in result.reason
    assert report.initiative_ids == (11,)


@pytest.mark.parametrize("when", LAW_2022_DATES, ids=LAW_2022_IDS)
def test_a_good_rating_without_an_initiative_is_not_enough(when):
    _on, year = when
    result = check(Title.CSTDCS, teacher(), when).result("cstdcs.basis")
    assert result.status == NOT_MET
    assert f"Năm học {year - 1}-{year} xếp loại Hoàn thành tốt nhiệm vụ, chưa phải" in result.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_cstdcs_needs_the_ldtt_standard_too(when):
    _on, year = when
    facts = teacher(ratings=rated(teacher().ratings, **{f"y{year}": Rating.COMPLETED}))
    report = check(Title.CSTDCS, facts, when)
    assert report.result("ldtt.rating").status == NOT_MET
    assert report.verdict == NOT_MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_cstdcs_cannot_tell_while_the_initiative_awaits_recognition(when):
    _on, year = when
    facts = teacher(initiatives=(school_initiative(year, recognized=None),))
    result = check(Title.CSTDCS, facts, when).result("cstdcs.basis")
    assert result.status == UNKNOWN
    assert result.reason == "Chưa rõ kết quả công nhận của “Dạy đọc hiểu lớp 3”"


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_the_cstdcs_cap_is_off_by_default_after_2024(when):
    report = check(Title.CSTDCS, teacher(initiatives=(school_initiative(when[1]),)), when)
    assert report.result("cstdcs.cap") is None


# --- rule 12: discipline ---------------------------------------------------------------------------


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_no_commendation_while_a_discipline_runs(when):
    _on, year = when
    discipline = RestrictionFact(
        DISCIPLINE, date(year - 1, 12, 1), date(year, 11, 30), DisciplineLevel.REPRIMAND
    )
    report = check(Title.LDTT, teacher(restrictions=(discipline,)), when)
    result = report.result("common.discipline")
    assert result.status == NOT_MET
    assert "Đang trong thời hạn kỷ luật (khiển trách)" in result.reason
    assert "98/2023" in result.article


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_no_commendation_while_an_investigation_is_pending(when):
    _on, year = when
    pending = RestrictionFact(INVESTIGATION, date(year, 3, 1))
    result = check(Title.GIAY_KHEN, teacher(restrictions=(pending,)), when).result("common.discipline")
    assert result.status == NOT_MET
    assert "xem xét kỷ luật, điều tra, thanh tra" in result.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_a_clean_record_meets_the_discipline_rule(when):
    assert check(Title.LDTT, teacher(), when).result("common.discipline").status == MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_after_a_discipline_achievements_count_only_from_its_end(when):
    _on, year = when
    # Ended on 31 October: from 1 November to the review in May is 6 months, enough for LĐTT.
    ended_early = RestrictionFact(DISCIPLINE, date(year - 2, 11, 1), date(year - 1, 10, 31), "khien_trach")
    report = check(Title.LDTT, teacher(restrictions=(ended_early,)), when)
    assert report.result("common.discipline").status == MET
    assert f"chỉ tính từ ngày 01/11/{year - 1}" in report.result("common.discipline").reason
    assert report.result("ldtt.employment").status == MET

    ended_recently = RestrictionFact(DISCIPLINE, date(year - 1, 3, 1), date(year, 2, 28), "khien_trach")
    report = check(Title.LDTT, teacher(restrictions=(ended_recently,)), when)
    assert report.result("common.discipline").status == MET
    employment = report.result("ldtt.employment")
    assert employment.status == NOT_MET
    assert "thành tích tính từ ngày hết kỷ luật 01/03" in employment.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_discipline_cannot_tell_without_the_record(when):
    report = check(Title.LDTT, teacher(restrictions=None), when)
    assert report.result("common.discipline").status == UNKNOWN
    assert report.verdict == UNKNOWN


# --- rule 13: maternity leave ----------------------------------------------------------------------


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_maternity_leave_counts_as_working_time(when):
    on, _year = when
    # Recruited 7 months before the review and on maternity leave for 5 of them: still LĐTT.
    facts = teacher(
        gender="nu",
        employed_since=months_before(on, 7),
        maternity_periods=(Period(months_before(on, 6), months_before(on, 1)),),
    )
    report = check(Title.LDTT, facts, when)
    assert report.result("common.maternity_leave").status == MET
    assert "được tính là thời gian công tác" in report.result("common.maternity_leave").reason
    assert report.result("ldtt.employment").status == MET
    assert report.verdict == MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_maternity_leave_not_counted_if_an_authority_parameter_said_so(when):
    # The law says it counts; the parameter exists so that a change of the law is data. With it off,
    # the same person falls short, and the maternity rule says why.
    on, year = when
    authority = type("A", (), {"pk": 99, "name": "Sở GDĐT Thử nghiệm"})()
    override = RuleVersion(
        code="common.maternity_leave",
        titles=[],
        name="",
        article="",
        effective_from=date(2024, 1, 1),
        parameters={"counts_as_working_time": False},
        authority_id=99,
    )
    rules = rules_on(on, extra=[override], chain=[authority])
    facts = teacher(
        employed_since=months_before(on, 7),
        maternity_periods=(Period(months_before(on, 6), months_before(on, 1)),),
    )
    report = check_nomination(Title.LDTT, facts, year=year, on=on, rules=rules)
    assert report.result("common.maternity_leave").status == NOT_MET
    assert report.result("ldtt.employment").status == NOT_MET
    assert "Sở GDĐT Thử nghiệm" in report.result("common.maternity_leave").reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_the_maternity_rule_is_silent_without_maternity_leave(when):
    assert check(Title.LDTT, teacher(), when).result("common.maternity_leave") is None
