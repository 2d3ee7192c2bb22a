"""Rules 3, 4, 7, 8, 9, 10, 11: chains of consecutive years (across the 1/7/2025 reform), Bằng khen
routes, an initiative counting toward one award only, ever, its recognised scope, and one achievement
one form. Facts in, report out: no database."""

from datetime import date

import pytest

from office.rules.checker import MET, NOT_MET, UNKNOWN, check_nomination
from office.rules.facts import OCCASION_IRREGULAR, OCCASION_THEMATIC, InitiativeFact, TitleFact, award_key
from office.rules.vocabulary import Rating, Scope, Title
from tests.factories.rules import REFORM_DATES, REFORM_IDS, rated, rules_on, teacher


def check(target, facts, when, **kwargs):
    on, year = when
    kwargs.setdefault("history", rules_on)
    return check_nomination(target, facts, year=year, on=on, rules=rules_on(on), **kwargs)


def issuer_for(year: int) -> str:
    # The title of the school year ending in `year` was decided in the summer of that year: by the
    # district until the reform, by the ward after it.
    return "UBND quận Hà Đông" if year <= 2024 else "UBND phường Hà Đông"


def decided_on(year: int) -> date:
    # 2024-2025's titles came out in August 2025, after the reform, from the ward.
    return date(year, 6, 25) if year <= 2024 else date(year, 8, 15)


def cstdcs(year, proposed=False, **kwargs):
    return TitleFact(year, Title.CSTDCS, issuer_for(year), decided_on(year), proposed=proposed, **kwargs)


def initiative(number, year, scope=Scope.SCHOOL, **kwargs):
    kwargs.setdefault("title", f"Sáng kiến {number}")
    return InitiativeFact(id=number, year=year, recognized=True, scope=scope, **kwargs)


# --- rule 3: CSTĐ cấp tỉnh, and the chain across the reform --------------------------------------


def test_a_district_title_of_2024_and_a_ward_title_of_2025_form_one_chain():
    on, year = date(2025, 9, 20), 2025  # checked after the reform, for the school year 2024-2025
    facts = teacher(
        titles=(
            TitleFact(2023, Title.CSTDCS, "UBND quận Hà Đông", date(2023, 6, 20)),
            TitleFact(2024, Title.CSTDCS, "UBND quận Hà Đông", date(2024, 6, 21)),
            TitleFact(2025, Title.CSTDCS, "UBND phường Hà Đông", date(2025, 8, 15)),
        ),
        initiatives=(initiative(5, 2024, Scope.PROVINCE, used_for=None),),
    )
    report = check_nomination(Title.CSTD_TINH, facts, year=year, on=on, rules=rules_on(on), history=rules_on)
    result = report.result("cstd_tinh.basis")
    assert result.status == MET
    assert "2023-2024 (UBND quận Hà Đông), 2024-2025 (UBND phường Hà Đông)" in result.reason
    assert report.initiative_ids == (5,)


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_cstd_tinh_is_met_by_three_consecutive_cstdcs_and_a_provincial_initiative(when):
    _on, year = when
    facts = teacher(
        titles=(cstdcs(year - 2), cstdcs(year - 1), cstdcs(year, proposed=True)),
        initiatives=(initiative(1, year - 1, Scope.PROVINCE),),
    )
    report = check(Title.CSTD_TINH, facts, when)
    assert report.result("cstd_tinh.basis").status == MET
    assert "đang đề nghị" in report.result("cstd_tinh.basis").reason
    assert report.verdict == MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_a_gap_in_the_chain_fails_cstd_tinh(when):
    _on, year = when
    facts = teacher(
        titles=(cstdcs(year - 3), cstdcs(year - 1), cstdcs(year)),
        initiatives=(initiative(1, year, Scope.PROVINCE),),
    )
    result = check(Title.CSTD_TINH, facts, when).result("cstd_tinh.basis")
    assert result.status == NOT_MET
    assert f"thiếu năm học {year - 3}-{year - 2}" in result.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_a_school_level_initiative_is_not_enough_for_cstd_tinh(when):
    _on, year = when
    facts = teacher(
        titles=(cstdcs(year - 2), cstdcs(year - 1), cstdcs(year)), initiatives=(initiative(1, year),)
    )
    result = check(Title.CSTD_TINH, facts, when).result("cstd_tinh.basis")
    assert result.status == NOT_MET
    assert "phạm vi cấp tỉnh / thành phố (bộ, ngành) trở lên" in result.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_cstd_tinh_cannot_tell_without_the_award_history(when):
    result = check(Title.CSTD_TINH, teacher(titles=None), when).result("cstd_tinh.basis")
    assert result.status == UNKNOWN


# --- rule 4: CSTĐ toàn quốc ------------------------------------------------------------------------


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_cstd_toan_quoc_needs_two_consecutive_provincial_titles_and_a_national_initiative(when):
    _on, year = when
    chain = (
        TitleFact(year - 1, Title.CSTD_TINH, "UBND thành phố Hà Nội"),
        TitleFact(year, Title.CSTD_TINH, "UBND thành phố Hà Nội", proposed=True),
    )
    met = check(
        Title.CSTD_TOAN_QUOC, teacher(titles=chain, initiatives=(initiative(1, year, Scope.NATIONAL),)), when
    )
    assert met.result("cstd_tq.basis").status == MET
    provincial_only = check(
        Title.CSTD_TOAN_QUOC, teacher(titles=chain, initiatives=(initiative(1, year, Scope.PROVINCE),)), when
    )
    assert provincial_only.result("cstd_tq.basis").status == NOT_MET
    one_year = check(
        Title.CSTD_TOAN_QUOC,
        teacher(titles=chain[1:], initiatives=(initiative(1, year, Scope.NATIONAL),)),
        when,
    )
    assert one_year.result("cstd_tq.basis").status == NOT_MET


# --- rule 7: Bằng khen bộ/tỉnh, route d -----------------------------------------------------------


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_bang_khen_needs_two_initiatives_beyond_those_used_for_cstdcs(when):
    _on, year = when
    used_for_cstdcs = (
        initiative(1, year - 1, used_for=award_key(Title.CSTDCS, year - 1)),
        initiative(2, year, used_for=award_key(Title.CSTDCS, year)),
    )
    titles = (cstdcs(year - 1), cstdcs(year))
    report = check(Title.BANG_KHEN_TINH, teacher(titles=titles, initiatives=used_for_cstdcs), when)
    result = report.result("bk.route_d")
    assert result.status == NOT_MET
    assert "chỉ có 0 sáng kiến" in result.reason
    assert (
        f"“Sáng kiến 1” đã dùng để xét Chiến sĩ thi đua cơ sở năm học {year - 2}-{year - 1}" in result.reason
    )

    fresh = (*used_for_cstdcs, initiative(3, year - 1), initiative(4, year))
    report = check(Title.BANG_KHEN_TINH, teacher(titles=titles, initiatives=fresh), when)
    assert report.result("bk.route_d").status == MET
    assert sorted(report.initiative_ids) == [3, 4]
    assert report.result("initiative.single_use").status == MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_two_excellent_years_open_route_d_as_well(when):
    _on, year = when
    ratings = rated(teacher().ratings, **{f"y{year - 1}": Rating.EXCELLENT, f"y{year}": Rating.EXCELLENT})
    facts = teacher(ratings=ratings, initiatives=(initiative(3, year - 1), initiative(4, year)))
    result = check(Title.BANG_KHEN_BO, facts, when).result("bk.route_d")
    assert result.status == MET
    assert "2 năm liên tục hoàn thành xuất sắc nhiệm vụ" in result.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_route_d_is_not_met_without_the_two_years(when):
    _on, year = when
    facts = teacher(titles=(cstdcs(year),), initiatives=(initiative(3, year - 1), initiative(4, year)))
    result = check(Title.BANG_KHEN_TINH, facts, when).result("bk.route_d")
    assert result.status == NOT_MET
    assert "Không có 2 năm liên tục CSTĐCS" in result.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_route_d_cannot_tell_without_the_ratings(when):
    _on, year = when
    facts = teacher(ratings={}, initiatives=(initiative(3, year - 1), initiative(4, year)))
    assert check(Title.BANG_KHEN_TINH, facts, when).result("bk.route_d").status == UNKNOWN


# --- rule 8: Bằng khen Thủ tướng, route b ---------------------------------------------------------


def bk_ttg_history(year, occasion="thuong_xuyen"):
    return (
        TitleFact(year - 5, Title.BANG_KHEN_TINH, "UBND thành phố Hà Nội", occasion=occasion),
        cstdcs(year - 4),
        cstdcs(year - 2),
        cstdcs(year, proposed=True),
    )


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_bang_khen_thu_tuong_route_b_is_met(when):
    _on, year = when
    result = check(Title.BANG_KHEN_TTG, teacher(titles=bk_ttg_history(year)), when).result("bk_ttg.route_b")
    assert result.status == MET
    assert "3 lần CSTĐCS trong 5 năm" in result.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_route_b_fails_on_a_weak_year_or_an_irregular_bang_khen(when):
    _on, year = when
    weak = teacher(
        titles=bk_ttg_history(year), ratings=rated(teacher().ratings, **{f"y{year - 3}": Rating.COMPLETED})
    )
    result = check(Title.BANG_KHEN_TTG, weak, when).result("bk_ttg.route_b")
    assert result.status == NOT_MET and f"Năm học {year - 4}-{year - 3} xếp loại dưới mức" in result.reason
    irregular = teacher(titles=bk_ttg_history(year, occasion=OCCASION_IRREGULAR))
    result = check(Title.BANG_KHEN_TTG, irregular, when).result("bk_ttg.route_b")
    assert result.status == NOT_MET
    assert "đột xuất, chuyên đề không làm căn cứ" in result.reason


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_route_b_cannot_tell_with_a_missing_rating(when):
    _on, year = when
    ratings = {y: r for y, r in teacher().ratings.items() if y != year - 1}
    result = check(Title.BANG_KHEN_TTG, teacher(titles=bk_ttg_history(year), ratings=ratings), when).result(
        "bk_ttg.route_b"
    )
    assert result.status == UNKNOWN


# --- rule 9: one initiative, one award, ever -------------------------------------------------------


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_an_initiative_already_used_cannot_be_cited_again(when):
    _on, year = when
    spent = initiative(8, year, used_for=award_key(Title.GIAY_KHEN, year - 1), title="Đọc sách mỗi ngày")
    facts = teacher(initiatives=(spent,), cited_initiative_ids=(8,))
    report = check(Title.CSTDCS, facts, when)
    single_use = report.result("initiative.single_use")
    assert single_use.status == NOT_MET
    assert single_use.reason == f"“Đọc sách mỗi ngày” đã dùng để xét Giấy khen năm học {year - 2}-{year - 1}"
    assert report.result("cstdcs.basis").status == NOT_MET
    assert report.verdict == NOT_MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_an_unused_cited_initiative_meets_single_use(when):
    _on, year = when
    facts = teacher(initiatives=(initiative(8, year),), cited_initiative_ids=(8,))
    report = check(Title.CSTDCS, facts, when)
    assert report.result("initiative.single_use").status == MET
    assert report.verdict == MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_the_checker_never_picks_a_spent_initiative_by_itself(when):
    _on, year = when
    spent = initiative(8, year, used_for=award_key(Title.BANG_KHEN_TINH, year))
    report = check(Title.CSTDCS, teacher(initiatives=(spent,)), when)
    assert report.result("cstdcs.basis").status == NOT_MET
    assert "đã dùng để xét Bằng khen" in report.result("cstdcs.basis").reason
    assert report.initiative_ids == ()


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_an_initiative_attached_to_this_very_award_still_counts(when):
    _on, year = when
    mine = initiative(8, year, used_for=award_key(Title.CSTDCS, year))
    assert check(Title.CSTDCS, teacher(initiatives=(mine,)), when).result("cstdcs.basis").status == MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_single_use_cannot_tell_about_an_unknown_initiative(when):
    _on, year = when
    facts = teacher(initiatives=(initiative(8, year),), cited_initiative_ids=(99,))
    assert check(Title.CSTDCS, facts, when).result("initiative.single_use").status == UNKNOWN


# --- rule 10: recognition and scope ----------------------------------------------------------------


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_a_cited_initiative_must_be_recognised_at_the_scope_the_title_needs(when):
    _on, year = when
    titles = (cstdcs(year - 2), cstdcs(year - 1), cstdcs(year))
    school_level = teacher(titles=titles, initiatives=(initiative(1, year),), cited_initiative_ids=(1,))
    result = check(Title.CSTD_TINH, school_level, when).result("initiative.validity")
    assert result.status == NOT_MET
    assert "chưa đạt cấp tỉnh / thành phố (bộ, ngành)" in result.reason

    provincial = teacher(
        titles=titles, initiatives=(initiative(1, year, Scope.PROVINCE),), cited_initiative_ids=(1,)
    )
    assert check(Title.CSTD_TINH, provincial, when).result("initiative.validity").status == MET

    refused = InitiativeFact(id=1, year=year, recognized=False, scope=None, title="Bị trả lại")
    result = check(Title.CSTDCS, teacher(initiatives=(refused,), cited_initiative_ids=(1,)), when).result(
        "initiative.validity"
    )
    assert result.status == NOT_MET and "chưa được Hội đồng sáng kiến công nhận" in result.reason

    pending = InitiativeFact(id=1, year=year, recognized=None, scope=None)
    result = check(Title.CSTDCS, teacher(initiatives=(pending,), cited_initiative_ids=(1,)), when).result(
        "initiative.validity"
    )
    assert result.status == UNKNOWN


# --- rule 11: one achievement, one form ------------------------------------------------------------


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_a_title_already_given_for_the_year_cannot_be_given_again(when):
    _on, year = when
    given = TitleFact(year, Title.LDTT, issuer_for(year), date(year, 5, 1), decision_number="125/QĐ-UBND")
    result = check(Title.LDTT, teacher(titles=(given,)), when).result("common.one_achievement")
    assert result.status == NOT_MET
    assert result.reason == (
        f"Năm học {year - 1}-{year} đã được tặng Lao động tiên tiến (quyết định số 125/QĐ-UBND, {issuer_for(year)})"
    )
    # A decision taken after the day of the check was not there to duplicate (a dossier checked in
    # May keeps its answer when the award it asked for is recorded in July).
    later = TitleFact(year, Title.LDTT, issuer_for(year), date(year, 7, 15), decision_number="130/QĐ-UBND")
    assert check(Title.LDTT, teacher(titles=(later,)), when).result("common.one_achievement").status == MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_two_forms_for_the_same_year_are_refused_but_a_thematic_one_is_not(when):
    _on, year = when
    giay_khen = TitleFact(year, Title.GIAY_KHEN, issuer_for(year), date(year, 5, 1))
    result = check(Title.BANG_KHEN_TINH, teacher(titles=(giay_khen,)), when).result("common.one_achievement")
    assert result.status == NOT_MET
    assert "một thành tích không khen nhiều hình thức" in result.reason

    thematic = TitleFact(
        year, Title.GIAY_KHEN, issuer_for(year), date(year, 3, 1), occasion=OCCASION_THEMATIC
    )
    result = check(Title.BANG_KHEN_TINH, teacher(titles=(thematic, cstdcs(year))), when).result(
        "common.one_achievement"
    )
    assert result.status == MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_one_achievement_cannot_tell_without_the_history(when):
    assert check(Title.LDTT, teacher(titles=None), when).result("common.one_achievement").status == UNKNOWN
