"""`flask release attach CODE FILE...`: attach files of records to an approved request on
the server, for sets too large to send through a browser. Each file is checked, stored and
committed on its own (a refused file stops the run; those before it stay attached). On a
terminal it shows each file's progress; under cron or a script it prints nothing unless
something is refused."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from records_app import audit, releases, tracking
from records_app.cli.common import cli_actor
from records_app.extensions import db

release_group = AppGroup("release", help="Released records.")


@release_group.command("attach")
@click.argument("tracking_code")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def attach_files(tracking_code: str, files: tuple[Path, ...]) -> None:
    """Attach FILES to the approved request with TRACKING_CODE."""
    records_request = tracking.find_by_code(tracking_code)
    if records_request is None:
        raise click.ClickException(f"No request has the tracking code {tracking_code}.")
    on_terminal = sys.stdout.isatty()
    for path in files:
        with path.open("rb") as stream:
            size = path.stat().st_size
            with click.progressbar(
                length=size, label=path.name, file=None if on_terminal else _Quiet()
            ) as bar:
                try:
                    released = releases.attach(
                        records_request,
                        path.name,
                        stream,
                        releases.current(),
                        by=None,
                        on_progress=lambda done: bar.update(done - bar.pos),
                    )
                except releases.FileRefused as refusal:
                    db.session.rollback()
                    raise click.ClickException(f"{path.name}: {refusal}") from refusal
        audit.record_by(
            cli_actor(),
            "release.file_attached",
            request_id=records_request.id,
            details={"released_file_id": released.id, "byte_size": released.byte_size},
        )
        db.session.commit()
        if on_terminal:
            click.echo(f"Attached {releases.describe(released)}.")


class _Quiet:
    """Where the progress bar goes when nobody watches: nowhere."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None
