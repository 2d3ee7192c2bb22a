"""Who may act on a person's data as a whole (Decree 13/2023/NĐ-CP), declared once.

The school is the controller of its staff's personal data: it keeps the register, and the office
never writes into a school's schema inside a request (DESIGN.md §3 rule 1). So the person answering a
request to export or erase one person's data is the school's head, the principal; the deputies and
the council secretary keep the register day to day but do not decide on the data as a whole."""

from office.accounts.models import Role
from office.accounts.selectors import school_roles

HANDLE_PERSONAL_DATA_REFUSAL = "Chỉ Hiệu trưởng được xuất hoặc xoá toàn bộ dữ liệu cá nhân của một người."


def can_handle_personal_data(user, school) -> bool:
    return Role.PRINCIPAL in school_roles(user, school)
