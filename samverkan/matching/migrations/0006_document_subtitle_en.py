"""A document's subtitle in English too (results show the reader's language).

On SQLite adding a column rebuilds the table, which drops the triggers that keep the FTS5 index
current, so the index is dropped first and made again after (``lexical.INDEX_SQL`` rebuilds its
contents). PostgreSQL adds the column in place; its tsvector and pgvector columns stay as they
are. Existing documents get their English subtitle from the index update that ``migrate``
enqueues after it runs: their content hashes are cleared, so every document is stored again (its
texts are unchanged, so their vectors come from the embedding cache, not the model).
"""

from django.db import migrations, models

from samverkan.matching.lexical import DROP_SQL, INDEX_SQL


def _run(statements: dict[str, list[str]], schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in statements["sqlite"]:
            schema_editor.execute(statement)


def refill_next_update(apps, schema_editor):
    apps.get_model("matching", "Document").objects.update(content_hash="")


def drop_fts(apps, schema_editor):
    _run(DROP_SQL, schema_editor)


def create_fts(apps, schema_editor):
    _run(INDEX_SQL, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("matching", "0005_document_kind_registered")]

    operations = [
        migrations.RunPython(drop_fts, create_fts),
        migrations.AddField(
            model_name="document",
            name="subtitle_en",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
        migrations.RunPython(create_fts, drop_fts),
        migrations.RunPython(refill_next_update, migrations.RunPython.noop),
    ]
