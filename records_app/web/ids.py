"""Ids in URLs: `<id:request_id>` matches only a whole number from 1 to MAX_ID, so a larger
one is a plain 404 rather than a database error (PostgreSQL refuses to compare it with an
INTEGER column)."""

from flask import Flask
from werkzeug.routing import IntegerConverter

from records_app.models import MAX_ID


class IdConverter(IntegerConverter):
    def __init__(self, url_map, **kwargs):
        super().__init__(url_map, min=1, max=MAX_ID, **kwargs)


def register(app: Flask) -> None:
    """Before the blueprints: their rules read the converter when they are added."""
    app.url_map.converters["id"] = IdConverter
