"""A student's forms: their profile and an application."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.reference.models import EducationField, Municipality, Programme, StemArea
from frontend.forms.common import REGION_FIRST, AccessibleErrorsMixin, DateInput
from schools.models import School, SchoolProgramme, StudentProfile

LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]


class StudentProfileForm(AccessibleErrorsMixin, forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.order_by("name_sv"), required=False
    )
    school_programme = forms.ModelChoiceField(
        label=_("Programme at your YH school or university"),
        queryset=SchoolProgramme.objects.none(),
        required=False,
        help_text=_("As your school names it; gymnasium students choose the programme above."),
    )
    education_field = forms.ModelChoiceField(
        label=_("Field of education"),
        queryset=EducationField.objects.order_by("code"),
        required=False,
        help_text=_("At YH or university: what you study (ISCED-F 2013)."),
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    home_municipality = forms.ModelChoiceField(
        label=_("Home municipality"), queryset=Municipality.objects.order_by(*REGION_FIRST)
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=DateInput(),
        help_text=_("Only used to know whether you are under 18. Never your personnummer."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    stem_interests = forms.ModelMultipleChoiceField(
        label=_("STEM interests"),
        queryset=StemArea.objects.order_by("name_sv"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    about = forms.CharField(
        label=_("About me"), max_length=1000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args, schools, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school_programme"].queryset = SchoolProgramme.objects.filter(
            school__in=schools
        ).select_related("school__organisation")
        self.fields["school_programme"].label_from_instance = lambda p: f"{p} ({p.school})"


class ApplicationForm(AccessibleErrorsMixin, forms.Form):
    motivation = forms.CharField(
        label=_("Why do you want this place?"),
        max_length=5000,
        widget=forms.Textarea,
        help_text=_("A few sentences about you and what you want to learn."),
    )
    cv = forms.FileField(
        label=_("CV (PDF, optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text=_("At most 5 MB."),
    )


def profile_initial(profile: StudentProfile | None) -> dict:
    """The form's starting values from the stored profile (none yet: empty)."""
    if profile is None:
        return {"languages": ["sv"]}
    return {
        "school": profile.school_id,
        "programme": profile.programme_id,
        "school_programme": profile.school_programme_id,
        "education_field": profile.education_field_id,
        "year": profile.year,
        "home_municipality": profile.home_municipality_id,
        "birth_date": profile.birth_date,
        "languages": profile.languages,
        "stem_interests": [area.pk for area in profile.stem_interests.all()],
        "about": profile.about,
    }
