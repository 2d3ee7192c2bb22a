"""Who may do what with the school's good examples, declared once: the services check these predicates
before they write anything, the pages, the API and the evidence download ask the same ones.

- Propose: a department head (tổ trưởng) for a person of their own department or the department
  itself; the principal and vice principals for anyone, any department, or the school as a collective.
- Edit and add photos or documents: whoever proposed it and the principal or vice principals, while it
  waits for confirmation or was returned.
- Confirm or return with a note: the principal alone, who answers for the school's examples.
- See: everyone of the school sees confirmed examples; one not yet confirmed only the proposer and the
  school's managers.
- Send up (with a dossier or on their own): the principal or a vice principal signing for the school."""

from office.accounts.models import Role
from office.accounts.selectors import can_sign_for_school, is_school_manager, school_roles
from plans.examples.models import Example

PROPOSE_REFUSAL = "Chỉ tổ trưởng chuyên môn, Hiệu trưởng hoặc Phó Hiệu trưởng được đề xuất gương điển hình."
DEPARTMENT_REFUSAL = "Tổ trưởng chỉ đề xuất gương điển hình của tổ mình hoặc cán bộ, giáo viên trong tổ."
EDIT_REFUSAL = "Chỉ người đề xuất hoặc Ban giám hiệu được sửa gương điển hình trước khi xác nhận."
CONFIRM_REFUSAL = "Chỉ Hiệu trưởng được xác nhận hoặc trả lại gương điển hình."
SUBMIT_REFUSAL = "Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng được gửi gương điển hình lên cơ quan quản lý."

LEADERS = {Role.PRINCIPAL, Role.VICE_PRINCIPAL}


def is_leader(user, school) -> bool:
    return bool(school_roles(user, school) & LEADERS)


def can_propose(user, school) -> bool:
    """Propose at all (the register's "new" button): department heads and the school's leaders."""
    return bool(school_roles(user, school) & (LEADERS | {Role.DEPARTMENT_HEAD}))


def can_propose_for(
    user, school, *, subject: str, department_id: int | None, own_department_id: int | None
) -> bool:
    """Propose this subject: a leader anything; a department head their own department or one of its
    people (`department_id` is the subject's department, `own_department_id` the head's own)."""
    if is_leader(user, school):
        return True
    if Role.DEPARTMENT_HEAD not in school_roles(user, school) or subject == Example.Subject.SCHOOL:
        return False
    return own_department_id is not None and department_id == own_department_id


def can_edit(user, school, example: Example) -> bool:
    if example.status == Example.Status.CONFIRMED:
        return False
    own = example.proposed_by_id is not None and example.proposed_by_id == getattr(user, "pk", None)
    return (own and can_propose(user, school)) or is_leader(user, school)


def can_confirm(user, school) -> bool:
    return Role.PRINCIPAL in school_roles(user, school)


def can_view(user, school, example: Example) -> bool:
    if not school_roles(user, school):
        return False
    if example.is_confirmed:
        return True
    own = example.proposed_by_id is not None and example.proposed_by_id == getattr(user, "pk", None)
    return own or is_school_manager(user, school)


def can_send_up(user, school) -> bool:
    return user is not None and can_sign_for_school(user, school)


def example_evidence_viewer(evidence, user, school) -> bool:
    """Evidence rule for examples' photos and documents (registered in ExamplesConfig.ready): whoever may
    see the example may download its files."""
    examples = Example.objects.filter(evidence_links__evidence=evidence)
    return any(can_view(user, school, example) for example in examples)
