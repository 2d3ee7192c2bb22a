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


class NewSchoolForm(forms.Form):
    """A school the office adds from its pages; the code may be left empty to be made from the name."""

    name = forms.CharField(
        label="Tên trường",
        max_length=255,
        widget=forms.TextInput(attrs={"placeholder": "Trường Tiểu học Lê Quý Đôn"}),
    )
    level = forms.ChoiceField(label="Cấp học")
    code = forms.CharField(
        label="Mã trường (tên miền con)",
        max_length=40,
        required=False,
        help_text="Để trống: hệ thống đặt theo tên trường, bỏ dấu (ví dụ lequydon).",
    )
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)
    authority = forms.ModelChoiceField(label="Cơ quan quản lý", queryset=None, empty_label=None)

    def __init__(self, *args, authorities, **kwargs):
        from tenants.models import School

        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (code, label) for code, label in School.Level.choices if code != School.Level.MULTI_LEVEL
        ]
        self.fields["authority"].queryset = authorities
        self.fields["authority"].error_messages["invalid_choice"] = (
            "Hãy chọn một cơ quan đang hoạt động trong phạm vi của bạn."
        )
        for name, field in self.fields.items():
            field.widget.attrs.setdefault(
                "class", "form-select" if name in ("level", "authority") else "form-control"
            )


class EvaluationPeriodForm(forms.Form):
    school_year = forms.CharField(
        label="Năm học", max_length=12, widget=forms.TextInput(attrs={"placeholder": "2025-2026"})
    )
    ends_on = forms.DateField(
        label="Kỳ đánh giá kết thúc ngày",
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={"invalid": "Ngày ghi dạng dd/mm/yyyy, ví dụ 31/05/2026."},
    )
