"""Signed tokens for links sent by mail. Each purpose has its own salt, so a token for one never opens another.

The salts are part of the links already mailed: changing one breaks every link of that purpose still in an inbox.
"""

from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer


@dataclass(frozen=True)
class Purpose:
    salt: str
    # A timed token carries its date, so that reading it can refuse it when too old; an untimed one never expires.
    timed: bool = True


PURPOSES: dict[str, Purpose] = {
    "verify-email": Purpose("portal.verify-email"),
    "reset-password": Purpose("portal.reset-password"),
    "change-email": Purpose("portal.change-email"),
    "login-link": Purpose("portal.login-link"),
    "accept-recruiter": Purpose("portal.accept-recruiter"),
    "event-registration": Purpose("portal.event-registration"),
    "event-cancel": Purpose("portal.event-cancel"),
    "alert-confirm": Purpose("portal.alert-confirm"),
    # No expiry: a link in a mail from last year must still stop the mail (RFC 8058).
    "alert-unsubscribe": Purpose("portal.alert-unsubscribe", timed=False),
    "cvtheque-contact": Purpose("cvtheque-contact"),
    # The coach's link that ties a record opened without an account to the account the person creates.
    "accompaniment-link": Purpose("portal.accompaniment-link"),
    # No expiry: an adviser stops the milestone mails with a link from any of them.
    "adviser-updates-stop": Purpose("portal.adviser-updates-stop", timed=False),
}


class TokenError(Exception):
    """A link that cannot be followed: expired (a new one can be asked for) or invalid (forged, damaged)."""

    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: str) -> URLSafeSerializer:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    spec = PURPOSES[purpose]
    kind = URLSafeTimedSerializer if spec.timed else URLSafeSerializer
    return kind(current_app.config["SECRET_KEY"], salt=spec.salt)


def make_token(purpose: str, data: Any) -> str:
    return _serializer(purpose).dumps(data)


def read_token(purpose: str, token: str, max_age: int | None = None) -> Any:
    """The data signed for this purpose; raises TokenError. max_age (seconds) applies to timed purposes only."""
    serializer = _serializer(purpose)
    try:
        if isinstance(serializer, URLSafeTimedSerializer):
            return serializer.loads(token, max_age=max_age)
        return serializer.loads(token)
    except SignatureExpired as exc:
        raise TokenError(expired=True) from exc
    except BadSignature as exc:
        raise TokenError(expired=False) from exc
