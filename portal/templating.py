"""What every template may use: French dates, the access check, the site's names."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask import Flask, current_app
from flask_login import current_user

from portal.accounts.access import can
from portal.communes.models import ZONES
from portal.communes.services import commune_options
from portal.site import canonical_url, site_host

PARIS = ZoneInfo("Europe/Paris")


def date_fr(value: date | datetime | None, format: str = "long") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.replace(tzinfo=ZoneInfo("UTC")).astimezone(PARIS).date()
    return format_date(value, format=format, locale="fr_FR")


def datetime_fr(value: datetime | None, format: str = "d MMMM y 'à' HH:mm") -> str:
    if value is None:
        return ""
    return format_datetime(value.replace(tzinfo=ZoneInfo("UTC")), format=format, tzinfo=PARIS, locale="fr_FR")


def number_fr(value: int | float | None) -> str:
    return "" if value is None else format_decimal(value, locale="fr_FR")


def capfirst(text: str) -> str:
    """Capital first letter, the rest untouched (Jinja's capitalize lowers "VAE")."""
    return text[:1].upper() + text[1:]


def register(app: Flask) -> None:
    app.add_template_filter(capfirst)
    app.add_template_filter(number_fr)
    app.add_template_filter(date_fr)
    app.add_template_filter(datetime_fr)

    @app.context_processor
    def globals_():
        return {
            "can": lambda *levels: can(current_user, *levels),
            "site_name": current_app.config["SITE_NAME"],
            "canonical_url": canonical_url,
            "site_host": site_host,
            "zones": ZONES,
            "commune_options": commune_options,
        }
