"""Alerts made from the site's pages: a search turned into an alert, a saved search, the admin's bounces."""

import io
import json
import zipfile
from datetime import timedelta

import sqlalchemy as sa

from portal.accounts import services as accounts
from portal.accounts.personal_data import delete_account
from portal.alerts import services as alerts
from portal.alerts.models import AlertDelivery, AlertStatus, AlertSubscription
from portal.alerts.services import subscriptions as alert_subscriptions
from portal.clock import utcnow
from portal.cvtheque import services as cvtheque
from portal.extensions import db
from portal.mail.models import OutboxMessage, OutboxStatus
from portal.tokens import make_token
from tests.conftest import links_in, outbox, page, path_of
from tests.helpers import digests, publish


def subscriptions() -> list[AlertSubscription]:
    db.session.expire_all()
    return db.session.scalars(sa.select(AlertSubscription).order_by(AlertSubscription.id)).all()


def alert_post(client, path: str, criteria: dict, kind: str = "offers", **fields):
    """What the alert block of a search page posts: its own fields, prefixed, and the page's criteria."""
    data = {"alerte-kind": kind, "alerte-frequency": "daily", **criteria}
    data.update({f"alerte-{name}": value for name, value in fields.items()})
    return client.post(path, data=data)


# --- candidates: a search turned into an alert ---------------------------------------------------


def test_the_offers_page_offers_a_candidate_to_turn_the_search_into_an_alert(make, auth):
    client = auth.client_for(make.candidate())
    html = page(client.get("/offres/", query_string={"metier": "aide-soignant", "q": "nuit"}))
    assert "Recevoir les nouveautés par courriel" in html and 'action="/alertes/nouvelle"' in html
    assert '<input type="hidden" name="q" value="nuit">' in html
    assert '<input type="hidden" name="metier" value="aide-soignant">' in html
    assert "Dès la publication" in html and "Une fois par semaine" in html
    # Nothing found yet: that is when an alert helps most, so the block is open.
    assert '<details class="save-search alert-block" open>' in html


def test_a_candidate_turns_an_offers_search_into_an_alert_with_all_its_criteria(make, auth):
    lea = make.candidate()
    client = auth.client_for(lea)
    criteria = {
        "q": "nuit",
        "metier": ["aide-soignant", "infirmier"],
        "commune": "Argentan (61200)",
        "rayon": "30",
        "contrat": "cdi",
        "temps": "nuit",
        "tri": "pertinence",
    }
    response = alert_post(client, "/alertes/nouvelle", criteria, frequency="immediate")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/offres/?") and "tri=pertinence" in response.headers["Location"]
    [alert] = subscriptions()
    assert alert.user_id == lea.id and alert.email == lea.email and alert.status == AlertStatus.ACTIVE
    assert (alert.kind, alert.frequency) == ("offers", "immediate")
    assert alert.criteria == {
        "q": "nuit",
        "metier": ["aide-soignant", "infirmier"],
        "commune": "Argentan (61200)",
        "rayon": 30,
        "contrat": ["cdi"],
        "temps": ["nuit"],
    }
    assert "Alerte créée" in page(client.get(response.headers["Location"]))


def test_the_alert_announces_exactly_what_its_search_finds(make, auth):
    recruiter = make.member()
    lea = make.candidate(email="lea@exemple.fr")
    alert_post(
        auth.client_for(lea), "/alertes/nouvelle", {"q": "nuit", "metier": "aide-soignant"}, frequency="immediate"
    )
    publish(recruiter, "Aide-soignant·e de jour")
    publish(recruiter, "Animateur·rice de nuit", metier="animateur")
    publish(recruiter, "Aide-soignant·e de nuit")
    [mail] = digests("lea@exemple.fr")
    assert mail.subject == "1 nouvelle offre : mots : nuit ; Aide-soignant·e"


def test_the_same_alert_twice_is_refused_with_a_clear_message(make, auth):
    client = auth.client_for(make.candidate())
    alert_post(client, "/alertes/nouvelle", {"metier": "aide-soignant"})
    again = alert_post(
        client, "/alertes/nouvelle", {"metier": "aide-soignant", "tri": "pertinence"}, frequency="weekly"
    )
    assert "Vous avez déjà une alerte pour ces critères" in page(client.get(again.headers["Location"]))
    assert len(subscriptions()) == 1
    alert_post(client, "/alertes/nouvelle", {"metier": "animateur"})
    assert len(subscriptions()) == 2


def test_invalid_criteria_are_left_out_and_never_stored(make, auth):
    client = auth.client_for(make.candidate())
    response = alert_post(
        client,
        "/alertes/nouvelle",
        {
            "metier": ["pilote-de-ligne"],
            "zone": "alencon",
            "commune": "Nulle-Part (00000)",
            "rayon": "9000",
            "contrat": "esclavage",
            "q": "x" * 301,
        },
    )
    assert response.status_code == 302
    [alert] = subscriptions()
    assert alert.criteria == {"zone": ["alencon"]}


def test_a_tampered_kind_or_frequency_creates_nothing(make, auth):
    client = auth.client_for(make.candidate())
    assert alert_post(client, "/alertes/nouvelle", {}, kind="profiles").status_code == 302
    assert alert_post(client, "/alertes/nouvelle", {}, frequency="hourly").status_code == 302
    assert subscriptions() == []


def test_recruiters_see_no_candidate_alert_block_and_cannot_post_one(make, auth):
    member = auth.client_for(make.member())
    assert "Recevoir les nouveautés par courriel" not in page(member.get("/offres/"))
    assert alert_post(member, "/alertes/nouvelle", {}).status_code == 403
    assert subscriptions() == []


def test_a_candidate_turns_the_agenda_into_an_event_alert(make, auth):
    client = auth.client_for(make.candidate())
    html = page(client.get("/evenements/", query_string={"type": "portes-ouvertes", "zone": "alencon"}))
    assert "Recevoir les nouveautés par courriel" in html and 'name="alerte-kind" type="hidden" value="events"' in html
    response = alert_post(
        client,
        "/alertes/nouvelle",
        {"type": ["portes-ouvertes", "fete-foraine"], "zone": "alencon"},
        kind="events",
        frequency="weekly",
    )
    assert response.headers["Location"].startswith("/evenements/?")
    [alert] = subscriptions()
    assert (alert.kind, alert.frequency) == ("events", "weekly")
    assert alert.criteria == {"zone": ["alencon"]}  # an unknown type spoils the field: it is left out


# --- visitors: double opt-in ---------------------------------------------------------------------


def test_a_visitor_subscribes_confirms_by_mail_and_only_then_hears_of_new_offers(app, client, make):
    recruiter = make.member()
    html = page(client.get("/offres/", query_string={"metier": "aide-soignant"}))
    assert 'action="/alertes/visiteur"' in html and 'name="alerte-email"' in html
    response = alert_post(
        client, "/alertes/visiteur", {"metier": "aide-soignant"}, email="Noe@Exemple.fr", frequency="immediate"
    )
    assert response.status_code == 200 and "Plus qu'une étape" in page(response)
    [alert] = subscriptions()
    assert (alert.email, alert.status, alert.criteria) == (
        "noe@exemple.fr",
        AlertStatus.PENDING,
        {"metier": ["aide-soignant"]},
    )
    publish(recruiter, "Avant la confirmation")
    [mail] = outbox("noe@exemple.fr")
    assert mail.subject == "Confirmez votre alerte"
    link = path_of(next(link for link in links_in(mail.body_text) if "/alertes/confirmer/" in link))
    assert "Confirmer l'alerte" in page(client.get(link))  # opening the link asks; the click confirms
    assert subscriptions()[0].status == AlertStatus.PENDING
    assert "Votre alerte est active" in page(client.post(link))
    publish(recruiter, "Après la confirmation")
    [digest] = digests("noe@exemple.fr")
    assert "Après la confirmation" in digest.body_text and "Avant la confirmation" not in digest.body_text


def test_a_visitor_gets_the_same_answer_whatever_the_address_and_no_duplicate(app, client, make, monkeypatch):
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {"metier": ["aide-soignant"]}, "daily")
    db.session.commit()
    known = alert_post(client, "/alertes/visiteur", {"metier": "aide-soignant"}, email="lea@exemple.fr")
    unknown = alert_post(client, "/alertes/visiteur", {"metier": "aide-soignant"}, email="inconnu@exemple.fr")
    assert known.status_code == unknown.status_code == 200
    assert page(known).replace("lea@exemple.fr", "X") == page(unknown).replace("inconnu@exemple.fr", "X")
    assert [a.email for a in subscriptions()] == ["lea@exemple.fr", "inconnu@exemple.fr"]
    assert outbox("lea@exemple.fr") == []  # already subscribed: nothing to confirm
    alert_post(client, "/alertes/visiteur", {"metier": "aide-soignant"}, email="inconnu@exemple.fr", frequency="weekly")
    assert [a.email for a in subscriptions()] == ["lea@exemple.fr", "inconnu@exemple.fr"]
    assert subscriptions()[1].frequency == "weekly"
    later = utcnow() + timedelta(minutes=2)
    monkeypatch.setattr(alert_subscriptions, "utcnow", lambda: later)  # asked again later: a fresh link
    alert_post(client, "/alertes/visiteur", {"metier": "aide-soignant"}, email="inconnu@exemple.fr")
    assert len(outbox("inconnu@exemple.fr")) == 2 and len(subscriptions()) == 2


def test_a_visitors_bad_address_is_shown_again_with_the_error(app, client):
    response = alert_post(client, "/alertes/visiteur", {"zone": "alencon"}, email="pas-une-adresse")
    assert response.status_code == 422
    html = page(response)
    assert "Cette adresse électronique n'est pas valide" in html and 'name="zone" value="alencon"' in html
    assert subscriptions() == []


def test_a_robot_filling_the_hidden_field_gets_the_page_but_no_alert(app, client):
    response = alert_post(client, "/alertes/visiteur", {}, email="robot@exemple.fr", website="http://spam")
    assert response.status_code == 200 and subscriptions() == [] and outbox() == []


def test_visitor_alert_requests_are_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, ALERT_REQUEST_RATE_LIMIT="2 per hour")
    client = app.test_client()
    codes = [alert_post(client, "/alertes/visiteur", {}, email=f"v{n}@exemple.fr").status_code for n in range(3)]
    assert codes == [200, 200, 429]


# --- members: a saved CV-thèque search -----------------------------------------------------------


def test_a_member_turns_a_saved_search_into_an_alert_and_deleting_the_search_removes_it(make, auth):
    member = make.member()
    saved = cvtheque.save_search(member, "Aides-soignants de nuit", {"metier": ["aide-soignant"], "q": "nuit"})
    other = cvtheque.save_search(member, "Animateurs", {"metier": ["animateur"]})
    db.session.commit()
    client = auth.client_for(member)
    html = page(client.get("/cvtheque/recherches"))
    assert f'action="/alertes/recherche/{saved.id}"' in html and "Recevoir les nouveaux profils" in html
    assert "Dès la publication" not in html  # digests only for the CV-thèque
    client.post(f"/alertes/recherche/{saved.id}", data={f"alerte-{saved.id}-frequency": "weekly"})
    client.post(f"/alertes/recherche/{other.id}", data={f"alerte-{other.id}-frequency": "immediate"})
    [alert] = subscriptions()
    assert (alert.kind, alert.frequency, alert.name, alert.saved_search_id, alert.criteria) == (
        "profiles",
        "weekly",
        "Aides-soignants de nuit",
        saved.id,
        {"metier": ["aide-soignant"], "q": "nuit"},
    )
    html = page(client.get("/cvtheque/recherches"))
    assert "Alerte par courriel : une fois par semaine" in html and f"/compte/alertes/{alert.id}/supprimer" in html
    again = client.post(
        f"/alertes/recherche/{saved.id}", data={f"alerte-{saved.id}-frequency": "daily"}, follow_redirects=True
    )
    assert "déjà son alerte" in page(again) and len(subscriptions()) == 1

    # Saved again under its name with other criteria: the alert follows.
    cvtheque.save_search(member, "Aides-soignants de nuit", {"metier": ["aide-soignant"]})
    assert subscriptions()[0].criteria == {"metier": ["aide-soignant"]}
    db.session.add(AlertDelivery(subscription_id=alert.id, item_id=1))
    db.session.commit()
    assert "Son alerte par courriel" in page(client.get(f"/cvtheque/recherches/{saved.id}/supprimer"))
    client.post(f"/cvtheque/recherches/{saved.id}/supprimer")
    assert subscriptions() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AlertDelivery)) == 0


def test_nobody_turns_someone_elses_saved_search_into_an_alert(make, auth):
    saved = cvtheque.save_search(make.member(), "La mienne", {})
    intruder = auth.client_for(make.member(email="autre@exemple.fr"))
    assert (
        intruder.post(f"/alertes/recherche/{saved.id}", data={f"alerte-{saved.id}-frequency": "daily"}).status_code
        == 404
    )
    assert subscriptions() == []


# --- the admin: addresses whose mail bounces -----------------------------------------------------


def failed_mail(recipient: str, error: str) -> None:
    db.session.add(
        OutboxMessage(
            dedup_key=f"failed:{recipient}:{error}",
            recipient=recipient,
            subject="Objet",
            body_text="",
            body_html="",
            status=OutboxStatus.FAILED,
            attempts=1,
            last_error=error,
        )
    )
    db.session.commit()


def test_the_admin_suspends_and_reactivates_the_alerts_of_a_bouncing_address(make, auth):
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {}, "daily")
    alerts.create_alert(lea, "events", {}, "weekly")
    alerts.create_alert(make.candidate(email="tom@exemple.fr"), "offers", {}, "daily")
    db.session.commit()
    failed_mail("lea@exemple.fr", "550 5.1.1 <lea@exemple.fr>: Recipient address rejected")
    failed_mail("nobody@exemple.fr", "550 no alerts here")
    admin = auth.client_for(make.admin())
    assert "/admin/alertes" in page(admin.get("/admin/"))
    listing = page(admin.get("/admin/alertes"))
    assert "lea@exemple.fr" in listing and "Recipient address rejected" in listing
    assert "tom@exemple.fr" not in listing and "nobody@exemple.fr" not in listing
    assert "tom@exemple.fr" in page(admin.get("/admin/alertes", query_string={"q": "TOM"}))

    admin.post("/admin/alertes/suspendre", data={"email": "lea@exemple.fr"})
    assert [a.status for a in subscriptions()] == [AlertStatus.SUSPENDED, AlertStatus.SUSPENDED, AlertStatus.ACTIVE]
    assert "Suspendue" in page(auth.client_for(lea).get("/compte/alertes"))
    assert "Réactiver" in page(admin.get("/admin/alertes"))
    admin.post("/admin/alertes/reactiver", data={"email": "lea@exemple.fr"})
    assert [a.status for a in subscriptions()] == [AlertStatus.ACTIVE] * 3
    assert admin.post("/admin/alertes/suspendre", data={}).status_code == 302  # no address: a message, no change
    assert [a.status for a in subscriptions()] == [AlertStatus.ACTIVE] * 3


# --- personal data -------------------------------------------------------------------------------


def test_alerts_are_in_the_export_and_go_with_the_account(app, make, auth):
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {"metier": ["aide-soignant"], "zone": ["alencon"]}, "weekly", name="Ma veille")
    db.session.commit()
    client = auth.client_for(lea)
    archive = zipfile.ZipFile(io.BytesIO(client.post("/compte/mes-donnees/export").data))
    [exported] = json.loads(archive.read("data.json"))["alertes"]
    assert exported["nom"] == "Ma veille" and exported["criteres"] == "Aide-soignant·e ; zone Alençon"
    assert (exported["type"], exported["frequence"], exported["etat"]) == (
        "Offres d'emploi",
        "Une fois par semaine",
        "Active",
    )
    assert exported["creee_le"]
    with app.test_request_context():
        alerts.request_visitor_alert("lea@exemple.fr", "events", {}, "daily")  # made before the account
    alert = subscriptions()[0]
    db.session.add(AlertDelivery(subscription_id=alert.id, item_id=7))
    db.session.commit()
    delete_account(lea)
    assert subscriptions() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AlertDelivery)) == 0


def test_a_new_login_address_takes_the_alerts_with_it(app, make):
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {}, "daily")
    with app.test_request_context():
        token = make_token("change-email", {"uid": lea.id, "old": "lea@exemple.fr", "new": "lea.martin@exemple.fr"})
        accounts.confirm_email_change(token)
    assert [a.email for a in subscriptions()] == ["lea.martin@exemple.fr"]


# --- the dashboard -------------------------------------------------------------------------------


def test_the_dashboard_links_to_the_alerts_of_candidates_and_members(make, auth):
    for person in (make.candidate(), make.member()):
        assert 'href="/compte/alertes"' in page(auth.client_for(person).get("/compte/"))
    assert 'href="/compte/alertes"' not in page(auth.client_for(make.pending_employer()).get("/compte/"))
