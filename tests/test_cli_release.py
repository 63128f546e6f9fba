"""`flask release attach CODE FILE...`: large sets attached on the server."""

import pytest

from records_app.models import Status
from tests.support.audit import audit_rows
from tests.support.factories import request_in
from tests.support.releases import pdf_of, released_files


@pytest.fixture
def approved(make_request, clerk):
    return request_in(Status.APPROVED, make_request, clerk)


def test_files_are_attached_from_the_command_line_without_a_word_under_cron(
    runner, approved, tmp_path
):
    notes, labs = tmp_path / "notes.pdf", tmp_path / "labs.txt"
    notes.write_bytes(pdf_of(2))
    labs.write_bytes(b"Potassium 4.1 mmol/L\n")
    result = runner.invoke(
        args=["release", "attach", approved.tracking_code, str(notes), str(labs)]
    )
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert [(f.filename, f.page_count) for f in released_files()] == [
        ("notes.pdf", 2),
        ("labs.txt", None),
    ]
    assert all(row.actor_label.startswith("cli:") for row in audit_rows("release.file_attached"))


def test_a_refused_file_stops_the_command_with_its_reason(runner, approved, tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = runner.invoke(args=["release", "attach", approved.tracking_code, str(empty)])
    assert result.exit_code == 1
    assert "empty.pdf: The file is empty." in result.output
    assert released_files() == []


def test_an_unknown_tracking_code_is_refused(runner, app, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"notes\n")
    result = runner.invoke(args=["release", "attach", "RR-2222-2222", str(notes)])
    assert result.exit_code == 1
    assert "No request has the tracking code RR-2222-2222." in result.output
