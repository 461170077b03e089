"""Signed tokens: one helper for every link sent by mail, reading the links mailed before it existed."""

import time

import pytest
from flask import Flask
from itsdangerous import URLSafeSerializer, URLSafeTimedSerializer

from portal.tokens import PURPOSES, TokenError, make_token, read_token

SECRET = "tests-secret-key"


@pytest.fixture(autouse=True)
def app_context():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = SECRET
    with app.app_context():
        yield


# How each link was signed before the helper: the literal salts and serializers, as they were in each feature.
OLD_WAYS = [
    *[
        (purpose, URLSafeTimedSerializer(SECRET, salt=f"portal.{purpose}"), 3600)
        for purpose in (
            "verify-email",
            "reset-password",
            "change-email",
            "login-link",
            "accept-recruiter",
            "event-registration",
            "event-cancel",
            "alert-confirm",
        )
    ],
    ("alert-unsubscribe", URLSafeSerializer(SECRET, salt="portal.alert-unsubscribe"), None),
    ("cvtheque-contact", URLSafeTimedSerializer(SECRET, salt="cvtheque-contact"), 3600),
]


@pytest.mark.parametrize(("purpose", "old", "max_age"), OLD_WAYS, ids=[way[0] for way in OLD_WAYS])
def test_a_link_signed_the_old_way_is_still_accepted(purpose, old, max_age):
    data = {"uid": 7, "email": "lea@exemple.fr"}
    assert read_token(purpose, old.dumps(data), max_age) == data
    # And the other way round: what the helper signs is what the old code signed.
    assert old.loads(make_token(purpose, data)) == data


# Purposes born with the helper: no link of theirs was ever signed another way.
BORN_WITH_THE_HELPER = {"accompaniment-link", "adviser-updates-stop"}


def test_every_purpose_has_its_old_way_checked():
    assert set(PURPOSES) - BORN_WITH_THE_HELPER == {way[0] for way in OLD_WAYS}


def test_a_token_for_one_purpose_opens_no_other():
    token = make_token("verify-email", {"uid": 1})
    with pytest.raises(TokenError) as caught:
        read_token("reset-password", token, 3600)
    assert caught.value.expired is False


def test_a_damaged_token_is_invalid_not_expired():
    token = make_token("login-link", {"uid": 1})
    with pytest.raises(TokenError) as caught:
        read_token("login-link", token[:-2] + "xx", 3600)
    assert caught.value.expired is False


def test_an_old_token_is_expired(monkeypatch):
    token = make_token("reset-password", {"uid": 1})
    later = time.time() + 7200
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(TokenError) as caught:
        read_token("reset-password", token, 3600)
    assert caught.value.expired is True


def test_an_unsubscribe_link_never_expires(monkeypatch):
    token = make_token("alert-unsubscribe", {"aid": 3})
    later = time.time() + 10 * 365 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert read_token("alert-unsubscribe", token) == {"aid": 3}


def test_an_unknown_purpose_is_a_programming_error():
    with pytest.raises(ValueError, match="no-such-purpose"):
        make_token("no-such-purpose", 1)
