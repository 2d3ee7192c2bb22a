"""The checker's facts as JSON (the dossier's snapshot carries them for the office's re-check): every
kind of fact comes back equal, typed as the checker reads it."""

import datetime
import json
from decimal import Decimal

import pytest

from office.rules.facts import (
    COMPLAINT,
    COVER_LETTER,
    DISCIPLINE,
    MINUTES,
    OCCASION_THEMATIC,
    CollectiveFacts,
    DossierFacts,
    IndividualFacts,
    InitiativeFact,
    Period,
    RestrictionFact,
    TitleFact,
    facts_from_json,
    facts_to_json,
)
from office.rules.vocabulary import DisciplineLevel, Rating, Scope, Title

PERSON = IndividualFacts(
    staff_id=7,
    full_name="Nguyễn Thị Hồng Nhung",
    gender="nu",
    teaches=True,
    employed_since=datetime.date(2012, 9, 5),
    ratings={2025: Rating.EXCELLENT, 2026: Rating.GOOD},
    titles=[
        TitleFact(
            2025,
            Title.LDTT,
            issuer_name="UBND quận Hà Đông",
            decision_date=datetime.date(2025, 6, 12),
            decision_number="1234/QĐ-UBND",
            occasion=OCCASION_THEMATIC,
        ),
        TitleFact(2026, Title.CSTDCS, proposed=True, issuer_levels=("chu_tich_ubnd_xa",)),
    ],
    initiatives=[InitiativeFact(3, 2026, True, Scope.SCHOOL, used_for=None, title="Đọc đúng, đọc hay")],
    restrictions=[
        RestrictionFact(
            DISCIPLINE, datetime.date(2020, 1, 2), datetime.date(2020, 12, 31), DisciplineLevel.REPRIMAND
        ),
        RestrictionFact(COMPLAINT, datetime.date(2026, 7, 1)),
    ],
    maternity_periods=[Period(datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))],
    joined_sector_on=datetime.date(2012, 9, 5),
    years_in_study_or_military=Decimal("1.5"),
    difficult_area_years=Decimal("0"),
    previous_knc=False,
    cited_initiative_ids=(3,),
)


@pytest.mark.parametrize(
    "facts",
    [
        PERSON,
        IndividualFacts(staff_id=None, full_name="Lê Văn Minh", titles=None, restrictions=None),
        CollectiveFacts(
            name="Trường Tiểu học Lê Quý Đôn",
            members_count=52,
            completed_count=50,
            ldtt_count=40,
            cstdcs_count=6,
            female_count=45,
            collective_rating=Rating.EXCELLENT,
            worst_member_discipline=DisciplineLevel.REPRIMAND,
            titles=[TitleFact(2025, Title.TTLDTT, issuer_name="UBND quận Hà Đông")],
        ),
        CollectiveFacts(name="Tổ 1"),
        DossierFacts(
            documents={COVER_LETTER, MINUTES},
            evidence_count=2,
            evidence_certified=True,
            addressed_to_level="chu_tich_ubnd_xa",
            school_level="primary",
        ),
    ],
)
def test_facts_come_back_from_json_equal_and_typed(facts):
    data = facts_to_json(facts)
    assert json_roundtrip(data) == data  # plain JSON, as the snapshot stores it
    back = facts_from_json(json_roundtrip(data))
    assert back == facts
    assert type(back) is type(facts)


def test_the_types_the_checker_reads_are_restored():
    back = facts_from_json(json_roundtrip(facts_to_json(PERSON)))
    assert back.ratings == {2025: Rating.EXCELLENT, 2026: Rating.GOOD}
    assert all(isinstance(year, int) for year in back.ratings)
    assert back.titles[0].decision_date == datetime.date(2025, 6, 12)
    assert back.titles[0].issuer_levels == ("chu_tich_ubnd_huyen",)
    assert isinstance(back.titles, tuple) and back.restrictions[1].ends_on is None
    assert back.years_in_study_or_military == Decimal("1.5")
    assert back.initiatives[0].scope is Scope.SCHOOL


def test_a_field_the_snapshot_lacks_takes_its_default_and_an_unknown_kind_is_refused():
    data = facts_to_json(PERSON)
    del data["previous_knc"]
    data["a_field_of_a_later_version"] = 1
    assert facts_from_json(data).previous_knc is None
    with pytest.raises(ValueError):
        facts_from_json({"kind": "plan"})


def json_roundtrip(data):
    return json.loads(json.dumps(data, ensure_ascii=False))
