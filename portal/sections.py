"""The registry of page sections: what a feature shows on a page that another feature owns.

The dashboard (accounts) shows the candidate's profile and the offers proposed to them; the métier page
(metiers) lists its open offers and its next events; the saved searches of the CV-thèque show their alerts. The
page's owner knows none of these features: each of them declares a `Section` (in its own `sections.py`), listed
at app creation like the personal-data parts, and the page's view renders its template with `context(page, ...)`,
the variables every section of that page gives. This module knows no feature.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

DASHBOARD = "dashboard"  # keyword argument: user (the account logged in)
METIER = "metier"  # keyword argument: metier (the métier shown)
SAVED_SEARCHES = "saved-searches"  # keyword argument: user (who saved them)
SAVED_SEARCH = "saved-search"  # keyword arguments: user, saved (the search about to be deleted)


@dataclass(frozen=True)
class Section:
    """Variables a feature gives to the template of another feature's page."""

    page: str
    # The page's keyword arguments -> the template variables this feature gives.
    context: Callable[..., dict[str, Any]]


def init_app(app: Flask, sections: list[Section]) -> None:
    app.extensions["page_sections"] = list(sections)


def context(page: str, **kwargs: Any) -> dict[str, Any]:
    """The template variables that the sections of this page give, in the order they were listed."""
    variables: dict[str, Any] = {}
    for section in current_app.extensions["page_sections"]:
        if section.page == page:
            variables |= section.context(**kwargs)
    return variables
