"""The receipt letters are written after the response: a submission leaves them pending, and
`flask letters write` (cron) or the first reading writes them, as of their event."""

import hashlib
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine
from flask_migrate import downgrade, upgrade

from records_app import letters, lifecycle
from records_app.extensions import db
from records_app.formatting import long_date
from records_app.letters.page import LetterPage
from records_app.models import Letter, LetterKind, Status
from tests.support import skips
from tests.support.factories import approve_and_fulfil, extend_as_far_as_allowed, request_in
from tests.support.letters import letters_of, only_letter, write_pending_letters
from tests.support.pdf import pdf_text
from tests.support.stored import only_request, reload

RECEIPT_LETTERS = [LetterKind.ACKNOWLEDGEMENT, LetterKind.AUTHORIZATION]


def is_written(letter) -> bool:
    db.session.expire(letter)
    return letter.sha256 is not None and letter.content is not None


def test_submission_leaves_two_pending_receipt_letters_and_composes_no_pdf(
    submit_request, monkeypatch
):
    def no_pdf_work(*_args, **_kwargs):
        raise AssertionError("a PDF was composed during the submission")

    monkeypatch.setattr(LetterPage, "__init__", no_pdf_work)
    assert submit_request().status_code == 303
    receipt_letters = letters_of(only_request())
    assert [letter.kind for letter in receipt_letters] == RECEIPT_LETTERS
    assert not any(is_written(letter) for letter in receipt_letters)
    assert letters.pending_count() == 2


def test_write_pending_writes_the_receipt_letters_and_they_pass_the_sha256_check(
    make_request,
):
    records_request = make_request()
    assert write_pending_letters() == 2
    for letter in letters_of(records_request):
        assert is_written(letter)
        assert letter.sha256 == hashlib.sha256(letter.content).hexdigest()
        assert letters.read_verified(letter).startswith(b"%PDF")


def test_second_write_pending_writes_nothing(make_request):
    make_request()
    write_pending_letters()
    assert write_pending_letters() == 0
    assert letters.pending_count() == 0


def test_write_pending_stops_at_its_limit_oldest_first(make_request):
    first, second = make_request(), make_request()
    assert write_pending_letters(limit=3) == 3
    assert all(is_written(letter) for letter in letters_of(first))
    assert [is_written(letter) for letter in letters_of(second)] == [True, False]


def test_two_writers_at_once_write_each_letter_once_and_neither_fails(app, make_requests):
    make_requests(4)
    written, failures = [], []

    def writer():
        with app.app_context():
            try:
                written.append(write_pending_letters())
            except Exception as failure:  # reported below, not lost in the thread
                failures.append(failure)

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sum(written) == 8
    assert letters.pending_count() == 0


def test_a_writer_passes_over_the_letters_another_writer_holds(make_request):
    """Overlapping cron runs share a backlog instead of composing the same letters."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip(skips.needs(skips.POSTGRESQL, "SQLite has one writer at a time"))
    held, free = make_request(), make_request()
    with db.engine.connect() as other_writer:
        other_writer.execute(
            sa.select(Letter.id).where(Letter.request_id == held.id).with_for_update()
        )
        # Were the held letters waited for, this writer would fail here rather than hang.
        db.session.execute(sa.text("SET LOCAL lock_timeout = '5s'"))
        assert write_pending_letters() == 2
        assert all(is_written(letter) for letter in letters_of(free))
        assert not any(is_written(letter) for letter in letters_of(held))


def test_acknowledgement_written_after_an_extension_shows_the_original_due_date(
    make_request, clerk
):
    records_request = make_request()
    extend_as_far_as_allowed(records_request, clerk)
    db.session.commit()
    acknowledgement = only_letter(records_request, LetterKind.ACKNOWLEDGEMENT)
    text = pdf_text(letters.read_verified(acknowledgement))
    assert f"We will act by {long_date(records_request.original_due_at)}" in text
    assert long_date(records_request.due_at) not in text


def test_letter_written_days_later_is_dated_as_of_its_event(make_request):
    records_request = make_request()
    received = records_request.events[0].occurred_at
    with time_machine.travel(received + timedelta(days=3)):
        write_pending_letters()
    acknowledgement = only_letter(records_request, LetterKind.ACKNOWLEDGEMENT)
    text = pdf_text(letters.read_verified(acknowledgement))
    assert long_date(received) in text
    assert long_date(received + timedelta(days=3)) not in text


def test_staff_downloading_a_pending_letter_gets_the_pdf_and_it_stays_written(
    client, signed_in_staff, make_request
):
    letter = only_letter(make_request(), LetterKind.AUTHORIZATION)
    response = client.get(f"/staff/requests/{letter.request_id}/letters/{letter.id}")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    assert "Signed request for medical records" in pdf_text(response.data)
    assert is_written(letter)
    assert letters.read_verified(letter) == response.data


@pytest.mark.parametrize(
    ("start", "step", "kind"),
    [
        (Status.SUBMITTED, extend_as_far_as_allowed, LetterKind.EXTENSION_NOTICE),
        (
            Status.IN_REVIEW,
            lambda r, clerk: lifecycle.request_info(r, clerk, r.version, "A photo ID."),
            LetterKind.INFORMATION_REQUEST,
        ),
        (
            Status.IN_REVIEW,
            lambda r, clerk: lifecycle.deny(
                r, clerk, r.version, basis="requester_not_authorized", explanation="We hold none."
            ),
            LetterKind.DENIAL,
        ),
        (Status.IN_REVIEW, approve_and_fulfil, LetterKind.COVER_LETTER),
    ],
)
def test_staff_step_letters_are_written_in_the_step(make_request, clerk, start, step, kind):
    records_request = request_in(start, make_request, clerk)
    step(records_request, clerk)
    db.session.commit()
    assert kind not in letters.WRITTEN_AFTER_THE_RESPONSE
    assert is_written(only_letter(reload(records_request), kind))


def test_letters_write_command_writes_the_pending_letters(runner, make_request):
    make_request()
    make_request()
    result = runner.invoke(args=["letters", "write", "--limit", "3"])
    assert result.exit_code == 0
    assert "Letters written: 3. Still pending: 1." in result.output
    result = runner.invoke(args=["letters", "write"])
    assert "Letters written: 1. Still pending: 0." in result.output


def test_letters_write_with_nothing_pending_prints_nothing(runner):
    result = runner.invoke(args=["letters", "write"])
    assert result.exit_code == 0
    assert result.output == ""


def test_downgrade_is_refused_while_letters_are_pending(make_request, new_connections, capfd):
    make_request()
    db.session.remove()
    try:
        with pytest.raises(SystemExit):
            downgrade(revision="936543b77619")
    finally:
        upgrade()  # the later revisions' downgrades, before the refused one, went through
    assert "2 letters are still pending: run `flask letters write`" in capfd.readouterr().err
    assert letters.pending_count() == 2
