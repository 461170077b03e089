"""Closed sets of values: each a StrEnum whose members carry the French label people read.

A member is its value (`OfferStatus.DRAFT == "draft"`), so forms, templates and queries that hold plain strings
keep working; `column()` stores one in a column that the database checks against the set.
"""

from enum import StrEnum
from typing import Self

import sqlalchemy as sa


class LabelledEnum(StrEnum):
    """Members are declared as `NAME = "value", "Label en français"`."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def labels(cls) -> dict[Self, str]:
        return {member: member.label for member in cls}

    @classmethod
    def choices(cls, members=None) -> list[tuple[str, str]]:
        """(value, label) pairs for a WTForms field, of every member or of those given."""
        return [(member.value, member.label) for member in (cls if members is None else members)]


def column(enum: type[StrEnum], name: str, length: int) -> sa.Enum:
    """The column type storing an enum's values as text, with a CHECK constraint ck_<table>_<name> listing them."""
    return sa.Enum(
        enum,
        name=name,
        length=length,
        native_enum=False,
        create_constraint=True,
        values_callable=lambda members: [member.value for member in members],
    )
