"""The search form's filters, written in Python.

Each of the page's 15 filters was an included template with its error slot included in it: 1.6 ms
of CPU per search page for the includes alone, more than the 20 result cards. Built here, the
same HTML costs about a third of that. The widgets render themselves (frontend/forms/common.py
writes the selects).
"""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe

from frontend.html import escaped

register = template.Library()


@register.simple_tag
def search_field(field: BoundField) -> SafeString:
    """A filter: its label, its widget and the slot of its errors (a tick box inside its
    label)."""
    errors, widget = search_field_errors(field), str(field)  # both HTML already
    label, for_id = escaped(field.label), escaped(field.id_for_label)
    # Every value is escaped by `escaped`.
    if field.widget_type == "checkbox":
        return mark_safe(  # noqa: S308
            f'<div class="field checkbox">\n  <label for="{for_id}">{widget} {label}</label>\n'
            f"  {errors}\n</div>"
        )
    return mark_safe(  # noqa: S308
        f'<div class="field">\n  <label for="{for_id}">{label}</label>\n  {widget}\n'
        f"  {errors}\n</div>"
    )


@register.simple_tag
def search_field_errors(field: BoundField, oob: bool = False) -> SafeString:
    """The slot of a filter's errors. Its id is fixed, and the HTMX results answer (`oob`)
    replaces it out of band, so a filter changed with JavaScript shows its error next to it as
    the page without JavaScript does."""
    field_id = escaped(field.auto_id)
    errors = ""
    if field.errors:
        items = "".join(f"<li>{escaped(error)}</li>" for error in field.errors)
        # The id Django's aria-describedby names on the field of an error.
        errors = f'<ul class="errorlist" id="{field_id}_error">{items}</ul>'
    swap = ' hx-swap-oob="true"' if oob else ""
    # Every value is escaped by `escaped`.
    return mark_safe(f'<div id="{field_id}_errors" role="alert"{swap}>{errors}</div>')  # noqa: S308
