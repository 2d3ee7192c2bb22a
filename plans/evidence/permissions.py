"""Who may see an evidence file. The part of the school's work that owns a kind of file (initiatives,
dossiers, awards…) knows who may see it, so it registers a viewer rule for its kind, usually in its
AppConfig.ready(); this module only asks.

Whatever the kind, the person who uploaded a file and the school's managers may see it."""

from collections.abc import Callable

from office.accounts.selectors import is_school_manager

# (evidence, user, school) -> bool
EvidenceViewer = Callable[[object, object, object], bool]

_viewers: dict[str, list[EvidenceViewer]] = {}


def register_evidence_viewer(kind: str, viewer: EvidenceViewer) -> None:
    """Let `viewer` admit more people to files of `kind`; registering the same rule twice is a no-op."""
    rules = _viewers.setdefault(kind, [])
    if viewer not in rules:
        rules.append(viewer)


def can_view_evidence(evidence, user, school) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if evidence.uploaded_by_id == user.pk or is_school_manager(user, school):
        return True
    return any(viewer(evidence, user, school) for viewer in _viewers.get(evidence.kind, ()))
