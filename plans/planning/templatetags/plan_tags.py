from django import template

from plans.planning.checks import identity_of_parsed, plan_differences, school_identity

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` for dicts keyed by ids, which the template language cannot index."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def import_differences(parsed, school):
    """The blocking differences between a parsed file and the school, for the import review page
    (the same checks the editor and issue_plan apply to the stored plan)."""
    return plan_differences(identity_of_parsed(parsed), school_identity(school))
