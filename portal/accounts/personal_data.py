"""A person's own data: everything we hold about them as a ZIP, and erasing it all.

Each feature that holds personal data says so with a `PersonalData` part (in its own `personal_data.py`),
listed at app creation like the search sources: the export reads every part in the listed order, the erasure
runs every part's `forget` in the reverse order, so that a feature listed after another (whose rows may refer
to the other's) is erased first. Accounts erases its own rows last.
"""

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import Flask, current_app

from portal.accounts.models import LoginSession, User
from portal.accounts.services import active_logins
from portal.clock import utcnow
from portal.extensions import db
from portal.storage.files import storage


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
    export: Callable[[User], dict]
    # Erase (or detach from the person) everything the feature holds, within the caller's transaction; what
    # must follow the commit (removing files) goes through portal.tasks.call_after_commit.
    forget: Callable[[User], None]
    # The person's stored files to put in the ZIP: (storage key, path in the archive).
    files: Callable[[User], list[tuple[str, str]]] = lambda user: []


def init_app(app: Flask, parts: list[PersonalData]) -> None:
    app.extensions["personal_data"] = list(parts)


def parts() -> list[PersonalData]:
    return current_app.extensions["personal_data"]


def export_zip(user: User) -> bytes:
    """data.json with every fact held about the person, and their files under fichiers/."""
    data = {
        "export_du": utcnow().isoformat(),
        "compte": {"adresse": user.email, "prenom": user.first_name, "nom": user.last_name, "role": user.role_label,
                   "cree_le": plain(user.created_at), "adresse_confirmee_le": plain(user.email_verified_at),
                   "derniere_connexion": plain(user.last_login_at),
                   "derniere_activite": plain(user.last_active_at)},
        "structure": {"nom": user.structure.name, "siret": user.structure.siret} if user.structure else None,
        "connexions_ouvertes": [
            {"appareil": login.device, "connexion_le": plain(login.created_at),
             "derniere_activite": plain(login.last_seen_at), "expire_le": plain(login.expires_at)}
            for login in active_logins(user)
        ],
    }
    files = []
    for part in parts():
        data.update(part.export(user))
        files += part.files(user)
    out = io.BytesIO()
    store = storage()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for key, name in files:
            path = store.path(key)
            if path.is_file():
                archive.write(path, name)
    return out.getvalue()


def delete_account(user: User) -> None:
    """Erase the account and everything every feature holds about the person (files, index entries, mail).

    The person's own request and the retention run (candidates/retention.py) both come here.
    """
    for part in reversed(parts()):
        part.forget(user)
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user.id))
    db.session.delete(user)
    db.session.commit()
