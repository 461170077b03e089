"""Password hashing (Argon2id) and the rules a new password must meet."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verified against when the email is unknown, so that both answers take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")

MIN_LENGTH = 10
MAX_LENGTH = 128
COMMON = {
    "motdepasse",
    "motdepasse1",
    "motdepasse123",
    "azertyuiop",
    "azerty1234",
    "azerty123456",
    "0123456789",
    "1234567890",
    "123456789a",
    "1234567890a",
    "qwertyuiop",
    "password123",
    "password1234",
    "iloveyou12",
    "bonjour123",
    "soleil1234",
    "doudou1234",
    "loulou1234",
    "marseille13",
    "aaaaaaaaaa",
    "abcdefghij",
    "abcd123456",
    "admin12345",
    "administrateur",
    "azertyazerty",
    "chouchou12",
}


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is refused, in French, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Le mot de passe doit contenir au moins {MIN_LENGTH} caractères."
    if len(password) > MAX_LENGTH:
        return f"Le mot de passe ne peut pas dépasser {MAX_LENGTH} caractères."
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) < 4:
        return (
            "Ce mot de passe est trop courant ou trop simple : choisissez-en un autre, une petite phrase par exemple."
        )
    local = email.split("@")[0].lower()
    if len(local) >= 4 and local in lowered:
        return "Le mot de passe ne doit pas reprendre votre adresse électronique."
    return None
