from datetime import date

from office.authorities.models import Authority, SchoolAuthorityPeriod
from tenants.models import School

REFORM = date(2025, 7, 1)


def make_authority(
    code, *, parent, kind=Authority.Kind.WARD_OFFICE, valid_from=None, valid_to=None, name=None
):
    return Authority.objects.create(
        code=code,
        name=name or f"Cơ quan {code}",
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def bare_school(code, authority, *, since=None, name=None):
    """A school row with its first period but no schema: enough for pages that read only public."""
    school = School.objects.create(
        schema_name=code, code=code, name=name or f"Trường {code}", level="tieu_hoc", authority=authority
    )
    SchoolAuthorityPeriod.objects.create(school=school, authority=authority, valid_from=since)
    return school
