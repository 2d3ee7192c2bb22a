"""Who may do what with nominations and dossiers, declared once: the services check these before they
write, the pages and the API ask the same functions to decide what to show and whom to turn away.

Another school's people never get this far: the membership middleware and the API's IsMemberOfHost
answer them 404 before any of these is asked (DESIGN.md §6). No user at all (None) may do anything,
so code that runs without a person cannot pass for one."""

from office.accounts.models import Role
from office.accounts.selectors import (
    can_sign_for_school,
    has_school_membership,
    is_school_manager,
    school_roles,
)

PREPARE_REFUSAL = "Chỉ Ban giám hiệu và thư ký Hội đồng TĐKT được làm việc này."
SUBMIT_REFUSAL = "Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng được ký gửi tờ trình."


def can_prepare_nominations(user, school) -> bool:
    """The principal, the vice principals and the council secretary: they turn the council's results
    into nominations, check them against the rules, write the achievement reports and put the dossier
    together (documents, evidence). A teacher takes part through the review, not here."""
    return user is not None and is_school_manager(user, school)


def can_submit_dossier(user, school) -> bool:
    """The principal, or a vice principal signing "KT. Hiệu trưởng": sending the dossier up signs its
    cover letter (tờ trình) in the school's name, which the council secretary may not do."""
    return user is not None and can_sign_for_school(user, school)


OBJECT_REFUSAL = "Chỉ cán bộ, giáo viên, nhân viên của trường được gửi ý kiến về danh sách công khai."
OVERRIDE_REFUSAL = "Chỉ Hiệu trưởng được quyết định gửi hồ sơ trước khi hết thời gian công khai."


def can_read_posting(user, school) -> bool:
    """The posted list is for the whole staff: anyone with a role in the school reads it."""
    return user is not None and has_school_membership(user, school)


def can_object(user, school) -> bool:
    """Any member of the school's staff may object about a candidate on a posted list."""
    return user is not None and has_school_membership(user, school)


def can_answer_objection(user, school) -> bool:
    """The council's side: the principal, the vice principals and the council secretary publish the
    list and record the council's answer to each objection."""
    return can_prepare_nominations(user, school)


def can_override_posting(user, school) -> bool:
    """Only the principal (not a deputy) takes on sending a dossier up before the staff had the full
    posting period to object: the decision is theirs, with a reason, and it is audited."""
    return user is not None and Role.PRINCIPAL in school_roles(user, school)


RATE_REFUSAL = "Chỉ Hiệu trưởng hoặc Phó Hiệu trưởng được xếp loại tập thể trường và các tổ."


def can_rate_collectives(user, school) -> bool:
    """The principal (or a vice principal signing for them) rates the departments at the year's review
    and sends the school's own rating up in the school's name."""
    return user is not None and can_sign_for_school(user, school)
