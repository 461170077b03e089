"""Closed sets of values: StrEnums with their French labels, and columns the database checks against them."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

import portal.alerts.models
import portal.cvtheque.models
import portal.events.models
import portal.mail.models  # noqa: F401
from portal.extensions import db
from portal.offers.models import ApplicationStatus, OfferStatus
from portal.vocabulary import LabelledEnum


def test_a_member_is_its_value_and_carries_its_label():
    assert OfferStatus.DRAFT == "draft" and f"{OfferStatus.DRAFT}" == "draft"
    assert OfferStatus("closed").label == "Pourvue ou close"
    assert OfferStatus.labels()["published"] == "Publiée"
    assert ApplicationStatus.choices(ApplicationStatus(v) for v in ApplicationStatus.CHOICES)[0] == ("seen", "Vue")
    assert "CHOICES" not in ApplicationStatus.__members__


def enum_columns() -> list[sa.Column]:
    return [
        column for table in db.metadata.tables.values() for column in table.columns if isinstance(column.type, sa.Enum)
    ]


def test_every_closed_set_is_a_labelled_enum():
    columns = enum_columns()
    assert len(columns) >= 20
    for column in columns:
        assert issubclass(column.type.enum_class, LabelledEnum), column
        assert all(member.label for member in column.type.enum_class), column


def _blank(column: sa.Column):
    if isinstance(column.type, sa.Enum):
        return column.type.enums[0]
    for kind, value in (
        (sa.Boolean, False),
        (sa.DateTime, datetime(2026, 1, 1)),
        (sa.Date, date(2026, 1, 1)),
        (sa.JSON, []),
        (sa.Float, 0.0),
        (sa.Integer, 1),
        (sa.String, "x"),
    ):
        if isinstance(column.type, kind):
            return value
    raise AssertionError(column)


@pytest.mark.parametrize("name", [f"{c.table.name}.{c.name}" for c in enum_columns()])
def test_the_database_refuses_a_value_outside_the_set(app, name):
    table_name, column_name = name.split(".")
    table = db.metadata.tables[table_name]
    row = {
        column.name: _blank(column)
        for column in table.columns
        if not column.nullable and not (column.primary_key and isinstance(column.type, sa.Integer))
    }
    row[column_name] = "hors-liste"
    # Raw SQL: what the database says, whatever the models would let through.
    statement = sa.text(f"INSERT INTO {table_name} ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})")
    with pytest.raises(sa.exc.IntegrityError, match=f"ck_{table_name}_{column_name}"):
        with db.session.begin_nested():
            db.session.execute(
                statement.bindparams(
                    *[
                        sa.bindparam(k, v, type_=sa.JSON) if isinstance(v, list) else sa.bindparam(k, v)
                        for k, v in row.items()
                    ]
                )
            )
