"""Who may do what with a school's own people, declared once (DESIGN.md §4): the services check these
before they write; the pages and the API ask them to decide what to show and to refuse a person before
reading what they sent. Each predicate takes the acting user and the school whose register it is."""

from django.contrib.auth.models import AnonymousUser

from office.accounts.selectors import is_school_manager
from plans.staff.models import Staff

MANAGE_STAFF_REFUSAL = (
    "Chỉ Ban giám hiệu và thư ký Hội đồng TĐKT được sửa danh sách cán bộ và lịch sử khen thưởng."
)
SEE_PERIODS_REFUSAL = "Chỉ Ban giám hiệu, thư ký Hội đồng TĐKT và chính cán bộ đó được xem các giai đoạn này."


def _person(user):
    # A service called with no person (user=None) is asked as an anonymous visitor: no right at all.
    return user if user is not None else AnonymousUser()


def can_manage_staff(user, school) -> bool:
    """The principal, the vice principals and the council secretary keep the register (people, their
    accounts, departments, status periods) and the award history, by hand or from Excel: what the
    school's nominations are later checked against. Every member reads the register and the awards."""
    return is_school_manager(_person(user), school)


def can_see_status_periods(user, school, staff: Staff) -> bool:
    """Maternity, discipline, investigations and complaints are personal: the managers and the person
    themselves see them; a colleague does not."""
    user = _person(user)
    return can_manage_staff(user, school) or (user.is_authenticated and staff.user_id == user.pk)


# A colleague's personal details, beyond what the register is for (who works here, in which
# department and post, what they were awarded): shown to the managers and the person only, on the
# pages, in the API and in exports (Decree 13/2023/NĐ-CP: personal data is processed only as far as
# the purpose needs).
PERSONAL_FIELDS = ("date_of_birth", "years_in_study_or_military")


def can_see_personal_details(user, school, staff: Staff) -> bool:
    user = _person(user)
    return can_manage_staff(user, school) or (user.is_authenticated and staff.user_id == user.pk)
