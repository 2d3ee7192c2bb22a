"""Reads of evidence rows, in the schema of the school the request is for."""

from plans.evidence.models import Evidence


def own_upload(pk: int, user) -> Evidence:
    """One of the caller's own uploads; anyone else's is not found (Evidence.DoesNotExist)."""
    return Evidence.objects.get(pk=pk, uploaded_by_id=user.pk)


def verified_evidence(pk: int) -> Evidence:
    return Evidence.objects.get(pk=pk, status=Evidence.Status.VERIFIED)
