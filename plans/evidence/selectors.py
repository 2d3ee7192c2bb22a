"""Reads of evidence rows, in the schema of the school the request is for."""

from plans.evidence.models import Evidence


def own_upload(pk: int, user) -> Evidence:
    """One of the caller's own uploads; anyone else's is not found (Evidence.DoesNotExist)."""
    return Evidence.objects.get(pk=pk, uploaded_by_id=user.pk)


def verified_evidence(pk: int) -> Evidence:
    return Evidence.objects.get(pk=pk, status=Evidence.Status.VERIFIED)


def evidence_file_snapshot(link) -> dict:
    """An evidence file linked to something the school sends up (a dossier, a good example), as the
    snapshot carries it: its key and SHA-256, never its bytes, so that the office's download serves and
    checks it (`link` has `evidence` and `label`)."""
    evidence = link.evidence
    return {
        "id": link.evidence_id,
        "label": link.label,
        "filename": evidence.filename,
        "key": evidence.key,
        "sha256": evidence.sha256,
        "size": evidence.size,
        "content_type": evidence.content_type,
    }
