from django import template

from office.clusters.scoring import format_points

register = template.Library()


@register.filter
def points(value) -> str:
    """8,5: points as Vietnamese users read them; — when there are none."""
    return format_points(value)


@register.filter
def group_points(result, group_id) -> str:
    return format_points((result.group_totals or {}).get(str(group_id)))
