"""A unit of work: one connection, one transaction, committed only on request.

Leaving the block without ``commit()`` (an error, a dry run) rolls back, so a
script or an article is stored whole or not at all.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine


class UnitOfWork:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.connection: Connection | None = None

    def __enter__(self) -> UnitOfWork:
        from tracker.store.db import writing_connection

        # A writer: SQLite takes its write lock at BEGIN, PostgreSQL the tracker's advisory lock.
        self.connection = writing_connection(self.engine)
        try:
            self._transaction = self.connection.begin()
        except BaseException:  # a lock that timed out, Ctrl-C: the connection goes back all the same
            self.connection.close()
            raise
        return self

    def commit(self) -> None:
        self._transaction.commit()

    def __exit__(self, *exc) -> None:
        try:
            if self._transaction.is_active:
                self._transaction.rollback()
        finally:
            self.connection.close()
