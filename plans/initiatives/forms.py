from django import forms

from office.core.collation import by_person
from office.rules.vocabulary import Scope
from plans.staff.models import Staff


def _bootstrap(form: forms.Form) -> None:
    for bound in form.fields.values():
        widget = bound.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, staff):
        return f"{staff.full_name} – {staff.department.name}" if staff.department else staff.full_name


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, staff):
        return f"{staff.full_name} – {staff.department.name}" if staff.department else staff.full_name


def _staff():
    return Staff.objects.select_related("department").order_by(*by_person(), "pk")


class InitiativeForm(forms.Form):
    title = forms.CharField(label="Tên sáng kiến", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    field = forms.CharField(
        label="Lĩnh vực / môn",
        max_length=120,
        required=False,
        help_text="Ví dụ: Tiếng Việt lớp 2, Toán lớp 4.",
    )
    summary = forms.CharField(label="Tóm tắt", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    co_authors = StaffMultipleChoiceField(
        label="Đồng tác giả",
        queryset=Staff.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_authors"].queryset = _staff()
        _bootstrap(self)


class RegisterForm(InitiativeForm):
    school_year = forms.ChoiceField(label="Năm học")
    author = StaffChoiceField(label="Tác giả", queryset=Staff.objects.none())

    field_order = ["school_year", "author", "title", "field", "summary", "co_authors"]

    def __init__(self, *args, school_years, may_choose_author: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [(year, year) for year in school_years]
        if may_choose_author:
            self.fields["author"].queryset = _staff()
        else:
            del self.fields["author"]
        _bootstrap(self)


class DecisionForm(forms.Form):
    recognized = forms.TypedChoiceField(
        label="Kết quả",
        choices=[("1", "Công nhận sáng kiến"), ("0", "Không công nhận")],
        coerce=lambda value: value == "1",
    )
    scope = forms.ChoiceField(
        label="Phạm vi ảnh hưởng", choices=[("", "—"), *Scope.choices], required=False, initial=Scope.SCHOOL
    )
    decision_number = forms.CharField(label="Số quyết định", max_length=64, help_text="Ví dụ: 25/QĐ-THLQĐ.")
    decision_date = forms.DateField(
        label="Ngày quyết định", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class CouncilForm(forms.Form):
    chair = forms.ModelChoiceField(label="Chủ tịch hội đồng", queryset=None)
    members = forms.ModelMultipleChoiceField(
        label="Thành viên", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    gap_threshold = forms.DecimalField(
        label="Độ lệch tối đa giữa hai người chấm (điểm)",
        min_value=0,
        max_digits=5,
        decimal_places=2,
        initial=10,
        help_text="Hai phiếu chấm lệch nhau nhiều hơn mức này thì cần người chấm thứ ba.",
    )
    decision_basis = forms.CharField(
        label="Căn cứ thành lập",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: Quyết định số 15/QĐ-THLQĐ ngày 20/9/2025 về việc thành lập Hội đồng sáng kiến.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = people
        self.fields["chair"].empty_label = "— Chọn chủ tịch hội đồng —"
        self.fields["chair"].label_from_instance = lambda user: user.get_full_name()
        self.fields["members"].queryset = people
        self.fields["members"].label_from_instance = lambda user: user.get_full_name()
        _bootstrap(self)
        self.fields["members"].widget.attrs["class"] = "form-check-input"
