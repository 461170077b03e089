"""A coach proposes a person to a member structure with their agreement; its recruiters see the person (and only
what they need), every view is logged for the person, and the structure's answer writes a step of the pathway."""

import sqlalchemy as sa

from portal.accompaniment.models import AccessLog, Accompaniment, Sharing, Step, StepKind, StepStatus
from portal.accounts.models import Role
from portal.candidates import services as candidates
from portal.extensions import db
from tests import documents
from tests.conftest import links_in, outbox, page, path_of
from tests.helpers import accompanied, shared_record

SENSITIVE = ["RQTH", "travailleur handicapé", "RSA", "Mobilité", "Aide au permis", "Note de l'équipe", "Note d'étape"]


def share_form(structure, **overrides):
    return {
        "structure": str(structure.id),
        "purpose": "emploi",
        "message": "Très motivée, disponible tout de suite.",
        "agreement": "y",
        "agreement_how": "à l'oral, en entretien",
        **overrides,
    }


def with_staff_notes(record, coach):
    from datetime import date

    from portal.accompaniment.services.pathway import add_note, add_step

    add_note(record, coach, "Note de l'équipe : santé fragile, RQTH en cours")
    add_step(record, StepKind.FIRST_INTERVIEW, date.today(), coach, status=StepStatus.DONE, note="Note d'étape")
    db.session.commit()


def test_a_coach_shares_a_person_with_a_member_structure_and_its_recruiters_are_told(app, make, auth):
    coach = make.coach(zone="alencon")
    record = accompanied(make, coach=coach)
    recruiter = make.member(first_name="Anne")
    colleague = make.user(Role.EMPLOYER, structure=recruiter.structure)
    client = auth.client_for(coach)

    form_page = client.get(f"/accompagnement/{record.id}/partager")
    assert form_page.status_code == 200 and recruiter.structure.name in page(form_page)
    response = client.post(f"/accompagnement/{record.id}/partager", data=share_form(recruiter.structure))

    assert response.status_code == 302
    sharing = db.session.scalar(sa.select(Sharing))
    assert (sharing.structure_id, sharing.purpose, sharing.agreement_how) == (
        recruiter.structure.id,
        "emploi",
        "à l'oral, en entretien",
    )
    for person in (recruiter, colleague):
        mail = outbox(person.email)[0]
        assert mail.subject == "Un coach autonomie vous propose Léa M."
        assert f"/accompagnement/partages/{sharing.id}" in mail.body_text
        for word in [*SENSITIVE, "06 12 34 56 78", "lea.martin@exemple.fr"]:
            assert word not in mail.body_text and word not in mail.body_html


def test_sharing_needs_the_persons_agreement_and_a_member_structure(app, make, auth):
    coach = make.coach(zone="alencon")
    record = accompanied(make, coach=coach)
    member = make.member()
    pending = make.pending_employer()
    client = auth.client_for(coach)

    without_agreement = client.post(
        f"/accompagnement/{record.id}/partager", data=share_form(member.structure, agreement="", agreement_how="")
    )
    assert without_agreement.status_code == 422
    assert "Sans l'accord de la personne" in page(without_agreement)
    not_a_member = client.post(f"/accompagnement/{record.id}/partager", data=share_form(pending.structure))
    assert not_a_member.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Sharing)) == 0
    assert outbox(member.email) == [] and outbox(pending.email) == []


def test_the_member_sees_the_person_without_anything_sensitive_and_the_view_is_logged(app, make, auth):
    recruiter = make.member(first_name="Anne", last_name="Roux")
    record, sharing = shared_record(make, structure=recruiter.structure)
    with_staff_notes(record, record.coach)
    client = auth.client_for(recruiter)

    listing = client.get("/accompagnement/partages/")
    assert listing.status_code == 200 and "Léa Martin" in page(listing) and "À répondre" in page(listing)
    response = client.get(f"/accompagnement/partages/{sharing.id}")

    text = page(response)
    assert response.status_code == 200
    for shown in ["Léa Martin", "06 12 34 56 78", "lea.martin@exemple.fr", "Alençon", "Aide-soignant", "motivée"]:
        assert shown.lower() in text.lower(), shown
    assert record.coach.email in text
    for hidden in SENSITIVE:
        assert hidden not in text, hidden
    log = db.session.scalars(sa.select(AccessLog)).all()
    assert [(a.user_id, a.who) for a in log] == [(recruiter.id, f"Anne Roux, {recruiter.structure.name}")]


def test_the_member_downloads_the_persons_cv_even_outside_the_cvtheque_and_it_is_logged(app, make, auth):
    person = make.candidate()
    candidates.add_cv(candidates.profile_of(person), documents.pdf(["Léa Martin, aide-soignante"]), "cv.pdf")
    db.session.commit()
    recruiter = make.member()
    _record, sharing = shared_record(make, structure=recruiter.structure, user=person)
    assert not candidates.profile_of(person).visible
    client = auth.client_for(recruiter)

    assert "Télécharger le CV" in page(client.get(f"/accompagnement/partages/{sharing.id}"))
    download = client.get(f"/accompagnement/partages/{sharing.id}/cv")

    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    actions = [a.action for a in db.session.scalars(sa.select(AccessLog).order_by(AccessLog.id))]
    assert actions[-1].startswith("A téléchargé votre CV")
    other = auth.client_for(make.member())
    assert other.get(f"/accompagnement/partages/{sharing.id}/cv").status_code == 404


def test_another_structures_recruiter_gets_a_404_and_nothing_is_logged(app, make, auth):
    _record, sharing = shared_record(make)
    stranger = auth.client_for(make.member())

    assert stranger.get(f"/accompagnement/partages/{sharing.id}").status_code == 404
    assert (
        stranger.post(f"/accompagnement/partages/{sharing.id}/reponse", data={"answer": "embauche"}).status_code == 404
    )
    assert "Léa" not in page(stranger.get("/accompagnement/partages/"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessLog)) == 0
    assert db.session.get(Sharing, sharing.id).answer is None


def test_a_withdrawn_sharing_is_gone_for_the_structure(app, make, auth):
    recruiter = make.member()
    _record, sharing = shared_record(make, structure=recruiter.structure)
    sharing.withdrawn_at = sharing.shared_at
    db.session.commit()
    client = auth.client_for(recruiter)

    assert client.get(f"/accompagnement/partages/{sharing.id}").status_code == 404
    assert "Léa" not in page(client.get("/accompagnement/partages/"))
    assert "Léa" not in page(client.get("/compte/"))


def test_answering_interview_from_the_dashboard_plans_an_employer_interview_and_tells_the_coach(app, make, auth):
    recruiter = make.member()
    record, sharing = shared_record(make, structure=recruiter.structure)
    client = auth.client_for(recruiter)
    dashboard = page(client.get("/compte/"))
    assert "Personnes proposées par les coachs" in dashboard and "1 à répondre" in dashboard

    response = client.post(
        f"/accompagnement/partages/{sharing.id}/reponse",
        data={"answer": "entretien", "message": "Venez jeudi à 14 h", "retour": "tableau"},
    )

    assert response.status_code == 302 and response.headers["Location"].startswith("/compte/")
    step = db.session.scalar(sa.select(Step).where(Step.sharing_id == sharing.id))
    assert (step.kind, step.status, step.structure_id) == ("entretien-employeur", "planned", recruiter.structure.id)
    assert "Venez jeudi à 14 h" in step.note
    mail = outbox(record.coach.email)[-1]
    assert "Entretien proposé" in mail.subject and "Venez jeudi à 14 h" in mail.body_text
    assert "Aucune personne n'attend votre réponse" in page(client.get("/compte/"))


def test_answering_hired_plans_a_job_with_the_structure_and_its_follow_ups(app, make, auth):
    recruiter = make.member()
    record, sharing = shared_record(make, structure=recruiter.structure)
    client = auth.client_for(recruiter)

    client.post(f"/accompagnement/partages/{sharing.id}/reponse", data={"answer": "embauche"})

    record = db.session.get(Accompaniment, record.id)
    job = next(s for s in record.steps if s.kind == StepKind.JOB)
    assert job.status == "planned" and job.structure_id == recruiter.structure.id
    assert job.note == f"Embauche annoncée par {recruiter.structure.name}"
    assert sorted(s.months for s in record.steps if s.kind == StepKind.FOLLOW_UP) == [1, 3, 6]


def test_answering_not_now_records_a_contact_done(app, make, auth):
    recruiter = make.member()
    _record, sharing = shared_record(make, structure=recruiter.structure)
    client = auth.client_for(recruiter)

    client.post(
        f"/accompagnement/partages/{sharing.id}/reponse",
        data={"answer": "pas-maintenant", "message": "Pas de poste avant l'été"},
    )

    step = db.session.scalar(sa.select(Step).where(Step.sharing_id == sharing.id))
    assert (step.kind, step.status) == ("contact", "done") and "Pas de poste avant l'été" in step.note
    again = client.post(f"/accompagnement/partages/{sharing.id}/reponse", data={"answer": "pas-maintenant"})
    assert again.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Step).where(Step.sharing_id == sharing.id)) == 1


def test_the_record_page_partial_lists_the_sharings_and_their_answers(app, make, auth):
    recruiter = make.member()
    record, sharing = shared_record(make, structure=recruiter.structure)
    auth.client_for(recruiter).post(f"/accompagnement/partages/{sharing.id}/reponse", data={"answer": "entretien"})
    client = auth.client_for(record.coach)

    text = page(client.get(f"/accompagnement/{record.id}/partager"))

    assert recruiter.structure.name in text and "Entretien proposé" in text
    assert "Envoyer le lien de création de compte" in text


def test_a_visitor_or_candidate_never_reaches_a_sharing(app, make, client, auth):
    record, sharing = shared_record(make, user=make.candidate())
    assert client.get(f"/accompagnement/partages/{sharing.id}").status_code == 302
    candidate = auth.client_for(db.session.get(Accompaniment, record.id).user)
    assert candidate.get(f"/accompagnement/partages/{sharing.id}").status_code == 403
    assert candidate.get(f"/accompagnement/{record.id}/partager").status_code == 403


def test_the_share_mail_link_opens_the_page_for_the_recruiter(app, make, auth):
    recruiter = make.member()
    _ = shared_record(make, structure=recruiter.structure)
    link = next(url for url in links_in(outbox(recruiter.email)[0].body_text) if "/partages/" in url)
    assert auth.client_for(recruiter).get(path_of(link)).status_code == 200
