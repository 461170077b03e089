from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accounts.access import can, requires
from portal.clock import utcnow
from portal.communes.services import commune_options
from portal.events import calendar, services
from portal.events.dates import utc_to_paris, when_fr
from portal.events.forms import CancelEventForm, EventForm, VisitorRegistrationForm, search_criteria
from portal.events.models import Event, RegistrationStatus
from portal.exports import csv_response
from portal.extensions import db, limiter
from portal.forms import page_arg
from portal.metiers.services import all_metiers
from portal.tokens import TokenError

bp = Blueprint("events", __name__)


@bp.app_template_filter("event_when")
def event_when(event: Event) -> str:
    return when_fr(event.starts_at, event.ends_at)


# --- organisers ----------------------------------------------------------------------------------


def _form(event: Event | None = None) -> EventForm:
    form = EventForm(obj=event if request.method == "GET" else None)
    form.metiers.choices = [SelectChoice(m.id, m.title) for m in all_metiers()]
    if request.method == "GET":
        if event is not None:
            start, end = utc_to_paris(event.starts_at), utc_to_paris(event.ends_at)
            form.start_date.data, form.start_time.data = start.date(), start.time()
            form.end_date.data = end.date() if end.date() != start.date() else None
            form.end_time.data = end.time()
            form.commune.data, form.metiers.data = event.commune.label, [m.id for m in event.metiers]
        else:
            form.registration_required.data = True
            structure = current_user.structure if not current_user.is_staff else None
            if structure is not None and structure.commune is not None:
                form.commune.data = structure.commune.label
    return form


def _fields(form: EventForm) -> dict:
    return {
        "kind": form.kind.data,
        "title": form.title.data,
        "description": form.description.data.strip(),
        "starts_at": form.starts_at(),
        "ends_at": form.ends_at(),
        "place": form.place.data,
        "commune_insee": form.commune.commune.insee,
        "registration_required": form.registration_required.data,
        "capacity": form.capacity.data if form.registration_required.data else None,
        "audiences": form.audiences.data or [],
        "metier_ids": form.metiers.data or [],
    }


def _render_form(form: EventForm, event: Event | None = None):
    return render_template(
        "events/form.html", form=form, event=event, communes=commune_options()
    ), 422 if form.errors else 200


@bp.get("/compte/evenements")
@requires("member", "coach")
def mine():
    return render_template("events/mine.html", events=services.events_of(current_user), now=utcnow())


@bp.route("/compte/evenements/nouveau", methods=["GET", "POST"])
@requires("member", "coach")
def create():
    form = _form()
    if form.validate_on_submit():
        try:
            event = services.create_event(current_user, **_fields(form))
        except services.EventRefused as exc:
            form.start_date.errors = [str(exc)]
        else:
            db.session.commit()
            flash("Brouillon enregistré : relisez l'aperçu, puis publiez.", "success")
            return redirect(url_for("events.manage", event_id=event.id))
    return _render_form(form)


@bp.route("/compte/evenements/<int:event_id>/modifier", methods=["GET", "POST"])
@requires("member", "coach")
def edit(event_id: int):
    event = services.own_event(current_user, event_id) or abort(404)
    form = _form(event)
    if form.validate_on_submit():
        try:
            services.update_event(event, **_fields(form))
        except services.EventRefused as exc:
            flash(str(exc), "warning")
            return _render_form(form, event)[0], 422
        db.session.commit()
        flash("Événement enregistré.", "success")
        return redirect(url_for("events.manage", event_id=event.id))
    return _render_form(form, event)


@bp.get("/compte/evenements/<int:event_id>")
@requires("member", "coach")
def manage(event_id: int):
    event = services.own_event(current_user, event_id) or abort(404)
    return render_template("events/manage.html", event=event, now=utcnow(), lists=services.registrants(event))


@bp.post("/compte/evenements/<int:event_id>/<any(publier,supprimer):action>")
@requires("member", "coach")
def act(event_id: int, action: str):
    event = services.own_event(current_user, event_id) or abort(404)
    try:
        if action == "publier":
            services.publish_event(event)
            flash("L'événement est publié : il apparaît dans l'agenda.", "success")
        else:
            services.delete_draft(event)
            db.session.commit()
            flash("Le brouillon est supprimé.", "success")
            return redirect(url_for("events.mine"))
    except services.EventRefused as exc:
        flash(str(exc), "warning")
    else:
        db.session.commit()
    return redirect(url_for("events.manage", event_id=event.id))


@bp.route("/compte/evenements/<int:event_id>/annuler", methods=["GET", "POST"])
@requires("member", "coach")
def cancel(event_id: int):
    event = services.own_event(current_user, event_id) or abort(404)
    form = CancelEventForm()
    if form.validate_on_submit():
        try:
            told = services.cancel_event(event, form.reason.data or "")
        except services.EventRefused as exc:
            flash(str(exc), "warning")
        else:
            db.session.commit()
            flash(
                f"L'événement est annulé. {told} personne{'s' if told > 1 else ''} prévenue{'s' if told > 1 else ''} "
                "par courriel."
                if told
                else "L'événement est annulé.",
                "success",
            )
        return redirect(url_for("events.manage", event_id=event.id))
    lists = services.registrants(event)
    return render_template(
        "events/cancel.html", event=event, form=form, now=utcnow(), told=len(lists["confirmed"]) + len(lists["waiting"])
    ), 422 if form.errors else 200


@bp.get("/compte/evenements/<int:event_id>/inscrits.csv")
@requires("member", "coach")
def export(event_id: int):
    event = services.own_event(current_user, event_id) or abort(404)
    rows = []
    for status, registrations in services.registrants(event).items():
        for rank, r in enumerate(registrations, start=1):
            rows.append(
                [
                    r.name,
                    r.email,
                    RegistrationStatus(status).label,
                    rank if status == RegistrationStatus.WAITING else "",
                    utc_to_paris(r.confirmed_at or r.queued_at or r.created_at).strftime("%d/%m/%Y %H:%M"),
                    "oui" if r.user_id else "non",
                ]
            )
    header = ["Nom", "Adresse électronique", "État", "Rang sur la liste d'attente", "Depuis le", "Compte sur le site"]
    return csv_response(header, rows, f"inscrits-evenement-{event.id}.csv")


# --- the public side -----------------------------------------------------------------------------


@bp.get("/evenements/")
def agenda():
    form, criteria = search_criteria(request.args)
    results = services.upcoming_events(criteria, page_arg(request.args))
    if results.page > results.pages:
        return redirect(url_for("events.agenda", **criteria.as_args(), page=results.pages))
    return render_template(
        "events/agenda.html", form=form, results=results, args=criteria.as_args(), now=utcnow()
    ), 422 if form.errors else 200


@bp.get("/evenements/passes")
def archive():
    results = services.past_events(page_arg(request.args))
    if results.page > results.pages:
        return redirect(url_for("events.archive", page=results.pages))
    return render_template("events/archive.html", results=results, now=utcnow())


@bp.get("/evenements/<int:event_id>")
@bp.get("/evenements/<int:event_id>-<slug>")
def detail(event_id: int, slug: str | None = None):
    event = services.public_event(event_id) or abort(404)
    if slug != event.slug:
        return redirect(url_for("events.detail", event_id=event.id, slug=event.slug), 301)
    registration = services.registration_of(current_user, event) if can(current_user, "candidate") else None
    return render_template(
        "events/detail.html",
        event=event,
        now=utcnow(),
        registration=registration,
        rank=services.waiting_rank(registration) if registration else None,
        form=VisitorRegistrationForm(),
        organiser=can(current_user, "member", "coach") and services.own_event(current_user, event.id) is not None,
    )


@bp.get("/evenements/<int:event_id>.ics")
def ics(event_id: int):
    event = services.public_event(event_id) or abort(404)
    return Response(
        calendar.event_ics(event),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="evenement-{event.id}.ics"'},
    )


@bp.get("/evenements/agenda.ics")
def feed():
    body = calendar.feed_ics(services.calendar_events(), f"Agenda — {current_app.config['SITE_NAME']}")
    return Response(body, mimetype="text/calendar")


# --- registering ---------------------------------------------------------------------------------


@bp.post("/evenements/<int:event_id>/inscription")
@requires("candidate")
def register(event_id: int):
    event = services.public_event(event_id) or abort(404)
    try:
        registration = services.register_user(event, current_user)
    except services.RegistrationRefused as exc:
        flash(str(exc), "warning")
    else:
        db.session.commit()
        if registration.status == RegistrationStatus.CONFIRMED:
            flash("Vous êtes inscrit·e. Une confirmation vient de partir par courriel.", "success")
        else:
            flash(
                f"L'événement est complet : vous êtes sur la liste d'attente (rang {services.waiting_rank(registration)}). "
                "Si une place se libère, elle est pour vous dans l'ordre de la liste et vous êtes prévenu·e "
                "par courriel.",
                "info",
            )
    return redirect(url_for("events.detail", event_id=event.id, slug=event.slug))


@bp.post("/evenements/<int:event_id>/inscription-sans-compte")
@limiter.limit(lambda: current_app.config["EVENT_REGISTRATION_RATE_LIMIT"])
def register_visitor(event_id: int):
    event = services.public_event(event_id) or abort(404)
    form = VisitorRegistrationForm()
    if form.validate_on_submit():
        try:
            if not form.website.data:  # robots fill the hidden field; they get the same answer and nothing is sent
                services.request_registration(event, form.name.data, form.email.data)
                db.session.commit()
        except services.RegistrationRefused as exc:
            flash(str(exc), "warning")
            return redirect(url_for("events.detail", event_id=event.id, slug=event.slug))
        return render_template("events/check_mail.html", event=event, email=form.email.data)
    return render_template(
        "events/detail.html", event=event, now=utcnow(), registration=None, rank=None, form=form, organiser=False
    ), 422


@bp.route("/evenements/inscription/<token>", methods=["GET", "POST"])
def confirm_by_link(token: str):
    """The link in the visitor's mail: it proves the address; the registration takes a click (POST), so that a
    mail scanner opening the link takes no place. Once done, the link shows the registration."""
    try:
        registration = services.registration_to_confirm(token)
        if request.method == "POST":
            registration = services.confirm_registration(token)
            db.session.commit()
    except TokenError as exc:
        message = (
            "Ce lien a expiré : inscrivez-vous à nouveau depuis la page de l'événement."
            if exc.expired
            else "Ce lien n'est pas valide. Copiez bien le lien entier depuis le courriel."
        )
        return render_template("events/link_error.html", message=message), 400
    except services.RegistrationRefused as exc:
        return render_template("events/link_error.html", message=str(exc)), 409
    if registration.status == RegistrationStatus.PENDING_EMAIL:
        return render_template(
            "events/confirm_registration.html", registration=registration, event=registration.event, now=utcnow()
        )
    return render_template(
        "events/registration.html",
        registration=registration,
        event=registration.event,
        rank=services.waiting_rank(registration),
        token=None,
        now=utcnow(),
    )


@bp.route("/evenements/desinscription/<token>", methods=["GET", "POST"])
def cancel_by_link(token: str):
    """The link in every registration mail: it proves the address; cancelling still takes a click (POST)."""
    try:
        registration = services.registration_from_cancel_link(token)
    except TokenError as exc:
        message = (
            "Ce lien a expiré : connectez-vous, ou écrivez-nous pour annuler votre inscription."
            if exc.expired
            else "Ce lien n'est pas valide. Copiez bien le lien entier depuis le courriel."
        )
        return render_template("events/link_error.html", message=message), 400
    if request.method == "POST":
        try:
            services.cancel_registration(registration)
        except services.RegistrationRefused as exc:
            flash(str(exc), "warning")
        else:
            db.session.commit()
            flash("Votre inscription est annulée. Merci d'avoir libéré votre place.", "success")
        return redirect(url_for("events.cancel_by_link", token=token))
    return render_template(
        "events/registration.html",
        registration=registration,
        event=registration.event,
        rank=services.waiting_rank(registration),
        token=token,
        now=utcnow(),
    )


@bp.get("/compte/inscriptions")
@requires("candidate")
def my_registrations():
    return render_template(
        "events/my_registrations.html",
        registrations=services.registrations_of(current_user),
        now=utcnow(),
        ranks=services.waiting_rank,
    )


@bp.post("/compte/inscriptions/<int:registration_id>/annuler")
@requires("candidate")
def cancel_registration(registration_id: int):
    registration = services.own_registration(current_user, registration_id) or abort(404)
    try:
        services.cancel_registration(registration)
    except services.RegistrationRefused as exc:
        flash(str(exc), "warning")
    else:
        db.session.commit()
        flash("Votre inscription est annulée.", "success")
    if request.form.get("from") == "event":
        event = registration.event
        return redirect(url_for("events.detail", event_id=event.id, slug=event.slug))
    return redirect(url_for("events.my_registrations"))
