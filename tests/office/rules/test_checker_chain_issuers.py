"""Each link of a chain of titles must have been given by a body entitled to give it on its date
(issue 15, item 4): the district chair before 1/7/2025, the ward chair after. Facts in, report out."""

from datetime import date

from office.rules.checker import MET, NOT_MET, UNKNOWN, as_of_label, check_nomination
from office.rules.facts import InitiativeFact, TitleFact
from office.rules.issuers import issuer_levels_from_name
from office.rules.vocabulary import Rating, Scope, Title
from tests.factories.rules import rules_on, teacher

ON, YEAR = date(2026, 5, 20), 2026


def chain(link_2025, link_2024=None):
    link_2024 = link_2024 or TitleFact(2024, Title.CSTDCS, "UBND quận Hà Đông", date(2024, 7, 20))
    return (link_2024, link_2025, TitleFact(YEAR, Title.CSTDCS, proposed=True))


def cstd_tinh(titles, **changes):
    facts = teacher(
        titles=titles,
        initiatives=(InitiativeFact(id=1, year=2025, recognized=True, scope=Scope.PROVINCE, title="SK"),),
        **changes,
    )
    report = check_nomination(Title.CSTD_TINH, facts, year=YEAR, on=ON, rules=rules_on(ON), history=rules_on)
    return report, report.result("cstd_tinh.basis")


def test_a_district_link_before_the_reform_and_a_ward_link_after_it_are_both_entitled():
    report, result = cstd_tinh(chain(TitleFact(2025, Title.CSTDCS, "UBND phường Hà Đông", date(2025, 8, 15))))
    assert result.status == MET, result.reason
    assert report.as_of_label == "Xét tại ngày 20/05/2026"


def test_a_district_link_decided_after_1_7_2025_is_not_met_with_the_reason_and_article():
    _report, result = cstd_tinh(chain(TitleFact(2025, Title.CSTDCS, "UBND quận Hà Đông", date(2025, 8, 15))))
    assert result.status == NOT_MET
    assert "UBND quận Hà Đông (Chủ tịch UBND quận/huyện) quyết định ngày 15/08/2025" in result.reason
    assert "Chủ tịch UBND xã/phường" in result.reason
    assert "129/2025" in result.article and "Điều 22" in result.article


def test_a_ward_link_decided_before_1_7_2025_is_not_met():
    link = TitleFact(2025, Title.CSTDCS, "UBND phường Hà Đông", date(2025, 6, 25))
    _report, result = cstd_tinh(chain(link))
    assert result.status == NOT_MET
    assert "tại ngày 25/06/2025 thẩm quyền tặng Chiến sĩ thi đua cơ sở thuộc Chủ tịch UBND quận/huyện" in (
        result.reason
    )


def test_a_body_outside_the_days_it_existed_is_not_entitled():
    link = TitleFact(
        2025, Title.CSTDCS, "UBND phường Hà Đông", date(2025, 8, 15), issuer_valid_from=date(2025, 9, 1)
    )
    _report, result = cstd_tinh(chain(link))
    assert result.status == NOT_MET and "ngoài thời gian cơ quan này hoạt động" in result.reason


def test_an_unknown_issuer_cannot_tell_and_says_so():
    _report, unnamed = cstd_tinh(chain(TitleFact(2025, Title.CSTDCS, "", date(2025, 8, 15))))
    assert unnamed.status == UNKNOWN and "chưa rõ cơ quan quyết định" in unnamed.reason
    _report, odd = cstd_tinh(chain(TitleFact(2025, Title.CSTDCS, "Công đoàn ngành", date(2025, 8, 15))))
    assert odd.status == UNKNOWN and "chưa xác định được Công đoàn ngành" in odd.reason


def test_without_a_decision_date_the_reform_year_cannot_tell_but_an_earlier_year_can():
    _report, result = cstd_tinh(chain(TitleFact(2025, Title.CSTDCS, "UBND quận Hà Đông")))
    assert result.status == UNKNOWN and "chưa có ngày quyết định" in result.reason
    undated_2024 = TitleFact(2024, Title.CSTDCS, "UBND quận Hà Đông")
    ward_2025 = TitleFact(2025, Title.CSTDCS, "UBND phường Hà Đông", date(2025, 8, 15))
    _report, result = cstd_tinh(chain(ward_2025, undated_2024))
    assert result.status == MET, result.reason


def test_bang_khen_route_d_checks_its_cstdcs_links_too_but_excellent_years_still_carry_it():
    on, year = date(2025, 9, 20), 2025
    titles = (
        TitleFact(2024, Title.CSTDCS, "UBND quận Hà Đông", date(2024, 7, 20)),
        TitleFact(2025, Title.CSTDCS, "UBND quận Hà Đông", date(2025, 8, 15)),
    )
    initiatives = tuple(
        InitiativeFact(id=i, year=2025, recognized=True, scope=Scope.SCHOOL, title=f"SK {i}") for i in (1, 2)
    )
    facts = teacher(titles=titles, initiatives=initiatives)
    result = check_nomination(
        Title.BANG_KHEN_TINH, facts, year=year, on=on, rules=rules_on(on), history=rules_on
    ).result("bk.route_d")
    assert result.status == NOT_MET and "Chủ tịch UBND xã/phường" in result.reason
    excellent = teacher(
        titles=titles,
        initiatives=initiatives,
        ratings={2024: Rating.EXCELLENT, 2025: Rating.EXCELLENT},
    )
    result = check_nomination(
        Title.BANG_KHEN_TINH, excellent, year=year, on=on, rules=rules_on(on), history=rules_on
    ).result("bk.route_d")
    assert result.status == MET and "hoàn thành xuất sắc" in result.reason


def test_issuer_levels_are_read_from_the_names_decisions_use():
    assert issuer_levels_from_name("UBND quận Hà Đông") == ("chu_tich_ubnd_huyen",)
    assert issuer_levels_from_name("Chủ tịch UBND phường Kiến Hưng") == ("chu_tich_ubnd_xa",)
    assert issuer_levels_from_name("UBND thành phố Hà Nội") == ("chu_tich_ubnd_tinh",)
    assert issuer_levels_from_name("Sở Giáo dục và Đào tạo Hà Nội") == ("giam_doc_so",)
    assert issuer_levels_from_name("Bộ trưởng Bộ Giáo dục và Đào tạo") == ("bo_truong",)
    assert issuer_levels_from_name("UBND thành phố Thủ Dầu Một") == ()  # a city inside a province
    assert issuer_levels_from_name("", "Cấp tỉnh") == ("chu_tich_ubnd_tinh", "giam_doc_so")
    assert as_of_label(date(2025, 7, 1)) == "Xét tại ngày 01/07/2025"
