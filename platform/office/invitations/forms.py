from django import forms

from office.accounts.models import OFFICE_ROLES, Role
from office.authorities.models import Authority


class PersonForm(forms.Form):
    """Who is invited: a name and, to send the link by mail, an address (a phone number helps find an
    account the person already has)."""

    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        help_text="Để trống nếu người được mời không dùng thư: in phiếu mời có mã QR.",
    )
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class OfficeColleagueForm(PersonForm):
    role = forms.ChoiceField(label="Vai trò", choices=[(role, Role(role).label) for role in OFFICE_ROLES])
    office = forms.ModelChoiceField(label="Cơ quan", queryset=None, empty_label=None)

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Authority.objects.filter(pk__in=[o.pk for o in offices])
        self.fields["role"].widget.attrs["class"] = "form-select"
        self.fields["office"].widget.attrs["class"] = "form-select"
