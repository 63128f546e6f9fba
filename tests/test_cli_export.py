"""`flask export fulfilled|all-requests`, through the CLI runner."""

import csv
import io
from datetime import timedelta

import openpyxl

from records_app import practice
from records_app.models import FulfilmentMethod
from tests.support.audit import audit_rows
from tests.support.clock import days_ago


def range_arguments(days_back=30):
    today = practice.today()
    return ["--from", (today - timedelta(days=days_back)).isoformat(), "--to", today.isoformat()]


def test_fulfilled_csv_is_written_to_a_file_and_audited(runner, make_request, fulfil, tmp_path):
    sent = fulfil(make_request(received_at=days_ago(6)), sent_days_ago=1)
    make_request(received_at=days_ago(2))
    path = tmp_path / "fulfilled.csv"

    result = runner.invoke(args=["export", "fulfilled", *range_arguments(), "-o", str(path)])

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [row["Tracking code"] for row in rows] == [sent.tracking_code]
    [event] = audit_rows()
    assert event.action == "export.fulfilled"
    assert event.actor_label.startswith("cli:")
    assert event.details["rows"] == 1 and event.details["format"] == "csv"


def test_dash_writes_the_csv_to_standard_output(runner, make_request, fulfil):
    sent = fulfil(make_request(received_at=days_ago(3)))
    result = runner.invoke(args=["export", "fulfilled", *range_arguments(), "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeffTracking code,")
    assert sent.tracking_code in result.stdout


def test_xlsx_export_opens_in_a_spreadsheet_reader(runner, make_request, fulfil, tmp_path):
    sent = fulfil(make_request(received_at=days_ago(3)))
    path = tmp_path / "fulfilled.xlsx"
    result = runner.invoke(
        args=["export", "fulfilled", *range_arguments(), "--format", "xlsx", "-o", str(path)]
    )
    assert result.exit_code == 0
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "Tracking code"
    assert sheet["A2"].value == sent.tracking_code


def test_delivery_method_filter_reaches_the_export(runner, make_request, fulfil):
    fulfil(make_request(received_at=days_ago(3)), method=FulfilmentMethod.MAIL)
    faxed = fulfil(make_request(received_at=days_ago(3)), method=FulfilmentMethod.FAX)
    result = runner.invoke(
        args=["export", "fulfilled", *range_arguments(), "--delivery-method", "fax", "-o", "-"]
    )
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2 and faxed.tracking_code in lines[1]


def test_all_requests_export_includes_open_requests(runner, make_request):
    still_open = make_request(received_at=days_ago(2))
    result = runner.invoke(args=["export", "all-requests", *range_arguments(), "-o", "-"])
    assert still_open.tracking_code in result.stdout
    assert audit_rows()[0].action == "export.all-requests"


def test_range_ending_before_it_starts_is_refused_and_not_audited(runner):
    today = practice.today()
    result = runner.invoke(
        args=[
            "export",
            "fulfilled",
            "--from",
            today.isoformat(),
            "--to",
            (today - timedelta(days=1)).isoformat(),
            "-o",
            "-",
        ]
    )
    assert result.exit_code == 2
    assert "--from must be on or before --to" in result.output
    assert audit_rows() == []


def test_malformed_date_is_refused(runner):
    result = runner.invoke(
        args=["export", "fulfilled", "--from", "03/01/2026", "--to", "2026-03-31", "-o", "-"]
    )
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output or "%Y-%m-%d" in result.output
