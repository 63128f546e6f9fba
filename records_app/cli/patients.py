"""`flask patients import FILE`: the closed practice's list of patients into the index."""

import sys

import click
from flask.cli import AppGroup

from records_app import audit, patient_index, practice
from records_app.cli.common import cli_actor
from records_app.extensions import db
from records_app.patient_index import ImportRefused

patients_group = AppGroup("patients", help="The practice's patient index.")


@patients_group.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="Import the good rows of a file that has bad ones (they are listed); without it, "
    "a file with any bad row imports nothing.",
)
def import_patients(csv_file: str, skip_bad_rows: bool) -> None:
    """Import the practice's patient list from a CSV file whose first line names the
    columns (Record number, First name, Last name, Date of birth, Chart location; also
    Middle name, Former names, Sex, First visit, Last visit). A record number already in
    the index updates that patient. Shows progress on a terminal and nothing else under
    cron; problems are named by line and column, never by value."""
    with open(csv_file, encoding="utf-8-sig", newline="") as lines:
        try:
            checked = patient_index.check_file(lines, practice.today())
            if not skip_bad_rows:
                patient_index.refuse_bad_rows(checked)
        except ImportRefused as refused:
            for problem in refused.problems:
                click.echo(str(problem), err=True)
            raise click.ClickException(str(refused)) from None
    batches = patient_index.write_rows(checked.rows)
    if sys.stdout.isatty():
        with click.progressbar(length=len(checked.rows), label="Importing patients") as bar:
            result = patient_index.summed(_counted(batches, bar), checked.problems)
    else:
        result = patient_index.summed(batches, checked.problems)
    audit.record_by(
        cli_actor(),
        "patients.imported",
        details={"added": result.added, "updated": result.updated, "skipped": len(result.skipped)},
    )
    db.session.commit()
    click.echo(result.summary())


def _counted(batches, bar):
    for added, updated in batches:
        bar.update(added + updated)
        yield added, updated
