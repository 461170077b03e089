"""One operation, one commit: services change and flush, the view or the command commits once.

What lives outside the database follows the transaction: a file to remove once the rows that name it are gone
(`after_commit`), a file already written that no row will name if the transaction is rolled back (`after_rollback`).
The callbacks run once the outermost transaction ends, whichever way; a failure in them is logged, never raised:
the data is committed (or not) by then, and a leftover file is only an orphan that costs some disk.
"""

from collections.abc import Callable

from flask import current_app
from sqlalchemy import event

from portal.extensions import db

_COMMIT, _ROLLBACK = "after_commit_callbacks", "after_rollback_callbacks"


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the current transaction has committed (never if it is rolled back)."""
    db.session.connection()  # a transaction, even before any SQL, so that its end is seen either way
    db.session.info.setdefault(_COMMIT, []).append(callback)


def after_rollback(callback: Callable[[], None]) -> None:
    """Run `callback` if the current transaction ends without committing."""
    db.session.connection()
    db.session.info.setdefault(_ROLLBACK, []).append(callback)


def _run(callbacks: list[Callable[[], None]]) -> None:
    for callback in callbacks:
        try:
            callback()
        except Exception:  # see the module's docstring
            current_app.logger.exception("A callback after the end of a transaction failed")


def _committed(session) -> None:
    session.info.pop(_ROLLBACK, None)
    _run(session.info.pop(_COMMIT, []))


def _ended(session, transaction) -> None:
    if transaction.parent is not None:  # a savepoint, or a subtransaction: the outer transaction goes on
        return
    session.info.pop(_COMMIT, None)
    _run(session.info.pop(_ROLLBACK, []))


def register_hooks() -> None:
    if not event.contains(db.session, "after_commit", _committed):
        event.listen(db.session, "after_commit", _committed)
        event.listen(db.session, "after_transaction_end", _ended)
