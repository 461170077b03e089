"""A person's alerts, in their export; erased with their account (and those made as a visitor with its address)."""

from portal.accounts.models import User
from portal.alerts import services
from portal.personal_data import PersonalData, plain


def export(user: User) -> dict:
    subscriptions = services.alerts_of(user)
    if not subscriptions:
        return {}
    return {
        "alertes": [
            {
                "nom": a.name,
                "type": a.kind_label,
                "criteres": services.describe(a.kind, a.criteria),
                "frequence": a.frequency_label,
                "etat": a.status_label,
                "creee_le": plain(a.created_at),
            }
            for a in subscriptions
        ]
    }


PART = PersonalData("alerts", export=export, forget=services.forget_person)
