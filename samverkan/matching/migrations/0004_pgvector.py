"""Whole-text vectors in a pgvector column with HNSW indexes, on PostgreSQL servers whose extension
works (see samverkan/matching/vectorindex.py); nothing anywhere else."""

import logging

from django.db import DatabaseError, migrations, transaction

from samverkan.kernel import searchable
from samverkan.matching import vectorindex

log = logging.getLogger(__name__)


def create_column(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    # A pgvector the CPU cannot run would kill the server on the first distance: never install it.
    problem = vectorindex.extension_problem(connection)
    if problem:
        log.info("Whole-text vectors stay in memory: %s.", problem)
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute(vectorindex.EXTENSION_SQL)
    except DatabaseError:  # only a superuser may install it: the numpy scan remains
        return
    schema_editor.execute(vectorindex.COLUMN_SQL)
    for kind in searchable.kinds():
        for statement in vectorindex.index_sql(kind):
            schema_editor.execute(statement)
    Document = apps.get_model("matching", "Document")
    rows = Document.objects.exclude(vectors=None).values_list("pk", "vectors").iterator(1000)
    vectorindex.store(rows)
    vectorindex.forget_column()


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(vectorindex.DROP_SQL)
        vectorindex.forget_column()


class Migration(migrations.Migration):
    dependencies = [("matching", "0003_need_kind")]

    operations = [migrations.RunPython(create_column, drop_column)]
