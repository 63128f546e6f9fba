"""The audit trail (45 CFR 164.312(b)): a row for each audited action done through the app,
with ids and never patient details, in a hash chain that `flask audit verify` checks."""

import json
import threading
import time

import pytest
import sqlalchemy as sa

from records_app import audit
from records_app.extensions import db
from records_app.models import AuditEvent, Status
from tests.support.accounts import NEW_PASSWORD, STAFF_PASSWORD, add_staff
from tests.support.audit import audit_rows, only_audit_row
from tests.support.desk import ALLOWED, enter_paper_request, valid_fields
from tests.support.factories import request_in
from tests.support.forms import csrf_token_from, post_form
from tests.support.stored import only_request, reload

CLIENT_IP = "127.0.0.1"  # the test client's address
DISCLOSURES = "/staff/disclosures"


def verify(runner):
    return runner.invoke(args=["audit", "verify"])


def write_rows(count: int) -> list[int]:
    ids = [audit.record("test.row", details={"n": n}).id for n in range(count)]
    db.session.commit()
    return ids


def rewrite_with_its_hash(row_id: int) -> None:
    """An edit by someone who also knows how to recompute the row's own hash."""
    edited = db.session.get(AuditEvent, row_id)
    edited.details = {"n": 99}
    edited.row_hash = audit.row_hash(edited)
    db.session.commit()


# ---- rows for each audited action -------------------------------------------------------


def test_opening_a_request_page_is_audited_with_who_and_from_where(
    desk, make_request, signed_in_staff
):
    records_request = make_request()

    desk.page(records_request)

    row = only_audit_row("request.viewed")
    assert (row.request_id, row.actor_id, row.ip_address) == (
        records_request.id,
        signed_in_staff.id,
        CLIENT_IP,
    )


@pytest.mark.parametrize(("start", "action", "expected"), ALLOWED)
def test_each_lifecycle_action_is_audited_with_its_statuses(
    start, action, expected, desk, make_request, signed_in_staff
):
    records_request = request_in(start, make_request, signed_in_staff)

    desk.act(records_request, action, **valid_fields(action))

    row = only_audit_row(f"request.{action}")
    assert row.request_id == records_request.id
    assert row.details == {"from": start.value, "to": expected.value}


def test_a_refused_action_writes_no_action_row(desk, make_request):
    records_request = make_request()

    desk.act(records_request, "approve", **valid_fields("approve"))

    assert audit_rows("request.approve") == []
    assert reload(records_request).status == Status.SUBMITTED


def test_a_note_is_audited_without_its_text(client, desk, make_request):
    records_request = make_request()
    note_url = f"/staff/requests/{records_request.id}/notes"

    post_form(
        client,
        note_url,
        {"note-body": "Patient phoned about her knee"},
        form_page=f"/staff/requests/{records_request.id}",
    )

    row = only_audit_row("request.note_added")
    assert row.request_id == records_request.id
    assert "knee" not in json.dumps(row.details)


def test_entering_a_paper_request_is_audited(client, signed_in_staff):
    enter_paper_request(client)

    assert only_audit_row("request.paper_entered").request_id == only_request().id


def test_a_disclosure_search_is_audited_with_its_result_count_and_not_its_terms(
    client, signed_in_staff, make_request
):
    make_request()
    page = client.get(DISCLOSURES)
    client.post(
        DISCLOSURES,
        data={
            "csrf_token": csrf_token_from(page.text),
            "last_name": "Holloway",
            "date_of_birth": "1951-04-17",
        },
    )

    assert only_audit_row("disclosures.searched").details == {"results": 1}


def test_adding_a_staff_account_is_audited_with_its_id(client, signed_in_admin):
    add_staff(client)

    row = only_audit_row("account.created")
    assert (row.actor_id, row.ip_address) == (signed_in_admin.id, CLIENT_IP)
    assert set(row.details) == {"account_id", "role"}


def test_deactivating_a_staff_account_is_audited(client, signed_in_admin, make_staff):
    clerk = make_staff()

    post_form(
        client, f"/admin/staff/{clerk.id}/deactivate", {}, form_page=f"/admin/staff/{clerk.id}"
    )

    assert only_audit_row("account.deactivated").details == {"account_id": clerk.id}


def test_reactivating_a_staff_account_is_audited(client, signed_in_admin, make_staff):
    clerk = make_staff(active=False)

    post_form(
        client, f"/admin/staff/{clerk.id}/reactivate", {}, form_page=f"/admin/staff/{clerk.id}"
    )

    assert only_audit_row("account.reactivated").details == {"account_id": clerk.id}


def test_a_role_change_is_audited_with_both_roles(client, signed_in_admin, make_staff):
    clerk = make_staff()

    post_form(client, f"/admin/staff/{clerk.id}/role", {"role": "admin"}, form_page="/admin/staff")

    details = only_audit_row("account.role_changed").details
    assert (details["from"], details["to"]) == ("staff", "admin")


def test_setting_a_password_from_the_command_line_is_audited(runner, make_staff):
    clerk = make_staff()

    runner.invoke(args=["users", "set-password", clerk.email], input=NEW_PASSWORD)

    row = only_audit_row("account.password_set")
    assert row.details == {"account_id": clerk.id}
    assert row.actor_label.startswith("cli:")


def test_no_audit_row_holds_a_patient_name_or_date_of_birth(
    client, desk, make_request, signed_in_staff
):
    records_request = make_request()
    desk.page(records_request)
    desk.act(records_request, "start_review")
    enter_paper_request(client)
    stored = json.dumps([[row.actor_label, row.details] for row in audit_rows()])

    assert {row.action for row in audit_rows()} >= {
        "request.viewed",
        "request.start_review",
        "request.paper_entered",
    }
    for patient_detail in ("Margaret", "Holloway", "1951", "04-17"):
        assert patient_detail not in stored


# ---- the hash chain ---------------------------------------------------------------------


def test_verify_passes_on_an_untouched_chain(app, runner):
    write_rows(3)

    result = verify(runner)

    assert result.exit_code == 0, result.output
    assert "3 rows verified" in result.output


def test_verify_passes_on_an_empty_trail(runner):
    result = verify(runner)

    assert result.exit_code == 0
    assert "0 rows verified" in result.output


def test_verify_reports_a_row_edited_in_the_database(app, runner):
    ids = write_rows(4)
    db.session.execute(
        sa.text("UPDATE audit_event SET details = :details WHERE id = :id"),
        {"details": '{"n": 99}', "id": ids[2]},
    )
    db.session.commit()

    result = verify(runner)

    assert result.exit_code == 1
    assert f"Row {ids[2]} was changed" in result.output
    assert "2 rows before it verified" in result.output


def test_verify_reports_a_row_deleted_from_the_middle(app, runner):
    ids = write_rows(4)
    db.session.execute(sa.text("DELETE FROM audit_event WHERE id = :id"), {"id": ids[1]})
    db.session.commit()

    result = verify(runner)

    assert result.exit_code == 1
    assert f"Row {ids[1]} was removed" in result.output


def test_verify_reports_the_first_row_deleted(app, runner):
    ids = write_rows(3)
    db.session.execute(sa.text("DELETE FROM audit_event WHERE id = :id"), {"id": ids[0]})
    db.session.commit()

    result = verify(runner)

    assert result.exit_code == 1
    assert f"before row {ids[1]} were removed" in result.output


def test_verify_reports_the_newest_rows_deleted(app, runner):
    ids = write_rows(4)
    db.session.execute(sa.text("DELETE FROM audit_event WHERE id >= :id"), {"id": ids[2]})
    db.session.commit()

    result = verify(runner)

    assert result.exit_code == 1
    assert f"Rows {ids[2]} to {ids[3]} were removed" in result.output


def test_verify_reports_an_edited_row_whose_hash_was_recomputed(app, runner):
    ids = write_rows(3)
    rewrite_with_its_hash(ids[1])

    result = verify(runner)

    assert result.exit_code == 1
    assert f"Row {ids[2]} does not link to row {ids[1]}" in result.output


def test_verify_reports_the_newest_row_rewritten_with_its_hash(app, runner):
    ids = write_rows(2)
    rewrite_with_its_hash(ids[1])

    result = verify(runner)

    assert result.exit_code == 1
    assert f"Row {ids[1]} was rewritten" in result.output


def test_a_rolled_back_action_leaves_no_gap_in_the_chain(app, runner):
    audit.record("test.rolled_back")
    db.session.rollback()
    write_rows(2)

    assert [row.id for row in audit_rows()] == [1, 2]
    assert verify(runner).exit_code == 0


def test_appends_from_two_threads_at_once_keep_one_chain(app, runner):
    """Each thread holds its transaction open a moment after appending, so the other must
    wait for the chain head; neither may link to a row the other has not committed."""
    per_thread = 15
    start = threading.Barrier(2)
    failures = []

    def append_rows():
        with app.app_context():
            try:
                start.wait(5)
                for n in range(per_thread):
                    audit.record("test.concurrent", details={"n": n})
                    time.sleep(0.01)
                    db.session.commit()
            except Exception as error:  # reported below, where pytest sees it
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=append_rows) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert failures == []
    result = verify(runner)
    assert result.exit_code == 0, result.output
    assert f"{2 * per_thread} rows verified" in result.output


def test_a_queue_search_by_patient_details_is_audited_without_its_terms(desk, make_request):
    make_request()
    desk.search(last_name="Holloway")
    row = only_audit_row("queue.searched")
    assert row.details == {"results": 1}
    assert "Holloway" not in json.dumps(row.details)


def test_changing_ones_own_password_is_audited_with_the_address(client, signed_in_staff):
    post_form(
        client,
        "/staff/password",
        {
            "current_password": STAFF_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    row = only_audit_row("account.password_set")
    assert row.actor_id == signed_in_staff.id
    assert row.ip_address == "127.0.0.1"
