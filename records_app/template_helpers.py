"""What every template may use: the practice's details, the lifecycle's names, and the
formatting of dates and money (formatting.py)."""

from flask import Flask, current_app

from . import lifecycle, mailer, practice
from .empty_form import EmptyForm
from .formatting import local_time, long_date, money, short_date


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
