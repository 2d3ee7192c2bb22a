"""Who may review what schools send, declared once and asked by the pages, the API, the batch preview
and the review services. The office reviews the schools in its subtree; taking an approval back is
the head's ("lãnh đạo"), since it reopens what the office has signed off."""

from office.submissions.models import Submission
from office.submissions.selectors import is_office_head_for, reviewing_memberships

REVIEW_REFUSED = "Bạn không phụ trách trường gửi hồ sơ này."
UNAPPROVE_REFUSED = "Chỉ lãnh đạo cơ quan quản lý được hủy duyệt hồ sơ đã duyệt."


def can_review_submission(user, submission: Submission) -> bool:
    """Return, accept, forward and tick the checklist: a member (specialist or head) of an office
    whose subtree holds the sending school."""
    return user is not None and bool(reviewing_memberships(user, submission.school))


def can_unapprove_submission(user, submission: Submission) -> bool:
    """Unapproving reopens a locked dossier for the school to change: the head of an office whose
    subtree holds the sending school, never a specialist."""
    return user is not None and is_office_head_for(user, submission.school)


def can_see_technical_details(user, submission: Submission) -> bool:
    """The raw snapshot (codes, storage keys, hashes) helps whoever runs the office's platform trace a
    problem; a specialist reviews the readable page. The office's head (its administrator) sees it."""
    return user is not None and is_office_head_for(user, submission.school)
