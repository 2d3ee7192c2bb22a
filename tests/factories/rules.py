"""Shared pieces of the rules tests: the seeded rule records read straight from the data migration
(so the pure tests check exactly what the database holds), the dates on each side of the changes of
the law, and a well-behaved teacher to vary."""

import dataclasses
import importlib
from datetime import date

from office.rules.facts import CollectiveFacts, IndividualFacts
from office.rules.models import RuleVersion
from office.rules.ruleset import resolve_rules
from office.rules.seeding import patched
from office.rules.vocabulary import Rating

_BY_SCHOOL_LEVEL = importlib.import_module(
    "office.rules.migrations.0003_routing_by_school_level"
).BY_SCHOOL_LEVEL


def _with_school_levels(record: dict) -> dict:
    """A seeded record as the migrations leave it: 0003 adds routing.issuer's school levels."""
    by_level = _BY_SCHOOL_LEVEL.get(record["effective_from"]) if record["code"] == "routing.issuer" else None
    if by_level is None:
        return record
    return {**record, "parameters": {**record["parameters"], "by_school_level": by_level}}


_PATCHES = importlib.import_module("office.rules.migrations.0008_unverified_collective_thresholds").PATCHES


def _with_patches(record: dict) -> dict:
    """A seeded record as the later migrations leave it: 0008 adds parameters to two records."""
    for patch in _PATCHES:
        if (patch["code"], patch["effective_from"]) == (record["code"], record["effective_from"]):
            parameters, note = patched(record["parameters"], record.get("note", ""), patch)
            record = {**record, "parameters": parameters, "note": note}
    return record


SEED = [
    _with_patches(_with_school_levels(r))
    for r in importlib.import_module("office.rules.migrations.0002_seed_rules").RULES
] + [
    *importlib.import_module("office.rules.migrations.0004_routing_before_2024").RULES,
    *importlib.import_module("office.rules.migrations.0005_tie_break").RULES,
    *importlib.import_module("office.rules.migrations.0006_other_routes_and_giay_khen").RULES,
    *importlib.import_module("office.rules.migrations.0007_collective_objection").RULES,
    *importlib.import_module("office.rules.migrations.0009_criteria_not_found").RULES,
]

# (date of the check, the year of the school year checked): a review in May, each side of 1/7/2025.
BEFORE_REFORM = (date(2025, 5, 20), 2025)
AFTER_REFORM = (date(2026, 5, 20), 2026)
REFORM_DATES = [BEFORE_REFORM, AFTER_REFORM]
REFORM_IDS = ["before-1-7-2025", "after-1-7-2025"]
# Each side of 1/1/2024 (Law 2022, NĐ 98/2023).
OLD_LAW = (date(2023, 5, 20), 2023)
NEW_LAW = (date(2024, 5, 20), 2024)
ALL_DATES = [OLD_LAW, NEW_LAW, BEFORE_REFORM, AFTER_REFORM]
ALL_IDS = ["before-2024", "2024", "before-1-7-2025", "after-1-7-2025"]
LAW_2022_DATES = [NEW_LAW, BEFORE_REFORM, AFTER_REFORM]
LAW_2022_IDS = ["2024", "before-1-7-2025", "after-1-7-2025"]


def seed_versions(extra=()) -> list[RuleVersion]:
    """The seeded national versions as unsaved rows, plus any extra (override) rows."""
    return [RuleVersion(**record) for record in SEED] + list(extra)


def rules_on(on: date, extra=(), chain=()):
    return resolve_rules(seed_versions(extra), on, chain)


def teacher(**changes) -> IndividualFacts:
    """A teacher recruited in 2005, rated "good" every year, with a clean record and nothing else."""
    base = IndividualFacts(
        staff_id=7,
        full_name="Nguyễn Thị Hoa",
        gender="nu",
        teaches=True,
        employed_since=date(2005, 9, 1),
        ratings={year: Rating.GOOD for year in range(2005, 2031)},
        titles=(),
        initiatives=(),
        restrictions=(),
        maternity_periods=(),
        joined_sector_on=date(2005, 9, 1),
        years_in_study_or_military=0,
        difficult_area_years=0,
        previous_knc=False,
    )
    return dataclasses.replace(base, **changes)


def rated(base_ratings: dict, **years) -> dict:
    """`rated(t.ratings, y2025=Rating.EXCELLENT)`: the ratings with some years changed."""
    ratings = dict(base_ratings)
    for key, value in years.items():
        ratings[int(key[1:])] = value
    return ratings


def collective(**changes) -> CollectiveFacts:
    base = CollectiveFacts(
        name="Trường Tiểu học Lê Quý Đôn",
        members_count=40,
        completed_count=40,
        ldtt_count=32,
        cstdcs_count=4,
        female_count=34,
        collective_rating=Rating.EXCELLENT,
        worst_member_discipline=None,
        members_disciplined=False,
        titles=(),
    )
    return dataclasses.replace(base, **changes)
