from flask import render_template

from ..access import admin_required
from . import bp


@bp.route("/staff")
@admin_required
def staff_list():
    return render_template("admin/staff_list.html")
