"""The staff pages that look across many requests: the export, the dashboard and one
patient's disclosure history.

Every export is a disclosure of many patients' records, so each one is written to the audit
trail with who asked, the range, the filters and the number of rows, never the rows.
"""

import tempfile
from collections.abc import Iterator

from flask import Response, render_template, request, send_file, stream_with_context
from flask_login import current_user, login_required

from records_app import audit, exports, lifecycle, practice, releases, reports
from records_app.exports import ExportFilters
from records_app.extensions import db
from records_app.models import StaffUser
from records_app.staff import bp
from records_app.staff.charts import weekly_bar_chart
from records_app.staff.report_forms import DisclosureSearchForm, ExportForm
from records_app.web.access import acting_staff
from records_app.web.errors import stream_without_values

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---- export -----------------------------------------------------------------------------


@bp.get("/export")
@login_required
def export():
    return render_template("staff/export.html", form=ExportForm())


@bp.post("/export")
@login_required
def download_export():
    form = ExportForm()
    if not form.validate_on_submit():
        return render_template("staff/export.html", form=form), 422
    download = _xlsx_download if form.file_format.data == "xlsx" else _csv_download
    return download(form.kind.data, form.filters())


def _csv_download(kind: str, filters: ExportFilters) -> Response:
    return Response(
        stream_with_context(
            stream_without_values(csv_export_chunks(kind, filters, current_user.id))
        ),
        mimetype="text/csv",
        headers={"Content-Disposition": _attachment(exports.file_name(kind, filters, "csv"))},
    )


def csv_export_chunks(kind: str, filters: ExportFilters, staff_id: int) -> Iterator[str]:
    """The CSV as the cursor yields its rows. The audit row is written when the stream ends,
    with the number of rows read, even if the browser stopped reading early. By then the
    view's database session is closed, so the staff member is found again by id."""
    export_kind = exports.EXPORT_KINDS[kind]
    source = export_kind.rows(filters)
    rows = exports.RowCounter(source)
    try:
        yield from exports.csv_chunks(export_kind.columns, rows)
    finally:
        source.close()  # ends the database cursor before the audit row is committed
        _record_export(kind, filters, "csv", rows.count, staff_id)


def _xlsx_download(kind: str, filters: ExportFilters) -> Response:
    """A workbook cannot be streamed (its zip directory comes last), so it is built in a
    temporary file that is deleted when the response closes it."""
    export_kind = exports.EXPORT_KINDS[kind]
    workbook = tempfile.NamedTemporaryFile(suffix=".xlsx")
    try:
        rows = exports.write_xlsx(workbook, export_kind.columns, export_kind.rows(filters))
        _record_export(kind, filters, "xlsx", rows, current_user.id)
    except BaseException:
        workbook.close()
        raise
    workbook.seek(0)
    return send_file(
        workbook,
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=exports.file_name(kind, filters, "xlsx"),
    )


def _attachment(file_name: str) -> str:
    return f'attachment; filename="{file_name}"'


def _record_export(
    kind: str, filters: ExportFilters, file_format: str, rows: int, staff_id: int
) -> None:
    audit.record(
        f"export.{kind}",
        actor=db.session.get(StaffUser, staff_id),
        details=exports.audit_details(kind, filters, file_format, rows),
        ip_address=request.remote_addr,
    )
    db.session.commit()


# ---- dashboard --------------------------------------------------------------------------


@bp.get("/dashboard")
@login_required
def dashboard():
    figures = reports.dashboard()
    return render_template(
        "staff/dashboard.html",
        figures=figures,
        chart=weekly_bar_chart(figures.weeks),
        weeks_shown=reports.WEEKS_SHOWN,
    )


# ---- disclosure history -----------------------------------------------------------------


@bp.get("/disclosures")
@login_required
def disclosures():
    return _render_disclosures(DisclosureSearchForm())


@bp.post("/disclosures")
@login_required
def disclosure_history():
    """The terms identify a patient, so they come by POST and the answer is rendered, not
    redirected to: they never reach a URL, the browser's history or a log line. The audit
    trail keeps that a search ran and how many disclosures it found, never its terms."""
    form = DisclosureSearchForm()
    if not form.validate_on_submit():
        return _render_disclosures(form), 422
    history = reports.disclosure_history(*form.terms())
    audit.record_by(acting_staff(), "disclosures.searched", details={"results": len(history)})
    db.session.commit()
    return _render_disclosures(form, history)


def _render_disclosures(form: DisclosureSearchForm, history: list | None = None) -> str:
    return render_template(
        "staff/disclosures.html",
        form=form,
        history=history,
        requested_recipient=lifecycle.requested_recipient,
        downloads={r.id: releases.download_count(r) for r in history or []},
        prepared_on=practice.today(),
    )
