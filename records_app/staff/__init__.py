from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from records_app.staff import (  # noqa: E402,F401  (registers the routes on bp)
    file_views,
    paper_views,
    patient_views,
    print_run_views,
    release_views,
    report_views,
    spam_views,
    views,
)
