"""Rules 2 (the cap), 5, 6, 15, 16, 17, 18: collective titles, the Kỷ niệm chương, the dossier, who
decides on which date, the bonus; and how results add up to a verdict. Facts in, report out."""

import unicodedata
from datetime import date, timedelta
from decimal import Decimal

import pytest

from office.rules.checker import (
    MET,
    NOT_MET,
    UNKNOWN,
    bonus_amount,
    check_nomination,
    combine_statuses,
    expected_issuer_level,
    expected_issuer_levels,
    issuer_answer,
    knc_eligibility,
)
from office.rules.facts import (
    ACHIEVEMENT_REPORT,
    COVER_LETTER,
    DISCIPLINE,
    INITIATIVE_CERTIFICATE,
    MINUTES,
    SECRET_BALLOT,
    DossierFacts,
    InitiativeFact,
    RestrictionFact,
    TitleFact,
)
from office.rules.models import RuleVersion
from office.rules.ruleset import resolve_rules
from office.rules.vocabulary import DisciplineLevel, Rating, Scope, Title
from tests.factories.rules import (
    AFTER_REFORM,
    BEFORE_REFORM,
    LAW_2022_DATES,
    LAW_2022_IDS,
    NEW_LAW,
    OLD_LAW,
    REFORM_DATES,
    REFORM_IDS,
    collective,
    rules_on,
    teacher,
)

FULL_DOSSIER = frozenset({COVER_LETTER, MINUTES, ACHIEVEMENT_REPORT})
BASE_SALARY = Decimal(2_340_000)


def check(target, facts, when, **kwargs):
    on, year = when
    return check_nomination(target, facts, year=year, on=on, rules=rules_on(on), **kwargs)


# --- rule 5: TTLĐXS --------------------------------------------------------------------------------


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_ttldxs_is_met(when):
    report = check(Title.TTLDXS, collective(), when)
    result = report.result("ttldxs.basis")
    assert result.status == MET
    assert "40/40 thành viên hoàn thành nhiệm vụ (100%)" in result.reason
    assert "32/40 thành viên đạt Lao động tiên tiến (80%), yêu cầu từ 70%" in result.reason
    assert report.verdict == MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_ttldxs_fails_if_one_member_did_not_complete_or_no_cstdcs(when):
    result = check(Title.TTLDXS, collective(completed_count=39), when).result("ttldxs.basis")
    assert result.status == NOT_MET
    assert result.reason == "39/40 thành viên hoàn thành nhiệm vụ (97,5%), yêu cầu từ 100%"
    result = check(Title.TTLDXS, collective(cstdcs_count=0), when).result("ttldxs.basis")
    assert result.status == NOT_MET and "0 Chiến sĩ thi đua cơ sở, yêu cầu ít nhất 1" in result.reason
    result = check(Title.TTLDXS, collective(collective_rating=Rating.GOOD), when).result("ttldxs.basis")
    assert result.status == NOT_MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_ttldxs_cannot_tell_without_the_collective_rating(when):
    result = check(Title.TTLDXS, collective(collective_rating=None), when).result("ttldxs.basis")
    assert result.status == UNKNOWN
    assert result.reason == "Chưa có kết quả xếp loại của tập thể"


def test_individual_rules_do_not_apply_to_a_collective():
    report = check(Title.TTLDXS, collective(), BEFORE_REFORM)
    assert report.result("common.discipline") is None and report.result("ldtt.rating") is None


# --- rule 6: TTLĐTT (over 50% before 2024; since, 70% or 50% is [UNVERIFIED]) ---------------------


def test_sixty_percent_ldtt_was_enough_before_2024_and_cannot_be_told_after():
    sixty = collective(ldtt_count=24, collective_rating=Rating.GOOD)
    old = check(Title.TTLDTT, sixty, OLD_LAW).result("ttldtt.basis")
    assert old.status == MET and "yêu cầu trên 50%" in old.reason
    assert "2003" in old.article
    new = check(Title.TTLDTT, sixty, NEW_LAW).result("ttldtt.basis")
    assert new.status == UNKNOWN
    assert new.reason.startswith(
        "24/40 thành viên đạt Lao động tiên tiến (60%), yêu cầu từ 70%; nhưng đạt ngưỡng trên 50%: ngưỡng trên "
        "50% (Điều 28 Luật Thi đua, khen thưởng 2003) hay từ 70% (tóm tắt Điều 6 Thông tư 29/2023/TT-BGDĐT) "
        "chưa đối chiếu được nguyên văn [UNVERIFIED]"
    )
    assert "29/2023/TT-BGDĐT" in new.article


def test_exactly_half_was_not_enough_under_the_old_law():
    half = collective(ldtt_count=20, collective_rating=Rating.GOOD)
    assert check(Title.TTLDTT, half, OLD_LAW).result("ttldtt.basis").status == NOT_MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_ttldtt_is_met_with_seventy_percent_and_no_warning(when):
    facts = collective(
        ldtt_count=28, collective_rating=Rating.GOOD, worst_member_discipline=DisciplineLevel.REPRIMAND
    )
    result = check(Title.TTLDTT, facts, when).result("ttldtt.basis")
    assert result.status == MET
    assert "không có thành viên bị kỷ luật từ cảnh cáo trở lên" in result.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_a_member_warned_fails_ttldtt(when):
    facts = collective(worst_member_discipline=DisciplineLevel.WARNING)
    result = check(Title.TTLDTT, facts, when).result("ttldtt.basis")
    assert result.status == NOT_MET
    assert result.reason == "Có thành viên bị kỷ luật cảnh cáo (từ cảnh cáo trở lên)"


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_ttldtt_cannot_tell_without_member_discipline_or_counts(when):
    assert (
        check(Title.TTLDTT, collective(members_disciplined=None), when).result("ttldtt.basis").status
        == UNKNOWN
    )
    assert check(Title.TTLDTT, collective(ldtt_count=None), when).result("ttldtt.basis").status == UNKNOWN


# --- rule 2: the CSTĐCS cap (15% before 2024; off since unless an authority sets it) ---------------


def test_the_old_fifteen_percent_cap():
    facts = teacher(ratings={2023: Rating.GOOD}, initiatives=(InitiativeFact(1, 2023, True, Scope.SCHOOL),))
    within = check(Title.CSTDCS, facts, OLD_LAW, unit=collective(ldtt_count=20, cstdcs_count=3))
    assert within.result("cstdcs.cap").status == MET
    assert "tối đa 15% là 3 người" in within.result("cstdcs.cap").reason
    over = check(Title.CSTDCS, facts, OLD_LAW, unit=collective(ldtt_count=20, cstdcs_count=4))
    assert over.result("cstdcs.cap").status == NOT_MET
    assert check(Title.CSTDCS, facts, OLD_LAW).result("cstdcs.cap").status == UNKNOWN


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_an_authority_cap_applies_to_its_subtree_from_its_date(when):
    on, year = when
    city = type("A", (), {"pk": 1, "name": "Sở GDĐT Hà Nội"})()
    cap = RuleVersion(
        code="cstdcs.cap",
        titles=[],
        name="",
        article="Quyết định 12/QĐ-SGDĐT",
        effective_from=date(2026, 1, 1),
        parameters={"cstdcs_cap_share": 0.15},
        authority_id=1,
    )
    facts = teacher(ratings={year: Rating.EXCELLENT})
    unit = collective(ldtt_count=20, cstdcs_count=4)
    under_city = check_nomination(
        Title.CSTDCS, facts, year=year, on=on, rules=rules_on(on, [cap], [city]), unit=unit
    )
    elsewhere = check_nomination(Title.CSTDCS, facts, year=year, on=on, rules=rules_on(on, [cap]), unit=unit)
    assert elsewhere.result("cstdcs.cap") is None
    if on >= date(2026, 1, 1):
        result = under_city.result("cstdcs.cap")
        assert result.status == NOT_MET
        assert "theo quy định của Sở GDĐT Hà Nội" in result.reason
        assert "Quyết định 12/QĐ-SGDĐT" in result.article
    else:
        assert under_city.result("cstdcs.cap") is None


def test_the_nearest_authority_has_the_last_word():
    city = type("A", (), {"pk": 1, "name": "Sở GDĐT Hà Nội"})()
    ward = type("A", (), {"pk": 2, "name": "UBND phường Hà Đông"})()

    def cap(authority_id, share):
        return RuleVersion(
            code="cstdcs.cap",
            titles=[],
            name="",
            article="",
            effective_from=date(2026, 1, 1),
            parameters={"cstdcs_cap_share": share},
            authority_id=authority_id,
        )

    rules = rules_on(date(2026, 5, 1), [cap(1, 0.15), cap(2, 0.2)], [ward, city])
    assert rules.param("cstdcs.cap", "cstdcs_cap_share") == 0.2
    assert rules.get("cstdcs.cap").overridden_by == ("Sở GDĐT Hà Nội", "UBND phường Hà Đông")
    disabled = RuleVersion(
        code="cstdcs.basis",
        titles=[],
        name="",
        article="",
        effective_from=date(2026, 1, 1),
        enabled=False,
        authority_id=2,
    )
    assert "cstdcs.basis" not in rules_on(date(2026, 5, 1), [disabled], [ward, city])
    assert "cstdcs.basis" in rules_on(date(2026, 5, 1), [disabled], [city])


# --- rule 15: Kỷ niệm chương "Vì sự nghiệp giáo dục" -----------------------------------------------


def years_ago(on: date, years: int, days: int = 0) -> date:
    """The same day `years` earlier, `days` further back."""
    return date(on.year - years, on.month, on.day) - timedelta(days=days)


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_knc_after_twenty_years(when):
    on, _ = when
    result = knc_eligibility(teacher(joined_sector_on=years_ago(on, 20)), on, rules=rules_on(on))
    assert result.status == MET
    assert "yêu cầu 20 năm" in result.reason
    assert "29/2023/TT-BGDĐT" in result.article


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_knc_not_after_nineteen_years(when):
    on, _ = when
    result = knc_eligibility(teacher(joined_sector_on=years_ago(on, 19)), on, rules=rules_on(on))
    assert result.status == NOT_MET
    assert result.reason.startswith("Mới có 19 năm công tác")


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_knc_after_fifteen_years_with_five_in_especially_difficult_areas(when):
    on, _ = when
    rules = rules_on(on)
    five = teacher(joined_sector_on=years_ago(on, 16), difficult_area_years=5)
    assert knc_eligibility(five, on, rules=rules).status == MET
    three = teacher(joined_sector_on=years_ago(on, 16), difficult_area_years=3)
    assert knc_eligibility(three, on, rules=rules).status == NOT_MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_knc_study_and_military_count_discipline_does_not(when):
    on, _ = when
    rules = rules_on(on)
    studied = teacher(joined_sector_on=years_ago(on, 18), years_in_study_or_military=2)
    assert knc_eligibility(studied, on, rules=rules).status == MET
    discipline = RestrictionFact(DISCIPLINE, years_ago(on, 10), years_ago(on, 9), DisciplineLevel.REPRIMAND)
    disciplined = teacher(joined_sector_on=years_ago(on, 20, days=-100), restrictions=(discipline,))
    result = knc_eligibility(disciplined, on, rules=rules)
    assert result.status == NOT_MET
    assert "đã trừ" in result.reason and "ngày bị kỷ luật" in result.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_knc_is_awarded_once(when):
    on, _ = when
    rules = rules_on(on)
    assert (
        knc_eligibility(
            teacher(joined_sector_on=years_ago(on, 25), previous_knc=True), on, rules=rules
        ).status
        == NOT_MET
    )
    given = TitleFact(2015, Title.KNC_GIAO_DUC, "Bộ Giáo dục và Đào tạo")
    facts = teacher(joined_sector_on=years_ago(on, 25), previous_knc=None, titles=(given,))
    assert knc_eligibility(facts, on, rules=rules).status == NOT_MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_knc_cannot_tell_when_a_missing_fact_could_change_the_answer(when):
    on, _ = when
    rules = rules_on(on)
    assert knc_eligibility(teacher(joined_sector_on=None), on, rules=rules).status == UNKNOWN
    unknown_difficult = teacher(joined_sector_on=years_ago(on, 17), difficult_area_years=None)
    result = knc_eligibility(unknown_difficult, on, rules=rules)
    assert result.status == UNKNOWN and "vùng đặc biệt khó khăn" in result.reason
    unknown_study = teacher(joined_sector_on=years_ago(on, 19), years_in_study_or_military=None)
    assert knc_eligibility(unknown_study, on, rules=rules).status == UNKNOWN
    assert (
        knc_eligibility(
            teacher(joined_sector_on=years_ago(on, 22), previous_knc=None), on, rules=rules
        ).status
        == UNKNOWN
    )
    # Missing facts do not matter when the answer is no whatever they are.
    too_short = teacher(joined_sector_on=years_ago(on, 10), difficult_area_years=None)
    assert knc_eligibility(too_short, on, rules=rules).status in (NOT_MET, UNKNOWN)
    assert (
        knc_eligibility(
            teacher(joined_sector_on=years_ago(on, 10), difficult_area_years=1), on, rules=rules
        ).status
        == NOT_MET
    )


def test_knc_inside_a_nomination_also_checks_discipline():
    _on, _year = AFTER_REFORM
    pending = RestrictionFact(DISCIPLINE, date(2026, 1, 1), None, DisciplineLevel.REPRIMAND)
    report = check(
        Title.KNC_GIAO_DUC, teacher(joined_sector_on=date(2000, 1, 1), restrictions=(pending,)), AFTER_REFORM
    )
    # Enough years even without the months under discipline, but the discipline still runs.
    assert report.result("knc.service_years").status == MET
    assert report.result("common.discipline").status == NOT_MET
    assert report.verdict == NOT_MET


# --- rule 16: the dossier --------------------------------------------------------------------------


@pytest.mark.parametrize("when", LAW_2022_DATES, ids=LAW_2022_IDS)
def test_a_complete_dossier_is_met(when):
    result = check(Title.LDTT, teacher(), when, dossier=DossierFacts(FULL_DOSSIER)).result(
        "dossier.completeness"
    )
    assert result.status == MET
    assert result.reason == (
        "Hồ sơ có đủ: Tờ trình đề nghị khen thưởng, Biên bản họp Hội đồng Thi đua – Khen thưởng, Báo cáo thành tích"
    )


@pytest.mark.parametrize("when", LAW_2022_DATES, ids=LAW_2022_IDS)
def test_a_dossier_without_minutes_is_not_met(when):
    dossier = DossierFacts({COVER_LETTER, ACHIEVEMENT_REPORT})
    result = check(Title.LDTT, teacher(), when, dossier=dossier).result("dossier.completeness")
    assert result.status == NOT_MET
    assert result.reason == "Hồ sơ còn thiếu: Biên bản họp Hội đồng Thi đua – Khen thưởng"


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_a_cstdcs_resting_on_an_initiative_needs_its_certificate(when):
    _on, year = when
    facts = teacher(initiatives=(InitiativeFact(1, year, True, Scope.SCHOOL, title="Góc đọc"),))
    without = check(Title.CSTDCS, facts, when, dossier=DossierFacts(FULL_DOSSIER)).result(
        "dossier.completeness"
    )
    assert without.status == NOT_MET and "Văn bản công nhận sáng kiến" in without.reason
    with_it = DossierFacts(FULL_DOSSIER | {INITIATIVE_CERTIFICATE})
    assert check(Title.CSTDCS, facts, when, dossier=with_it).result("dossier.completeness").status == MET
    # An excellent rating needs no initiative, so no certificate.
    excellent = teacher(ratings={year: Rating.EXCELLENT})
    assert check(Title.CSTDCS, excellent, when, dossier=DossierFacts(FULL_DOSSIER)).verdict != NOT_MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_cstd_toan_quoc_needs_the_secret_ballot(when):
    result = check(Title.CSTD_TOAN_QUOC, teacher(), when, dossier=DossierFacts(FULL_DOSSIER)).result(
        "dossier.completeness"
    )
    assert result.status == NOT_MET and "Kết quả bỏ phiếu kín" in result.reason
    assert SECRET_BALLOT not in FULL_DOSSIER


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_evidence_must_be_certified(when):
    unsure = DossierFacts(FULL_DOSSIER, evidence_count=2)
    assert check(Title.LDTT, teacher(), when, dossier=unsure).result("dossier.completeness").status == UNKNOWN
    copies = DossierFacts(FULL_DOSSIER, evidence_count=2, evidence_certified=False)
    assert check(Title.LDTT, teacher(), when, dossier=copies).result("dossier.completeness").status == NOT_MET
    certified = DossierFacts(FULL_DOSSIER, evidence_count=2, evidence_certified=True)
    assert check(Title.LDTT, teacher(), when, dossier=certified).result("dossier.completeness").status == MET


def test_without_a_dossier_the_dossier_rules_are_not_asked():
    report = check(Title.LDTT, teacher(), BEFORE_REFORM)
    assert report.result("dossier.completeness") is None and report.result("routing.issuer") is None


# --- rule 17: who decides, by date ------------------------------------------------------------------


def test_expected_issuer_levels_before_and_after_the_reform():
    before, after = date(2025, 6, 30), date(2025, 7, 1)
    for title in (Title.LDTT, Title.CSTDCS, Title.TTLDTT, Title.GIAY_KHEN):
        assert expected_issuer_level(title, before, rules=rules_on(before)) == "chu_tich_ubnd_huyen"
        assert expected_issuer_level(title, after, rules=rules_on(after)) == "chu_tich_ubnd_xa"
        assert "giam_doc_so" in expected_issuer_levels(title, after, rules=rules_on(after))
    for title in (Title.TTLDXS, Title.CSTD_TINH, Title.BANG_KHEN_TINH):
        assert expected_issuer_level(title, before, rules=rules_on(before)) == "chu_tich_ubnd_tinh"
        assert expected_issuer_level(title, after, rules=rules_on(after)) == "chu_tich_ubnd_tinh"
    assert expected_issuer_level(Title.BANG_KHEN_TTG, after, rules=rules_on(after)) == "thu_tuong"
    # Before the Law of 2022 the district chair too (a version whose article is marked unverified).
    assert expected_issuer_level(Title.LDTT, date(2023, 5, 1), rules=rules_on(date(2023, 5, 1))) == (
        "chu_tich_ubnd_huyen"
    )
    assert expected_issuer_level(Title.LDTT, date(2013, 5, 1), rules=rules_on(date(2013, 5, 1))) is None


@pytest.mark.parametrize(
    ("when", "addressed", "status"),
    [
        (BEFORE_REFORM, "chu_tich_ubnd_huyen", MET),
        (BEFORE_REFORM, "chu_tich_ubnd_xa", NOT_MET),
        (AFTER_REFORM, "chu_tich_ubnd_xa", MET),
        (AFTER_REFORM, "chu_tich_ubnd_huyen", NOT_MET),
        (AFTER_REFORM, None, UNKNOWN),
    ],
)
def test_a_dossier_must_go_to_the_level_in_power_on_its_date(when, addressed, status):
    dossier = DossierFacts(FULL_DOSSIER, addressed_to_level=addressed)
    result = check(Title.LDTT, teacher(), when, dossier=dossier).result("routing.issuer")
    assert result.status == status
    if status == NOT_MET and when == AFTER_REFORM:
        assert result.reason == (
            "Hồ sơ trình Chủ tịch UBND quận/huyện, nhưng tại ngày 20/05/2026 thẩm quyền tặng Lao động tiên tiến "
            "thuộc Chủ tịch UBND xã/phường hoặc Giám đốc Sở Giáo dục và Đào tạo"
        )
        assert "129/2025" in result.article


# --- rule 18: the bonus -----------------------------------------------------------------------------


def test_bonus_after_the_reform_uses_nd_152():
    on = date(2025, 7, 1)
    rules = rules_on(on)
    assert bonus_amount(Title.LDTT, on, BASE_SALARY, rules=rules) == Decimal(702_000)
    assert bonus_amount(Title.CSTDCS, on, BASE_SALARY, rules=rules) == Decimal(2_340_000)
    assert bonus_amount(Title.CO_CHINH_PHU, on, BASE_SALARY, rules=rules) == Decimal(28_080_000)
    assert bonus_amount(Title.LDTT, on, BASE_SALARY, household=True, rules=rules) == Decimal(1_053_000)
    assert bonus_amount(Title.TTLDTT, on, BASE_SALARY, collective=True, rules=rules) == Decimal(1_872_000)
    # Not known: the collective factor for a form under NĐ 152.
    assert bonus_amount(Title.GIAY_KHEN, on, BASE_SALARY, collective=True, rules=rules) is None


def test_bonus_before_the_reform_uses_what_is_known_of_nd_98():
    on = date(2025, 6, 30)
    rules = rules_on(on)
    assert bonus_amount(Title.GIAY_KHEN, on, BASE_SALARY, rules=rules) == Decimal(351_000)
    assert bonus_amount(Title.GIAY_KHEN, on, BASE_SALARY, collective=True, rules=rules) == Decimal(702_000)
    assert bonus_amount(Title.LDTT, on, BASE_SALARY, rules=rules) is None
    assert bonus_amount(Title.LDTT, date(2023, 1, 1), BASE_SALARY, rules=rules_on(date(2023, 1, 1))) is None


# --- adding up ------------------------------------------------------------------------------------


def test_the_verdict_is_met_only_if_every_rule_is_met():
    assert combine_statuses([MET, MET]) == MET
    assert combine_statuses([MET, UNKNOWN]) == UNKNOWN
    assert combine_statuses([UNKNOWN, NOT_MET, MET]) == NOT_MET
    assert combine_statuses([]) == UNKNOWN


def test_no_rule_in_force_cannot_tell():
    report = check_nomination(
        Title.BANG_KHEN_TINH, teacher(), year=2020, on=date(2020, 5, 1), rules=rules_on(date(2020, 5, 1))
    )
    assert report.verdict == UNKNOWN
    assert (
        report.results[0].reason
        == "Chưa có quy định nào được áp dụng để xét Bằng khen của Chủ tịch UBND tỉnh/thành phố tại ngày 01/05/2020"
    )


def test_a_rule_no_code_evaluates_is_reported_not_passed():
    local = RuleVersion(
        code="local.extra",
        titles=["ldtt"],
        name="Quy định riêng của địa phương",
        article="Quyết định 1/QĐ-UBND",
        effective_from=date(2026, 1, 1),
    )
    rules = resolve_rules([local], date(2026, 5, 1))
    report = check_nomination(Title.LDTT, teacher(), year=2026, on=date(2026, 5, 1), rules=rules)
    assert report.result("local.extra").status == UNKNOWN
    assert "chưa được kiểm tra tự động" in report.result("local.extra").reason


def test_facts_are_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hoa")
    assert teacher(full_name=decomposed).full_name == "Nguyễn Thị Hoa"


# --- rule 17 by school level: the Sở's THPT schools and GDNN-GDTX centres ------------------------------

LOCAL = (Title.LDTT, Title.CSTDCS, Title.TTLDTT, Title.GIAY_KHEN)


@pytest.mark.parametrize("on", [date(2025, 6, 30), date(2025, 7, 1)], ids=REFORM_IDS)
def test_a_thpt_school_is_awarded_by_the_so_on_both_sides_of_the_reform(on):
    for title in LOCAL:
        assert expected_issuer_levels(title, on, rules=rules_on(on), school_level="thpt") == ("giam_doc_so",)
    for title in (Title.TTLDXS, Title.CSTD_TINH, Title.BANG_KHEN_TINH):
        assert (
            expected_issuer_level(title, on, rules=rules_on(on), school_level="thpt") == "chu_tich_ubnd_tinh"
        )


def test_a_gdtx_centre_goes_to_the_so_from_the_reform_and_is_unsettled_before():
    before, after = date(2025, 6, 30), date(2025, 7, 1)
    assert expected_issuer_levels(Title.LDTT, after, rules=rules_on(after), school_level="gdtx") == (
        "giam_doc_so",
    )
    assert expected_issuer_levels(Title.LDTT, before, rules=rules_on(before), school_level="gdtx") == (
        "chu_tich_ubnd_huyen",
        "giam_doc_so",
    )
    answer = issuer_answer(Title.LDTT, before, school_level="gdtx", rules=rules_on(before))
    assert answer.status == UNKNOWN and "[UNVERIFIED]" in answer.reason
    answer = issuer_answer(Title.LDTT, after, school_level="gdtx", rules=rules_on(after))
    assert answer.status == MET and "Điều 75" in answer.article and "129/2025" in answer.article


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
@pytest.mark.parametrize(
    ("addressed", "status"),
    [("giam_doc_so", MET), ("chu_tich_ubnd_xa", NOT_MET), ("chu_tich_ubnd_huyen", NOT_MET), (None, UNKNOWN)],
)
def test_a_thpt_dossier_goes_to_the_director_of_the_so(when, addressed, status):
    dossier = DossierFacts(FULL_DOSSIER, addressed_to_level=addressed, school_level="thpt")
    result = check(Title.LDTT, teacher(), when, dossier=dossier).result("routing.issuer")
    assert result.status == status
    # The Sở's power is cited; that the Sở runs THPT schools is not sourced, and the answer says so.
    assert "khoản 1 Điều 80, điểm c khoản 1 Điều 75" in result.article
    assert "Sở GDĐT quản lý" in result.reason and "[UNVERIFIED]" in result.reason
    if status == NOT_MET:
        assert "thuộc Giám đốc Sở Giáo dục và Đào tạo." in result.reason


def test_the_thpt_answer_cites_the_law_in_force_on_its_date():
    before = issuer_answer(
        Title.CSTDCS, date(2025, 6, 30), school_level="thpt", rules=rules_on(date(2025, 6, 30))
    )
    after = issuer_answer(
        Title.CSTDCS, date(2025, 7, 1), school_level="thpt", rules=rules_on(date(2025, 7, 1))
    )
    assert before.status == after.status == MET
    assert before.reason.startswith(
        "Tại ngày 30/06/2025 thẩm quyền tặng Chiến sĩ thi đua cơ sở thuộc Giám đốc Sở Giáo dục và Đào tạo."
    )
    assert "Khoản 2 Điều 80" in before.article and "129/2025" not in before.article
    assert "129/2025" in after.article


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_a_lien_cap_school_is_never_passed_without_someone_confirming_its_managing_body(when):
    for addressed in ("giam_doc_so", "chu_tich_ubnd_xa" if when == AFTER_REFORM else "chu_tich_ubnd_huyen"):
        dossier = DossierFacts(FULL_DOSSIER, addressed_to_level=addressed, school_level="lien_cap")
        result = check(Title.LDTT, teacher(), when, dossier=dossier).result("routing.issuer")
        assert result.status == UNKNOWN and "liên cấp" in result.reason and "[UNVERIFIED]" in result.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_a_ward_school_answers_as_before(when):
    local = "chu_tich_ubnd_huyen" if when == BEFORE_REFORM else "chu_tich_ubnd_xa"
    for level in (None, "tieu_hoc", "thcs", "mam_non"):
        dossier = DossierFacts(FULL_DOSSIER, addressed_to_level=local, school_level=level)
        assert check(Title.LDTT, teacher(), when, dossier=dossier).result("routing.issuer").status == MET
