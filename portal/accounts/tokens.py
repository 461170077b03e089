"""Signed, expiring tokens for links sent by mail. Each purpose has its own salt, so one never opens another."""

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

PURPOSES = {"verify-email", "reset-password", "change-email", "login-link", "accept-recruiter", "event-registration", "event-cancel",
            "alert-confirm"}


class TokenError(Exception):
    def __init__(self, expired: bool):
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"portal.{purpose}")


def make_token(purpose: str, payload: Any) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> Any:
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenError(expired=True) from exc
    except BadSignature as exc:
        raise TokenError(expired=False) from exc
