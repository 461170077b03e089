"""Queuing mail: a row in the outbox, in the caller's transaction, rendered from a .txt/.html template pair."""

from flask import current_app, render_template

from portal.database import insert_ignoring_conflicts
from portal.mail.models import OutboxMessage
from portal.mail.sender import deliver_pending
from portal.tasks import after_commit, running_task, serving_request, task


def queue_mail(
    recipient: str,
    template: str,
    subject: str,
    dedup_key: str,
    headers: dict[str, str] | None = None,
    about_user_id: int | None = None,
    **context,
) -> None:
    """Add a message to the outbox within the current transaction; it leaves only if that transaction commits.

    A second message with the same dedup_key is dropped, even from a concurrent transaction.
    `about_user_id` is the account the mail is for or about (the candidate named in a recruiter's mail, the
    account whose old address is told of a change): erasing that account erases the mail.
    """
    # A subject or address is one line: text typed by people (a name in a contact form) must not add headers.
    subject = " ".join(subject.split())
    recipient = recipient.strip()
    context.update(subject=subject, recipient=recipient)
    values = {
        "dedup_key": dedup_key[:200],
        "recipient": recipient,
        "subject": subject,
        "body_text": render_template(f"mail/{template}.txt", **context),
        "body_html": render_template(f"mail/{template}.html", **context),
        "headers": {name: " ".join(str(value).split()) for name, value in (headers or {}).items()},
        "about_user_id": about_user_id,
    }
    insert_ignoring_conflicts(OutboxMessage, values, index_elements=["dedup_key"])
    # In development, delivered right after the commit's response (or the task that followed one); production
    # runs `flask mail send` from cron.
    if current_app.config["MAIL_SEND_AFTER_REQUEST"] and (serving_request() or running_task()):
        after_commit("mail.deliver")


@task("mail.deliver")
def deliver() -> None:
    """Deliver the outbox; a failure leaves the mail queued for the next run."""
    deliver_pending()
