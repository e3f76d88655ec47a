"""What every form of the pages shares: field errors that come back from a service."""

from functools import partial
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from backend.reference.selectors import code_choices

NON_FIELD = "__all__"


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names; errors about fields the
    form does not have (or none at all) go to the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OptionsSelect(forms.Select):
    """A select of flat choices whose options are written in Python, not one template context
    each: the search form's 290 municipalities took 14 ms a page that way."""

    template_name = "frontend/widgets/options_select.html"

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)
        selected = set(context["widget"]["value"])
        context["widget"]["options"] = mark_safe(  # noqa: S308 (every part is escaped)
            "".join(
                f'<option value="{escape(code)}"{" selected" if str(code) in selected else ""}>'
                f"{escape(label)}</option>"
                for code, label in self.choices
            )
        )
        return context


class ReferenceChoiceField(forms.ChoiceField):
    """A reference row's code (a municipality, a programme), chosen from a list read once per
    process: reference data changes only by a migration."""

    widget = OptionsSelect

    def __init__(self, model: type[Model], order_by: str, empty_label: str, **kwargs: Any):
        super().__init__(choices=partial(_with_empty, empty_label, model, order_by), **kwargs)


def _with_empty(empty_label: str, model: type[Model], order_by: str) -> list[tuple[str, str]]:
    return [("", empty_label), *code_choices(model, order_by)]


class AccessibleErrorsMixin:
    """Mark invalid fields with aria-invalid and point them at their error list, so a screen
    reader reads the error with the field."""

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"id_{name}_errors"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The organisation reads it."),
    )


class MessageForm(AccessibleErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class NewThreadForm(MessageForm):
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)

    field_order = ["subject", "body"]
