"""A many-to-many relation's link table as raw SQL names it, for the queries written by hand
(the search's codes, the reports' groupings by STEM area)."""

from typing import NamedTuple

from django.db import connection
from django.db.models.fields.related_descriptors import ManyToManyDescriptor


class Link(NamedTuple):
    """The link table and its two columns, quoted: the row's own key and the related one's."""

    table: str
    source: str
    target: str


def link_of(relation: ManyToManyDescriptor) -> Link:
    """The names come from the models' metadata, never from input."""
    through, field, quote = relation.through._meta, relation.field, connection.ops.quote_name
    return Link(
        quote(through.db_table),
        quote(through.get_field(field.m2m_field_name()).column),
        quote(through.get_field(field.m2m_reverse_field_name()).column),
    )
