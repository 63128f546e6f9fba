"""The audit trail: one row per thing a person did with protected information
(45 CFR 164.312(b)). Callers pass ids and counts only; the row never holds names, dates of
birth or contact details, so the trail itself can be read and exported freely by admins.

Each row carries a MAC, an HMAC-SHA256 under the audit key (AUDIT_KEYS, kept outside the
database: audit.keys), over its own content and the previous row's MAC, so that a row
changed or removed in the database breaks the chain where it happened, and `verify()` says
where (45 CFR 164.312(c)(1) integrity); without the key, the MACs cannot be computed again
for rewritten rows. Removing the newest rows leaves no broken link: checkpoints written
outside the database (audit.checkpoints) catch that. Appends are serialised by the one-row
`audit_chain_head` table, so two writers cannot both link to the same previous row.

Rows written before the chain was keyed have no key id and a plain SHA-256 (anyone can
compute it again); they are verified as before, and the first keyed row's MAC covers the
last of them, so they cannot be rewritten without breaking it. After a keyed row, an
unkeyed one is a rewrite.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from records_app.audit import keys
from records_app.extensions import db
from records_app.models import AuditChainHead, AuditEvent, StaffUser, utcnow

GENESIS_HASH = "0" * 64
VERIFY_BATCH_SIZE = 1000


@dataclass(frozen=True)
class Actor:
    """Who did something and from where: a staff member with the client's address, or a
    label such as the command-line user."""

    user: StaffUser | None = None
    label: str | None = None
    ip_address: str | None = None


def record(
    action: str,
    *,
    actor: StaffUser | None = None,
    actor_label: str | None = None,
    request_id: int | None = None,
    details: dict | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Adds the row to the caller's transaction, so it commits (or not) with the action.
    It locks the chain head until that commit, so call it last, just before committing."""
    last_id, last_hash = _lock_chain_head()
    event = AuditEvent(
        id=last_id + 1,
        occurred_at=utcnow(),
        action=action,
        actor_id=actor.id if actor else None,
        actor_label=actor_label or (actor.email if actor else "system"),
        request_id=request_id,
        details=details or {},
        ip_address=ip_address,
        prev_hash=last_hash,
        key_id=keys.current().newest_id,
    )
    event.row_hash = row_hash(event)
    db.session.add(event)
    db.session.flush()
    db.session.execute(sa.update(AuditChainHead).values(last_id=event.id, last_hash=event.row_hash))
    return event


def record_by(
    by: Actor, action: str, *, request_id: int | None = None, details: dict | None = None
) -> AuditEvent:
    return record(
        action,
        actor=by.user,
        actor_label=by.label,
        request_id=request_id,
        details=details,
        ip_address=by.ip_address,
    )


def _lock_chain_head() -> tuple[int, str]:
    """The chain's last id and hash, read by an UPDATE so that the row stays locked until
    this transaction ends: PostgreSQL makes a second writer wait for the row and then hands
    it the committed values; SQLite makes it wait for the database's write lock. SELECT ...
    FOR UPDATE would not do: SQLite ignores it."""
    head = db.session.execute(
        sa.update(AuditChainHead)
        .values(last_id=AuditChainHead.last_id)
        .returning(AuditChainHead.last_id, AuditChainHead.last_hash)
    ).one_or_none()
    if head is None:
        raise RuntimeError(
            "The audit chain head row is missing; run `.venv/bin/flask --app app db upgrade`."
        )
    return head.last_id, head.last_hash


def row_hash(event: AuditEvent) -> str | None:
    """The row's MAC: HMAC-SHA256 under its key over a canonical JSON of the row, the key
    id included; for a row written before the chain was keyed, `unkeyed_hash`. None when
    the row names a key AUDIT_KEYS does not list."""
    if event.key_id is None:
        return unkeyed_hash(event)
    return keys.current().mac(event.key_id, _canonical(event, key_id=event.key_id))


def unkeyed_hash(event: AuditEvent) -> str:
    """The plain SHA-256 of the row's canonical JSON, as the chain was before it was keyed
    (and as anyone who can read a row can compute it)."""
    return hashlib.sha256(_canonical(event)).hexdigest()


def _canonical(event: AuditEvent, **more) -> bytes:
    """The row as JSON with sorted keys, no spaces and its time in UTC ISO form."""
    content = {
        "id": event.id,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "request_id": event.request_id,
        "details": event.details,
        "ip_address": event.ip_address,
        "prev_hash": event.prev_hash,
        **more,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class Checkpoint:
    """Where the chain ended when it was last seen whole: the newest row's id and MAC."""

    last_id: int
    mac: str

    def line(self) -> str:
        return f"audit checkpoint id={self.last_id} mac={self.mac}"


@dataclass(frozen=True)
class Verification:
    rows: int
    problem: str | None = None
    unkeyed: int = 0  # rows written before the chain was keyed
    last: Checkpoint | None = None


def verify(checkpoint: Checkpoint | None = None) -> Verification:
    """Walks the chain in id order and stops at the first row that was changed or removed;
    with a checkpoint, also finds the chain cut back or rewritten up to it."""
    statement = (
        sa.select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=VERIFY_BATCH_SIZE)
    )
    with db.session.execute(statement) as result:
        walk = _walk(result.scalars())
    problem = walk.problem or _head_problem(walk.last)
    if problem is None and checkpoint is not None:
        problem = _checkpoint_problem(checkpoint)
    last = Checkpoint(walk.last.id, walk.last.row_hash) if walk.last else None
    return Verification(walk.rows, problem, walk.unkeyed, last)


@dataclass
class _Walk:
    rows: int = 0
    unkeyed: int = 0
    last: AuditEvent | None = None
    problem: str | None = None


def _walk(events: Iterable[AuditEvent]) -> _Walk:
    walk = _Walk()
    for event in events:
        walk.problem = _link_problem(walk.last, event)
        if walk.problem:
            return walk
        walk.rows += 1
        walk.unkeyed += event.key_id is None
        walk.last = event
    return walk


def _link_problem(previous: AuditEvent | None, event: AuditEvent) -> str | None:
    """A row whose MAC is wrong was changed; a gap in ids or a broken link means rows
    were removed (ids are allocated one by one under the chain lock, so they have no gaps)."""
    if event.key_id is None and previous is not None and previous.key_id is not None:
        return f"Row {event.id} has no MAC after keyed rows: it was rewritten."
    expected = row_hash(event)
    if expected is None:
        return f"Row {event.id} is keyed with audit key {event.key_id}, not in AUDIT_KEYS."
    if expected != event.row_hash:
        return f"Row {event.id} was changed: its contents no longer match its MAC."
    if previous is None:
        if event.prev_hash != GENESIS_HASH:
            return f"Rows before row {event.id} were removed: it is not the chain's first row."
        return None
    if event.id != previous.id + 1:
        return f"{_removed(previous.id + 1, event.id - 1)} (before row {event.id})."
    if event.prev_hash != previous.row_hash:
        return f"Row {event.id} does not link to row {previous.id}: a row was removed or rewritten."
    return None


def _checkpoint_problem(checkpoint: Checkpoint) -> str | None:
    """The chain links up, so the row at the checkpoint's id still has the MAC recorded
    then unless rows up to it were written again, or it is gone."""
    event = db.session.get(AuditEvent, checkpoint.last_id)
    if event is None:
        return (
            f"Row {checkpoint.last_id}, the newest at the checkpoint, is gone: the chain "
            "was cut back."
        )
    if event.row_hash != checkpoint.mac:
        return (
            f"Row {checkpoint.last_id} no longer has the MAC the checkpoint recorded: rows "
            "up to it were rewritten."
        )
    return None


def _head_problem(last: AuditEvent | None) -> str | None:
    """Removing the newest rows leaves no broken link behind; the chain head still says
    where the chain ended."""
    head = db.session.get(AuditChainHead, 1)
    if head is None:
        return "The audit chain head row is missing."
    last_id, last_hash = (last.id, last.row_hash) if last else (0, GENESIS_HASH)
    if head.last_id > last_id:
        return f"{_removed(last_id + 1, head.last_id)} (the end of the chain)."
    if head.last_id < last_id:
        return f"Rows {head.last_id + 1} to {last_id} were added outside the chain."
    if head.last_hash != last_hash:
        return f"Row {last_id} was rewritten: the chain head holds another hash for it."
    return None


def _removed(first_id: int, last_id: int) -> str:
    if first_id == last_id:
        return f"Row {first_id} was removed"
    return f"Rows {first_id} to {last_id} were removed"
