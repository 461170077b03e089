import pytest

from portal.accounts.passwords import hash_password, needs_rehash, password_problem, verify_password
from portal.structures.services import luhn_valid, siret_problem


@pytest.mark.parametrize("siret", ["73282932000074", "732 829 320 00074", "35600000000048", "35600000049837"])
def test_valid_sirets_are_accepted(siret):
    assert siret_problem(siret) is None


@pytest.mark.parametrize(
    ("siret", "reason"),
    [
        ("73282932000075", "n'est pas valide"),
        ("7328293200007", "14 chiffres"),
        ("7328293200007A", "14 chiffres"),
        ("", "14 chiffres"),
        ("35600000049838", "n'est pas valide"),
    ],
)
def test_invalid_sirets_are_refused_with_a_french_reason(siret, reason):
    assert reason in siret_problem(siret)


def test_luhn_checks_every_digit():
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")


def test_passwords_are_hashed_with_argon2id():
    hashed = hash_password("une phrase assez longue")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "une phrase assez longue")
    assert not verify_password(hashed, "une autre phrase")
    assert not needs_rehash(hashed)


def test_verifying_against_no_hash_fails_without_error():
    assert verify_password(None, "peu importe") is False
    assert verify_password("pas un hash", "peu importe") is False


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("court", "au moins 10"),
        ("motdepasse", "trop courant"),
        ("1234567890", "trop courant"),
        ("aaaaaaaaaaaa", "trop simple"),
        ("x" * 129, "dépasser"),
        ("camille.martin2026", "adresse électronique"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, reason):
    assert reason in password_problem(password, "camille.martin@exemple.fr")


def test_a_long_phrase_is_a_good_password():
    assert password_problem("le chat dort sur le canapé", "camille@exemple.fr") is None
