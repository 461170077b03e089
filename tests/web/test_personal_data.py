import io
import json
import zipfile

import sqlalchemy as sa

from portal.accounts.models import User
from portal.candidates.models import CandidateFile, CandidateProfile
from portal.extensions import db
from portal.mail.models import OutboxMessage
from tests import documents
from tests.conftest import PASSWORD, outbox, page
from tests.images import png


def prepare_candidate(client, make, auth):
    user = make.candidate(email="lea@exemple.fr", first_name="Léa")
    auth.login(user)
    client.post(
        "/compte/profil",
        data={
            "commune": "alencon",
            "presentation": "Je cherche un poste de nuit.",
            "rqth": "y",
            "contract_types": ["cdi"],
        },
    )
    client.post(
        "/compte/cv",
        data={"cv": (io.BytesIO(documents.pdf(["Léa", "Aide-soignante"])), "cv.pdf")},
        content_type="multipart/form-data",
    )
    client.post("/compte/photo", data={"photo": (io.BytesIO(png()), "moi.png")}, content_type="multipart/form-data")
    client.post("/compte/mot-de-passe-oublie", data={"email": user.email})
    return user


def test_the_export_holds_everything_about_me_with_my_files(client, make, auth):
    prepare_candidate(client, make, auth)
    response = client.post("/compte/mes-donnees/export")
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert "data.json" in names and "fichiers/photo.png" in names
    data = json.loads(archive.read("data.json"))
    assert data["compte"]["adresse"] == "lea@exemple.fr"
    profile = data["profil_candidat"]
    assert profile["commune"] == "Alençon (61000)" and profile["informations_sensibles"]["rqth"] is True
    assert profile["contrats"] == ["CDI"] and "Aide-soignante" in profile["cv"][0]["texte_lu"]
    assert profile["cv"][0]["fichier"] in names
    assert archive.read(profile["cv"][0]["fichier"]).startswith(b"%PDF-")
    # The profile was never made visible: the export does not say employers were shown the CV.
    assert profile["cv"][0]["cv_principal"] is True and profile["cv"][0]["montre_aux_employeurs"] is False
    assert profile["cvtheque"]["visible"] is False and profile["cvtheque"]["retire_par_la_regle_des_24_mois"] is False
    assert [m["objet"] for m in data["courriels_envoyes"]] == ["Choisissez un nouveau mot de passe"]


def test_deleting_my_account_needs_my_password(client, make, auth):
    user = prepare_candidate(client, make, auth)
    response = client.post("/compte/supprimer", data={"current_password": "pas le bon"})
    assert response.status_code == 422 and "rien n'a été supprimé" in page(response)
    assert db.session.get(User, user.id) is not None


def test_deleting_my_account_erases_files_profile_and_mail(client, make, auth, instance_path):
    user_id = prepare_candidate(client, make, auth).id
    assert len(list((instance_path / "uploads").rglob("*.*"))) == 2
    response = client.post("/compte/supprimer", data={"current_password": PASSWORD}, follow_redirects=True)
    assert "Votre compte et toutes vos données sont supprimés" in page(response)
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert db.session.scalars(sa.select(CandidateProfile)).all() == []
    assert db.session.scalars(sa.select(CandidateFile)).all() == []
    assert db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == "lea@exemple.fr")).all() == []
    assert list((instance_path / "uploads").rglob("*.*")) == []
    assert client.get("/compte/").status_code == 302  # logged out
    assert client.post("/compte/connexion", data={"email": "lea@exemple.fr", "password": PASSWORD}).status_code == 422
    assert outbox("lea@exemple.fr") == []


def test_an_employer_can_export_and_delete_too(client, make, auth):
    member = make.member()
    member_id, siret = member.id, member.structure.siret
    auth.login(member)
    data = json.loads(zipfile.ZipFile(io.BytesIO(client.post("/compte/mes-donnees/export").data)).read("data.json"))
    assert data["structure"]["siret"] == siret and "profil_candidat" not in data
    client.post("/compte/supprimer", data={"current_password": PASSWORD})
    db.session.expire_all()
    assert db.session.get(User, member_id) is None


def test_deleting_my_account_erases_the_mail_about_me_sent_to_recruiters(app, make, instance_path, auth):
    from tests.helpers import publish

    app.config["MAIL_BACKEND"] = "file"  # the development copies (.eml) must go too
    recruiter = make.member()
    offer = publish(recruiter, "Aide-soignant·e de nuit")
    candidate = make.candidate(email="thomas@exemple.fr", first_name="Thomas", last_name="Lefèvre")
    client = auth.client_for(candidate)
    client.post(f"/offres/{offer.id}/postuler", data={"message": "Disponible dès lundi, Thomas Lefèvre."})
    from portal.mail.sender import deliver_pending

    deliver_pending()
    about = [m for m in outbox(recruiter.email) if "Nouvelle candidature" in m.subject]
    assert about and "Thomas Lefèvre" in about[0].body_text
    about_id = about[0].id
    admin = auth.client_for(make.admin())
    assert "Thomas Lefèvre" in page(admin.get(f"/admin/courriels/{about_id}"))
    eml_files = list((instance_path / "outbox").glob("*.eml"))
    assert any("Lef" in f.read_text(errors="ignore") for f in eml_files)

    client.post("/compte/supprimer", data={"current_password": PASSWORD})
    db.session.expire_all()
    leftovers = db.session.scalars(
        sa.select(OutboxMessage).where(
            sa.or_(
                OutboxMessage.body_text.contains("Lefèvre"),
                OutboxMessage.subject.contains("Lefèvre"),
                OutboxMessage.recipient == "thomas@exemple.fr",
            )
        )
    ).all()
    assert leftovers == []
    assert admin.get(f"/admin/courriels/{about_id}").status_code == 404
    assert "thomas@exemple.fr" not in page(admin.get("/admin/courriels"))
    for f in (instance_path / "outbox").glob("*.eml"):
        assert "Lef" not in f.read_text(errors="ignore") and "thomas@exemple.fr" not in f.read_text(errors="ignore")
    # The recruiter's own mail stays.
    assert outbox(recruiter.email) == [m for m in outbox(recruiter.email) if "Lefèvre" not in m.body_text]


# --- the registry: every feature says what it holds about a person -------------------------------


def test_erasing_an_account_calls_every_registered_forget_handler_in_reverse_order(app, make):
    from portal import personal_data as registry
    from portal.accounts import personal_data

    user = make.candidate(email="lea@exemple.fr")
    calls = []
    fake = registry.PersonalData(
        "fake", export=lambda u: {"faux": u.email}, forget=lambda u: calls.append(("fake", u.email))
    )
    real = registry.parts()
    spies = [
        registry.PersonalData(
            part.name,
            export=part.export,
            files=part.files,
            forget=lambda u, part=part: (calls.append((part.name, u.email)), part.forget(u)),
        )
        for part in real
    ]
    app.extensions["personal_data"] = [*spies, fake]
    data = json.loads(zipfile.ZipFile(io.BytesIO(personal_data.export_zip(user))).read("data.json"))
    assert data["faux"] == "lea@exemple.fr"
    personal_data.delete_account(user)
    assert calls == [("fake", "lea@exemple.fr")] + [(part.name, "lea@exemple.fr") for part in reversed(real)]
    assert db.session.get(User, user.id) is None


def test_every_feature_holding_personal_data_is_registered(app):
    """A table that refers to an account, to a candidate's profile, or keeps an address, belongs to a feature
    that says how to export and erase it (accounts erases its own rows itself)."""
    from portal import personal_data

    registered = {part.name for part in personal_data.parts()}
    holders = set()
    for mapper in db.Model.registry.mappers:
        table = mapper.local_table
        personal = (
            any(fk.column.table.name in ("user_account", CandidateProfile.__tablename__) for fk in table.foreign_keys)
            or "email" in table.columns
            or "recipient" in table.columns
        )
        if personal:
            holders.add(mapper.class_.__module__.split(".")[1])
    assert holders >= {"candidates", "cvtheque", "offers", "events", "alerts", "mail"}  # the check sees them
    assert holders - {"accounts"} <= registered, holders - registered
