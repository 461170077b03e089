"""Sharing a person with a member structure: the coach proposes (with the person's agreement) and sends the link
that ties a record to an account; the structure's recruiters see the person and answer."""

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accompaniment.models import Accompaniment, SharingAnswer
from portal.accompaniment.pages import coach_phone
from portal.accompaniment.services import linking
from portal.accompaniment.services import sharing as sharings
from portal.accompaniment.services.access import log_access
from portal.accompaniment.sharing_forms import AnswerForm, ShareForm
from portal.accompaniment.views import bp
from portal.accounts.access import requires
from portal.extensions import db
from portal.storage.documents import DOCUMENT_TYPES
from portal.storage.files import download_name, storage


def record_page(record: Accompaniment) -> str:
    return url_for("accompaniment.record", record_id=record.id)


def _record(record_id: int) -> Accompaniment:
    return db.session.get(Accompaniment, record_id) or abort(404)


# --- the coach's side ----------------------------------------------------------------------------


@bp.route("/accompagnement/<int:record_id>/partager", methods=["GET", "POST"])
@requires("coach")
def share(record_id: int):
    record = _record(record_id)
    form = ShareForm()
    structures = sharings.member_structures()
    form.structure.choices = [SelectChoice("", "Choisir une structure…")] + [
        SelectChoice(s.id, f"{s.name} ({s.commune.name})" if s.commune else s.name) for s in structures
    ]
    if form.validate_on_submit():
        structure = next(s for s in structures if s.id == form.structure.data)
        try:
            sharings.share(
                record, structure, form.purpose.data, form.message.data or "", form.agreement_how.data, current_user
            )
        except sharings.SharingRefused as exc:
            form.structure.errors = [*form.structure.errors, str(exc)]
        else:
            db.session.commit()
            flash(
                f"{record.full_name} est proposé·e à {structure.name}. Ses recruteurs sont prévenus par courriel ; "
                "vous recevrez leur réponse.",
                "success",
            )
            return redirect(record_page(record))
    return render_template(
        "accompaniment/sharing_form.html",
        record=record,
        form=form,
        back_url=record_page(record),
        sharing_page=True,
    ), 422 if form.errors else 200


@bp.post("/accompagnement/<int:record_id>/lien-compte")
@requires("coach")
def send_link(record_id: int):
    record = _record(record_id)
    try:
        linking.send_link(record, current_user)
    except linking.LinkRefused as exc:
        flash(str(exc), "warning")
    else:
        db.session.commit()
        flash(
            f"Le lien est envoyé à {record.email}. Il reste valable 30 jours ; un nouvel envoi remplace l'ancien.",
            "success",
        )
    return redirect(record_page(record))


# --- the structure's side ------------------------------------------------------------------------


@bp.get("/accompagnement/partages/")
@requires("member")
def shared():
    return render_template(
        "accompaniment/sharing_list.html",
        people=sharings.shared_with(current_user.structure_id),
        days_waiting=sharings.days_waiting,
        sharing_answers=SharingAnswer.choices(),
    )


def _member_sharing(sharing_id: int):
    return sharings.sharing_for_member(sharing_id, current_user) or abort(404)


@bp.get("/accompagnement/partages/<int:sharing_id>")
@requires("member")
def shared_person(sharing_id: int):
    sharing = _member_sharing(sharing_id)
    record = sharing.accompaniment
    # The one write a GET makes: the record of this very read, which the person is shown.
    log_access(record, current_user, f"A consulté votre profil proposé à {sharing.structure.name}")
    db.session.commit()
    return render_template(
        "accompaniment/sharing_person.html",
        sharing=sharing,
        record=record,
        coach=record.coach,
        coach_phone=coach_phone(record),
        cv=sharings.person_cv(record),
        days_waiting=sharings.days_waiting(sharing),
        sharing_answers=SharingAnswer.choices(),
    )


@bp.get("/accompagnement/partages/<int:sharing_id>/cv")
@requires("member")
def shared_cv(sharing_id: int):
    sharing = _member_sharing(sharing_id)
    record = sharing.accompaniment
    cv = sharings.person_cv(record) or abort(404)
    log_access(record, current_user, f"A téléchargé votre CV ({sharing.structure.name})")
    db.session.commit()
    return send_file(
        storage().path(cv.storage_key),
        mimetype=DOCUMENT_TYPES[cv.kind],
        as_attachment=True,
        download_name=download_name(f"CV-{record.first_name}-{record.last_name}", cv.kind, "cv"),
        max_age=0,
    )


@bp.post("/accompagnement/partages/<int:sharing_id>/reponse")
@requires("member")
def answer_sharing(sharing_id: int):
    sharing = _member_sharing(sharing_id)
    back = (
        url_for("accounts.dashboard", _anchor="personnes-proposees")
        if request.form.get("retour") == "tableau"
        else url_for("accompaniment.shared_person", sharing_id=sharing.id)
    )
    form = AnswerForm()
    if not form.validate_on_submit():
        flash(" ".join(form.answer.errors or form.message.errors) or "Choisissez votre réponse.", "warning")
        return redirect(back)
    try:
        sharings.answer_sharing(sharing, form.answer.data, form.message.data or "", current_user)
    except sharings.SharingRefused as exc:
        flash(str(exc), "warning")
        return redirect(back)
    db.session.commit()
    flash(
        f"Votre réponse « {sharing.answer_label} » est envoyée au coach de {sharing.accompaniment.first_name}.",
        "success",
    )
    return redirect(back)
