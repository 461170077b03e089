"""A person's registrations to events, in their export; erased with their account."""

from portal.accounts.models import User
from portal.events import services
from portal.personal_data import PersonalData, plain


def export(user: User) -> dict:
    registrations = services.registrations_of(user)
    if not registrations:
        return {}
    return {
        "inscriptions_aux_evenements": [
            {
                "evenement": r.event.title,
                "organisateur": r.event.organiser_name,
                "debut": plain(r.event.starts_at),
                "nom_donne": r.name,
                "adresse": r.email,
                "etat": r.status_label,
                "inscrit_le": plain(r.created_at),
                "annule_le": plain(r.cancelled_at),
            }
            for r in registrations
        ]
    }


# Their places go to the waiting lists, whose first ones are told.
PART = PersonalData("events", export=export, forget=services.forget_person)
