from django import template
from django.urls import reverse

from office.core.uploads import ACCEPT_ATTRIBUTE, accepted_files_hint

register = template.Library()


@register.inclusion_tag("evidence/_upload_field.html")
def evidence_upload_field(
    kind: str, name: str = "evidence", label: str = "Tệp minh chứng", field_id: str = ""
):
    """A file input that uploads straight to object storage (evidence/upload.js) and leaves the
    evidence id in a hidden input called `name`."""
    return {
        "kind": kind,
        "name": name,
        "label": label,
        "field_id": field_id or f"evidence-{name}",
        "start_url": reverse("evidence-start"),
        "accept": ACCEPT_ATTRIBUTE,
        "hint": accepted_files_hint(),
    }
