from django import forms


class MoveSchoolForm(forms.Form):
    to = forms.ModelChoiceField(
        queryset=None, label="Chuyển về cơ quan", empty_label="— chọn cơ quan —", to_field_name="code"
    )
    on = forms.DateField(
        label="Từ ngày",
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={"invalid": "Ngày ghi dạng dd/mm/yyyy, ví dụ 01/07/2025."},
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = targets
        self.fields["to"].error_messages["invalid_choice"] = (
            "Hãy chọn một cơ quan trong phạm vi quản lý của bạn."
        )
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if field is self.fields["to"] else "form-control"
            )
