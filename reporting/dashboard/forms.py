from django import forms

from office.core.school_years import parse_school_year
from office.submissions.models import Submission

DATE_WIDGET = {"format": "%d/%m/%Y", "attrs": {"placeholder": "dd/mm/yyyy", "class": "form-control"}}


class DeadlineForm(forms.Form):
    authority = forms.TypedChoiceField(
        label="Cơ quan giao hạn",
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
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

    def __init__(self, *args, offices, **kwargs):
        """`offices`: the authorities whose timeline this person may set (the first is the default)."""
        super().__init__(*args, **kwargs)
        self.offices = {office.pk: office for office in offices}
        self.fields["authority"].choices = [(office.pk, office.name) for office in offices]
        self.fields["authority"].error_messages["invalid_choice"] = "Hãy chọn một cơ quan của bạn."
        if offices and not self.initial.get("authority"):
            self.initial["authority"] = offices[0].pk
        if len(offices) == 1:  # nothing to choose: the person's one office, without asking
            self.fields["authority"].required = False
            self.fields["authority"].widget = forms.HiddenInput()

    def clean_authority(self):
        # The field accepted only the choices; left empty, it is the person's one office.
        chosen = self.cleaned_data.get("authority")
        if chosen in ("", None):
            return next(iter(self.offices.values()))
        return self.offices[chosen]

    def clean_school_year(self):
        try:
            start, end = parse_school_year(self.cleaned_data["school_year"])
        except ValueError:
            raise forms.ValidationError("Năm học ghi theo dạng 2025-2026.") from None
        return f"{start}-{end}"
