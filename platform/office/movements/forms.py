from django import forms

from office.movements.models import Movement

DATE_WIDGET = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
DATE_ERRORS = {"invalid": "Ngày ghi dạng dd/mm/yyyy, ví dụ 05/09/2025."}


class MovementForm(forms.Form):
    """Parses the page's fields; the rules live in office.movements.services."""

    authority = forms.ModelChoiceField(queryset=None, label="Cơ quan phát động", empty_label=None)
    name = forms.CharField(label="Tên phong trào", max_length=500)
    kind = forms.ChoiceField(label="Hình thức", choices=Movement.Kind.choices)
    school_year = forms.CharField(
        label="Năm học",
        max_length=9,
        required=False,
        help_text="Ví dụ 2025-2026; để trống nếu phát động lâu dài.",
    )
    starts_on = forms.DateField(
        label="Từ ngày", required=False, widget=forms.TextInput(DATE_WIDGET), error_messages=DATE_ERRORS
    )
    ends_on = forms.DateField(
        label="Đến ngày", required=False, widget=forms.TextInput(DATE_WIDGET), error_messages=DATE_ERRORS
    )
    description = forms.CharField(
        label="Mục đích, nội dung", required=False, widget=forms.Textarea({"rows": 4})
    )
    criteria = forms.CharField(label="Tiêu chí thi đua", required=False, widget=forms.Textarea({"rows": 6}))

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities
        self.fields["authority"].error_messages["invalid_choice"] = (
            "Hãy chọn một cơ quan trong phạm vi của bạn."
        )
        self.fields["name"].error_messages["required"] = "Hãy ghi tên phong trào."
        for name, field in self.fields.items():
            css = "form-select" if name in ("authority", "kind") else "form-control"
            field.widget.attrs.setdefault("class", css)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("authority")
        return data
