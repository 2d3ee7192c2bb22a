from office.accounts.models import SCHOOL_MANAGER_ROLES, Role
from office.accounts.selectors import is_office_member, school_roles
from office.clusters.permissions import led_cluster_ids


def shell(request):
    """What the base template needs to draw the navigation: where we are and who is looking."""
    school = getattr(request, "school", None)
    user = getattr(request, "user", None)
    roles = school_roles(user, school) if (user is not None and school is not None) else set()
    office_member = bool(user is not None and school is None and is_office_member(user))
    return {
        "current_school": school,
        "in_office": school is None,
        "school_roles": roles,
        "is_school_manager": bool(roles & set(SCHOOL_MANAGER_ROLES)),
        "school_role_labels": [Role(role).label for role in sorted(roles)],
        "is_office_member": office_member,
        # A cluster leader is a school's principal, not office staff: on the office's host the menu
        # gives them their cluster's tools (asked only of people who are not office staff).
        "leads_clusters": bool(school is None and not office_member and led_cluster_ids(user)),
    }
