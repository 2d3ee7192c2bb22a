"""Who may upload, confirm and see an evidence file, declared once: plans.evidence.services checks
these before it writes or hands out an address, the pages and the API ask the same functions.

Who may see a file depends on what it belongs to: the part of the school's work that owns a kind of
file (initiatives, dossiers, awards…) knows, so it registers a viewer rule for its kind, usually in its
AppConfig.ready(); this module only asks. Whatever the kind, the person who uploaded a file and the
school's managers may see it."""

from collections.abc import Callable

from office.accounts.selectors import has_school_membership, is_school_manager

UPLOAD_REFUSAL = "Chỉ cán bộ, giáo viên của trường được tải minh chứng lên."
COMPLETE_REFUSAL = "Chỉ người tải tệp lên mới xác nhận được tệp này."
VIEW_REFUSAL = "Bạn không có quyền xem minh chứng này."

# (evidence, user, school) -> bool
EvidenceViewer = Callable[[object, object, object], bool]

_viewers: dict[str, list[EvidenceViewer]] = {}


def register_evidence_viewer(kind: str, viewer: EvidenceViewer) -> None:
    """Let `viewer` admit more people to files of `kind`; registering the same rule twice is a no-op."""
    rules = _viewers.setdefault(kind, [])
    if viewer not in rules:
        rules.append(viewer)


def can_view_evidence(evidence, user, school) -> bool:
    """The uploader, the school's managers, and whoever the viewer rule of the part that owns the
    file's kind admits. The evidence comes first here, as in the registered viewer rules."""
    if user is None or not user.is_authenticated:
        return False
    if evidence.uploaded_by_id == user.pk or is_school_manager(user, school):
        return True
    return any(viewer(evidence, user, school) for viewer in _viewers.get(evidence.kind, ()))


def can_upload_evidence(user, school) -> bool:
    """Anyone with a role in the school: a teacher uploads their initiative's document, the managers
    a dossier's files. What the file is then attached to decides who sees it."""
    return user is not None and has_school_membership(user, school)


def can_complete_upload(user, school, evidence) -> bool:
    """Only the person who started an upload confirms it: the server then reads the object back from
    storage, which nobody else's request should trigger or see refused."""
    return (
        user is not None
        and user.is_authenticated
        and evidence.uploaded_by_id == user.pk
        and has_school_membership(user, school)
    )
