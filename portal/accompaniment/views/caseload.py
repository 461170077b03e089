"""The coaches' tool: the caseload, opening a record, the record page with its pathway, notes and status."""

from dataclasses import fields
from datetime import datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from portal.accompaniment.models import (
    Accompaniment,
    HelpRequest,
    Public,
    RequestStatus,
    Status,
    Step,
    StepKind,
    StepStatus,
)
from portal.accompaniment.record_forms import (
    DEFAULT_CONSENT_HOW,
    DEFAULT_CONSENT_SCOPE,
    CloseForm,
    CoachForm,
    NoteForm,
    OpenRecordForm,
    PersonForm,
    StepForm,
)
from portal.accompaniment.services import caseload as caseload_service
from portal.accompaniment.services import pathway, records
from portal.accompaniment.services.access import accesses, log_access
from portal.accompaniment.services.coaches import coaches
from portal.accompaniment.services.records import AlreadyOpen, Consent, Person, Situation
from portal.accompaniment.views import bp
from portal.accounts.access import requires
from portal.accounts.models import Role, User
from portal.clock import today_in_paris
from portal.communes.models import ZONES
from portal.communes.services import commune_options
from portal.events.dates import utc_to_paris
from portal.events.models import Event
from portal.extensions import db
from portal.forms import int_arg, page_arg
from portal.metiers.models import Metier
from portal.metiers.services import all_metiers
from portal.structures.services import approved_structures

# The kinds a coach adds by hand (follow-ups come with a job).
STEP_KINDS = "<any(" + ", ".join(f'"{k.value}"' for k in StepKind if k != StepKind.FOLLOW_UP) + "):kind>"


def _record(record_id: int) -> Accompaniment:
    return db.session.get(Accompaniment, record_id) or abort(404)


# --- the caseload --------------------------------------------------------------------------------


def _filters(team: list[User], metiers: list[Metier]) -> caseload_service.CaseloadFilters:
    """The filters read from the address; an unknown value is the default."""
    args = request.args
    default_coach = caseload_service.MINE if current_user.role == Role.COACH else caseload_service.EVERYONE
    coach = args.get("coach", default_coach)
    known_coaches = {str(c.id) for c in team}
    if coach not in (caseload_service.MINE, caseload_service.EVERYONE, caseload_service.NOBODY, *known_coaches):
        coach = default_coach
    status = args.get("statut", caseload_service.OPEN)
    if status not in ("", caseload_service.OPEN, *Status):
        status = caseload_service.OPEN
    zone = args.get("zone", "")
    public = args.get("public", "")
    metier = args.get("metier", "")
    return caseload_service.CaseloadFilters(
        coach=coach,
        zone=zone if zone in ZONES else "",
        status=status,
        metier=metier if metier in {m.slug for m in metiers} else "",
        public=public if public in set(Public) else "",
        overdue=args.get("retard") == "1",
        q=(args.get("q") or "").strip()[:100],
    )


@bp.get("/accompagnement/")
@requires("coach")
def caseload():
    team, metiers = coaches(), all_metiers()
    filters = _filters(team, metiers)
    today = today_in_paris()
    page = caseload_service.caseload(filters, current_user, today, page_arg(request.args))
    if page.page > max(page.pages, 1):
        return redirect(url_for("accompaniment.caseload", **filters.as_args(), page=page.pages))
    return render_template(
        "accompaniment/caseload.html",
        page=page,
        filters=filters,
        args=filters.as_args(),
        counts=caseload_service.counts(filters, current_user, today),
        narrowed=filters.narrowed(current_user),
        requests_url=url_for("accompaniment.requests"),
        coaches=team,
        metiers=metiers,
        publics=Public,
        statuses=Status,
        today=today,
    )


# --- opening a record ----------------------------------------------------------------------------


def _coach_choices(form, empty_label: str) -> None:
    form.coach.choices = [SelectChoice("", empty_label)] + [
        SelectChoice(c.id, f"{c.full_name}{' (' + ZONES[c.zone] + ')' if c.zone else ''}") for c in coaches()
    ]


def _metier_choices(form) -> None:
    form.metiers.choices = [SelectChoice(m.id, m.title) for m in all_metiers()]


def _person(form: PersonForm) -> Person:
    return Person(
        form.first_name.data,
        form.last_name.data or "",
        phone=form.phone.data or "",
        email=form.email.data or "",
        commune=form.commune.commune,
    )


def _situation(form: PersonForm) -> Situation:
    ids = form.metiers.data or []
    metiers = list(db.session.scalars(db.select(Metier).where(Metier.id.in_(ids)))) if ids else []
    return Situation(
        origin=form.origin.data,
        publics=form.publics.data or [],
        barriers=form.barriers.data or [],
        aids=form.aids.data or "",
        metiers=metiers,
    )


def _fill(form: PersonForm, person: Person, situation: Situation) -> None:
    form.first_name.data, form.last_name.data = person.first_name, person.last_name
    form.phone.data, form.email.data = person.phone, person.email
    form.commune.data = person.commune.label if person.commune else ""
    form.origin.data = situation.origin
    form.publics.data = list(situation.publics)
    form.barriers.data = list(situation.barriers)
    form.aids.data = situation.aids
    form.metiers.data = [m.id for m in situation.metiers]


@bp.route("/accompagnement/ouvrir", methods=["GET", "POST"])
@requires("coach")
def open_record():
    help_request = account = None
    if "demande" in request.args:
        help_request = db.session.get(HelpRequest, int_arg(request.args, "demande", 0, minimum=0)) or abort(404)
        if help_request.status == RequestStatus.OPENED and help_request.accompaniment_id:
            flash("Cette demande a déjà son accompagnement.", "info")
            return redirect(url_for("accompaniment.record", record_id=help_request.accompaniment_id))
        account = help_request.user
    elif "compte" in request.args:
        account = db.session.get(User, int_arg(request.args, "compte", 0, minimum=0))
        if account is None or account.role != Role.CANDIDATE:
            abort(404)
    existing = records.open_record_of(account)
    if existing is not None:
        flash(f"{existing.full_name} a déjà un accompagnement en cours : le voici.", "info")
        return redirect(url_for("accompaniment.record", record_id=existing.id))

    form = OpenRecordForm()
    _metier_choices(form)
    _coach_choices(form, "Le coach de la zone de la commune")
    if request.method == "GET":
        if help_request is not None:
            _fill(form, *records.from_request(help_request))
            form.consent_date.data = utc_to_paris(help_request.consent_at).date()
            form.consent_how.data = (
                "Orientation par un partenaire, avec l'accord de la personne"
                if help_request.is_referral
                else "Formulaire de demande du site"
            )
        elif account is not None:
            _fill(form, *records.from_account(account))
        form.consent_date.data = form.consent_date.data or today_in_paris()
        form.consent_how.data = form.consent_how.data or DEFAULT_CONSENT_HOW
        form.consent_scope.data = DEFAULT_CONSENT_SCOPE
        referent = records.default_coach(form.commune.commune, current_user)
        form.coach.data = referent.id if referent else None
    if form.validate_on_submit():
        person = _person(form)
        chosen = db.session.get(User, form.coach.data) if form.coach.data else None
        coach = (
            chosen if chosen is not None and chosen.is_staff else records.default_coach(person.commune, current_user)
        )
        consent = Consent(
            datetime.combine(form.consent_date.data, time(12)), form.consent_how.data, form.consent_scope.data
        )
        try:
            record = records.open_record(
                person,
                _situation(form),
                consent,
                current_user,
                user=account,
                request=help_request,
                coach=coach,
            )
        except AlreadyOpen as exc:
            flash(str(exc), "warning")
            return redirect(url_for("accompaniment.record", record_id=exc.record.id))
        db.session.commit()
        flash(f"L'accompagnement de {record.full_name} est ouvert. Planifiez sa première étape.", "success")
        return redirect(url_for("accompaniment.record", record_id=record.id))
    return render_template(
        "accompaniment/record_open.html",
        form=form,
        help_request=help_request,
        account=account,
        communes=commune_options(),
        args={k: v for k, v in request.args.items() if k in ("demande", "compte")},
    ), 422 if form.errors else 200


# --- the record ----------------------------------------------------------------------------------


def _render_record(record: Accompaniment, note_form=None, coach_form=None, status=200):
    today = today_in_paris()
    if coach_form is None:
        coach_form = CoachForm(formdata=None)
        _coach_choices(coach_form, "Aucun coach")
        coach_form.coach.data = record.coach_id
    applications = {a.id: a for a in pathway.applications_of(record)}
    return render_template(
        "accompaniment/record.html",
        record=record,
        today=today,
        steps=pathway.timeline(record, today),
        next_step=pathway.next_step(record),
        notes=pathway.notes_of(record),
        history=records.coach_history(record),
        accesses=accesses(record, limit=30),
        events=pathway.events_of(record),
        registrations=pathway.registrations_of(record),
        applications=applications,
        note_form=note_form or NoteForm(formdata=None),
        coach_form=coach_form,
        step_kinds=[k for k in StepKind if k != StepKind.FOLLOW_UP],
    ), status


@bp.get("/accompagnement/<int:record_id>")
@requires("coach")
def record(record_id: int):
    record = db.session.get(
        Accompaniment,
        record_id,
        options=[
            selectinload(Accompaniment.steps).selectinload(Step.structure),
            selectinload(Accompaniment.steps).selectinload(Step.metier),
        ],
    ) or abort(404)
    # The one write of this GET: the record of this very read, which the person is shown.
    log_access(record, current_user)
    db.session.commit()
    return _render_record(record)


@bp.route("/accompagnement/<int:record_id>/modifier", methods=["GET", "POST"])
@requires("coach")
def edit_record(record_id: int):
    record = _record(record_id)
    form = PersonForm()
    _metier_choices(form)
    if request.method == "GET":
        _fill(
            form,
            Person(record.first_name, record.last_name, record.phone, record.email, record.commune),
            Situation(record.origin, record.publics or [], record.barriers or [], record.aids, list(record.metiers)),
        )
    if form.validate_on_submit():
        records.update_record(record, _person(form), _situation(form))
        db.session.commit()
        flash("Le dossier est enregistré.", "success")
        return redirect(url_for("accompaniment.record", record_id=record.id))
    return render_template(
        "accompaniment/record_edit.html", form=form, record=record, communes=commune_options()
    ), 422 if form.errors else 200


@bp.post("/accompagnement/<int:record_id>/coach")
@requires("coach")
def change_coach(record_id: int):
    record = _record(record_id)
    form = CoachForm()
    _coach_choices(form, "Aucun coach")
    coach = db.session.get(User, form.coach.data) if form.coach.data else None
    if form.validate_on_submit() and (coach is None or coach.is_staff):
        records.change_coach(record, coach, current_user)
        db.session.commit()
        flash(f"Coach référent : {coach.full_name if coach else 'aucun'}.", "success")
    else:
        flash("Choisissez un coach de la liste.", "warning")
    return redirect(url_for("accompaniment.record", record_id=record.id, _anchor="coach"))


@bp.post("/accompagnement/<int:record_id>/<any(pause,reprise):action>")
@requires("coach")
def set_status(record_id: int, action: str):
    record = _record(record_id)
    if action == "pause":
        records.pause_record(record)
        message = "L'accompagnement est en pause : ses étapes ne sont plus rappelées."
    else:
        records.resume_record(record)
        message = "L'accompagnement reprend."
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("accompaniment.record", record_id=record.id))


@bp.route("/accompagnement/<int:record_id>/terminer", methods=["GET", "POST"])
@requires("coach")
def close(record_id: int):
    record = _record(record_id)
    if record.status == Status.CLOSED:
        flash("Cet accompagnement est déjà terminé.", "info")
        return redirect(url_for("accompaniment.record", record_id=record.id))
    form = CloseForm()
    if request.method == "GET":
        form.closed_on.data = today_in_paris()
    if form.validate_on_submit():
        records.close_record(record, form.outcome.data, datetime.combine(form.closed_on.data, time(12)))
        db.session.commit()
        flash(f"L'accompagnement de {record.full_name} est terminé.", "success")
        return redirect(url_for("accompaniment.record", record_id=record.id))
    return render_template("accompaniment/record_close.html", form=form, record=record), 422 if form.errors else 200


@bp.post("/accompagnement/<int:record_id>/notes")
@requires("coach")
def add_note(record_id: int):
    record = _record(record_id)
    form = NoteForm()
    if form.validate_on_submit():
        pathway.add_note(record, current_user, form.text.data)
        db.session.commit()
        flash("Note ajoutée.", "success")
        return redirect(url_for("accompaniment.record", record_id=record.id, _anchor="notes"))
    return _render_record(record, note_form=form, status=422)


# --- steps ---------------------------------------------------------------------------------------


def _step_form(record: Accompaniment, kind: str, step=None) -> StepForm:
    form = StepForm(kind=kind, obj=step if request.method == "GET" else None)
    today = today_in_paris()
    form.event_id.choices = [SelectChoice("", "Aucun (précisez dans la note)")] + [
        SelectChoice(e.id, f"{utc_to_paris(e.starts_at):%d/%m/%Y} — {e.title} ({e.commune.name})")
        for e in pathway.events_around(today, step)
    ]
    form.structure_id.choices = [SelectChoice("", "Aucune de la liste")] + [
        SelectChoice(s.id, s.name) for s in approved_structures()
    ]
    form.metier_id.choices = [SelectChoice("", "Non précisé")] + [SelectChoice(m.id, m.title) for m in all_metiers()]
    form.application_id.choices = [SelectChoice("", "Aucune")] + [
        SelectChoice(a.id, f"{a.offer.title} — {a.offer.structure.name} ({a.status_label.lower()})")
        for a in pathway.applications_of(record)
    ]
    if request.method == "GET" and step is not None:
        form.still_in_post.data = {True: "oui", False: "non"}.get(step.still_in_post, "")
    return form


def _details(form: StepForm, step=None) -> pathway.StepDetails:
    """The kind's fields from the form; the others as the step has them (a follow-up keeps its job's employer)."""
    data = {f.name: getattr(step, f.name) for f in fields(pathway.StepDetails)} if step is not None else {}
    data |= {field.name: field.data for field in form.kind_fields}
    for name in ("immersion_kind", "training_kind", "training_status", "contract_type"):
        if name in data:
            data[name] = data[name] or None
    if "still_in_post" in data:
        data["still_in_post"] = {"oui": True, "non": False}.get(data["still_in_post"])
        if data["still_in_post"] is not False:
            data["left_reason"] = ""
    return pathway.StepDetails(**data)


def _day(form: StepForm):
    if form.day.data is None and form.event_id.data:
        event = db.session.get(Event, form.event_id.data)
        return utc_to_paris(event.starts_at).date() if event else today_in_paris()
    return form.day.data


@bp.route(f"/accompagnement/<int:record_id>/etapes/nouvelle/{STEP_KINDS}", methods=["GET", "POST"])
@requires("coach")
def add_step(record_id: int, kind: str):
    record = _record(record_id)
    form = _step_form(record, kind)
    if form.validate_on_submit():
        step = pathway.add_step(
            record,
            kind,
            _day(form),
            current_user,
            status=form.status.data,
            note=form.note.data or "",
            details=_details(form),
        )
        db.session.commit()
        message = f"Étape ajoutée : {step.kind_label.lower()}."
        if step.kind == StepKind.JOB and step.status != StepStatus.CANCELLED:
            message += " Les suivis à 1, 3 et 6 mois sont planifiés."
        flash(message, "success")
        return redirect(url_for("accompaniment.record", record_id=record.id, _anchor="parcours"))
    return render_template(
        "accompaniment/step_form.html", form=form, record=record, step=None
    ), 422 if form.errors else 200


@bp.route("/accompagnement/<int:record_id>/etapes/<int:step_id>", methods=["GET", "POST"])
@requires("coach")
def edit_step(record_id: int, step_id: int):
    record = _record(record_id)
    step = pathway.step_of(record, step_id) or abort(404)
    form = _step_form(record, step.kind, step)
    if form.validate_on_submit():
        pathway.update_step(step, _day(form), form.status.data, form.note.data or "", _details(form, step))
        db.session.commit()
        flash(f"Étape enregistrée : {step.kind_label.lower()}.", "success")
        return redirect(url_for("accompaniment.record", record_id=record.id, _anchor="parcours"))
    return render_template(
        "accompaniment/step_form.html", form=form, record=record, step=step
    ), 422 if form.errors else 200
