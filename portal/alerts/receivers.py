"""Alerts follow what other features announce: publications, saved searches, address changes."""

import sqlalchemy as sa

from portal.accounts.signals import email_changed
from portal.alerts import services
from portal.alerts.models import AlertSubscription
from portal.cvtheque.signals import saved_search_changed, saved_search_deleting
from portal.events.signals import event_published
from portal.extensions import db
from portal.offers.signals import offer_published
from portal.tasks import after_commit, task


@task("alerts.announce")
def announce(kind: str, item_ids: list[int]) -> None:
    """Immediate alerts for items whose publication has committed; see services.announce_published."""
    services.announce_published(kind, item_ids)


def _offer_published(offer, **kwargs) -> None:
    after_commit("alerts.announce", "offers", [offer.id])


def _event_published(event, **kwargs) -> None:
    after_commit("alerts.announce", "events", [event.id])


def _saved_search_changed(saved, criteria: dict, **kwargs) -> None:
    services.follow_saved_search(saved.id, criteria)


def _saved_search_deleting(saved, **kwargs) -> None:
    services.forget_saved_search(saved.id)


def _email_changed(user, old_email: str, **kwargs) -> None:
    # An account's alerts are sent to AlertSubscription.email: they follow its address.
    db.session.execute(
        sa.update(AlertSubscription)
        .where(AlertSubscription.user_id == user.id)
        .values(email=user.email)
        .execution_options(synchronize_session="fetch")
    )


def connect() -> None:
    offer_published.connect(_offer_published)
    event_published.connect(_event_published)
    saved_search_changed.connect(_saved_search_changed)
    saved_search_deleting.connect(_saved_search_deleting)
    email_changed.connect(_email_changed)
