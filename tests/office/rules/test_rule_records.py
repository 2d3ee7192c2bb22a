"""The rule records in the database: the seeded national versions with their citations and dates, the
selectors that resolve them for an authority, and the service with which an authority changes a
parameter for its own subtree from a date."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.audit.models import AuditEvent
from office.authorities.models import Authority
from office.rules.checker import MET, NOT_MET, check_nomination, expected_issuer_level, knc_eligibility
from office.rules.models import RuleVersion
from office.rules.selectors import active_rules, rule_history, rules_for_display
from office.rules.services import RuleError, override_rule_parameters
from office.rules.vocabulary import Rating, Title
from tests.factories.rules import SEED, collective, rules_on, teacher

RULE_CODES = {
    "ldtt.rating",
    "common.collective_objection",
    "ldtt.employment",
    "cstdcs.basis",
    "cstdcs.cap",
    "cstd_tinh.basis",
    "cstd_tq.basis",
    "ttldxs.basis",
    "ttldtt.basis",
    "bk.route_d",
    "bk_ttg.route_b",
    "initiative.single_use",
    "initiative.validity",
    "common.one_achievement",
    "common.discipline",
    "common.maternity_leave",
    "common.tie_break",
    "knc.service_years",
    "dossier.completeness",
    "routing.issuer",
    "bonus.multipliers",
    "routes.any_of",
    "bk_bo.movement",
    "bk_bo.long_task",
    "bk_bo.irregular",
    "bk.collective",
    "giay_khen.criteria",
    "criteria.not_found",
    "cluster.flag_proposal",
}


def reads(queries) -> list[str]:
    # django-tenants sends SET search_path before each read; what is counted here are the reads.
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET search_path")]


def national(code):
    return list(RuleVersion.objects.filter(code=code, authority__isnull=True).order_by("effective_from"))


@pytest.mark.django_db
def test_every_rule_is_seeded_with_its_citation_and_source():
    versions = RuleVersion.objects.filter(authority__isnull=True)
    assert {v.code for v in versions} == RULE_CODES
    assert versions.count() == len(SEED)
    for version in versions:
        assert version.article and version.name and version.source_url.startswith("http"), version.code
        assert set(version.titles) <= set(Title.values), version.code


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "change", "key", "before", "after"),
    [
        ("ldtt.employment", date(2024, 1, 1), "min_months_employed", 10, 6),
        (
            "cstdcs.basis",
            date(2024, 1, 1),
            "accepted_bases",
            ["initiative", "science_project"],
            ["excellent_rating", "initiative", "science_project"],
        ),
        ("cstdcs.cap", date(2024, 1, 1), "cstdcs_cap_share", 0.15, None),
        ("ttldtt.basis", date(2024, 1, 1), "min_ldtt_share", 0.5, 0.7),
        ("routing.issuer", date(2025, 7, 1), None, None, None),
        ("bonus.multipliers", date(2025, 7, 1), None, None, None),
        ("common.tie_break", date(2025, 7, 1), "short_article", "NĐ 98/2023 Điều 4", "NĐ 152/2025 Điều 4"),
    ],
)
def test_where_the_law_changed_two_versions_meet_on_the_day_of_the_change(code, change, key, before, after):
    *_earlier, old, new = national(code)
    assert old.effective_to == change - timedelta(days=1)
    assert new.effective_from == change and new.effective_to is None
    if key:
        assert old.parameters[key] == before
        assert new.parameters[key] == after


@pytest.mark.django_db
def test_the_ttldtt_record_says_which_share_is_used_and_why():
    new = national("ttldtt.basis")[1]
    assert "70%" in new.note and "29/2023" in new.note and "50%" in new.note
    assert "UNVERIFIED" in new.note


@pytest.mark.django_db
def test_a_rule_version_reads_in_vietnamese():
    old = national("ldtt.employment")[0]
    assert str(old) == (
        "Lao động tiên tiến: thời gian công tác từ khi tuyển dụng (Nghị định 91/2017/NĐ-CP (không xét người mới "
        "tuyển dụng dưới 10 tháng)), áp dụng từ 01/10/2017 đến hết 31/12/2023"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("on", [date(2023, 5, 1), date(2025, 5, 1), date(2026, 5, 1)])
def test_active_rules_from_the_database_equal_the_seed(on):
    with CaptureQueriesContext(connection) as queries:
        from_db = active_rules(on)
    assert len(reads(queries)) == 1
    from_seed = rules_on(on)
    assert set(from_db.rules) == set(from_seed.rules)
    for code, rule in from_seed.rules.items():
        assert dict(from_db.get(code).parameters) == dict(rule.parameters)
        assert from_db.get(code).article == rule.article


@pytest.mark.django_db
def test_rules_for_display_lists_the_rules_in_force_in_one_query(world):
    override_rule_parameters(
        code="cstdcs.cap",
        authority=world.office,
        effective_from=date(2026, 1, 1),
        parameters={"cstdcs_cap_share": 0.15},
    )
    with CaptureQueriesContext(connection) as queries:
        shown = [str(v) for v in rules_for_display(date(2026, 3, 1))]
    assert len(reads(queries)) == 1
    assert len(shown) == len(rules_on(date(2026, 3, 1)).rules) + 1
    assert any("điều chỉnh của Phòng GDĐT Thử nghiệm" in s for s in shown)
    assert [v.effective_from for v in rule_history("ldtt.employment")] == [
        date(2017, 10, 1),
        date(2024, 1, 1),
    ]


# --- an authority's override: its subtree only, from its date only ---------------------------------


@pytest.mark.django_db
def test_a_cap_set_by_an_office_applies_to_its_subtree_from_its_date(world):
    version = override_rule_parameters(
        code="cstdcs.cap",
        authority=world.office,
        effective_from=date(2026, 1, 1),
        parameters={"cstdcs_cap_share": 0.15},
        user=world.specialist,
        article="Hướng dẫn 5/HD-PGDĐT",
        note="Giữ tỷ lệ 15% như trước 2024",
    )
    assert version.titles == ["cstdcs"] and version.name.startswith("Chiến sĩ thi đua cơ sở")
    school_authority = world.school_a.authority
    assert active_rules(date(2026, 3, 1), school_authority).param("cstdcs.cap", "cstdcs_cap_share") == 0.15
    assert active_rules(date(2025, 12, 31), school_authority).param("cstdcs.cap", "cstdcs_cap_share") is None
    assert active_rules(date(2026, 3, 1), world.other_office).param("cstdcs.cap", "cstdcs_cap_share") is None
    assert active_rules(date(2026, 3, 1), world.office.parent).param("cstdcs.cap", "cstdcs_cap_share") is None
    assert active_rules(date(2026, 3, 1)).param("cstdcs.cap", "cstdcs_cap_share") is None

    event = AuditEvent.objects.get(action="rule.overridden", object_id=str(version.pk))
    assert event.user == world.specialist
    assert event.after["parameters"] == {"cstdcs_cap_share": 0.15}

    # The checker, with the rules of each school's authority: 4 CSTĐCS for 20 LĐTT is over 15%.
    facts = teacher(ratings={2026: Rating.EXCELLENT})
    unit = collective(ldtt_count=20, cstdcs_count=4)

    def verdict(authority):
        rules = active_rules(date(2026, 5, 20), authority)
        return check_nomination(Title.CSTDCS, facts, year=2026, on=date(2026, 5, 20), rules=rules, unit=unit)

    in_subtree = verdict(world.school_a.authority)
    assert in_subtree.result("cstdcs.cap").status == NOT_MET
    assert "Hướng dẫn 5/HD-PGDĐT" in in_subtree.result("cstdcs.cap").article
    assert verdict(world.school_b.authority).result("cstdcs.cap") is None
    assert verdict(world.school_b.authority).verdict == MET


@pytest.mark.django_db
def test_a_city_override_reaches_every_office_below_and_a_nearer_one_wins(world):
    city = world.office.parent
    override_rule_parameters(
        code="cstdcs.cap",
        authority=city,
        effective_from=date(2026, 1, 1),
        parameters={"cstdcs_cap_share": 0.2},
    )
    override_rule_parameters(
        code="cstdcs.cap",
        authority=world.office,
        effective_from=date(2026, 1, 1),
        parameters={"cstdcs_cap_share": 0.1},
    )
    on = date(2026, 3, 1)
    assert active_rules(on, world.other_office).param("cstdcs.cap", "cstdcs_cap_share") == 0.2
    assert active_rules(on, world.office).param("cstdcs.cap", "cstdcs_cap_share") == 0.1


@pytest.mark.django_db
def test_a_new_override_closes_the_previous_one(world):
    first = override_rule_parameters(
        code="ttldtt.basis",
        authority=world.office,
        effective_from=date(2026, 1, 1),
        parameters={"min_ldtt_share": 0.6},
    )
    override_rule_parameters(
        code="ttldtt.basis",
        authority=world.office,
        effective_from=date(2027, 1, 1),
        parameters={"min_ldtt_share": 0.75},
    )
    first.refresh_from_db()
    assert first.effective_to == date(2026, 12, 31)
    assert active_rules(date(2026, 6, 1), world.office).param("ttldtt.basis", "min_ldtt_share") == 0.6
    assert active_rules(date(2027, 6, 1), world.office).param("ttldtt.basis", "min_ldtt_share") == 0.75
    event = AuditEvent.objects.filter(action="rule.overridden").latest("pk")
    assert event.before["parameters"] == {"min_ldtt_share": 0.6}


@pytest.mark.django_db
def test_an_office_can_stop_a_rule_for_its_subtree(world):
    override_rule_parameters(
        code="common.maternity_leave",
        authority=world.office,
        effective_from=date(2026, 1, 1),
        parameters={},
        enabled=False,
    )
    assert "common.maternity_leave" not in active_rules(date(2026, 3, 1), world.office)
    assert "common.maternity_leave" in active_rules(date(2026, 3, 1), world.other_office)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"code": "khong.co", "parameters": {}}, "Không có quy tắc mã “khong.co”."),
        ({"code": "cstdcs.cap", "parameters": {"ti_le": 0.1}}, "không có tham số: ti_le"),
        ({"code": "cstdcs.cap", "parameters": {"cstdcs_cap_share": 1.5}}, "phải là tỷ lệ từ 0 đến 1"),
        ({"code": "cstdcs.cap", "parameters": {"cstdcs_cap_share": "15%"}}, "phải là tỷ lệ từ 0 đến 1"),
    ],
)
def test_a_bad_override_is_refused_in_vietnamese(world, kwargs, message):
    with pytest.raises(RuleError, match=message):
        override_rule_parameters(authority=world.office, effective_from=date(2026, 1, 1), **kwargs)
    assert not RuleVersion.objects.filter(authority=world.office).exists()


@pytest.mark.django_db
def test_an_override_cannot_go_back_before_an_existing_one(world):
    override_rule_parameters(
        code="cstdcs.cap",
        authority=world.office,
        effective_from=date(2026, 1, 1),
        parameters={"cstdcs_cap_share": 0.1},
    )
    with pytest.raises(RuleError, match="đã có điều chỉnh quy tắc này từ ngày 01/01/2026"):
        override_rule_parameters(
            code="cstdcs.cap",
            authority=world.office,
            effective_from=date(2025, 9, 1),
            parameters={"cstdcs_cap_share": 0.2},
        )


# --- the functions that read the rules themselves when not handed them ------------------------------


@pytest.mark.django_db
def test_the_table_functions_read_the_rules_in_force_on_their_date():
    assert expected_issuer_level(Title.CSTDCS, date(2024, 6, 1)) == "chu_tich_ubnd_huyen"
    assert expected_issuer_level(Title.CSTDCS, date(2025, 8, 1)) == "chu_tich_ubnd_xa"
    on = date(2026, 5, 20)
    assert knc_eligibility(teacher(joined_sector_on=date(2006, 5, 20)), on).status == MET


@pytest.mark.django_db
def test_the_authority_kinds_of_the_reform_are_all_usable_as_override_owners():
    ward = Authority.objects.create(
        code="t-ward", name="UBND phường Hà Đông", kind=Authority.Kind.WARD_PEOPLES_COMMITTEE
    )
    override_rule_parameters(
        code="cstdcs.cap",
        authority=ward,
        effective_from=date(2025, 7, 1),
        parameters={"cstdcs_cap_share": 0.3},
    )
    assert active_rules(date(2025, 7, 1), ward).param("cstdcs.cap", "cstdcs_cap_share") == 0.3
    assert active_rules(date(2025, 6, 30), ward).param("cstdcs.cap", "cstdcs_cap_share") is None


@pytest.mark.django_db
def test_routing_before_the_law_of_2022_ends_the_day_before_it_and_says_what_is_unverified():
    oldest, law_2022, _reform = national("routing.issuer")
    assert oldest.effective_to == law_2022.effective_from - timedelta(days=1)
    assert oldest.parameters["issuer_levels"]["cstdcs"] == ["chu_tich_ubnd_huyen", "giam_doc_so"]
    assert "UNVERIFIED" in oldest.note
