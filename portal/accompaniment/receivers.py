"""Accompaniment follows what other features announce: the daily retention run closes and erases records."""

from flask import current_app

from portal.accompaniment.services import retention
from portal.candidates.signals import RetentionReport, retention_running


def _retention_running(app, now=None, **kwargs) -> RetentionReport:
    purge = retention.run(now)
    months = retention.periods(current_app.config)
    return RetentionReport(
        lines=[
            f"Accompagnements clos, sans contact depuis {months['accompaniment_close_months']} mois : {purge.closed}",
            f"Accompagnements effacés, {months['accompaniment_erase_months']} mois après leur fin : {purge.erased}",
            (
                "Demandes d'accompagnement classées ou jamais ouvertes effacées "
                f"(plus de {months['accompaniment_request_months']} mois) : {purge.requests}"
            ),
        ],
        errors=purge.errors,
    )


def connect() -> None:
    retention_running.connect(_retention_running)
