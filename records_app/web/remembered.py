"""A request a visitor has just sent or looked up, kept in their session for a short while
so that the next page can find it without a tracking code in the URL. It expires, so that
the next person at a shared computer does not find it."""

from datetime import timedelta

from flask import session

from records_app.extensions import db
from records_app.models import RecordsRequest, utcnow


def remember(key: str, records_request: RecordsRequest, good_for: timedelta) -> None:
    session[key] = {"id": records_request.id, "until": (utcnow() + good_for).timestamp()}


def recall(key: str) -> RecordsRequest | None:
    remembered = session.get(key)
    if not remembered or remembered["until"] < utcnow().timestamp():
        return None
    return db.session.get(RecordsRequest, remembered["id"])
