"""The search form's filters, written in Python.

Each of the page's 15 filters was an included template with its error slot included in it: 1.6 ms
of CPU per search page for the includes alone, more than the 20 result cards. Built here, the
same HTML costs about a third of that. The widgets render themselves (frontend/forms/common.py
writes the selects).
"""

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def search_field(field: BoundField) -> SafeString:
    """A filter: its label, its widget and the slot of its errors (a tick box inside its
    label)."""
    errors = search_field_errors(field)
    if field.widget_type == "checkbox":
        return format_html(
            '<div class="field checkbox">\n  <label for="{}">{} {}</label>\n  {}\n</div>',
            field.id_for_label,
            str(field),
            field.label,
            errors,
        )
    return format_html(
        '<div class="field">\n  <label for="{}">{}</label>\n  {}\n  {}\n</div>',
        field.id_for_label,
        field.label,
        str(field),
        errors,
    )


@register.simple_tag
def search_field_errors(field: BoundField, oob: bool = False) -> SafeString:
    """The slot of a filter's errors. Its id is fixed, and the HTMX results answer (`oob`)
    replaces it out of band, so a filter changed with JavaScript shows its error next to it as
    the page without JavaScript does."""
    errors = ""
    if field.errors:
        items = format_html_join("", "<li>{}</li>", ((error,) for error in field.errors))
        # The id Django's aria-describedby names on the field of an error.
        errors = format_html('<ul class="errorlist" id="{}_error">{}</ul>', field.auto_id, items)
    return format_html(
        '<div id="{}_errors" role="alert"{}>{}</div>',
        field.auto_id,
        SafeString(' hx-swap-oob="true"') if oob else "",
        errors,
    )
