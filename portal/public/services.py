import hashlib

from flask import current_app

from portal.clock import utcnow
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.public.forms import SUBJECTS


def send_contact_message(name: str, email: str, subject: str, message: str) -> None:
    """The message to the association, and a copy to the sender, both through the outbox."""
    digest = hashlib.sha256(f"{email}|{message}".encode()).hexdigest()[:16]
    context = {"name": name, "email": email, "topic": SUBJECTS[subject], "message": message, "sent_at": utcnow()}
    queue_mail(
        current_app.config["ASSOCIATION_EMAIL"],
        "contact_message",
        f"[Contact] {SUBJECTS[subject]} — {name}",
        dedup_key=f"contact:{digest}",
        headers={"Reply-To": email},
        **context,
    )
    queue_mail(
        email,
        "contact_confirmation",
        "Nous avons bien reçu votre message",
        dedup_key=f"contact-copy:{digest}",
        **context,
    )
    db.session.flush()
