"""Whole-text vectors in a pgvector column with an HNSW index, on PostgreSQL servers that have the
extension (see samverkan/matching/vectorindex.py); nothing anywhere else."""

from django.db import DatabaseError, migrations, transaction

from samverkan.matching import vectorindex


def create_column(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    if not vectorindex.extension_available():
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute(vectorindex.EXTENSION_SQL)
    except DatabaseError:  # only a superuser may install it: the numpy scan remains
        return
    for statement in vectorindex.COLUMN_SQL:
        schema_editor.execute(statement)
    Document = apps.get_model("matching", "Document")
    rows = Document.objects.exclude(vectors=None).values_list("pk", "vectors").iterator(1000)
    vectorindex.store(rows)
    vectorindex._has_column.cache_clear()


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in vectorindex.DROP_SQL:
            schema_editor.execute(statement)
        vectorindex._has_column.cache_clear()


class Migration(migrations.Migration):
    dependencies = [("matching", "0003_need_kind")]

    operations = [migrations.RunPython(create_column, drop_column)]
