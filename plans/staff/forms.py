"""Forms of the staff register and award history pages. They only read what was typed; every rule
is checked by the services (plans.staff.services), whose refusals the views put back on the form."""

from django import forms

from office.accounts.models import Role
from office.core import school_years
from office.core.collation import by_name
from office.core.errors import Invalid
from office.core.text import single_spaced
from office.rules.vocabulary import COLLECTIVE_TITLES, INDIVIDUAL_TITLES, Title
from plans.staff.excel import MAX_IMPORT_BYTES, NOT_A_WORKBOOK
from plans.staff.models import AwardRecord, Department, Staff, StaffStatusPeriod

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


def date_field(label: str, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": "Hãy nhập ngày dạng ngày/tháng/năm, ví dụ 09/01/2024."},
    )


class YearsField(forms.DecimalField):
    """Years with tenths, typed the Vietnamese way too (2,5)."""

    def __init__(self, label: str):
        super().__init__(label=label, min_value=0, max_value=60, decimal_places=1, required=False)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".") or "0"
        return super().to_python(value)


def bootstrap(form):
    """Bootstrap classes on a form's widgets, so templates can lay fields out one by one."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs.setdefault("class", css)
    return form


class Bootstrap:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


def put_refusal(form: forms.Form, exc: Invalid) -> None:
    """Show a service's refusal beside the field it is about (a StaffError may name one), or above
    the form."""
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, exc.message)


class ServiceForm(Bootstrap, forms.ModelForm):
    """A model form that only reads input: the service checks and writes. The model's own validation
    is skipped because it would run on a half-filled instance (the award's year comes from its
    school year, for example) and would change the instance before the service sees the change."""

    def _post_clean(self):
        pass


class StaffForm(ServiceForm):
    date_of_birth = date_field("Ngày sinh")
    joined_sector_on = date_field("Ngày vào ngành")
    joined_school_on = date_field("Ngày về trường")
    left_school_on = date_field(
        "Nghỉ việc, chuyển đi từ ngày",
        help_text="Bắt buộc khi trạng thái là “Đã nghỉ việc, chuyển công tác”: số liệu các năm học tính theo ngày này.",
    )
    difficult_area_years = YearsField("Số năm công tác ở vùng đặc biệt khó khăn")
    years_in_study_or_military = YearsField("Số năm học tập, nghĩa vụ quân sự được tính")
    new_department = forms.CharField(
        label="hoặc tổ mới",
        required=False,
        max_length=120,
        help_text="Ghi tên tổ nếu tổ chưa có trong danh sách.",
    )

    class Meta:
        model = Staff
        fields = [
            "full_name",
            "gender",
            "date_of_birth",
            "position",
            "department",
            "new_department",
            "teaches",
            "joined_sector_on",
            "joined_school_on",
            "left_school_on",
            "difficult_area_years",
            "years_in_study_or_military",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].empty_label = "(chưa xếp tổ)"
        self.fields["department"].queryset = Department.objects.order_by(by_name(), "pk")

    def staff_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("new_department", None)
        return data


class StatusPeriodForm(ServiceForm):
    starts_on = date_field("Từ ngày", required=True)
    ends_on = date_field("Đến ngày")

    class Meta:
        model = StaffStatusPeriod
        fields = ["kind", "starts_on", "ends_on", "discipline_level", "decision_number", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"ends_on": "Để trống nếu còn đang tiếp diễn."}


class AwardForm(ServiceForm):
    """One title or form. A person's form offers individual titles; the school's, collective ones."""

    school_year = forms.CharField(
        label="Năm học", max_length=20, widget=forms.TextInput(attrs={"placeholder": "2023-2024"})
    )
    decision_date = date_field("Ngày quyết định")
    initiative_ids = forms.CharField(
        label="Mã sáng kiến đã dùng",
        required=False,
        help_text="Các mã cách nhau bởi dấu phẩy; mỗi sáng kiến chỉ được dùng cho một lần khen thưởng.",
    )

    class Meta:
        model = AwardRecord
        fields = [
            "school_year",
            "title",
            "decision_number",
            "decision_date",
            "issuer_name",
            "issuer_level",
            "initiative_ids",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, collective: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = COLLECTIVE_TITLES if collective else INDIVIDUAL_TITLES
        self.fields["title"].choices = [("", "---------")] + [
            (t.value, t.label) for t in Title if t in allowed
        ]
        if self.instance.pk:
            self.initial["initiative_ids"] = ", ".join(str(i) for i in self.instance.initiative_ids)

    def clean_school_year(self):
        return school_years.clean_school_year(self.cleaned_data["school_year"], error=forms.ValidationError)

    def clean_initiative_ids(self):
        parts = [
            p
            for p in single_spaced(self.cleaned_data.get("initiative_ids")).replace(";", ",").split(",")
            if p.strip()
        ]
        if not all(p.strip().isdigit() for p in parts):
            raise forms.ValidationError("Mã sáng kiến là các số, cách nhau bởi dấu phẩy.")
        return [int(p) for p in parts]


class AccountForm(Bootstrap, forms.Form):
    account = forms.ModelChoiceField(
        label="Tài khoản", queryset=None, required=False, empty_label="(không gắn tài khoản)"
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts
        self.fields["account"].label_from_instance = lambda user: f"{user.get_full_name()} ({user.username})"


class MoveToDepartmentForm(Bootstrap, forms.Form):
    target_department = forms.ModelChoiceField(
        label="Chuyển sang tổ", queryset=Department.objects.order_by(by_name(), "pk"), empty_label=None
    )


class ExcelUploadForm(Bootstrap, forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx) hoặc .csv",
        error_messages={"required": "Hãy chọn tệp Excel.", "empty": "Tệp rỗng, không có nội dung."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # A macro-enabled .xlsm or an old .xls is not what the template is: refused by its name, as
        # the reader refuses any other non-workbook by its content. A .csv (a sheet saved by Google
        # Sheets or Excel) is read as one sheet.
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(NOT_A_WORKBOOK)
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("Tệp quá lớn (tối đa 20 MB).")
        return upload


class InviteForm(forms.Form):
    """Inviting one person of the register: the role (among those the inviter may give) and, to mail
    the link, an address; without one the invitation is printed as a QR card."""

    role = forms.ChoiceField(label="Vai trò")
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        help_text="Để trống nếu người này không đọc thư: in phiếu mời có mã QR.",
    )
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Role(role).label) for role in roles]
        self.fields["role"].error_messages["invalid_choice"] = "Bạn không mời được vào vai trò này."
        bootstrap(self)
