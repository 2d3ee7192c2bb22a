"""`{{ value|points }}`: points written the Vietnamese way.

`{% clusters_led_by_me as clusters %}`: the clusters the signed-in person leads, for the office home's
"Cụm thi đua tôi điều hành" list (kept out of the home view, which other parts of the office extend)."""

from django import template

from office.clusters.permissions import led_clusters
from office.core.collation import by_name
from reporting.cluster_comparison.formatting import points_text

register = template.Library()


@register.simple_tag(takes_context=True)
def clusters_led_by_me(context):
    request = context.get("request")
    if request is None:
        return []
    return list(
        led_clusters(request.user).select_related("authority").order_by("-school_year", by_name(), "pk")
    )


@register.filter
def points(value) -> str:
    return points_text(value)
