from flask import Blueprint

from . import log_privacy

bp = Blueprint("public", __name__)
bp.record_once(log_privacy.install)

from . import views  # noqa: E402,F401  (registers the routes on bp)
