"""Recruiters of member structures write, publish, close and duplicate their offers; the admin can withdraw one."""

from datetime import timedelta

import pytest

from portal.clock import today_in_paris
from portal.extensions import db
from portal.metiers.models import Metier
from portal.offers.models import JobOffer
from tests.conftest import outbox, page


def offer_form(**overrides) -> dict:
    metier = db.session.query(Metier).filter_by(slug="aide-soignant").one()
    data = {
        "title": "Aide-soignant·e de nuit",
        "metier": metier.id,
        "contract_type": "cdi",
        "working_time": "nuit",
        "weekly_hours": "35",
        "schedule_notes": "Nuits de 21 h à 7 h, un week-end sur deux",
        "commune": "Flers (61100)",
        "salary_min": "1900",
        "salary_max": "2200",
        "start_date": (today_in_paris() + timedelta(days=30)).isoformat(),
        "description": "Au sein d'une équipe de nuit de quatre personnes, vous veillez au confort des résidents.",
        "diploma_required": "y",
        "diploma": "DEAS",
        "expires_on": (today_in_paris() + timedelta(days=60)).isoformat(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def member(make, auth):
    user = make.member()
    auth.login(user)
    return user


def fresh(offer_id: int) -> JobOffer:
    db.session.expire_all()  # the requests ran in their own sessions
    return db.session.get(JobOffer, offer_id)


def create(client, **overrides) -> JobOffer:
    response = client.post("/compte/offres/nouvelle", data=offer_form(**overrides))
    assert response.status_code == 302, page(response)
    return db.session.query(JobOffer).order_by(JobOffer.id.desc()).first()


def test_a_new_offer_is_a_draft_shown_as_a_preview(client, member):
    form = page(client.get("/compte/offres/nouvelle"))
    default = (today_in_paris() + timedelta(days=60)).isoformat()
    assert f'value="{default}"' in form  # expires in 60 days unless changed
    offer = create(client)
    assert offer.status == "draft" and offer.structure_id == member.structure_id
    html = page(client.get(f"/compte/offres/{offer.id}"))
    assert "Aide-soignant·e de nuit" in html and "De 1900 à 2200 € brut par mois" in html and "Brouillon" in html


def test_publish_close_and_publish_again(client, member):
    offer = create(client)
    client.post(f"/compte/offres/{offer.id}/publier")
    assert fresh(offer.id).status == "published"
    client.post(f"/compte/offres/{offer.id}/clore")
    assert fresh(offer.id).status == "closed"
    client.post(f"/compte/offres/{offer.id}/publier")
    assert fresh(offer.id).status == "published"


def test_an_offer_expires_by_itself(client, member):
    offer = create(client)
    client.post(f"/compte/offres/{offer.id}/publier")
    offer.expires_on = today_in_paris() - timedelta(days=1)
    db.session.commit()
    assert "Expirée" in page(client.get("/compte/offres"))
    response = client.post(f"/compte/offres/{offer.id}/publier", follow_redirects=True)
    assert "La date d'expiration est passée" in page(response)


def test_duplicating_makes_a_fresh_draft(client, member):
    offer = create(client)
    client.post(f"/compte/offres/{offer.id}/publier")
    response = client.post(f"/compte/offres/{offer.id}/dupliquer")
    copy = db.session.query(JobOffer).order_by(JobOffer.id.desc()).first()
    assert copy.id != offer.id and copy.status == "draft" and copy.title.endswith("(copie)")
    assert response.headers["Location"].endswith(f"/compte/offres/{copy.id}/modifier")


def test_editing_keeps_what_was_typed_on_errors(client, member):
    offer = create(client)
    response = client.post(
        f"/compte/offres/{offer.id}/modifier",
        data=offer_form(title="Nouveau titre", salary_min="2500", salary_max="2000", description="Trop court"),
    )
    html = page(response)
    assert response.status_code == 422
    assert "Le salaire maximum doit être supérieur ou égal au minimum." in html
    assert "Entre 50 et 6 000 caractères." in html and 'value="Nouveau titre"' in html
    assert fresh(offer.id).title == "Aide-soignant·e de nuit"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("start_date", "2020-01-01", "La date de prise de poste est déjà passée."),
        ("expires_on", "2020-01-01", "La date d'expiration est déjà passée."),
        ("expires_on", "2099-01-01", "six mois au plus"),
        ("diploma", "", "Indiquez le diplôme exigé."),
        ("commune", "Paris", "Commune introuvable dans l'Orne"),
        ("title", "", "Indiquez l'intitulé du poste."),
    ],
)
def test_bad_values_get_a_clear_message_and_save_nothing(client, member, field, value, message):
    response = client.post("/compte/offres/nouvelle", data=offer_form(**{field: value}))
    assert response.status_code == 422 and message in page(response)
    assert db.session.query(JobOffer).count() == 0


def test_another_structures_offer_is_out_of_reach(client, make, member, auth):
    offer = create(client)
    other = auth.client_for(make.member())
    for url in [f"/compte/offres/{offer.id}", f"/compte/offres/{offer.id}/modifier"]:
        assert other.get(url).status_code == 404
    for action in ["publier", "clore", "dupliquer"]:
        assert other.post(f"/compte/offres/{offer.id}/{action}").status_code == 404
    assert other.post(f"/compte/offres/{offer.id}/modifier", data=offer_form(title="Piraté")).status_code == 404
    assert fresh(offer.id).title == "Aide-soignant·e de nuit"
    assert offer.title not in page(other.get("/compte/offres"))


def test_the_admin_withdraws_an_offer_with_a_reason_sent_to_the_recruiters(client, make, member, auth):
    offer = create(client)
    client.post(f"/compte/offres/{offer.id}/publier")
    admin = auth.client_for(make.admin())
    assert f"/admin/offres/{offer.id}/retirer" in page(admin.get(f"/offres/{offer.id}"))
    assert "— Publiée." in page(admin.get(f"/admin/offres/{offer.id}/retirer"))
    response = admin.post(f"/admin/offres/{offer.id}/retirer", data={"reason": ""})
    assert response.status_code == 422 and "Indiquez le motif" in page(response)
    admin.post(f"/admin/offres/{offer.id}/retirer", data={"reason": "Salaire sous le minimum conventionnel."})
    assert fresh(offer.id).status == "unpublished"
    mail = outbox(member.email)[-1]
    assert "a été retirée" in mail.subject and "Salaire sous le minimum conventionnel." in mail.body_text
    html = page(client.get(f"/compte/offres/{offer.id}"))
    assert "Retirée par l'association" in html and "Salaire sous le minimum" in html
    assert client.post(f"/compte/offres/{offer.id}/publier", follow_redirects=True).status_code == 200
    assert fresh(offer.id).status == "unpublished"
