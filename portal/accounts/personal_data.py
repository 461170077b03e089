"""A person's own data: everything we hold about them as a ZIP, and erasing it all.

The features' parts come from the registry (portal.personal_data): the export reads every part in the listed
order, the erasure runs every part's `forget` in the reverse order; accounts erases its own rows last.
"""

import io
import json
import zipfile

import sqlalchemy as sa

from portal.accounts.models import LoginSession, User
from portal.accounts.services import active_logins
from portal.clock import utcnow
from portal.extensions import db
from portal.personal_data import parts, plain
from portal.storage.files import storage


def export_zip(user: User) -> bytes:
    """data.json with every fact held about the person, and their files under fichiers/."""
    data = {
        "export_du": utcnow().isoformat(),
        "compte": {
            "adresse": user.email,
            "prenom": user.first_name,
            "nom": user.last_name,
            "role": user.role_label,
            "cree_le": plain(user.created_at),
            "adresse_confirmee_le": plain(user.email_verified_at),
            "derniere_connexion": plain(user.last_login_at),
            "derniere_activite": plain(user.last_active_at),
        },
        "structure": {"nom": user.structure.name, "siret": user.structure.siret} if user.structure else None,
        "connexions_ouvertes": [
            {
                "appareil": login.device,
                "connexion_le": plain(login.created_at),
                "derniere_activite": plain(login.last_seen_at),
                "expire_le": plain(login.expires_at),
            }
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
    db.session.flush()
