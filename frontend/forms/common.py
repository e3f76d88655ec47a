"""What every form of the pages shares: field errors that come back from a service, and the
widgets written in Python."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.widgets import Input
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from backend.core.filters import CodeField
from backend.reference.selectors import code_choices
from frontend.html import escaped, html_attributes

NON_FIELD = "__all__"
# Municipality pickers list the chamber's 24 municipalities first, then the other 266.
REGION_FIRST = ("-in_region", "name")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names; errors about fields the
    form does not have (or none at all) go to the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class WrittenInput(Input):
    """An <input> written in Python, as Django's input.html writes it (the attributes in
    flatatt's order): through the template each input of the search form cost 0.1 ms."""

    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{escaped(widget["value"])}"'
        attributes = html_attributes(widget["attrs"])
        # Every value is escaped by `escaped`.
        return mark_safe(  # noqa: S308
            f'<input type="{escaped(widget["type"])}" name="{escaped(name)}"{shown}{attributes}>'
        )


class TextInput(WrittenInput, forms.TextInput):
    pass


class CheckboxInput(WrittenInput, forms.CheckboxInput):
    pass


class DateInput(WrittenInput, forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class WrittenSelect(forms.Select):
    """A <select> of fixed (value, label) choices, written in Python: through Django's Select,
    which builds and normalises a context per option and renders a template, the search form's
    290 municipalities cost 14 ms a page, and each of its nine selects four times what it
    costs here (0.15 against 0.04 ms). No option groups.

    The options are escaped and joined once per language (translating and escaping a select's
    labels on every page was half of its cost), and every form's copy of the widget shares them
    (Widget.__deepcopy__ copies the attributes only): its choices must not change once shown."""

    def __init__(self, attrs: dict | None = None, choices: Iterable = ()) -> None:
        super().__init__(attrs, choices)
        self.written: dict[str | None, str] = {}

    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        options = self.options_html()
        for code in widget["value"]:  # Select's format_value: a list of strings
            chosen = f'<option value="{escaped(code)}">'
            options = options.replace(chosen, f"{chosen[:-1]} selected>", 1)
        attributes = html_attributes(widget["attrs"])
        # The options are escaped by _options_html, the rest by `escaped`.
        return mark_safe(f'<select name="{escaped(name)}"{attributes}>{options}</select>')  # noqa: S308

    def options_html(self) -> str:
        """The options in the active language, none selected."""
        language = translation.get_language()
        if language not in self.written:
            self.written[language] = _options_html(self.all_choices())
        return self.written[language]

    def all_choices(self) -> Iterable[tuple[Any, Any]]:
        return self.choices


class OptionsSelect(WrittenSelect):
    """A reference table's rows, labelled in the active language."""

    def __init__(
        self, model: type[Model], order_by: str | tuple[str, ...], empty_label: str
    ) -> None:
        super().__init__()
        self.model, self.order_by, self.empty_label = model, order_by, empty_label

    def all_choices(self) -> Iterable[tuple[Any, Any]]:
        return [("", self.empty_label), *code_choices(self.model, self.order_by)]


def _options_html(choices: Iterable[tuple[Any, Any]]) -> str:
    return "".join(
        f'<option value="{escaped(code)}">{escaped(label)}</option>' for code, label in choices
    )


class ReferenceChoiceField(CodeField):
    """A reference row chosen in a select: the API's check of the code against the rows read once
    per process, in a select's wording."""

    default_error_messages = {
        "invalid_choice": forms.ChoiceField.default_error_messages["invalid_choice"]
    }

    def __init__(
        self,
        model: type[Model],
        order_by: str | tuple[str, ...],
        empty_label: str,
        **kwargs: Any,
    ):
        super().__init__(model=model, widget=OptionsSelect(model, order_by, empty_label), **kwargs)


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
