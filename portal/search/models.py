import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class SearchQueue(db.Model):
    """A document to bring up to date in an index, written in the same transaction as the change.

    The index is derived: a row left here by a crash is applied by the next sync or rebuild.
    """

    __tablename__ = "search_queue"

    id: Mapped[int] = mapped_column(primary_key=True)
    index_name: Mapped[str] = mapped_column(sa.String(40))
    doc_id: Mapped[str] = mapped_column(sa.String(60))
