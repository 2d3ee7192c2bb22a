"""Who may prepare and record award decisions, declared once and asked by pages, the API and the
services. A decision belongs to the office that prepared it; the people of that office and of the
offices above it see and prepare it, and only the head of one of them records it."""

from office.accounts.selectors import is_office_member
from office.decisions.models import Decision
from office.decisions.selectors import is_office_head_for, visible_office_ids

DRAFT_REFUSED = "Chỉ cán bộ của cơ quan quản lý mới soạn được quyết định khen thưởng."
RECORD_REFUSED = "Chỉ lãnh đạo phòng mới ghi nhận được quyết định khen thưởng."


def can_draft_decisions(user) -> bool:
    """Any office member (specialist or head) drafts decisions for their own office: the list is
    prepared by the specialists and signed by the head."""
    return user is not None and is_office_member(user)


def can_edit_decision(user, decision: Decision) -> bool:
    """The draft and its list are prepared by the people of the preparing office or an office above
    it: the same people who see it (office.decisions.selectors.decisions_visible_to)."""
    return user is not None and user.is_authenticated and decision.office_id in visible_office_ids(user)


def can_record_decision(user, decision: Decision) -> bool:
    """Recording locks the decision and sends the awards to the schools: the signed act of the head
    ("lãnh đạo") of the preparing office or of an office above it, never a specialist's."""
    return user is not None and is_office_head_for(user, decision)


def can_resume_delivery(user, decision: Decision) -> bool:
    """Sending a stuck delivery again changes nothing the decision says, so whoever prepares the
    decision may press it."""
    return can_edit_decision(user, decision)
