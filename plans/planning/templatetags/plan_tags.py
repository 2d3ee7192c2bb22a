from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` for dicts keyed by ids, which the template language cannot index."""
    return mapping.get(key) if mapping else None
