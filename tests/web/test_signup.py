import sqlalchemy as sa

from portal.accounts.models import Membership, Role, User
from portal.extensions import db
from portal.structures.models import Structure, StructureStatus
from tests.conftest import PASSWORD, links_in, outbox, page, path_of


def candidate_form(**overrides) -> dict:
    data = {
        "first_name": "Léa",
        "last_name": "Durand",
        "email": "lea.durand@exemple.fr",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "accept_terms": "y",
    }
    data.update(overrides)
    return data


def users() -> list[User]:
    return db.session.scalars(sa.select(User)).all()


def test_a_candidate_signs_up_verifies_the_address_and_logs_in(client, app):
    response = client.post("/compte/inscription/candidat", data=candidate_form())
    assert response.status_code == 302
    assert response.headers["Location"] == "/compte/verifiez-vos-courriels"
    user = users()[0]
    assert (user.role, user.is_verified) == (Role.CANDIDATE, False)
    assert user.password_hash.startswith("$argon2id$")

    # Not before the address is confirmed.
    refused = client.post("/compte/connexion", data={"email": "lea.durand@exemple.fr", "password": PASSWORD})
    assert "pas encore confirmée" in page(refused)

    mail = outbox("lea.durand@exemple.fr")[-1]
    assert mail.subject == "Confirmez votre adresse électronique"
    link = next(link for link in links_in(mail.body_text) if "/compte/verification/" in link)
    # Opening the link (a mail scanner does) only shows the button; the click confirms.
    shown = client.get(path_of(link))
    assert shown.status_code == 200 and "Confirmer mon adresse" in page(shown)
    db.session.refresh(user)
    assert not user.is_verified
    response = client.post(path_of(link))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.is_verified

    response = client.post("/compte/connexion", data={"email": "Lea.Durand@exemple.fr ", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/compte/").status_code == 200


def test_a_malformed_email_is_refused_and_what_was_typed_is_kept(client):
    response = client.post("/compte/inscription/candidat", data=candidate_form(email="lea.durand@", first_name="Léa"))
    html = page(response)
    assert response.status_code == 422
    assert "Cette adresse électronique n'est pas valide" in html
    assert 'value="Léa"' in html and 'value="Durand"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="email-erreur"' in html
    assert users() == []


def test_a_weak_password_is_refused(client):
    response = client.post(
        "/compte/inscription/candidat", data=candidate_form(password="motdepasse", password_confirm="motdepasse")
    )
    assert response.status_code == 422
    assert "trop courant" in page(response)
    assert users() == []


def test_different_passwords_are_refused(client):
    response = client.post("/compte/inscription/candidat", data=candidate_form(password_confirm="autre chose encore"))
    assert "ne sont pas identiques" in page(response)


def test_privacy_consent_is_required(client):
    data = candidate_form()
    del data["accept_terms"]
    response = client.post("/compte/inscription/candidat", data=data)
    assert response.status_code == 422
    assert "politique de confidentialité pour créer un compte" in page(response)


def test_signing_up_with_a_taken_address_answers_the_same_and_warns_its_owner(client, make):
    owner = make.candidate(email="deja@exemple.fr")
    fresh = client.post("/compte/inscription/candidat", data=candidate_form(email="nouvelle@exemple.fr"))
    taken = client.post("/compte/inscription/candidat", data=candidate_form(email="deja@exemple.fr"))
    assert (taken.status_code, taken.headers["Location"]) == (fresh.status_code, fresh.headers["Location"])
    assert len(users()) == 2
    db.session.refresh(owner)
    assert owner.first_name == "Camille"  # untouched
    assert [m.subject for m in outbox("deja@exemple.fr")] == ["Une inscription a été tentée avec votre adresse"]


def test_the_verification_link_can_be_sent_again(client, make):
    user = make.candidate(verified=False)
    client.post("/compte/verification/renvoyer", data={"email": user.email})
    assert [m.subject for m in outbox(user.email)] == ["Confirmez votre adresse électronique"]
    client.post("/compte/verification/renvoyer", data={"email": "personne@exemple.fr"})
    assert outbox("personne@exemple.fr") == []


def test_a_tampered_verification_link_is_refused(client, make):
    make.candidate(verified=False)
    response = client.get("/compte/verification/abc.def.ghi")
    assert response.status_code == 400
    assert "n'est pas valide" in page(response)


def employer_form(**overrides) -> dict:
    data = candidate_form(email="sophie@ehpad-exemple.fr")
    data.update(
        {
            "mode": "create",
            "structure_name": "EHPAD Les Hortensias",
            "siret": "732 829 320 00074",
            "kind": "ehpad",
            "commune": "Flers (61100)",
        }
    )
    data.update(overrides)
    return data


def test_an_employer_signs_up_with_a_new_structure_which_is_pending(client):
    response = client.post("/compte/inscription/recruteur", data=employer_form())
    assert response.status_code == 302
    structure = db.session.scalars(sa.select(Structure)).one()
    assert (structure.status, structure.siret, structure.commune.name) == (
        StructureStatus.PENDING,
        "73282932000074",
        "Flers",
    )
    assert structure.slug == "ehpad-les-hortensias-flers"
    recruiter = structure.recruiters[0]
    assert (recruiter.role, recruiter.membership, recruiter.is_member) == (Role.EMPLOYER, Membership.ACTIVE, False)


def test_a_siret_failing_the_luhn_check_is_refused(client):
    response = client.post("/compte/inscription/recruteur", data=employer_form(siret="73282932000075"))
    assert response.status_code == 422
    assert "Ce numéro SIRET n'est pas valide" in page(response)
    assert users() == []


def test_creating_a_structure_needs_its_name_kind_and_commune(client):
    response = client.post("/compte/inscription/recruteur", data=employer_form(structure_name="", kind="", commune=""))
    html = page(response)
    assert response.status_code == 422
    assert html.count("Ce champ est obligatoire.") >= 3


def test_an_ambiguous_commune_offers_choices_and_one_click_picks_it(client):
    response = client.post("/compte/inscription/recruteur", data=employer_form(commune="61100"))
    html = page(response)
    assert response.status_code == 422
    assert "Plusieurs communes correspondent" in html
    assert 'name="commune_choice" value="Flers (61100)"' in html
    response = client.post(
        "/compte/inscription/recruteur", data=employer_form(commune="61100", commune_choice="Flers (61100)")
    )
    assert response.status_code == 302
    assert db.session.scalars(sa.select(Structure)).one().commune.name == "Flers"


def test_an_unknown_commune_is_refused(client):
    response = client.post("/compte/inscription/recruteur", data=employer_form(commune="Paris"))
    assert "Commune introuvable dans l'Orne" in page(response)


def test_a_structure_cannot_be_registered_twice(client, make):
    existing = make.structure()
    response = client.post("/compte/inscription/recruteur", data=employer_form(siret=existing.siret))
    assert "déjà inscrite avec ce SIRET" in page(response)


def test_a_recruiter_joins_an_existing_structure_once_accepted(client, make, auth):
    colleague = make.member(email="colleague@ehpad.fr")
    structure = colleague.structure
    response = client.post(
        "/compte/inscription/recruteur",
        data=employer_form(mode="join", siret=structure.formatted_siret, structure_name="", kind="", commune=""),
    )
    assert response.status_code == 302
    newcomer = db.session.scalar(sa.select(User).where(User.email == "sophie@ehpad-exemple.fr"))
    assert (newcomer.structure_id, newcomer.membership, newcomer.is_member) == (structure.id, "pending", False)
    request_mail = outbox("colleague@ehpad.fr")[-1]
    assert "demande à rejoindre" in request_mail.subject

    auth.login(colleague)
    html = page(client.get("/compte/structure"))
    assert "Demandes pour rejoindre la structure" in html and newcomer.full_name in html
    client.post(f"/compte/structure/recruteurs/{newcomer.id}/accepter")
    db.session.refresh(newcomer)
    assert newcomer.membership == Membership.ACTIVE and newcomer.is_member
    assert outbox("sophie@ehpad-exemple.fr")[-1].subject == "Vous avez rejoint votre structure"


def test_joining_with_an_unknown_siret_is_refused(client):
    response = client.post("/compte/inscription/recruteur", data=employer_form(mode="join"))
    assert "Aucune structure inscrite avec ce SIRET" in page(response)


def test_a_recruiter_of_another_structure_cannot_accept_a_newcomer(client, make, auth):
    structure = make.structure()
    newcomer = make.user(Role.EMPLOYER, structure=structure, membership=Membership.PENDING)
    outsider = make.member()
    auth.login(outsider)
    assert client.post(f"/compte/structure/recruteurs/{newcomer.id}/accepter").status_code == 404
    db.session.refresh(newcomer)
    assert newcomer.membership == Membership.PENDING
