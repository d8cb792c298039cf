"""Stored analysed terms and the database's own full-text index over them (FTS5 on SQLite, a
GIN-indexed tsvector on PostgreSQL)."""

from django.db import migrations, models

from samverkan.matching.lexical import DROP_SQL, INDEX_SQL, document_terms


def fill_terms(apps, schema_editor):
    Document = apps.get_model("matching", "Document")
    for document in Document.objects.iterator(chunk_size=500):
        document.title_terms, document.body_terms = document_terms(
            f"{document.title} {document.heading}", document.keywords, document.body
        )
        document.save(update_fields=["title_terms", "body_terms"])


def create_index(apps, schema_editor):
    for statement in INDEX_SQL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    for statement in DROP_SQL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="body_terms",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="document",
            name="title_terms",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(fill_terms, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
