"""Who may do what with initiatives, declared once: the services check these predicates before they
write anything, and pages, the API and the evidence download ask the same ones (DESIGN.md §7,
pretalx style). Reviewing itself is an object grant (django-guardian, initiatives.review_initiative
on one initiative); the rest follows from school roles and the year's council. No person (a script
that forgot to say who acts) holds any of these rights."""

from office.accounts.models import Role
from office.accounts.selectors import is_school_manager, school_roles
from plans.initiatives.models import Initiative, InitiativeCouncil, Review
from plans.initiatives.selectors import council_for, staff_ids_of

REVIEW_PERMISSION = "initiatives.review_initiative"

MANAGERS_REGISTER_FOR_OTHERS = "Chỉ Ban giám hiệu được đăng ký sáng kiến hộ người khác."
EDIT_REFUSED = "Chỉ tác giả hoặc Ban giám hiệu được sửa sáng kiến trước khi chấm."
ATTACH_REFUSED = "Chỉ tác giả hoặc Ban giám hiệu được tải tài liệu sáng kiến."
SUBMIT_REFUSED = "Chỉ tác giả hoặc Ban giám hiệu được nộp sáng kiến."
ASSIGN_REFUSED = "Chỉ Ban giám hiệu, thư ký hoặc chủ tịch hội đồng sáng kiến được phân công chấm."
SCORE_REFUSED = "Bạn không được phân công chấm sáng kiến này."
DECIDE_REFUSED = "Chỉ chủ tịch hội đồng sáng kiến hoặc Hiệu trưởng được ghi quyết định."
RUBRIC_REFUSED = "Chỉ Ban giám hiệu và thư ký được sửa tiêu chí chấm."
COUNCIL_REFUSED = "Chỉ Ban giám hiệu và thư ký được lập hội đồng sáng kiến."


def can_manage(user, school) -> bool:
    """Principal, vice principals and the council secretary: register for anyone, set up the year
    (its rubric and its council), and act on any initiative before its review starts."""
    return user is not None and is_school_manager(user, school)


def can_register_for(user, school, author) -> bool:
    """A staff member registers their own topic (the staff record linked to their account); a
    manager registers for anyone, as teachers without an account hand theirs in on paper."""
    own = author.user_id is not None and author.user_id == getattr(user, "pk", None)
    return own or can_manage(user, school)


def is_chair(user, council: InitiativeCouncil | None) -> bool:
    return (
        council is not None and council.chair_id is not None and council.chair_id == getattr(user, "pk", None)
    )


def is_council_member(user, council: InitiativeCouncil | None) -> bool:
    if council is None or user is None:
        return False
    return is_chair(user, council) or any(m.user_id == user.pk for m in council.memberships.all())


def can_assign_reviewers(user, school, council: InitiativeCouncil | None) -> bool:
    """Assign and withdraw reviewers: the managers, and the chair of the year's council."""
    return can_manage(user, school) or is_chair(user, council)


def can_score(user, review: Review, initiative: Initiative) -> bool:
    """Score a review: the reviewer it was opened for, while they hold the grant on that initiative
    (withdrawing a reviewer removes it)."""
    return (
        user is not None
        and review.reviewer_id == getattr(user, "pk", None)
        and user.has_perm(REVIEW_PERMISSION, initiative)
    )


def can_decide(user, school, council: InitiativeCouncil | None) -> bool:
    """The council decides; its chair, or the principal who heads the school, records it."""
    principal = user is not None and Role.PRINCIPAL in school_roles(user, school)
    return principal or is_chair(user, council)


def is_author(initiative: Initiative, staff_ids: set[int]) -> bool:
    return initiative.author_id in staff_ids or any(s.pk in staff_ids for s in initiative.co_authors.all())


def can_edit(user, school, initiative: Initiative, staff_ids: set[int]) -> bool:
    """Title, co-authors, document: the author (or a co-author) and the managers, until the review starts."""
    if initiative.status not in (Initiative.Status.REGISTERED, Initiative.Status.SUBMITTED):
        return False
    return can_manage(user, school) or is_author(initiative, staff_ids)


def can_see_scores(
    user, school, initiative: Initiative, reviews: list[Review], council, staff_ids: set[int]
) -> bool:
    """Other reviewers' points: a reviewer only once their own review is submitted; the council and
    managers always; an author never (they see the grade the council decides)."""
    own = [review for review in reviews if review.reviewer_id == user.pk]
    if own:
        return own[0].is_submitted
    if is_author(initiative, staff_ids):
        return False
    return can_manage(user, school) or is_council_member(user, council)


def can_view_document(
    user, school, initiative: Initiative, reviews: list[Review], council, staff_ids: set[int]
) -> bool:
    return (
        can_manage(user, school)
        or is_author(initiative, staff_ids)
        or any(review.reviewer_id == user.pk for review in reviews)
        or is_council_member(user, council)
    )


def initiative_evidence_viewer(evidence, user, school) -> bool:
    """Evidence rule for initiative documents (registered in InitiativesConfig.ready): the people who
    may read the initiative's document may download it."""
    staff_ids = staff_ids_of(user)
    initiatives = Initiative.objects.filter(document=evidence).prefetch_related("co_authors", "reviews")
    for initiative in initiatives:
        reviews = list(initiative.reviews.all())
        council = council_for(initiative.school_year)
        if can_view_document(user, school, initiative, reviews, council, staff_ids):
            return True
    return False
