"""Importing the practice's patient list: `flask patients import FILE` and the admin page.
Good rows are sealed like requests; a file with a bad row imports nothing unless told to
skip bad rows; a re-import updates by record number; problems are named by line, never by
value."""

import io

import pytest
import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import Patient
from tests.support.forms import csrf_token_from

HEADER = (
    "MRN,First name,Middle name,Last name,Former names,DOB,Sex,First visit,Last visit,"
    "Chart location\n"
)
MARGARET = (
    'A-100,Margaret,Ann,Holloway,Dunn;Reyes,1951-04-17,F,2010-01-05,2022-11-30,"Box 14, shelf 2"\n'
)
JOHN = "A-101,John,,Smith,,04/17/1951,M,,,Iron Mountain vendor\n"


def csv_file(tmp_path, *lines, name="patients.csv"):
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


def patients() -> list[Patient]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Patient).order_by(Patient.id)))


def import_patients(runner, path, *options):
    return runner.invoke(args=["patients", "import", path, *options])


def test_good_rows_are_imported_with_every_column(runner, tmp_path):
    result = import_patients(
        runner,
        csv_file(tmp_path, HEADER, MARGARET, JOHN),
    )

    assert result.exit_code == 0, result.output
    assert "Patients added: 2. Updated: 0. Rows skipped: 0." in result.output
    margaret, john = patients()
    assert (margaret.record_number, margaret.full_name, margaret.former_names) == (
        "A-100",
        "Margaret Ann Holloway",
        ["Dunn", "Reyes"],
    )
    assert margaret.date_of_birth.isoformat() == "1951-04-17"
    assert (
        margaret.sex,
        margaret.first_visit_on.isoformat(),
        margaret.last_visit_on.isoformat(),
    ) == (
        "F",
        "2010-01-05",
        "2022-11-30",
    )
    assert margaret.chart_location == "Box 14, shelf 2"
    assert john.date_of_birth == margaret.date_of_birth
    assert john.middle_name is None


def test_patient_details_are_sealed_in_the_database(runner, tmp_path):
    import_patients(runner, csv_file(tmp_path, HEADER, JOHN))

    raw = db.session.execute(sa.text("SELECT * FROM patient")).one()
    stored = b"".join(value for value in raw if isinstance(value, bytes))
    for detail in (b"Smith", b"A-101", b"1951", b"Iron Mountain"):
        assert detail not in stored


def test_columns_are_found_by_their_headers_in_any_order(runner, tmp_path):
    path = csv_file(
        tmp_path,
        "chart_location,DATE OF BIRTH,surname,Given name,Record number,Notes\n",
        "Box 3,1960-02-29,Nguyễn,Thảo,B-7,ignored\n",
    )

    result = import_patients(runner, path)

    assert result.exit_code == 0, result.output
    (patient,) = patients()
    assert (patient.record_number, patient.first_name, patient.last_name) == (
        "B-7",
        "Thảo",
        "Nguyễn",
    )


@pytest.mark.parametrize(
    ("bad_line", "problem"),
    [
        ("A-102,Ann,,Lee,,1970-13-01,F,,,Box 1\n", "line 3: the date of birth is not a date"),
        ("A-102,Ann,,,,1970-01-01,F,,,Box 1\n", "line 3: the last name is empty"),
        (
            "A-102,Ann,,Lee,,1970-01-01,F,2020-01-01,2019-01-01,Box 1\n",
            "line 3: the last visit is before the first visit",
        ),
        ("A-102,Ann,,Lee,,2090-01-01,F,,,Box 1\n", "line 3: the date of birth is in the future"),
        ("a-100,Ann,,Lee,,1970-01-01,F,,,Box 1\n", "line 3: the record number is also on line 2"),
    ],
)
def test_a_file_with_a_bad_row_imports_nothing_and_names_its_line(
    runner, tmp_path, bad_line, problem
):
    result = import_patients(runner, csv_file(tmp_path, HEADER, MARGARET, bad_line, JOHN))

    assert result.exit_code == 1
    assert problem in result.output
    assert "Nothing was imported: 1 row has problems" in result.output
    assert patients() == []


def test_problems_never_quote_the_rows_values(runner, tmp_path):
    result = import_patients(
        runner, csv_file(tmp_path, HEADER, "A-102,Ann,,Lee,,1970-13-01,F,,,Box 1\n")
    )

    for value in ("A-102", "Ann", "Lee", "1970-13-01", "Box 1"):
        assert value not in result.output


def test_skipping_bad_rows_imports_the_good_ones_and_lists_the_bad(runner, tmp_path):
    bad = "A-102,Ann,,Lee,,not a date,F,,,Box 1\n"

    result = import_patients(
        runner, csv_file(tmp_path, HEADER, MARGARET, bad, JOHN), "--skip-bad-rows"
    )

    assert result.exit_code == 0, result.output
    assert (
        "Patients added: 2. Updated: 0. Rows skipped: 1. Line 3: the date of birth" in result.output
    )
    assert len(patients()) == 2


def test_a_reimport_updates_patients_by_record_number(runner, tmp_path):
    import_patients(runner, csv_file(tmp_path, HEADER, MARGARET, JOHN))
    moved = JOHN.replace("Iron Mountain vendor", "Box 99")

    result = import_patients(runner, csv_file(tmp_path, HEADER, moved, name="again.csv"))

    assert "Patients added: 0. Updated: 1. Rows skipped: 0." in result.output
    margaret, john = patients()
    assert john.chart_location == "Box 99"
    assert margaret.chart_location == "Box 14, shelf 2"


def test_a_file_without_the_needed_columns_is_refused(runner, tmp_path):
    result = import_patients(runner, csv_file(tmp_path, "Name,Born\n", "Ann Lee,1970-01-01\n"))

    assert result.exit_code == 1
    assert (
        "no column for: record number, first name, last name, date of birth, chart location"
        in result.output
    )


def test_a_file_that_is_not_utf8_is_refused(runner, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "A-1,José,,Pérez,,1970-01-01,M,,,Box 1\n").encode("latin-1"))

    result = import_patients(runner, str(path))

    assert result.exit_code == 1
    assert "not UTF-8" in result.output


def test_the_command_is_quiet_but_for_its_summary_off_a_terminal(runner, tmp_path):
    result = import_patients(runner, csv_file(tmp_path, HEADER, MARGARET, JOHN))

    assert result.output.strip().splitlines() == ["Patients added: 2. Updated: 0. Rows skipped: 0."]


def test_an_admin_imports_a_file_from_the_patient_index_page(client, signed_in_admin):
    page = client.get("/admin/patients")

    response = client.post(
        "/admin/patients/import",
        data={
            "csrf_token": csrf_token_from(page.text),
            "csv_file": (io.BytesIO((HEADER + MARGARET + JOHN).encode()), "patients.csv"),
        },
        follow_redirects=True,
    )

    assert "Patients added: 2. Updated: 0. Rows skipped: 0." in response.text
    assert "2 patients" in response.text


def test_a_bad_file_on_the_admin_page_is_refused_beside_the_field(client, signed_in_admin):
    page = client.get("/admin/patients")

    response = client.post(
        "/admin/patients/import",
        data={
            "csrf_token": csrf_token_from(page.text),
            "csv_file": (
                io.BytesIO((HEADER + "A-1,Ann,,,,1970-01-01,F,,,Box\n").encode()),
                "p.csv",
            ),
        },
    )

    assert response.status_code == 422
    assert "Nothing was imported" in response.text
    assert "line 2: the last name is empty" in response.text
    assert patients() == []


def test_staff_who_are_not_admins_cannot_open_the_patient_index(client, signed_in_staff):
    assert client.get("/admin/patients").status_code == 403
