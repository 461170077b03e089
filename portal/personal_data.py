"""The registry of personal data: what each feature holds about a person, to export it and to erase it.

Each feature that holds personal data says so with a `PersonalData` part (in its own `personal_data.py`),
listed at app creation like the search sources. `portal.accounts.personal_data` reads every part in the listed
order for the export and runs every part's `forget` in the reverse order for the erasure, so that a feature
listed after another (whose rows may refer to the other's) is erased first. This module knows no feature.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import Flask, current_app

# The person: an account (portal.accounts.models.User), named loosely here so that no feature is imported.
Person = Any


def plain(value):
    """A value as JSON writes it: dates in ISO 8601."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class PersonalData:
    """What a feature holds about a person."""

    name: str
    # The sections of data.json about the person (none when there is nothing to say).
    export: Callable[[Person], dict]
    # Erase (or detach from the person) everything the feature holds, within the caller's transaction; what
    # must follow the commit (removing files) goes through portal.transactions.after_commit.
    forget: Callable[[Person], None]
    # The person's stored files to put in the ZIP: (storage key, path in the archive).
    files: Callable[[Person], list[tuple[str, str]]] = lambda user: []


def init_app(app: Flask, parts: list[PersonalData]) -> None:
    app.extensions["personal_data"] = list(parts)


def parts() -> list[PersonalData]:
    return current_app.extensions["personal_data"]
