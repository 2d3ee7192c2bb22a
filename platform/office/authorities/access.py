"""What an office user may reach: the subtrees of the authorities where they hold an office role. A
node, school or movement outside that reach answers 404, never 403 (DESIGN.md §6)."""

from functools import wraps

from django.http import Http404

from office.accounts.models import Role
from office.accounts.selectors import office_memberships
from office.authorities.selectors import subtree_ids_of


def office_reach(user, *, roles=None) -> set[int]:
    """Ids of every authority at or below the user's offices (only those where they hold `roles`)."""
    if not user.is_authenticated:
        return set()
    memberships = office_memberships(user)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return subtree_ids_of([m.authority for m in memberships])


def head_reach(user) -> set[int]:
    """Where the user may move schools: the subtrees of the offices they lead."""
    return office_reach(user, roles=[Role.OFFICE_HEAD])


def office_page(view):
    """Office host only, office members only: anybody else gets the 404 of a missing page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request, "school", None) is not None:
            raise Http404("Không tìm thấy trang.")
        reach = office_reach(request.user)
        if not reach:
            raise Http404("Không tìm thấy trang.")
        request.office_reach = reach
        return view(request, *args, **kwargs)

    return wrapped
