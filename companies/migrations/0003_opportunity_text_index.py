"""A GIN index for the Swedish full-text search of opportunities, on PostgreSQL only.

It is not in the model's Meta because SQLite has no GIN index and no tsvector; the expression is
exactly the one companies.filters.OpportunityTextSearch queries, so that PostgreSQL uses it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(
    SearchVector("title", "description", config="swedish"), name="opportunity_text_idx"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("companies", "Opportunity")
        schema_editor.execute(INDEX.create_sql(model, schema_editor))


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("companies", "Opportunity")
        schema_editor.execute(INDEX.remove_sql(model, schema_editor))


class Migration(migrations.Migration):
    dependencies = [("companies", "0002_company_profile_opportunity")]

    operations = [migrations.RunPython(create_index, drop_index)]
