"""Checks before issuing: a plan whose header, number, signer or year are not the school's is issued only
once each difference is confirmed, with who and when; "copy to next year" takes the governing body in force
and flags last year's cited documents."""

import datetime
import re

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from office.audit.selectors import history_of
from office.authorities.models import Authority
from office.authorities.services import move_school
from office.submissions.models import Submission
from plans.planning import services as plan_services
from plans.planning.checks import PlanIdentity, SchoolIdentity, plan_differences
from plans.planning.models import Plan, PlanCheckConfirmation
from plans.planning.plan_import import import_plan
from plans.planning.services import PlanError
from tests.factories.authorities import REFORM, make_authority
from tests.factories.plans import LE_QUY_DON, seed_bytes

TODAY = datetime.date(2026, 12, 6)
SCHOOL = SchoolIdentity(
    name="Trường Tiểu học Lê Quý Đôn",
    abbreviation="THLQĐ",
    principals=("Teo Thị Thanh Mai",),
    vice_principals=("Nguyễn Thị Hạnh",),
    today=TODAY,
)


def identity(**changes) -> PlanIdentity:
    values = {
        "issuing_body": "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN",
        "number": "05/KH-THLQĐ",
        "signer_prefix": "",
        "signer_name": "Teo Thị Thanh Mai",
        "year": 2026,
        "title": "Công tác thi đua, khen thưởng năm 2026",
        "issued_on": datetime.date(2026, 1, 8),
    }
    return PlanIdentity(**{**values, **changes})


def codes(plan: PlanIdentity, school: SchoolIdentity = SCHOOL) -> list[str]:
    return [difference.code for difference in plan_differences(plan, school)]


def test_the_schools_own_plan_has_no_difference():
    assert codes(identity()) == []
    # Case and the two Unicode spellings of a letter do not matter.
    assert (
        codes(identity(issuing_body="Trường Tiểu học Lê Quý Đôn", signer_name="Teo Thi\u0323 Thanh Mai"))
        == []
    )
    # A vice principal signs for the principal (KT.), or as acting head (Q.).
    assert codes(identity(signer_prefix="KT.", signer_name="Nguyễn Thị Hạnh")) == []
    assert codes(identity(signer_prefix="Q.", signer_name="Nguyễn Thị Hạnh")) == []
    # A draft for next year, dated in December of this year.
    assert codes(identity(year=2027, title="… năm 2027", issued_on=datetime.date(2026, 12, 20))) == []


def test_each_way_a_plan_is_not_the_schools_is_a_difference():
    other = SchoolIdentity("Trường Tiểu học Yên Hoà", "THYH", ("Dương Thị Hiền",), (), TODAY)
    assert codes(identity(year=2024, title="… năm 2024", issued_on=datetime.date(2024, 1, 9)), other) == [
        "issuing_body",
        "number_agency",
        "signer",
        "year",
    ]
    assert codes(identity(signer_prefix="KT.")) == ["signer"]  # the principal does not sign "KT."
    assert codes(identity(title="Công tác thi đua, khen thưởng năm 2025")) == ["title_year"]
    assert codes(identity(issued_on=datetime.date(2024, 1, 9))) == ["issued_on"]
    assert codes(identity(number="05/KH-")) == ["number_agency"]
    no_head = SchoolIdentity(SCHOOL.name, "", (), (), TODAY)
    differences = plan_differences(identity(), no_head)
    assert [d.code for d in differences] == ["number_agency", "signer"]
    assert differences[1].message == (
        "Người ký: kế hoạch ghi “Teo Thị Thanh Mai”, trong khi trường chưa ghi nhận hiệu trưởng."
    )


def another_schools_plan(world) -> Plan:
    """Lê Quý Đôn's 2024 plan imported by school A: another school's name, number, signer and year."""
    parsed = import_plan(LE_QUY_DON.name, seed_bytes(LE_QUY_DON))
    return plan_services.create_plan_from_import(
        parsed, school=world.school_a, filename=LE_QUY_DON.name, encoding="utf-8", user=world.principal_a
    )


ANOTHER_SCHOOLS = ["issuing_body", "number_agency", "signer", "year"]


def test_another_schools_plan_is_refused_until_every_difference_is_confirmed(world):
    with schema_context(world.school_a.schema_name):
        plan = another_schools_plan(world)
        events = history_of(plan).count()
        for confirm in ([], ANOTHER_SCHOOLS[:3]):
            with pytest.raises(PlanError) as refusal:
                plan_services.issue_plan(plan, school=world.school_a, user=world.principal_a, confirm=confirm)
            message = refusal.value.message
            assert message.startswith("Chưa ban hành được: kế hoạch có điểm khác với thông tin của trường")
            assert "Năm của kế hoạch: kế hoạch ghi “2024”" in message
            # The refusal lists exactly what is still unconfirmed.
            assert ("Tên cơ quan ban hành: kế hoạch ghi “TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN”" in message) == (
                not confirm
            )
            # Nothing changed, not even the confirmations given with the refused request.
            plan.refresh_from_db()
            assert plan.status == Plan.Status.DRAFT and plan.number == "12/KH-THLQĐ"
            assert not PlanCheckConfirmation.objects.exists()
            assert history_of(plan).count() == events
        before = timezone.now()
        issued = plan_services.issue_plan(
            plan, school=world.school_a, user=world.principal_a, confirm=ANOTHER_SCHOOLS
        )
        assert issued.status == Plan.Status.ISSUED
        confirmations = list(PlanCheckConfirmation.objects.filter(plan=plan).order_by("code"))
        assert [c.code for c in confirmations] == sorted(ANOTHER_SCHOOLS)
        assert all(c.confirmed_by == world.principal_a and c.confirmed_at >= before for c in confirmations)
        year = next(c for c in confirmations if c.code == "year")
        assert year.seen == f"2024 ≠ năm nay là {timezone.localdate().year}"
        confirmed = [e for e in history_of(plan) if e.action == "plan.difference_confirmed"]
        assert sorted(e.after["code"] for e in confirmed) == sorted(ANOTHER_SCHOOLS)
    assert Submission.objects.for_school(world.school_a).count() == 1


def test_a_confirmation_holds_for_the_difference_seen_not_for_a_new_one(world):
    with schema_context(world.school_a.schema_name):
        plan = another_schools_plan(world)
        PlanCheckConfirmation.objects.create(
            plan=plan, code="signer", seen="Teo Thị Thanh Mai ≠ hiệu trưởng của trường là Nguyễn Thị An"
        )
        plan_services.update_plan_header(plan, signer_name="Lê Văn Khác", user=world.principal_a)
        with pytest.raises(PlanError, match="Người ký: kế hoạch ghi “Lê Văn Khác”"):
            plan_services.issue_plan(
                plan,
                school=world.school_a,
                user=world.principal_a,
                confirm=["issuing_body", "number_agency", "year"],
            )


def test_the_schools_own_plan_is_issued_without_confirmation(world):
    with schema_context(world.school_a.schema_name):
        plan = another_schools_plan(world)
        year = timezone.localdate().year
        plan_services.update_plan_header(
            plan,
            issuing_body="TRƯỜNG TIỂU HỌC A",
            number="",
            signer_name="Nguyễn Thị An",
            year=year,
            title=f"Công tác thi đua, khen thưởng năm {year}",
            issued_on=None,
            user=world.principal_a,
        )
        issued = plan_services.issue_plan(plan, school=world.school_a, user=world.principal_a)
        assert issued.status == Plan.Status.ISSUED
        assert re.fullmatch(rf"\d+/KH-{world.school_a.abbreviation}", issued.number)
        assert not PlanCheckConfirmation.objects.exists()


def test_the_editor_blocks_issue_until_each_difference_is_ticked(world, client_for):
    with schema_context(world.school_a.schema_name):
        plan = another_schools_plan(world)
    principal = client_for(world.principal_a, world.school_a)
    page = principal.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert 'data-testid="plan-differences"' in page
    for code in ANOTHER_SCHOOLS:
        assert f'name="xac_nhan" value="{code}"' in page
    # Warnings stand beside what they concern: no source line numbers in the editor.
    assert not re.search(r"Dòng \d+:", page)
    assert 'data-testid="section-warnings"' in page

    refused = principal.post(
        f"/ke-hoach/{plan.pk}/thao-tac/ban-hanh/", {"xac_nhan": ["year"]}, follow=True
    ).content.decode()
    assert "Chưa ban hành được" in refused
    with schema_context(world.school_a.schema_name):
        assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT
    done = principal.post(
        f"/ke-hoach/{plan.pk}/thao-tac/ban-hanh/", {"xac_nhan": ANOTHER_SCHOOLS}, follow=True
    )
    assert "Đã ban hành kế hoạch" in done.content.decode()


def test_a_duplicate_number_warning_is_shown_in_the_section_it_concerns(world, client_for):
    with schema_context(world.school_a.schema_name):
        plan = another_schools_plan(world)
        duplicate = next(w for w in plan.import_record["warnings"] if w["code"] == "duplicate_number")
        section = plan.sections.get(pk=duplicate["section"])
        assert (section.marker, duplicate["place"]) == ("III.", "section")
        assert section.heading == "TỔ CHỨC THỰC HIỆN"
    page = client_for(world.principal_a, world.school_a).get(f"/ke-hoach/{plan.pk}/").content.decode()
    start = page.index(f'id="section-{section.pk}"')
    end = page.find('class="plan-section', start)
    assert duplicate["message"] in page[start : end if end > 0 else None]


def test_the_import_review_shows_the_differences_as_blocking(world, client_for, upload_now):
    principal = client_for(world.principal_a, world.school_a)
    # The file is read by its import job (run at once here); its page moves on to the review.
    job = upload_now(principal, "/ke-hoach/nhap/", LE_QUY_DON.name, seed_bytes(LE_QUY_DON))
    page = principal.get(job["Location"], follow=True).content.decode()
    assert 'data-testid="import-differences"' in page
    assert "Ký hiệu cơ quan trong số văn bản" in page and "Người ký" in page


@pytest.fixture
def school_a_under_a_ward_since_the_reform(world):
    city = world.office.parent
    ward = make_authority(
        "t-ubnd-phuong", parent=city, kind=Authority.Kind.WARD_PEOPLES_COMMITTEE, valid_from=REFORM,
        name="UBND phường Hà Đông",
    )  # fmt: skip
    ward_office = make_authority(
        "t-vhxh-phuong", parent=ward, valid_from=REFORM, name="Phòng VH-XH phường Hà Đông"
    )
    move_school(world.school_a, to=ward_office, on=REFORM, user=None, by_system=True)
    return ward


def test_copy_to_next_year_takes_the_governing_body_in_force_and_flags_old_bases(
    world, school_a_under_a_ward_since_the_reform
):
    with schema_context(world.school_a.schema_name):
        plan = another_schools_plan(world)
        plan_services.update_plan_header(
            plan, year=2025, title="Công tác thi đua, khen thưởng năm 2025", user=world.principal_a
        )
        assert plan.parent_body == "UBND QUẬN HÀ ĐÔNG"
        copy = plan_services.copy_plan_to_next_year(plan, user=world.principal_a, school=world.school_a)
        assert copy.parent_body == "UBND PHƯỜNG HÀ ĐÔNG"
        flagged = list(copy.bases.filter(needs_review=True).values_list("number", flat=True))
        assert flagged == ["133/KH-HĐTĐKT", "01/KH-UBND", "4626/KH-SGDĐT", "01/KH-PGDĐT"]
        assert not plan.bases.filter(needs_review=True).exists()  # last year's plan is untouched

        plan_services.confirm_bases_reviewed(copy, user=world.principal_a)
        assert not copy.bases.filter(needs_review=True).exists()
        assert "plan.bases_reviewed" in [e.action for e in history_of(copy)]


def test_editing_the_bases_clears_the_review_flag(world, school_a_under_a_ward_since_the_reform, client_for):
    with schema_context(world.school_a.schema_name):
        plan = another_schools_plan(world)
        copy = plan_services.copy_plan_to_next_year(plan, user=world.principal_a, school=world.school_a)
    principal = client_for(world.principal_a, world.school_a)
    page = principal.get(f"/ke-hoach/{copy.pk}/").content.decode()
    assert 'data-testid="bases-to-review"' in page and "4626/KH-SGDĐT" in page
    principal.post(
        f"/ke-hoach/{copy.pk}/doan-van/",
        {"basis_paragraphs": "Căn cứ Kế hoạch số 4552/KH-SGDĐT ngày 20/12/2024 của Sở GDĐT Hà Nội;"},
    )
    with schema_context(world.school_a.schema_name):
        assert not copy.bases.filter(needs_review=True).exists()
    assert 'data-testid="bases-to-review"' not in principal.get(f"/ke-hoach/{copy.pk}/").content.decode()
