from django import forms

from office.submissions.models import Submission
from plans.school_years import parse_school_year

DATE_WIDGET = {"format": "%d/%m/%Y", "attrs": {"placeholder": "dd/mm/yyyy", "class": "form-control"}}


class DeadlineForm(forms.Form):
    school_year = forms.CharField(
        label="Năm học", max_length=9, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    kind = forms.ChoiceField(
        label="Loại hồ sơ",
        choices=Submission.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    due_on = forms.DateField(label="Hạn nộp", widget=forms.DateInput(**DATE_WIDGET))
    label = forms.CharField(
        label="Nội dung", max_length=255, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    def clean_school_year(self):
        try:
            start, end = parse_school_year(self.cleaned_data["school_year"])
        except ValueError:
            raise forms.ValidationError("Năm học ghi theo dạng 2025-2026.") from None
        return f"{start}-{end}"
