"""The closure, explained: when the practice closed, who keeps its records and where, for
how long and what happens after, and who holds the records kept elsewhere. All of it comes
from the settings (records_app.practice), so that each practice tells its own story."""

from flask import render_template

from records_app import practice
from records_app.public import bp


@bp.get("/closure")
def closure():
    return render_template("public/closure.html", closure=practice.closure())
