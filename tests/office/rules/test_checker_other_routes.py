"""The other routes to a Bằng khen (TT 29/2023 Art. 9), a collective's Bằng khen and the Giấy khen
(issue 15, item 3): each route answers met / not met / cannot tell on its own, a form with several
routes passes when any is met, and where the platform cannot know a condition the answer says which
and what to attach, on both sides of 1/7/2025. Facts in, report out: no database."""

import dataclasses
from datetime import date

import pytest

from office.rules.checker import MET, NOT_MET, UNKNOWN, check_nomination
from office.rules.facts import OCCASION_THEMATIC, DossierFacts, InitiativeFact, RestrictionFact, TitleFact
from office.rules.vocabulary import Scope, Title
from tests.factories.rules import REFORM_DATES, REFORM_IDS, collective, rules_on, teacher

MOET_ROUTES = ("bk.route_d", "bk_bo.movement", "bk_bo.long_task", "bk_bo.irregular")
DOCUMENTS = frozenset({"cover_letter", "minutes", "achievement_report"})


def check(target, facts, when, **kwargs):
    on, year = when
    return check_nomination(target, facts, year=year, on=on, rules=rules_on(on), history=rules_on, **kwargs)


def issuer_for(year: int) -> str:
    return "UBND quận Hà Đông" if year <= 2024 else "UBND phường Hà Đông"


def cstdcs(year):
    return TitleFact(
        year, Title.CSTDCS, issuer_for(year), date(year, 6, 25) if year <= 2024 else date(year, 8, 15)
    )


def initiative(number, year):
    return InitiativeFact(
        id=number, year=year, recognized=True, scope=Scope.SCHOOL, title=f"Sáng kiến {number}"
    )


def route_d_met(year):
    return teacher(
        titles=(cstdcs(year - 1), cstdcs(year)), initiatives=(initiative(3, year - 1), initiative(4, year))
    )


# --- Bằng khen of the MOET Minister: each route ------------------------------------------------------


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_the_moet_form_shows_each_of_its_four_routes(when):
    report = check(Title.BANG_KHEN_BO, teacher(), when)
    routes = [r.code for r in report.results if r.route]
    assert routes == list(MOET_ROUTES)
    # The table of routes is not a condition of its own.
    assert report.result("routes.any_of") is None
    for code in MOET_ROUTES[1:]:
        assert report.result(code).article == "Điều 9 Thông tư 29/2023/TT-BGDĐT"


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_route_d_met_carries_the_moet_form_though_the_other_routes_cannot_tell(when):
    _on, year = when
    report = check(Title.BANG_KHEN_BO, route_d_met(year), when)
    assert report.result("bk.route_d").status == MET
    assert report.result("bk_bo.movement").status == UNKNOWN
    assert report.result("bk_bo.irregular").status == UNKNOWN
    assert report.routes_status == MET
    assert report.verdict == MET
    # A route left unknown is no problem once another route is met.
    assert not [r for r in report.problems if r.route]


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_without_route_d_the_moet_form_cannot_tell_and_says_what_to_attach(when):
    report = check(Title.BANG_KHEN_BO, teacher(), when)
    assert report.result("bk.route_d").status == NOT_MET
    movement = report.result("bk_bo.movement")
    assert movement.status == UNKNOWN
    assert "không lưu kết quả của cá nhân trong phong trào thi đua do Thủ tướng Chính phủ" in movement.reason
    assert "cần đính kèm văn bản phát động phong trào" in movement.reason
    long_task = report.result("bk_bo.long_task")
    assert long_task.status == UNKNOWN
    assert "Thủ tướng giao (từ 3 năm) hoặc Bộ trưởng giao (từ 5 năm)" in long_task.reason
    assert "quyết định giao nhiệm vụ" in long_task.reason
    assert "đột xuất" in report.result("bk_bo.irregular").reason
    assert report.routes_status == UNKNOWN
    assert report.verdict == UNKNOWN


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_the_moet_form_is_not_met_when_every_route_is_ruled_out_or_a_common_rule_fails(when):
    on, year = when
    # Two years in the post: route b is ruled out by the working time alone.
    newcomer = teacher(employed_since=date(on.year - 2, 9, 1))
    long_task = check(Title.BANG_KHEN_BO, newcomer, when).result("bk_bo.long_task")
    assert long_task.status == NOT_MET
    assert "chưa đủ 3 năm" in long_task.reason
    # Route d met, but the person is under investigation: the common rule still decides.
    pending = RestrictionFact("investigation", date(on.year, 1, 10))
    report = check(Title.BANG_KHEN_BO, dataclasses.replace(route_d_met(year), restrictions=(pending,)), when)
    assert report.routes_status == MET
    assert report.verdict == NOT_MET


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_a_thematic_award_of_the_period_is_named_in_the_movement_route(when):
    _on, year = when
    thematic = TitleFact(year, Title.GIAY_KHEN, "Sở Giáo dục và Đào tạo Hà Nội", occasion=OCCASION_THEMATIC)
    reason = check(Title.BANG_KHEN_BO, teacher(titles=(thematic,)), when).result("bk_bo.movement").reason
    assert "Lịch sử khen thưởng có: Giấy khen" in reason
    assert "Sở Giáo dục và Đào tạo Hà Nội" in reason


def test_the_moet_routes_begin_with_circular_29():
    before = check(Title.BANG_KHEN_BO, teacher(), (date(2024, 2, 1), 2024))
    assert [r.code for r in before.results if r.route] == ["bk.route_d"]
    after = check(Title.BANG_KHEN_BO, teacher(), (date(2024, 2, 15), 2024))
    assert [r.code for r in after.results if r.route] == list(MOET_ROUTES)


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_the_provincial_form_keeps_its_one_route(when):
    _on, year = when
    report = check(Title.BANG_KHEN_TINH, teacher(), when)
    assert [r.code for r in report.results if r.route] == ["bk.route_d"]
    assert report.verdict == NOT_MET
    assert check(Title.BANG_KHEN_TINH, route_d_met(year), when).verdict == MET


# --- Bằng khen for a collective ----------------------------------------------------------------------


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
@pytest.mark.parametrize("title", [Title.BANG_KHEN_BO, Title.BANG_KHEN_TINH])
def test_a_collective_bang_khen_cannot_tell_and_cites_criteria_not_found(title, when):
    report = check(title, collective(), when)
    result = report.result("bk.collective")
    assert result.status == UNKNOWN
    assert "không tìm thấy nguồn" in result.reason
    assert "không tìm thấy nguồn" in result.article
    assert report.result("bk.route_d") is None
    assert report.verdict == UNKNOWN


# --- Giấy khen ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
@pytest.mark.parametrize("facts", [teacher(), collective()], ids=["individual", "collective"])
def test_giay_khen_says_its_detailed_criteria_were_not_found(facts, when):
    report = check(Title.GIAY_KHEN, facts, when)
    result = report.result("giay_khen.criteria")
    assert result.status == UNKNOWN
    assert "không tìm thấy nguồn quy định" in result.reason
    assert "Khoản 1 Điều 75" in result.article
    # A collective has no discipline of its own to check; a person has.
    assert ("kỷ luật" in result.reason) == (facts == teacher())
    assert report.result("common.one_achievement").status == MET
    assert report.verdict == UNKNOWN


@pytest.mark.parametrize("when", REFORM_DATES, ids=REFORM_IDS)
def test_giay_khen_is_not_met_when_a_cross_cutting_rule_fails(when):
    on, year = when
    complaint = RestrictionFact("complaint", date(on.year, 3, 1), note="Đơn khiếu nại ngày 01/03")
    report = check(Title.GIAY_KHEN, teacher(restrictions=(complaint,)), when)
    assert report.result("common.discipline").status == NOT_MET
    assert report.verdict == NOT_MET
    given = TitleFact(year, Title.BANG_KHEN_TINH, "UBND thành phố Hà Nội", date(year, 4, 1))
    report = check(Title.GIAY_KHEN, teacher(titles=(given,)), when)
    assert report.result("common.one_achievement").status == NOT_MET


def test_giay_khen_goes_to_the_district_chair_before_1_7_2025_and_to_the_ward_chair_after():
    to_district = DossierFacts(DOCUMENTS, addressed_to_level="chu_tich_ubnd_huyen")
    to_ward = DossierFacts(DOCUMENTS, addressed_to_level="chu_tich_ubnd_xa")
    before = (date(2025, 6, 20), 2025)
    after = (date(2025, 7, 10), 2025)
    assert (
        check(Title.GIAY_KHEN, teacher(), before, dossier=to_district).result("routing.issuer").status == MET
    )
    assert (
        check(Title.GIAY_KHEN, teacher(), before, dossier=to_ward).result("routing.issuer").status == NOT_MET
    )
    late = check(Title.GIAY_KHEN, teacher(), after, dossier=to_district).result("routing.issuer")
    assert late.status == NOT_MET
    assert "Chủ tịch UBND xã/phường" in late.reason
    assert check(Title.GIAY_KHEN, teacher(), after, dossier=to_ward).result("routing.issuer").status == MET
    # The Giấy khen's own rule is the same on both sides of the reform.
    assert (
        check(Title.GIAY_KHEN, teacher(), before).result("giay_khen.criteria").reason
        == check(Title.GIAY_KHEN, teacher(), after).result("giay_khen.criteria").reason
    )
