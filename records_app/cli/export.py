"""`flask export ...`: request lists as CSV or XLSX, to a file or standard output."""

import shutil
import tempfile

import click
from flask.cli import AppGroup

from records_app import audit, exports
from records_app.cli.common import cli_actor
from records_app.exports import ExportFilters
from records_app.extensions import db
from records_app.models import FulfilmentMethod, RequesterKind

export = AppGroup("export", help="Export request lists as CSV or XLSX.")
DATE = click.DateTime(formats=["%Y-%m-%d"])


def export_options(command):
    """The options every export takes; `-o -` writes to standard output."""
    options = [
        click.option("--from", "start", type=DATE, required=True, help="First day, YYYY-MM-DD."),
        click.option("--to", "end", type=DATE, required=True, help="Last day, YYYY-MM-DD."),
        click.option(
            "--format",
            "file_format",
            type=click.Choice(["csv", "xlsx"]),
            default="csv",
            show_default=True,
        ),
        click.option("-o", "--output", required=True, help="File to write, or - for stdout."),
        click.option(
            "--requester-type",
            type=click.Choice([kind.value for kind in RequesterKind]),
            help="Only requests from patients, or only from representatives.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@export.command("fulfilled")
@export_options
@click.option(
    "--delivery-method",
    type=click.Choice([method.value for method in FulfilmentMethod]),
    help="Only requests sent this way.",
)
def export_fulfilled(start, end, file_format, output, requester_type, delivery_method):
    """One row per request whose records were sent between --from and --to."""
    filters = _filters(start, end, requester_type, delivery_method)
    _export("fulfilled", filters, file_format, output)


@export.command("all-requests")
@export_options
def export_all_requests(start, end, file_format, output, requester_type):
    """Every request received between --from and --to, whatever its status."""
    _export("all-requests", _filters(start, end, requester_type, None), file_format, output)


def _filters(start, end, requester_type, delivery_method) -> ExportFilters:
    if start > end:
        raise click.BadParameter("--from must be on or before --to.", param_hint="--from")
    return ExportFilters(
        start=start.date(),
        end=end.date(),
        delivery_method=FulfilmentMethod(delivery_method) if delivery_method else None,
        requester_kind=RequesterKind(requester_type) if requester_type else None,
    )


def _export(kind: str, filters: ExportFilters, file_format: str, output: str) -> None:
    """Writes the file, then records the export (who, range, filters, row count) in the
    audit trail, as the staff page does."""
    export_kind = exports.EXPORT_KINDS[kind]
    rows = exports.RowCounter(export_kind.rows(filters))
    if file_format == "csv":
        with click.open_file(output, "wb") as destination:
            for chunk in exports.csv_chunks(export_kind.columns, rows):
                destination.write(chunk.encode("utf-8"))
    else:
        _write_xlsx(output, export_kind, rows)
    audit.record_by(
        cli_actor(),
        f"export.{kind}",
        details=exports.audit_details(kind, filters, file_format, rows.count),
    )
    db.session.commit()
    click.echo(f"{rows.count} rows written to {output}.", err=True)


def _write_xlsx(output: str, export_kind: exports.ExportKind, rows) -> None:
    """A workbook is a zip whose directory comes last, so standard output gets it from a
    temporary file once it is complete."""
    if output != "-":
        with open(output, "wb") as destination:
            exports.write_xlsx(destination, export_kind.columns, rows)
        return
    with tempfile.TemporaryFile() as workbook:
        exports.write_xlsx(workbook, export_kind.columns, rows)
        workbook.seek(0)
        shutil.copyfileobj(workbook, click.get_binary_stream("stdout"))
