from portal.communes.models import Commune
from portal.extensions import db
from portal.mail.models import OutboxStatus
from portal.mail.sender import deliver_pending
from portal.structures.models import StructureStatus
from tests.conftest import outbox, page


def test_the_admin_sees_pending_structures_and_approves_one(client, make, auth):
    recruiter = make.pending_employer(email="recrutement@ehpad.fr")
    structure = recruiter.structure
    auth.login(make.admin())
    listing = page(client.get("/admin/structures?statut=pending"))
    assert structure.name in listing
    assert "<strong>1</strong> structure à valider" in page(client.get("/admin/"))

    response = client.post(f"/admin/structures/{structure.id}/approuver")
    assert response.status_code == 302
    db.session.refresh(structure)
    assert structure.status == StructureStatus.APPROVED and structure.decided_at is not None
    db.session.refresh(recruiter)
    assert recruiter.is_member
    mail = outbox("recrutement@ehpad.fr")[-1]
    assert mail.subject == "Votre structure est adhérente de la plateforme"
    assert structure.name in mail.body_text
    assert f">{structure.name}</a>" not in page(client.get("/admin/structures?statut=pending"))


def test_refusing_needs_a_reason_which_the_recruiters_receive(client, make, auth):
    recruiter = make.pending_employer(email="rh@saad.fr")
    structure = recruiter.structure
    auth.login(make.admin())
    without = client.post(f"/admin/structures/{structure.id}/refuser", data={"reason": ""})
    assert without.status_code == 422 and "Indiquez le motif" in page(without)
    db.session.refresh(structure)
    assert structure.status == StructureStatus.PENDING
    assert outbox("rh@saad.fr") == []

    client.post(f"/admin/structures/{structure.id}/refuser", data={"reason": "Structure hors de l'Orne."})
    db.session.refresh(structure)
    assert structure.status == StructureStatus.REFUSED
    mail = outbox("rh@saad.fr")[-1]
    assert "Structure hors de l'Orne." in mail.body_text


def test_suspending_a_member_structure_removes_member_access(client, make, auth):
    member = make.member(email="membre@ehpad.fr")
    auth.login(make.admin())
    client.post(f"/admin/structures/{member.structure_id}/suspendre", data={"reason": "Cotisation impayée."})
    db.session.refresh(member)
    assert not member.is_member
    assert "suspendu" in outbox("membre@ehpad.fr")[-1].subject


def test_every_recruiter_of_the_structure_is_told(client, make, auth):
    structure = make.structure(status=StructureStatus.PENDING)
    first = make.user("employer", structure=structure)
    second = make.user("employer", structure=structure)
    auth.login(make.admin())
    client.post(f"/admin/structures/{structure.id}/approuver")
    assert len(outbox(first.email)) == len(outbox(second.email)) == 1


def test_the_admin_reads_the_mails_in_the_browser(client, make, auth, app):
    recruiter = make.pending_employer(email="lecture@ehpad.fr")
    auth.login(make.admin())
    client.post(f"/admin/structures/{recruiter.structure_id}/approuver")
    listing = page(client.get("/admin/courriels"))
    assert "Votre structure est adhérente de la plateforme" in listing
    message = outbox()[-1]
    detail = page(client.get(f"/admin/courriels/{message.id}"))
    assert message.recipient in detail and "Bonjour" in detail
    html = client.get(f"/admin/courriels/{message.id}/html")
    assert html.headers["Content-Security-Policy"].startswith("sandbox")
    assert b"Bonjour" in html.data


def test_an_empty_outbox_says_so(client, make, auth):
    auth.login(make.admin())
    assert "Aucun courriel ici." in page(client.get("/admin/courriels?statut=failed"))


def test_a_failed_mail_can_be_queued_again(client, make, auth, smtp_server):
    smtp_server.refuse.add("rejet@exemple.fr")
    admin = make.admin()
    from portal.mail.services import queue_mail

    queue_mail("rejet@exemple.fr", "password_changed", "Objet", dedup_key="again", user=admin)
    db.session.commit()
    deliver_pending()
    message = outbox("rejet@exemple.fr")[0]
    assert message.status == OutboxStatus.FAILED
    auth.login(admin)
    client.post(f"/admin/courriels/{message.id}/renvoyer")
    db.session.refresh(message)
    assert message.status == OutboxStatus.PENDING


def test_the_admin_changes_the_zone_of_a_commune(client, make, auth):
    auth.login(make.admin())
    listing = page(client.get("/admin/communes?q=argentan"))
    assert "Argentan (61200)" in listing and "Alençon (61000)" not in listing
    response = client.post("/admin/communes/61006/zone", data={"zone": "alencon", "next": "/admin/communes?q=argentan"})
    assert response.headers["Location"] == "/admin/communes?q=argentan"
    argentan = db.session.get(Commune, "61006")
    db.session.refresh(argentan)
    assert argentan.zone == "alencon"


def test_an_unknown_zone_is_refused(client, make, auth):
    auth.login(make.admin())
    client.post("/admin/communes/61006/zone", data={"zone": "paris"})
    argentan = db.session.get(Commune, "61006")
    db.session.refresh(argentan)
    assert argentan.zone == "flers-argentan"


def test_communes_are_paginated_and_filtered_by_zone(client, make, auth):
    auth.login(make.admin())
    first = page(client.get("/admin/communes?zone=alencon"))
    assert "Page 1 sur 2" in first
    assert "Flers (61100)" not in first


def test_sent_mail_older_than_30_days_shows_metadata_only(client, make, auth, app, runner, smtp_server, clock):
    candidate = make.candidate(email="oubli@exemple.fr")
    client.post("/compte/mot-de-passe-oublie", data={"email": candidate.email})
    deliver_pending()
    message = outbox(candidate.email)[0]
    assert message.status == OutboxStatus.SENT
    admin = make.admin()
    auth.login(admin)
    assert "/compte/nouveau-mot-de-passe/" in page(client.get(f"/admin/courriels/{message.id}"))
    clock.advance(days=31)
    auth.login(admin)  # a month later, a new visit
    # Past the period, even before the purge has run: the address, the subject and the dates, not the content.
    detail = page(client.get(f"/admin/courriels/{message.id}"))
    assert "oubli@exemple.fr" in detail and "Choisissez un nouveau mot de passe" in detail
    assert "Contenu effacé" in detail and "/compte/nouveau-mot-de-passe/" not in detail
    assert client.get(f"/admin/courriels/{message.id}/html").status_code == 404
    assert "contenu effacé" in page(client.get("/admin/courriels"))
    result = runner.invoke(args=["retention", "run"])
    assert "Courriels dont le contenu est effacé (plus de 30 jours) : 1" in result.output
    db.session.refresh(message)
    assert (message.body_text, message.body_html, message.headers) == ("", "", {})
    assert message.recipient == "oubli@exemple.fr" and message.sent_at is not None
    assert (
        "Courriels dont le contenu est effacé (plus de 30 jours) : 0" in runner.invoke(args=["retention", "run"]).output
    )


def test_a_mail_whose_content_is_erased_cannot_be_sent_again(client, make, auth, smtp_server, runner, clock):
    smtp_server.refuse.add("rejet@exemple.fr")
    admin = make.admin()
    from portal.mail.services import queue_mail

    queue_mail("rejet@exemple.fr", "password_changed", "Objet", dedup_key="erased", user=admin)
    db.session.commit()
    deliver_pending()
    clock.advance(days=31)
    runner.invoke(args=["retention", "run"])
    message = outbox("rejet@exemple.fr")[0]
    auth.login(admin)
    response = client.post(f"/admin/courriels/{message.id}/renvoyer", follow_redirects=True)
    assert "ne peut plus être renvoyé" in page(response)
    db.session.refresh(message)
    assert message.status == OutboxStatus.FAILED


def test_mail_copies_go_after_a_year(make, runner, smtp_server, clock, client):
    client.post("/compte/mot-de-passe-oublie", data={"email": make.candidate().email})
    deliver_pending()
    clock.advance(days=366)
    assert "Courriels effacés (plus de 365 jours) : 1" in runner.invoke(args=["retention", "run"]).output
    assert outbox() == []


def test_development_eml_files_are_erased_with_the_content(app, make, runner, clock, client, instance_path):
    app.config["MAIL_BACKEND"] = "file"
    client.post("/compte/mot-de-passe-oublie", data={"email": make.candidate().email})
    deliver_pending()
    assert len(list((instance_path / "outbox").glob("*.eml"))) == 1
    clock.advance(days=31)
    runner.invoke(args=["retention", "run"])
    assert list((instance_path / "outbox").glob("*.eml")) == []
