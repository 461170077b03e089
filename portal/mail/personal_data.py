"""The mail sent to a person or about them, in their export; erased with their account."""

import sqlalchemy as sa

from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.mail.retention import forget_mail_of, remove_files
from portal.personal_data import Person, PersonalData, plain
from portal.transactions import after_commit


def export(user: Person) -> dict:
    return {
        "courriels_envoyes": [
            {
                "objet": m.subject,
                "cree_le": plain(m.created_at),
                "etat": m.status,
                "destinataire": "vous" if m.recipient == user.email else "un tiers, à votre sujet",
            }
            for m in db.session.scalars(
                sa.select(OutboxMessage)
                .where(sa.or_(OutboxMessage.recipient == user.email, OutboxMessage.about_user_id == user.id))
                .order_by(OutboxMessage.id)
            )
        ]
    }


def forget(user: Person) -> None:
    files = forget_mail_of(user.id, user.email)
    after_commit(lambda: remove_files(files))  # the development backend's .eml copies


PART = PersonalData("mail", export=export, forget=forget)
