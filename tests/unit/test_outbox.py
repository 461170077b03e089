import threading
from datetime import timedelta

import sqlalchemy as sa

from portal.clock import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMessage, OutboxStatus
from portal.mail.sender import deliver_pending
from portal.mail.services import queue_mail
from tests.conftest import outbox, text_part


def queue(key: str = "k1", to: str = "lea@exemple.fr") -> None:
    queue_mail(
        to,
        "password_changed",
        "Votre mot de passe a été modifié",
        dedup_key=key,
        user=type("U", (), {"first_name": "Léa"})(),
    )


def test_a_queued_mail_leaves_only_if_its_transaction_commits(app):
    queue("rolled-back")
    db.session.rollback()
    assert outbox() == []
    queue("committed")
    db.session.commit()
    assert [m.dedup_key for m in outbox()] == ["committed"]


def test_the_same_dedup_key_is_queued_once(app):
    queue("same")
    queue("same")
    db.session.commit()
    queue("same")
    db.session.commit()
    assert len(outbox()) == 1


def test_mail_is_rendered_in_french_as_text_and_html(app):
    queue()
    db.session.commit()
    message = outbox()[0]
    assert "Bonjour Léa" in message.body_text
    assert "<p>Bonjour Léa,</p>" in message.body_html
    assert 'lang="fr"' in message.body_html


def test_the_sender_delivers_pending_mail_to_the_smtp_server_once(app, smtp_server):
    queue("a", "a@exemple.fr")
    queue("b", "b@exemple.fr")
    db.session.commit()

    report = deliver_pending()
    assert (report.sent, report.deferred, report.failed) == (2, 0, 0)
    assert sorted(m["To"] for m in smtp_server.messages) == ["a@exemple.fr", "b@exemple.fr"]
    received = smtp_server.to("a@exemple.fr")[0]
    assert received["Subject"] == "Votre mot de passe a été modifié"
    assert "Bonjour Léa" in text_part(received)
    assert {p.get_content_type() for p in received.walk()} >= {"text/plain", "text/html"}

    assert deliver_pending().sent == 0
    assert len(smtp_server.messages) == 2
    assert {m.status for m in outbox()} == {OutboxStatus.SENT}


def test_an_smtp_outage_delays_mail_and_loses_none(app, smtp_server):
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1  # nothing listens: connection refused
    queue("outage")
    db.session.commit()

    report = deliver_pending()
    assert (report.sent, report.deferred) == (0, 1)
    message = outbox()[0]
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at > utcnow() + timedelta(seconds=50)
    assert "Connection" in message.last_error or "refused" in message.last_error.lower()

    # Not due yet: a run now does nothing, even with the server back.
    app.config["MAIL_PORT"] = port
    assert deliver_pending().sent == 0
    assert smtp_server.messages == []

    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert deliver_pending().sent == 1
    assert len(smtp_server.messages) == 1
    assert outbox()[0].status == OutboxStatus.SENT


def test_backoff_grows_with_each_failure(app, smtp_server):
    app.config["MAIL_PORT"] = 1
    queue("backoff")
    db.session.commit()
    delays = []
    for _ in range(3):
        message = outbox()[0]
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        before = utcnow()
        deliver_pending()
        delays.append((outbox()[0].next_attempt_at - before).total_seconds())
    assert delays[0] < delays[1] < delays[2]
    assert outbox()[0].status == OutboxStatus.PENDING


def test_a_recipient_refused_for_good_is_marked_failed_and_not_retried(app, smtp_server):
    smtp_server.refuse.add("inconnu@exemple.fr")
    queue("refused", "inconnu@exemple.fr")
    queue("fine", "connu@exemple.fr")
    db.session.commit()
    report = deliver_pending()
    assert (report.sent, report.failed) == (1, 1)
    refused = outbox("inconnu@exemple.fr")[0]
    assert refused.status == OutboxStatus.FAILED
    assert "550" in refused.last_error


def test_two_senders_at_once_never_send_a_message_twice(app, smtp_server):
    for n in range(30):
        queue(f"parallel-{n}", f"p{n}@exemple.fr")
    db.session.commit()

    errors = []

    def run():
        try:
            with app.app_context():
                deliver_pending()
                db.session.remove()
        except Exception as exc:  # reported below: a thread's exception would otherwise vanish
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    recipients = [m["To"] for m in smtp_server.messages]
    assert len(recipients) == 30
    assert len(set(recipients)) == 30


def test_a_message_left_sending_by_a_dead_sender_is_sent_later(app, smtp_server):
    queue("stale")
    db.session.commit()
    db.session.execute(
        sa.update(OutboxMessage).values(status=OutboxStatus.SENDING, claimed_at=utcnow() - timedelta(hours=1))
    )
    db.session.commit()
    assert deliver_pending().sent == 1
    assert len(smtp_server.messages) == 1


def test_each_attempt_carries_the_same_message_id(app, smtp_server):
    queue("same-id")
    db.session.commit()
    deliver_pending()
    first = smtp_server.messages[0]["Message-ID"]
    message = outbox()[0]
    message.status = OutboxStatus.PENDING
    db.session.commit()
    deliver_pending()
    assert smtp_server.messages[1]["Message-ID"] == first


def test_development_mail_becomes_eml_files(app, instance_path):
    app.config["MAIL_BACKEND"] = "file"
    queue("file")
    db.session.commit()
    assert deliver_pending().sent == 1
    files = list((instance_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    content = files[0].read_bytes()
    assert b"To: lea@exemple.fr" in content


def test_the_mail_send_command_reports_what_it_did(app, runner, smtp_server):
    queue("cli")
    db.session.commit()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0
    assert "1 envoyé(s), 0 reporté(s), 0 en échec." in result.output
    assert len(smtp_server.messages) == 1


def test_a_line_break_typed_in_a_subject_cannot_add_headers(app, smtp_server):
    queue_mail(
        "lea@exemple.fr\r\n",
        "password_changed",
        "Objet\r\nBcc: pirate@exemple.fr",
        dedup_key="inject",
        headers={"Reply-To": "lea@exemple.fr\r\nBcc: pirate@exemple.fr"},
        user=type("U", (), {"first_name": "Léa"})(),
    )
    db.session.commit()
    assert deliver_pending().sent == 1
    received = smtp_server.messages[0]
    assert received["Bcc"] is None and "pirate" not in str(received["To"])
    assert received["Subject"] == "Objet Bcc: pirate@exemple.fr"


def test_a_message_that_cannot_be_built_fails_alone_and_the_others_leave(app, smtp_server, monkeypatch):
    from portal.mail import sender

    real_build = sender.build_message

    def build(row):
        if row.recipient == "a@exemple.fr":
            raise ValueError("unbuildable message")
        return real_build(row)

    monkeypatch.setattr(sender, "build_message", build)
    queue("first", "a@exemple.fr")
    queue("second", "b@exemple.fr")
    db.session.commit()
    report = deliver_pending()
    assert (report.sent, report.failed) == (1, 1)
    assert outbox("a@exemple.fr")[0].status == OutboxStatus.FAILED
    assert [str(m["To"]) for m in smtp_server.messages] == ["b@exemple.fr"]
