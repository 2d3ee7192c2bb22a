from django import forms

from office.core.collation import by_name, by_person
from plans.examples.models import Example
from plans.staff.models import Department, Staff


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, staff):
        return f"{staff.full_name} – {staff.department.name}" if staff.department else staff.full_name


class ExampleForm(forms.Form):
    """Who the example is about and its story; the service checks what the form cannot (the proposer's
    own department, the movements of the year)."""

    school_year = forms.ChoiceField(label="Năm học")
    subject = forms.ChoiceField(label="Gương điển hình là", choices=Example.Subject.choices)
    staff = StaffChoiceField(label="Cá nhân", queryset=Staff.objects.none(), required=False)
    department = forms.ModelChoiceField(label="Tổ", queryset=Department.objects.none(), required=False)
    title = forms.CharField(
        label="Danh hiệu, dòng giới thiệu",
        max_length=300,
        help_text="Ví dụ: Cô giáo tận tụy với học sinh có hoàn cảnh khó khăn.",
    )
    story = forms.CharField(
        label="Câu chuyện, thành tích nổi bật", widget=forms.Textarea(attrs={"rows": 7}), max_length=20000
    )
    achievements = forms.CharField(
        label="Thành tích tiêu biểu",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Mỗi thành tích một dòng.",
    )
    movements = forms.TypedMultipleChoiceField(
        label="Thuộc phong trào thi đua",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, school_years=(), movements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [(y, y) for y in school_years]
        self.fields["staff"].queryset = Staff.objects.select_related("department").order_by(
            *by_person(), "pk"
        )
        self.fields["department"].queryset = Department.objects.order_by(by_name(), "pk")
        self.fields["movements"].choices = [(m.pk, m.name) for m in movements]
        for bound in self.fields.values():
            if isinstance(bound.widget, forms.CheckboxSelectMultiple):
                continue
            bound.widget.attrs.setdefault(
                "class", "form-select" if isinstance(bound.widget, forms.Select) else "form-control"
            )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "school_year": data["school_year"],
            "subject": data["subject"],
            "staff": data.get("staff"),
            "department": data.get("department"),
            "title": data["title"],
            "story": data["story"],
            "achievements": (data.get("achievements") or "").splitlines(),
            "movement_ids": data.get("movements") or [],
        }

    @staticmethod
    def initial_of(example: Example) -> dict:
        return {
            "school_year": example.school_year,
            "subject": example.subject,
            "staff": example.staff_id,
            "department": example.department_id,
            "title": example.title,
            "story": example.story,
            "achievements": "\n".join(example.achievements or []),
            "movements": list(example.movement_ids),
        }
