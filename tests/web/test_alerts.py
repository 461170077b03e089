"""Alerts announce what the site would show for their criteria: once, to the right people, and easy to stop."""

import email
import email.policy
import random
import re

import pytest
import sqlalchemy as sa

from portal.alerts import services as alerts
from portal.alerts.models import AlertDelivery, AlertStatus, AlertSubscription
from portal.alerts.services import delivery
from portal.extensions import db
from portal.offers import services as offers
from portal.offers.models import JobOffer
from tests.conftest import PASSWORD, links_in, outbox, page, path_of, text_part
from tests.helpers import digests, publish, visible_candidate


def test_a_published_offer_reaches_the_matching_immediate_subscriber_once(app, make, runner, smtp_server):
    recruiter = make.member()
    lea, tom, zoe = (make.candidate(email=f"{name}@exemple.fr") for name in ("lea", "tom", "zoe"))
    alerts.create_alert(lea, "offers", {"metier": ["aide-soignant"]}, "immediate")
    alerts.create_alert(tom, "offers", {"metier": ["animateur"]}, "immediate")
    alerts.create_alert(zoe, "offers", {"metier": ["aide-soignant"]}, "daily")

    offer = publish(recruiter, "Aide-soignant·e de nuit")
    assert [m.subject for m in digests("lea@exemple.fr")] == ["1 nouvelle offre : Aide-soignant·e"]
    assert digests("tom@exemple.fr") == [] and digests("zoe@exemple.fr") == []

    # Published again after being closed: already announced, so not again.
    offers.close_offer(offer)
    offers.publish_offer(offer)
    db.session.commit()
    assert len(digests("lea@exemple.fr")) == 1
    runner.invoke(args=["mail", "send"])
    [mail] = smtp_server.to("lea@exemple.fr")
    body = text_part(mail)
    assert "Aide-soignant·e de nuit" in body and f"/offres/{offer.id}" in body
    assert "Vos critères : Aide-soignant·e." in body and "/compte/alertes" in body
    unsubscribe = next(link for link in links_in(body) if "/alertes/desabonnement/" in link)
    assert mail["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.get_body(preferencelist=("html",)) is not None


def test_mail_clients_read_the_unsubscribe_header_as_a_literal_https_address_and_unsubscribe_in_one_click(
    app, client, make, runner, smtp_server
):
    # As outside development, where the site's address is https (an http:// SITE_URL is upgraded).
    app.config.update(SITE_URL="https://localhost", PREFERRED_URL_SCHEME="https")
    recruiter = make.member()
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {}, "immediate")
    publish(recruiter, "Aide-soignant·e de nuit")
    runner.invoke(args=["mail", "send"])
    [raw] = [r for r in smtp_server.raw if b"lea@exemple.fr" in r]
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = re.sub(r"\r\n[ \t]+", " ", head).split("\r\n")
    [header] = [line for line in unfolded if line.startswith("List-Unsubscribe:")]
    # RFC 2369: the address itself, between angle brackets, never an RFC 2047 encoded-word.
    match = re.fullmatch(r"List-Unsubscribe: <(https://localhost/alertes/desabonnement/[^>\s]+)>", header)
    assert match and "=?" not in header, header
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in unfolded
    assert all(len(line) <= 998 for line in head.split("\r\n"))
    url = match.group(1)
    for policy in (email.policy.default, email.policy.compat32):
        parsed = email.message_from_bytes(raw, policy=policy)
        assert str(parsed["List-Unsubscribe"]) == f"<{url}>"
    assert url in text_part(email.message_from_bytes(raw, policy=email.policy.default))
    # RFC 8058: what Gmail or Apple Mail sends, with no cookie and no form of ours.
    response = client.post(
        path_of(url), data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(AlertSubscription.id))) == 0


def test_a_daily_digest_run_twice_sends_one_mail_with_everything_new(app, make, runner, smtp_server):
    recruiter = make.member()
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {"zone": ["flers-argentan"]}, "daily")
    publish(recruiter, "Aide-soignant·e de jour", commune="61169")
    publish(recruiter, "Agent·e de service à Alençon", commune="61001", metier="agent-de-service-hospitalier")
    publish(recruiter, "Animateur·rice à Flers", commune="61169", metier="animateur")

    first = runner.invoke(args=["alerts", "run", "--frequency", "daily"])
    assert first.exit_code == 0 and "1 courriel(s)" in first.output
    second = runner.invoke(args=["alerts", "run", "--frequency", "daily"])
    assert "0 courriel(s)" in second.output
    runner.invoke(args=["mail", "send"])
    [mail] = smtp_server.to("lea@exemple.fr")
    assert mail["Subject"] == "2 nouvelles offres : zone Flers-Argentan"
    body = text_part(mail)
    assert "Aide-soignant·e de jour" in body and "Animateur·rice à Flers" in body and "Alençon" not in body


def crash_on_the_third_mail(monkeypatch):
    """Make the third mail of a run raise, as if the process died there; returns the real function."""
    announce, calls = delivery._announce, []

    def crash_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the process dies here")
        return announce(*args, **kwargs)

    monkeypatch.setattr(delivery, "_announce", crash_on_the_third)
    return announce


def test_an_interrupted_run_then_rerun_sends_exactly_one_mail_to_each(app, make, runner, monkeypatch):
    recruiter = make.member()
    people = [make.candidate(email=f"p{n}@exemple.fr") for n in range(4)]
    for person in people:
        alerts.create_alert(person, "offers", {}, "daily")
    publish(recruiter, "Aide-soignant·e")
    announce = crash_on_the_third_mail(monkeypatch)
    monkeypatch.setattr(delivery, "COMMIT_EVERY", 1)
    assert runner.invoke(args=["alerts", "run", "--frequency", "daily"]).exit_code != 0
    db.session.rollback()
    assert sum(len(digests(p.email)) for p in people) == 2
    monkeypatch.setattr(delivery, "_announce", announce)
    assert "2 courriel(s)" in runner.invoke(args=["alerts", "run", "--frequency", "daily"]).output
    assert [len(digests(p.email)) for p in people] == [1, 1, 1, 1]


def test_a_crash_inside_a_batch_loses_its_mails_and_ledger_together(app, make, runner, monkeypatch):
    recruiter = make.member()
    people = [make.candidate(email=f"p{n}@exemple.fr") for n in range(4)]
    for person in people:
        alerts.create_alert(person, "offers", {}, "daily")
    publish(recruiter, "Aide-soignant·e")
    announce = crash_on_the_third_mail(monkeypatch)
    runner.invoke(args=["alerts", "run", "--frequency", "daily"])
    db.session.rollback()
    assert sum(len(digests(p.email)) for p in people) == 0
    assert db.session.scalar(sa.select(sa.func.count(AlertDelivery.item_id))) == 0
    monkeypatch.setattr(delivery, "_announce", announce)
    assert "4 courriel(s)" in runner.invoke(args=["alerts", "run", "--frequency", "daily"]).output
    assert [len(digests(p.email)) for p in people] == [1, 1, 1, 1]


def test_only_what_is_published_after_the_alert_is_announced(app, make, runner):
    recruiter = make.member()
    publish(recruiter, "Offre d'avant l'alerte")
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {}, "daily")
    assert "0 courriel(s)" in runner.invoke(args=["alerts", "run", "--frequency", "daily"]).output


def test_a_paused_alert_gets_nothing_and_resumes_from_then(app, make, runner):
    recruiter = make.member()
    lea = make.candidate(email="lea@exemple.fr")
    alert = alerts.create_alert(lea, "offers", {}, "immediate")
    alerts.pause_alert(alert)
    publish(recruiter, "Pendant la pause")
    alerts.resume_alert(alert)
    runner.invoke(args=["alerts", "run", "--frequency", "immediate"])
    assert digests("lea@exemple.fr") == []
    publish(recruiter, "Après la pause")
    assert [m.subject for m in digests("lea@exemple.fr")] == ["1 nouvelle offre : Toutes les offres"]


def test_a_missed_immediate_alert_is_caught_up_by_the_command(app, make, runner, monkeypatch):
    recruiter = make.member()
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {}, "immediate")
    monkeypatch.setattr(delivery, "run_alerts", lambda *a, **kw: (_ for _ in ()).throw(RuntimeError("SMTP down")))
    offer = publish(recruiter, "Aide-soignant·e")  # publishing still works
    assert offers.public_offer(offer.id) is not None and digests("lea@exemple.fr") == []
    monkeypatch.undo()
    assert "1 courriel(s)" in runner.invoke(args=["alerts", "run", "--frequency", "immediate"]).output


# --- stopping an alert ---------------------------------------------------------------------------


def unsubscribe_link(make, runner) -> str:
    recruiter = make.member()
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {}, "immediate")
    publish(recruiter, "Aide-soignant·e")
    mail = digests("lea@exemple.fr")[-1]
    return path_of(next(link for link in links_in(mail.body_text) if "/alertes/desabonnement/" in link))


def test_unsubscribing_from_the_mail_works_logged_out_after_a_confirmation(client, make, runner):
    link = unsubscribe_link(make, runner)
    asked = client.get(link)
    assert asked.status_code == 200 and "Arrêter l'alerte" in page(asked)
    assert db.session.scalar(sa.select(sa.func.count(AlertSubscription.id))) == 1
    done = client.post(link)
    assert "l'alerte est arrêtée" in page(done)
    assert db.session.scalar(sa.select(sa.func.count(AlertSubscription.id))) == 0
    assert "déjà arrêtée" in page(client.post(link)) and "déjà arrêtée" in page(client.get(link))


def test_one_click_unsubscribe_needs_no_form_token(app, make, runner):
    link = unsubscribe_link(make, runner)
    # The same app with form tokens required (a second app would start from an empty PostgreSQL database).
    app.config["WTF_CSRF_ENABLED"] = True
    strict = app.test_client()
    assert strict.post("/compte/connexion", data={"email": "lea@exemple.fr", "password": PASSWORD}).status_code == 400
    response = strict.post(link, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(AlertSubscription.id))) == 0


def test_a_tampered_unsubscribe_link_is_refused(client, make, runner):
    link = unsubscribe_link(make, runner)
    tampered = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")
    assert client.post(tampered).status_code == 400
    assert client.get("/alertes/desabonnement/pas-un-jeton").status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(AlertSubscription.id))) == 1


# --- visitors: double opt-in ---------------------------------------------------------------------


def test_a_visitors_alert_starts_only_once_the_address_is_confirmed(app, client, make):
    recruiter = make.member()
    with app.test_request_context():
        alerts.request_visitor_alert("Noe@Exemple.fr ", "offers", {"metier": ["aide-soignant"]}, "immediate")
    publish(recruiter, "Avant la confirmation")
    mail = outbox("noe@exemple.fr")[-1]
    assert mail.subject == "Confirmez votre alerte" and digests("noe@exemple.fr") == []
    link = path_of(next(link for link in links_in(mail.body_text) if "/alertes/confirmer/" in link))
    assert "Confirmer l'alerte" in page(client.get(link))  # opening the link asks; the click confirms
    assert "Votre alerte est active" in page(client.post(link))
    assert "Votre alerte est active" in page(client.get(link))  # confirmed: the link says so
    assert client.get(link[:-2] + "xx").status_code == 400
    publish(recruiter, "Après la confirmation")
    [digest] = digests("noe@exemple.fr")
    assert "Après la confirmation" in digest.body_text and "Avant la confirmation" not in digest.body_text
    assert "/compte/alertes" not in digest.body_text  # no account to manage: the unsubscribe link is there
    assert "/alertes/desabonnement/" in digest.body_text


# --- members: new profiles for a saved search ----------------------------------------------------


def test_a_member_hears_of_new_matching_profiles_anonymised_and_without_sensitive_facts(app, make, runner):
    member = make.member(email="rh@exemple.fr")
    alerts.create_alert(member, "profiles", {"metier": ["aide-soignant"]}, "daily")
    with pytest.raises(alerts.AlertRefused):
        alerts.create_alert(member, "profiles", {}, "immediate")
    _, hidden = visible_candidate(
        make,
        first_name="Zélie",
        last_name="Secrète",
        anonymous=True,
        email="zelie@exemple.fr",
        presentation="Aide-soignante de nuit.",
    )
    hidden.rqth = True
    db.session.commit()
    visible_candidate(make, first_name="Paul", last_name="Ouvert", email="paul@exemple.fr")
    visible_candidate(make, first_name="Autre", last_name="Horscritere", metiers=("animateur",), email="x@exemple.fr")
    runner.invoke(args=["alerts", "run", "--frequency", "daily"])
    [mail] = digests("rh@exemple.fr")
    assert mail.subject == "2 nouveaux profils : Aide-soignant·e"
    for body in (mail.body_text, mail.body_html):
        assert f"Profil anonyme n° {hidden.id}" in body and "Paul Ouvert" in body
        assert "Secrète" not in body and "zelie@" not in body and "RQTH" not in body and "Horscritere" not in body


# --- the same answers as the site ----------------------------------------------------------------


def test_offer_alerts_match_exactly_what_the_search_page_shows(app, make):
    rng = random.Random(61)
    recruiter = make.member()
    metiers = ["aide-soignant", "animateur", "auxiliaire-de-vie", "infirmier"]
    communes = ["61169", "61001", "61214", "61006"]
    words = ["nuit", "week-end", "Alzheimer", "domicile", "équipe", "débutant"]
    ids = []
    for n in range(40):
        offer = publish(
            recruiter,
            f"Poste {n} {rng.choice(words)}",
            metier=rng.choice(metiers),
            commune=rng.choice(communes),
            contract=rng.choice(["cdi", "cdd", "interim"]),
            time=rng.choice(["plein", "partiel", "nuit"]),
            diploma_required=rng.random() < 0.5,
            licence_required=rng.random() < 0.3,
            description=f"Description {rng.choice(words)} et {rng.choice(words)} pour un poste utile.",
        )
        ids.append(offer.id)
    items = alerts.new_items("offers", min(o.published_at for o in db.session.scalars(sa.select(JobOffer))))
    compared = 0
    for _ in range(60):
        args = {}
        if rng.random() < 0.5:
            args["metier"] = rng.sample(metiers, rng.randint(1, 2))
        if rng.random() < 0.3:
            args["zone"] = [rng.choice(["flers-argentan", "alencon", "laigle-mortagne"])]
        if rng.random() < 0.3:
            args["commune"], args["rayon"] = "Argentan (61200)", rng.choice([5, 20, 40])
        if rng.random() < 0.4:
            args["contrat"] = rng.sample(["cdi", "cdd", "interim"], rng.randint(1, 2))
        if rng.random() < 0.3:
            args["temps"] = [rng.choice(["plein", "partiel", "nuit"])]
        if rng.random() < 0.3:
            args["diplome"] = rng.choice(["oui", "non"])
        if rng.random() < 0.4:
            args["q"] = rng.choice([*words, "nuit OU domicile", '"pour un poste"', "équipe -nuit", "debut*"])
        criteria = offers.OfferCriteria.from_args(args)
        assert criteria.as_args() == args  # saved criteria come back unchanged
        found = offers.search_offers(criteria, 1)
        shown = {
            o.id
            for page_number in range(1, found.pages + 1)
            for o in offers.search_offers(criteria, page_number).offers
        }
        assert set(items.matching(args)) == shown & set(ids), args
        compared += bool(shown)
    assert compared > 20  # most criteria found something: the comparison is not vacuous


def test_profile_alerts_match_exactly_what_the_cvtheque_shows(app, make):
    rng = random.Random(14)
    metiers = ["aide-soignant", "animateur", "auxiliaire-de-vie"]
    for n in range(25):
        visible_candidate(
            make,
            first_name=f"P{n}",
            last_name="Test",
            email=f"p{n}@exemple.fr",
            metiers=tuple(rng.sample(metiers, rng.randint(1, 2))),
            commune=rng.choice(["61169", "61001", "61214"]),
            licence=rng.random() < 0.5,
            contracts=tuple(rng.sample(["cdi", "cdd"], rng.randint(1, 2))),
            presentation=f"Expérience en {rng.choice(['EHPAD', 'domicile', 'foyer'])}, de nuit"
            if rng.random() < 0.5
            else "Expérience en EHPAD.",
        )
    from portal.candidates.models import CandidateProfile
    from portal.cvtheque import services as cvtheque

    ids = set(db.session.scalars(sa.select(CandidateProfile.id)))
    items = alerts.new_items("profiles", min(db.session.scalars(sa.select(CandidateProfile.visible_since))))
    compared = 0
    for _ in range(40):
        args = {}
        if rng.random() < 0.5:
            args["metier"] = [rng.choice(metiers)]
        if rng.random() < 0.4:
            args["commune"], args["rayon"] = "Flers (61100)", rng.choice([10, 60])
        if rng.random() < 0.4:
            args["contrat"] = ["cdd"]
        if rng.random() < 0.3:
            args["permis"] = "y"
        if rng.random() < 0.4:
            args["q"] = rng.choice(["domicile", "nuit", "EHPAD SAUF domicile", "foy*"])
        criteria = cvtheque.Criteria.from_args(args)
        assert criteria.as_args() == args
        found = cvtheque.search(criteria, 1)
        shown = {
            card.profile_id
            for page_number in range(1, found.pages + 1)
            for card in cvtheque.search(criteria, page_number).cards
        }
        assert set(items.matching(args)) == shown & ids, args
        compared += bool(shown)
    assert compared > 15


def test_event_alerts_match_exactly_what_the_agenda_shows(app, make):
    from portal.events import services as events
    from portal.events.models import Event
    from tests.helpers import make_event

    rng = random.Random(3)
    kinds = ["portes-ouvertes", "vis-ma-vie", "cafe", "information"]
    for n in range(20):
        event = make_event(
            title=f"Événement {n}",
            kind=rng.choice(kinds),
            days=rng.randint(1, 20),
            insee=rng.choice(["61169", "61001", "61214"]),
            metiers=tuple(rng.sample(["aide-soignant", "animateur"], rng.randint(0, 2))),
        )
        event.published_at = event.created_at
    db.session.commit()
    items = alerts.new_items("events", min(db.session.scalars(sa.select(Event.published_at))))
    compared = 0
    for _ in range(30):
        args = {}
        if rng.random() < 0.5:
            args["type"] = rng.sample(kinds, rng.randint(1, 2))
        if rng.random() < 0.4:
            args["zone"] = [rng.choice(["flers-argentan", "alencon", "laigle-mortagne"])]
        if rng.random() < 0.4:
            args["metier"] = ["aide-soignant"]
        criteria = events.EventCriteria.from_args(args)
        shown = {e.id for e in events.upcoming_events(criteria, 1).events}
        assert set(items.matching(args)) == shown, args
        compared += bool(shown)
    assert compared > 15


# --- managing alerts -----------------------------------------------------------------------------


def test_a_candidate_lists_pauses_edits_and_deletes_alerts_after_confirming(make, auth):
    lea = make.candidate(email="lea@exemple.fr")
    alert = alerts.create_alert(lea, "offers", {"metier": ["aide-soignant"], "zone": ["alencon"]}, "daily")
    db.session.commit()
    client = auth.client_for(lea)
    listing = page(client.get("/compte/alertes"))
    assert "Aide-soignant·e ; zone Alençon" in listing and "Une fois par jour" in listing
    client.post(f"/compte/alertes/{alert.id}/pause")
    db.session.expire_all()
    assert db.session.get(AlertSubscription, alert.id).status == AlertStatus.PAUSED
    response = client.post(f"/compte/alertes/{alert.id}/modifier", data={"name": "Mon alerte", "frequency": "weekly"})
    assert response.status_code == 302
    refused = client.post(f"/compte/alertes/{alert.id}/modifier", data={"name": "", "frequency": "hourly"})
    assert refused.status_code == 422
    db.session.expire_all()
    assert (
        db.session.get(AlertSubscription, alert.id).name,
        db.session.get(AlertSubscription, alert.id).frequency,
    ) == ("Mon alerte", "weekly")
    assert "Supprimer l'alerte « Mon alerte » ?" in page(client.get(f"/compte/alertes/{alert.id}/supprimer"))
    client.post(f"/compte/alertes/{alert.id}/supprimer")
    assert db.session.scalars(sa.select(AlertSubscription)).all() == []


def test_nobody_else_reaches_an_alert(make, auth):
    alert = alerts.create_alert(make.candidate(), "offers", {}, "daily")
    intruder = auth.client_for(make.candidate(email="intrus@exemple.fr"))
    for path in (f"/compte/alertes/{alert.id}/modifier", f"/compte/alertes/{alert.id}/supprimer"):
        assert intruder.get(path).status_code == 404
    assert intruder.post(f"/compte/alertes/{alert.id}/pause").status_code == 404
    assert intruder.post(f"/compte/alertes/{alert.id}/supprimer").status_code == 404


def test_suspending_an_address_stops_its_alerts(app, make, runner):
    recruiter = make.member()
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {}, "immediate")
    assert alerts.suspend_address("LEA@exemple.fr") == 1
    publish(recruiter, "Aide-soignant·e")
    assert digests("lea@exemple.fr") == []
    assert db.session.scalar(sa.select(sa.func.count(AlertDelivery.item_id))) == 0


def test_publishing_through_the_site_announces_once_the_response_has_left(make, auth):
    recruiter = make.member()
    offer = publish(recruiter, "Aide-soignant·e")
    offers.close_offer(offer)
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {}, "immediate")
    db.session.commit()
    response = auth.client_for(recruiter).post(f"/compte/offres/{offer.id}/publier", keep_open=True)
    assert response.status_code == 302
    db.session.expire_all()
    assert digests("lea@exemple.fr") == []  # nothing done while the recruiter waits
    response.close()
    assert [m.subject for m in digests("lea@exemple.fr")] == ["1 nouvelle offre : Toutes les offres"]


def test_the_alerts_hear_of_a_published_offer_through_its_signal(app, make):
    from portal.alerts import receivers
    from portal.offers.signals import offer_published

    recruiter = make.member()
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {}, "immediate")
    heard = []
    offer_published.disconnect(receivers._offer_published)
    try:
        with offer_published.connected_to(lambda offer, **kwargs: heard.append(offer.title)):
            publish(recruiter, "Sans récepteur")
        assert heard == ["Sans récepteur"] and digests("lea@exemple.fr") == []
    finally:
        offer_published.connect(receivers._offer_published)
    publish(recruiter, "Avec récepteur")
    [digest] = digests("lea@exemple.fr")
    assert "Avec récepteur" in digest.body_text and "Sans récepteur" not in digest.body_text
