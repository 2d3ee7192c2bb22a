"""Rule 14 (DOMAIN.md §7): among tied candidates women and collectives with at least 70 % women go
first, citing NĐ 98/2023 Art. 4 before 1 July 2025 and NĐ 152/2025 Art. 4 from that day; the
tenure reduction for female leaders is a parameter the platform cannot apply, and its answer says so."""

from datetime import date

import pytest

from office.rules.checker import (
    NO_PRIORITY,
    NOT_CONDITIONS,
    PRIORITY,
    UNKNOWN,
    check_nomination,
    leader_tenure_answer,
    tie_priority,
)
from office.rules.models import RuleVersion
from office.rules.vocabulary import Title
from tests.factories.rules import REFORM_DATES, REFORM_IDS, rules_on, teacher

BEFORE, AFTER = date(2025, 6, 30), date(2025, 7, 1)


@pytest.mark.parametrize(("on", "article"), [(BEFORE, "NĐ 98/2023 Điều 4"), (AFTER, "NĐ 152/2025 Điều 4")])
def test_a_woman_goes_first_citing_the_decree_of_the_day(on, article):
    rules = rules_on(on)
    assert tie_priority(rules, gender="nu").reason == f"Ưu tiên: nữ ({article})"
    assert tie_priority(rules, gender="nu").rank == PRIORITY
    assert tie_priority(rules, gender="nam").rank == NO_PRIORITY
    assert tie_priority(rules, gender="nam").reason == ""


@pytest.mark.parametrize("on", [BEFORE, AFTER], ids=["before-1-7-2025", "after-1-7-2025"])
def test_a_collective_needs_the_share_of_women_in_the_parameter(on):
    rules = rules_on(on)
    three_quarters = tie_priority(rules, members_count=20, female_count=15)
    assert three_quarters.rank == PRIORITY and "Ưu tiên: tập thể có 75 % nữ" in three_quarters.reason
    assert tie_priority(rules, members_count=10, female_count=7).rank == PRIORITY  # exactly 70 %
    assert tie_priority(rules, members_count=10, female_count=6).rank == NO_PRIORITY
    assert tie_priority(rules, members_count=0, female_count=0).rank == NO_PRIORITY  # unknown: no claim


def test_an_authority_changes_the_share_and_before_2024_nobody_has_priority():
    override = RuleVersion(
        code="common.tie_break",
        effective_from=date(2025, 9, 1),
        authority_id=5,
        parameters={"female_collective_min_share": 0.6},
    )

    class Office:
        pk, name = 5, "Phòng Văn hóa – Xã hội"

    rules = rules_on(date(2026, 5, 20), extra=[override], chain=[Office()])
    assert tie_priority(rules, members_count=10, female_count=6).rank == PRIORITY
    assert tie_priority(rules_on(date(2023, 5, 20)), gender="nu").rank == NO_PRIORITY


@pytest.mark.parametrize(("on", "year"), REFORM_DATES, ids=REFORM_IDS)
def test_the_rule_orders_ties_and_is_no_condition_of_a_title(on, year):
    rules = rules_on(on)
    assert "common.tie_break" in NOT_CONDITIONS
    report = check_nomination(Title.LDTT, teacher(), year=year, on=on, rules=rules)
    assert report.result("common.tie_break") is None


@pytest.mark.parametrize(("on", "decree"), [(BEFORE, "98/2023"), (AFTER, "152/2025")])
def test_the_tenure_reduction_answer_says_the_platform_does_not_check_tenure(on, decree):
    answer = leader_tenure_answer(rules_on(on))
    assert answer.status == UNKNOWN and decree in answer.article
    assert "giảm 1/3" in answer.reason
    assert "không lưu và không kiểm tra thời gian giữ chức vụ lãnh đạo" in answer.reason
    assert leader_tenure_answer(rules_on(date(2023, 5, 20))) is None
