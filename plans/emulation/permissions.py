"""Who may do what in the emulation year, declared once: the services check these predicates before
they write anything, pages and the API ask the same ones to decide what to show.

Two school roles carry the year: the managers (principal, vice principals, the council secretary)
run registration, ratings and review rounds; the signers (principal and vice principals, who sign
the school's documents) approve registrations and send the list to the office. The secret ballot
belongs to the members of the round's council, whatever their role in the school."""

from office.accounts.selectors import can_sign_for_school, is_school_manager
from plans.emulation.selectors import is_council_member

MANAGERS_ONLY = "Chỉ Ban giám hiệu và thư ký Hội đồng TĐKT được làm việc này."
MANAGERS_ONLY_TO_SEE = "Chỉ Ban giám hiệu và thư ký Hội đồng TĐKT được xem và làm việc này."
SIGNERS_ONLY = "Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng được làm việc này."
OWN_REGISTRATION_ONLY = "Thầy/cô chỉ đăng ký được cho chính mình."
COUNCIL_ONLY = "Chỉ thành viên Hội đồng Thi đua – Khen thưởng được bỏ phiếu."


def _manager(user, school) -> bool:
    # No person (a script that forgot to say who acts) holds no role: refused, never let through.
    return user is not None and is_school_manager(user, school)


def can_manage_registration(user, school) -> bool:
    """Open a year's registration, invite staff, register for anyone at any time (the council's
    secretary enters what staff hand in on paper), register the collective, close and reopen it, and
    see everyone's registrations: the school's managers."""
    return _manager(user, school)


def can_register_as_staff(user, staff) -> bool:
    """Under the staff's own rules (until the deadline) a person registers only the staff record
    linked to their account; registering anyone else is a manager's, under `can_manage_registration`."""
    return staff.user_id is not None and staff.user_id == getattr(user, "pk", None)


def can_approve_registrations(user, school) -> bool:
    """Approve or return a registration and send the approved list to the office: the principal or a
    vice principal, as the list goes out over their signature."""
    return user is not None and can_sign_for_school(user, school)


def can_rate_staff(user, school) -> bool:
    """Enter the year's civil-servant ratings of the staff and read everyone's: the school's managers."""
    return _manager(user, school)


def can_run_review(user, school) -> bool:
    """Open a review round, change it, name its council, draw up the list of candidates, enter the
    meeting's tallies and close it: the school's managers (the secretary keeps the minutes)."""
    return _manager(user, school)


def can_vote(user, review_round) -> bool:
    """Cast the secret ballot of a round: the members of that round's council, and nobody else."""
    return is_council_member(review_round, user)
