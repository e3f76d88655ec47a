"""The lifecycle's page forms. They validate what a person typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from matching.agreements import rules
from matching.agreements.models import (
    CheckIn,
    HandledareEvaluation,
    PlacementPlan,
    RiskAssessment,
    Signature,
    StudentEvaluation,
)
from matching.models import Placement
from schools import selectors as school_selectors

# The optional fields a kind's plan shows besides the ones it requires.
OPTIONAL_PLAN_FIELDS = ("teacher_phone", "handledare_trained", "break_minutes", "days_per_week")
WIDGETS = {
    "daily_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    "daily_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    "contract_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "contract_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
}


def plan_fields(kind: str) -> list[str]:
    """The plan's fields for the kind of agreement, in the order of the form."""
    required = rules.REQUIRED_PLAN_FIELDS[kind]
    names = [*required, *OPTIONAL_PLAN_FIELDS, "insurance_note"]
    return [f.name for f in PlacementPlan._meta.get_fields() if f.name in names]


class _PlanForm(forms.ModelForm):
    def service_kwargs(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def plan_form_class(kind: str) -> type[forms.ModelForm]:
    """The plan form for a kind of agreement, with the fields the kind requires required."""
    fields = plan_fields(kind)
    form_class = forms.modelform_factory(
        PlacementPlan,
        form=_PlanForm,
        fields=fields,
        widgets={name: widget for name, widget in WIDGETS.items() if name in fields},
    )
    for name in rules.REQUIRED_PLAN_FIELDS[kind]:
        form_class.base_fields[name].required = True
    return form_class


class SignForm(forms.Form):
    """Sign for one party; a counsellor signing for the guardian gives the guardian's name."""

    party = forms.ChoiceField(choices=Signature.Party.choices, widget=forms.HiddenInput)
    guardian_name = forms.CharField(label=_("Guardian's name"), max_length=200)
    sha256 = forms.RegexField(r"^[0-9a-f]{64}$", widget=forms.HiddenInput)

    def __init__(self, *args: object, party: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.party = party or self.data.get("party", "")
        # Several sign forms share the page: unique ids per party.
        self.auto_id = f"id_sign_{self.party}_%s"
        if self.party != Signature.Party.GUARDIAN:
            del self.fields["guardian_name"]

    @property
    def party_label(self) -> str:
        return dict(Signature.Party.choices).get(self.party, "")


class RiskAssessmentForm(forms.ModelForm):
    class Meta:
        model = RiskAssessment
        fields = [*RiskAssessment.ITEMS, "notes"]


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckIn
        fields = ["held_on", "note"]
        widgets = {"held_on": WIDGETS["held_on"]}


class HandledareEvaluationForm(forms.ModelForm):
    would_host_again = forms.TypedChoiceField(
        label=_("Would you host a student again?"),
        choices=[("true", _("Yes")), ("false", _("No"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = HandledareEvaluation
        fields = ["attendance", "strengths", "would_host_again"]
        widgets = {"attendance": forms.RadioSelect}


class StudentEvaluationForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("Your rating of the workplace"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = StudentEvaluation
        fields = ["rating", "would_recommend", "comment"]


class CompleteForm(forms.Form):
    """Nothing to fill in: the confirmation page's button is the whole form."""


class NameStudentForm(forms.Form):
    student = forms.ModelChoiceField(label=_("Student"), queryset=None)

    """One of the school's pupils, for a placement confirmed without names."""

    def __init__(self, *args: object, placement: Placement, actor: Actor, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        students = school_selectors.student_list(actor=actor).filter(school_id=placement.school_id)
        self.fields["student"].queryset = students.order_by("user__last_name", "user__first_name")
        self.fields["student"].label_from_instance = lambda profile: (
            profile.user.get_full_name() or profile.user.email
        )
