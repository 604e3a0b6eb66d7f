"""What text a database can hold: one rule for both databases.

SQLite stores any Python string; PostgreSQL refuses a NUL character ("text fields cannot
contain NUL bytes") and psycopg cannot encode a lone UTF-16 surrogate, and both refuse an
integer past 64 bits. Input that reaches a query with one of these is a database error on
one database and not the other, so it is refused at the door, the same way on both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

INT64_MAX = 2**63 - 1
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_storable(value: str) -> bool:
    """True when every database can store and compare `value`."""
    return _UNSTORABLE.search(value) is None


def value_storable(value: Any) -> bool:
    """The same rule for a decoded JSON value: strings, object keys and integers, nested."""
    return next(_unstorable(value), None) is None


def first_unstorable_field(document: Any) -> str | None:
    """The top-level field of a JSON object holding an unstorable value, "body" for the
    document itself, or None when all of it can be stored."""
    if isinstance(document, dict):
        for key, value in document.items():
            if not value_storable(key) or not value_storable(value):
                return key if isinstance(key, str) and text_storable(key) else "body"
        return None
    return None if value_storable(document) else "body"


def _unstorable(value: Any) -> Iterator[Any]:
    if isinstance(value, str):
        if not text_storable(value):
            yield value
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if not -INT64_MAX - 1 <= value <= INT64_MAX:
            yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unstorable(key)
            yield from _unstorable(item)
    elif isinstance(value, list):
        for item in value:
            yield from _unstorable(item)
