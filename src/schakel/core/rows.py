"""Writing rows with less ORM machinery, for the hot write paths that were measured.

`insert(objs)` does what ``Model.objects.bulk_create(objs)`` does for new objects of one model
(field defaults, ``pre_save`` such as ``auto_now_add``, every field's own conversion to the
database value, encryption included, and the primary keys set from ``RETURNING``), but the
statement text is built once per model and row count and reused. Building the SQL anew is
most of the ORM's cost per insert; creating a report writes up to nine tables, so this
matters for the create API (docs/benchmarks.md, issue 3). Unlike bulk_create it sends
``pre_save`` and ``post_save`` (``created=True``) for each object, as ``save()`` does: the
linkage app keeps its intake index current from those (linkage.intake_updates).

`execute(sql, params)` runs one such fixed statement. On PostgreSQL both go through a cursor
with server-side parameters, so the server parses and plans each statement text once per
connection and then reuses it (a prepared statement, psycopg's `prepare_threshold`, set in
settings/base.py); Django's own cursors keep binding on the client and never prepare. The
statements still pass Django's execute wrappers (query logging and counting in tests).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.backends.utils import CursorWrapper
from django.db.models.fields import NOT_PROVIDED
from django.db.models.signals import post_save, pre_save


def insert(objs: Sequence[models.Model]) -> None:
    """Insert new ``objs`` (all of one model) in one statement and set their primary keys."""
    if not objs:
        return
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    fields = _fields(model, connection.vendor)
    if fields is None or not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.bulk_create(objs)  # what this module shortens
        return
    params: list[Any] = []
    send_pre, send_post = pre_save.has_listeners(model), post_save.has_listeners(model)
    for obj in objs:
        if type(obj) is not model or obj.pk is not None:
            raise ValueError("insert() takes new objects of one model")
        if send_pre:
            pre_save.send(sender=model, instance=obj, raw=False, using=alias, update_fields=None)
        obj._prepare_related_fields_for_save(operation_name="insert")  # type: ignore[attr-defined]
        params.extend(
            field.get_db_prep_save(field.pre_save(obj, add=True), connection) for field in fields
        )
    keys = execute(_statement(model, connection.vendor, len(objs)), params, using=alias)
    pk = model._meta.pk
    for obj, (key,) in zip(objs, keys, strict=True):
        setattr(obj, pk.attname, pk.to_python(key))
        obj._state.adding = False
        obj._state.db = alias
    if send_post:
        for obj in objs:
            post_save.send(
                sender=model, instance=obj, created=True, update_fields=None, raw=False, using=alias
            )


@functools.cache
def _fields(model: type[models.Model], vendor: str) -> tuple[models.Field[Any, Any], ...] | None:
    """The columns an insert writes (all but the generated key); None when a field needs what
    only the ORM's compiler does (a database default, a placeholder of its own)."""
    meta = model._meta
    fields = []
    for field in meta.concrete_fields:
        if field.primary_key and field.db_returning:
            continue  # the key comes from the database (RETURNING)
        if (
            getattr(field, "generated", False)
            or field.db_default is not NOT_PROVIDED
            or hasattr(field, "get_placeholder")
        ):
            return None
        fields.append(field)
    if meta.pk is None or not meta.pk.db_returning:
        return None
    return tuple(fields)


@functools.cache
def _statement(model: type[models.Model], vendor: str, rows: int) -> str:
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = cast("tuple[models.Field[Any, Any], ...]", _fields(model, vendor))
    pk = model._meta.pk
    columns = ", ".join(quote(str(f.column)) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608 -- model metadata
        f"VALUES {', '.join([row] * rows)} RETURNING {quote(str(pk.column))}"
    )


def execute(
    sql: str, params: Sequence[Any] = (), *, using: str = DEFAULT_DB_ALIAS
) -> list[tuple[Any, ...]]:
    """Run one statement of a hot path and return the rows it returns (if any)."""
    with _cursor(connections[using]) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _cursor(connection: Any) -> CursorWrapper:
    if connection.vendor != "postgresql":
        return connection.cursor()  # type: ignore[no-any-return]
    import psycopg

    connection.ensure_connection()
    # _prepare_cursor wraps it as connection.cursor() does (execute wrappers, debug log).
    return connection._prepare_cursor(psycopg.Cursor(connection.connection))  # type: ignore[no-any-return]


def columns(model: type[models.Model], alias: str) -> str:
    """The select list of ``model``'s concrete columns, for `instance` (``alias.column, …``)."""
    quote = connections[router.db_for_read(model)].ops.quote_name
    return ", ".join(f"{alias}.{quote(str(f.column))}" for f in model._meta.concrete_fields)


def instance(
    model: type[models.Model], values: Sequence[Any], *, using: str = DEFAULT_DB_ALIAS
) -> models.Model:
    """A ``model`` instance from the values of `columns`, converted as the ORM converts them."""
    connection = connections[using]
    converted = []
    for field, raw in zip(model._meta.concrete_fields, values, strict=True):
        column = field.get_col(model._meta.db_table)
        converted.append(convert(raw, column, converters(column, connection), connection))
    return model.from_db(using, [f.attname for f in model._meta.concrete_fields], converted)


def converters(column: Any, connection: Any) -> list[Any]:
    """The functions the ORM passes a value of ``column`` (an expression such as
    ``field.get_col(table)``) through on its way out of the database."""
    return [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]


def convert(value: Any, column: Any, functions: Sequence[Any], connection: Any) -> Any:
    """``value`` as read by plain SQL, converted as the ORM converts it (`converters`)."""
    for function in functions:
        value = function(value, column, connection)
    return value
