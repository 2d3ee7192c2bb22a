"""A principal appointed (or removed) after their school was named cluster leader gets (or loses) the
leader grant: the grant follows the role, not the moment the leader was named."""

from django.db.models.signals import post_delete, post_save

from office.accounts.models import Membership, User


def _membership_changed(sender, instance: Membership, **kwargs) -> None:
    if instance.school_id is None:
        return  # an office role: leading a cluster is a school's
    from office.clusters.services import sync_leader_grants
    from tenants.models import School

    # Read afresh: when a person or a school is deleted, its memberships go first and there is
    # nothing left to grant or revoke.
    user = User.objects.filter(pk=instance.user_id).first()
    school = School.objects.filter(pk=instance.school_id).first()
    if user is not None and school is not None:
        sync_leader_grants(user, school)


def connect() -> None:
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="clusters.leader_on_save")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="clusters.leader_on_delete")
