"""Deleting objects from storage after the rows that pointed at them have changed, and not losing the
delete when storage fails at that moment. The order is the record first, the object after commit: a
record is never left pointing at an object already gone, and an object whose record was rolled back
is not deleted. The rows of ObjectDeletion are the memory in between, swept by beat."""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from office.core.models import ObjectDeletion
from office.core.object_storage import ObjectStorageError, get_object_storage

logger = logging.getLogger(__name__)


def delete_objects_on_commit(keys: Iterable[str], *, reason: str) -> None:
    """Remember `keys` in the caller's transaction and delete them once it commits; what storage
    refuses then stays remembered for `retry_object_deletions`. Outside a transaction the rows are
    written at once and the delete follows straight away."""
    keys = sorted({key for key in keys if key})
    if not keys:
        return
    ObjectDeletion.objects.bulk_create(
        [ObjectDeletion(key=key, reason=reason[:100]) for key in keys], ignore_conflicts=True
    )
    transaction.on_commit(lambda: delete_remembered(keys))


def remember_for_deletion(keys: Iterable[str], *, reason: str) -> None:
    """Only remember (storage is known to be down): the sweep deletes them later."""
    ObjectDeletion.objects.bulk_create(
        [ObjectDeletion(key=key, reason=reason[:100]) for key in set(keys) if key], ignore_conflicts=True
    )


def delete_remembered(keys: Iterable[str]) -> int:
    """Delete each object and forget it; a failure is counted on its row and left for the sweep.
    Returns how many were deleted. Storage down stops the round: the others would fail the same way."""
    storage = get_object_storage()
    deleted = []
    for key in keys:
        try:
            storage.delete(key)
        except (ObjectStorageError, OSError) as exc:
            logger.warning("object %s not deleted yet: %s", key, exc)
            ObjectDeletion.objects.filter(key=key).update(
                attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:300]
            )
            break
        deleted.append(key)
    ObjectDeletion.objects.filter(key__in=deleted).delete()
    return len(deleted)


def retry_object_deletions(*, limit: int = 1000) -> int:
    """Beat's sweep: delete what is still remembered, oldest first; returns how many were deleted."""
    keys = list(ObjectDeletion.objects.order_by("pk").values_list("key", flat=True)[:limit])
    return delete_remembered(keys) if keys else 0
