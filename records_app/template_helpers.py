"""What every template may use: the practice's details, dates written the way people in the
practice's country read them, and money."""

from datetime import date, datetime

from flask import Flask, current_app

from . import lifecycle, mailer, practice
from .empty_form import EmptyForm


def long_date(value: date | datetime | None) -> str:
    """ "November 25, 2026": unambiguous for US readers, unlike 11/25/2026 vs 25/11/2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = practice.local_date(value)
    return f"{value:%B} {value.day}, {value.year}"


def short_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = practice.local_date(value)
    return value.isoformat()


def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(practice.zone()).strftime("%Y-%m-%d %H:%M %Z")


def money(cents: int | None) -> str:
    return f"${(cents or 0) / 100:,.2f}"


def register(app: Flask) -> None:
    app.add_template_filter(long_date)
    app.add_template_filter(short_date)
    app.add_template_filter(local_time)
    app.add_template_filter(money)

    @app.context_processor
    def practice_details():
        return {
            "practice": practice.details(),
            "lifecycle": lifecycle,
            "mail_is_off": not mailer.is_on(current_app.config),
            # Never reads the posted body: an error page (413 above all) must render
            # without touching a body that could not be read.
            "sign_out_form": EmptyForm(formdata=None),
        }
