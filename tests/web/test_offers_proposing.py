"""A member sends one of its open offers to a CV-thèque candidate, who applies in one click or declines."""

import io
import json
import zipfile

import pytest
import sqlalchemy as sa

from portal.accounts.personal_data import delete_account, export_zip
from portal.candidates import services as candidates
from portal.extensions import db
from portal.offers import services
from portal.offers.models import Application, OfferProposal
from tests.conftest import links_in, outbox, page, path_of
from tests.helpers import publish, visible_candidate


def proposals() -> list[OfferProposal]:
    db.session.expire_all()
    return db.session.scalars(sa.select(OfferProposal)).all()


@pytest.fixture
def setting(app, make):
    recruiter = make.member()
    candidate, profile = visible_candidate(
        make, first_name="Yanis", last_name="Propose", cv_lines=["Yanis Propose", "Aide-soignant diplômé"]
    )
    offer = publish(recruiter, "Aide-soignant·e de nuit")
    return recruiter, candidate, profile, offer


def propose(client, profile, offer, message="Votre expérience de nuit nous intéresse."):
    return client.post(f"/cvtheque/profil/{profile.id}/proposer", data={"offer": offer.id, "message": message})


def test_a_member_proposes_an_offer_and_the_candidate_receives_it(setting, auth):
    recruiter, candidate, profile, offer = setting
    member = auth.client_for(recruiter)
    profile_page = page(member.get(f"/cvtheque/profil/{profile.id}"))
    assert "Proposer une de vos offres" in profile_page and f'<option value="{offer.id}">' in profile_page

    response = propose(member, profile, offer)
    assert response.status_code == 302 and response.headers["Location"].endswith("#proposer")
    mail = outbox(candidate.email)[-1]
    assert mail.subject == f"{offer.structure.name} vous propose une offre : Aide-soignant·e de nuit"
    assert "Votre expérience de nuit nous intéresse." in mail.body_text
    answer = next(link for link in links_in(mail.body_text) if "/compte/propositions" in link)

    candidate_client = auth.client_for(candidate)
    assert "1 en attente de votre réponse" in page(candidate_client.get("/compte/"))
    mine = page(candidate_client.get(path_of(answer)))
    assert "Aide-soignant·e de nuit" in mine and "Postuler en un clic" in mine
    assert "Votre expérience de nuit nous intéresse." in mine
    after = page(member.get(f"/cvtheque/profil/{profile.id}"))
    assert "Envoyée, sans réponse" in after


def test_the_same_offer_cannot_be_sent_twice_to_the_same_person(setting, auth):
    recruiter, candidate, profile, offer = setting
    member = auth.client_for(recruiter)
    propose(member, profile, offer)
    again = member.post(f"/cvtheque/profil/{profile.id}/proposer", data={"offer": offer.id}, follow_redirects=True)
    assert "Votre structure a déjà proposé cette offre à cette personne." in page(again)
    assert len(proposals()) == 1
    assert len([m for m in outbox(candidate.email) if "vous propose" in m.subject]) == 1
    assert "lui ont déjà été proposées" in page(member.get(f"/cvtheque/profil/{profile.id}"))


def test_a_candidate_who_refuses_offers_gets_none(make, setting, auth):
    recruiter, _, _, offer = setting
    candidate, profile = visible_candidate(make, first_name="Sans", last_name="Offres", email="sans@exemple.fr")
    candidates.set_visibility(profile, visible=True, anonymous=False, accepts_offers=False)
    db.session.commit()
    member = auth.client_for(recruiter)
    assert "ne souhaite pas recevoir d'offres" in page(member.get(f"/cvtheque/profil/{profile.id}"))
    with pytest.raises(services.ProposalRefused, match="ne souhaite pas"):
        services.propose_offer(recruiter, offer.id, profile, "")
    propose(member, profile, offer)
    assert proposals() == [] and not [m for m in outbox(candidate.email) if "propose" in m.subject]


def test_only_an_open_offer_of_ones_own_structure_can_be_proposed(make, setting, auth):
    recruiter, _candidate, profile, offer = setting
    other = publish(make.member(), "Offre d'une autre structure")
    member = auth.client_for(recruiter)
    assert f'<option value="{other.id}">' not in page(member.get(f"/cvtheque/profil/{profile.id}"))
    refused = member.post(f"/cvtheque/profil/{profile.id}/proposer", data={"offer": other.id}, follow_redirects=True)
    assert "Choisissez une offre ouverte de votre structure." in page(refused)
    unreadable = member.post(f"/cvtheque/profil/{profile.id}/proposer", data={"offer": "une offre"})
    assert unreadable.status_code == 422 and 'aria-invalid="true"' in page(unreadable)
    for huge in (str(2**63), str(-(2**63) - 1)):
        unreadable = member.post(f"/cvtheque/profil/{profile.id}/proposer", data={"offer": huge})
        assert unreadable.status_code == 422 and "Choisissez une de vos offres ouvertes." in page(unreadable)
    services.close_offer(offer)
    with pytest.raises(services.ProposalRefused, match="offre ouverte"):
        services.propose_offer(recruiter, offer.id, profile, "")
    assert proposals() == []


def test_an_offer_the_person_already_answered_is_not_proposed(setting, auth):
    recruiter, candidate, profile, offer = setting
    auth.client_for(candidate).post(f"/offres/{offer.id}/postuler", data={"cv": profile.files[0].id})
    member = auth.client_for(recruiter)
    assert "Votre structure n'a pas d'offre ouverte à proposer" in page(member.get(f"/cvtheque/profil/{profile.id}"))
    refused = member.post(f"/cvtheque/profil/{profile.id}/proposer", data={"offer": offer.id}, follow_redirects=True)
    assert "Cette personne a déjà répondu à cette offre." in page(refused)
    assert proposals() == []


def test_a_hidden_profile_cannot_receive_an_offer(setting, auth):
    recruiter, _, profile, offer = setting
    candidates.set_visibility(profile, visible=False, anonymous=False, accepts_offers=True)
    db.session.commit()
    assert propose(auth.client_for(recruiter), profile, offer).status_code == 404
    assert proposals() == []


def test_the_candidate_applies_in_one_click_with_the_cv_on_file(setting, auth):
    recruiter, candidate, profile, offer = setting
    propose(auth.client_for(recruiter), profile, offer)
    proposal = proposals()[0]
    client = auth.client_for(candidate)
    response = client.post(f"/compte/propositions/{proposal.id}/postuler")
    assert response.headers["Location"].endswith("/compte/candidatures")
    application = db.session.scalars(sa.select(Application)).one()
    assert (application.offer_id, application.cv_id) == (offer.id, profile.files[0].id)
    assert proposals()[0].status == "applied"
    assert [m.subject for m in outbox(recruiter.email)] == [f"Nouvelle candidature : {offer.title}"]
    assert "A postulé" in page(auth.client_for(recruiter).get(f"/cvtheque/profil/{profile.id}"))
    # A second click finds the proposal answered.
    again = client.post(f"/compte/propositions/{proposal.id}/postuler", follow_redirects=True)
    assert "déjà répondu" in page(again)
    assert db.session.scalar(sa.select(sa.func.count(Application.id))) == 1


def test_applying_from_the_offer_page_answers_the_proposal_too(setting, auth):
    recruiter, candidate, profile, offer = setting
    propose(auth.client_for(recruiter), profile, offer)
    client = auth.client_for(candidate)
    client.post(f"/offres/{offer.id}/postuler", data={"cv": profile.files[0].id, "message": "Bonjour"})
    assert proposals()[0].status == "applied"
    assert "Vous avez postulé" in page(client.get("/compte/propositions"))


def test_the_candidate_declines_and_the_member_sees_it(setting, auth):
    recruiter, candidate, profile, offer = setting
    propose(auth.client_for(recruiter), profile, offer)
    proposal = proposals()[0]
    client = auth.client_for(candidate)
    done = client.post(f"/compte/propositions/{proposal.id}/decliner", follow_redirects=True)
    assert "vous ne donnez pas suite" in page(done)
    assert proposals()[0].status == "declined"
    assert "Ne donne pas suite" in page(auth.client_for(recruiter).get(f"/cvtheque/profil/{profile.id}"))
    refused = client.post(f"/compte/propositions/{proposal.id}/postuler", follow_redirects=True)
    assert "déjà répondu" in page(refused)
    assert db.session.scalars(sa.select(Application)).all() == []


def test_a_closed_offer_can_no_longer_be_applied_to_from_its_proposal(setting, auth):
    recruiter, candidate, profile, offer = setting
    propose(auth.client_for(recruiter), profile, offer)
    services.close_offer(offer)
    db.session.commit()
    client = auth.client_for(candidate)
    assert "n'est plus ouverte" in page(client.get("/compte/propositions"))
    response = client.post(f"/compte/propositions/{proposals()[0].id}/postuler", follow_redirects=True)
    assert "plus ouverte" in page(response)
    assert db.session.scalars(sa.select(Application)).all() == []


def test_nobody_else_answers_a_candidates_proposal(make, setting, auth):
    recruiter, _, profile, offer = setting
    propose(auth.client_for(recruiter), profile, offer)
    intruder = auth.client_for(make.candidate(email="intrus@exemple.fr"))
    proposal_id = proposals()[0].id
    assert intruder.post(f"/compte/propositions/{proposal_id}/postuler").status_code == 404
    assert intruder.post(f"/compte/propositions/{proposal_id}/decliner").status_code == 404
    assert proposals()[0].status == "sent"


def test_an_anonymous_candidate_stays_anonymous_after_a_proposal(make, setting, auth):
    recruiter, _, _, offer = setting
    _candidate, profile = visible_candidate(
        make, first_name="Zélie", last_name="Secrète", anonymous=True, email="zelie@exemple.fr"
    )
    member = auth.client_for(recruiter)
    results = page(member.get("/cvtheque/"))
    assert f"/cvtheque/profil/{profile.id}#proposer" in results
    assert "Son anonymat est gardé" in page(member.get(f"/cvtheque/profil/{profile.id}"))
    propose(member, profile, offer)
    html = page(member.get(f"/cvtheque/profil/{profile.id}"))
    assert "Envoyée, sans réponse" in html
    assert "Secrète" not in html and "zelie@exemple.fr" not in html


def test_proposals_are_in_the_export_and_erased_with_the_account(setting, auth):
    recruiter, candidate, profile, offer = setting
    propose(auth.client_for(recruiter), profile, offer)
    data = json.loads(zipfile.ZipFile(io.BytesIO(export_zip(candidate))).read("data.json"))
    assert data["offres_proposees"][0]["offre"] == offer.title
    delete_account(candidate)
    assert proposals() == []
