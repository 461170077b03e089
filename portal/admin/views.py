from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for

from portal.accompaniment.services.coaches import coaches as all_coaches
from portal.accounts.access import requires
from portal.accounts.models import User
from portal.admin import forms, services
from portal.alerts import services as alerts
from portal.communes.models import ZONES, Commune
from portal.communes.services import change_zone
from portal.extensions import db
from portal.forms import ReasonForm, page_arg
from portal.mail.models import OutboxMessage, OutboxStatus
from portal.mail.retention import body_expired
from portal.mail.sender import requeue
from portal.security import safe_next
from portal.structures import services as structures
from portal.structures.models import STATUS_LABELS, Structure, StructureStatus

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@requires("admin")
def index():
    return render_template("admin/index.html", figures=services.overview())


@bp.get("/structures")
@requires("admin")
def structures_list():
    status = request.args.get("statut") or None
    if status not in {None, *StructureStatus}:
        status = None
    return render_template(
        "admin/structures.html",
        structures=structures.list_structures(status),
        status=status,
        status_labels=STATUS_LABELS,
    )


@bp.get("/structures/<int:structure_id>")
@requires("admin")
def structure_detail(structure_id: int):
    structure = db.get_or_404(Structure, structure_id)
    return render_template(
        "admin/structure_detail.html",
        structure=structure,
        form=ReasonForm(),
        pending=structures.pending_recruiters(structure),
    )


@bp.post("/structures/<int:structure_id>/<any(approuver,refuser,suspendre):action>")
@requires("admin")
def decide_structure(structure_id: int, action: str):
    structure = db.get_or_404(Structure, structure_id)
    form = ReasonForm()
    if action == "approuver":
        structures.approve_structure(structure)
        db.session.commit()
        flash(f"« {structure.name} » est adhérente ; ses recruteurs sont prévenus par courriel.", "success")
        return redirect(url_for("admin.structures_list", statut="pending"))
    if not form.validate_on_submit():
        return render_template(
            "admin/structure_detail.html",
            structure=structure,
            form=form,
            pending=structures.pending_recruiters(structure),
            action=action,
        ), 422
    if action == "refuser":
        structures.refuse_structure(structure, form.reason.data)
        db.session.commit()
        flash(f"La demande de « {structure.name} » est refusée ; ses recruteurs sont prévenus.", "success")
    else:
        structures.suspend_structure(structure, form.reason.data)
        db.session.commit()
        flash(f"« {structure.name} » est suspendue ; ses recruteurs sont prévenus.", "success")
    return redirect(url_for("admin.structures_list"))


@bp.get("/courriels")
@requires("admin")
def outbox():
    status = request.args.get("statut") or None
    page = db.paginate(services.outbox_query(status), page=page_arg(request.args), per_page=30, error_out=False)
    return render_template(
        "admin/outbox.html",
        page=page,
        status=status,
        statuses=list(OutboxStatus),
        body_days=current_app.config["OUTBOX_BODY_RETENTION_DAYS"],
        body_expired=body_expired,
    )


@bp.get("/courriels/<int:message_id>")
@requires("admin")
def outbox_message(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template(
        "admin/outbox_message.html",
        message=message,
        expired=body_expired(message),
        body_days=current_app.config["OUTBOX_BODY_RETENTION_DAYS"],
    )


@bp.get("/courriels/<int:message_id>/html")
@requires("admin")
def outbox_message_html(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    if body_expired(message):
        abort(404)
    response = make_response(message.body_html)
    # Shown in a sandboxed frame of the admin page: no script, no form, nothing fetched from elsewhere.
    response.headers["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.post("/courriels/<int:message_id>/renvoyer")
@requires("admin")
def outbox_requeue(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    if body_expired(message) or not requeue(message):
        flash("Le contenu de ce courriel est effacé : il ne peut plus être renvoyé.", "warning")
        return redirect(url_for("admin.outbox_message", message_id=message.id))
    db.session.commit()
    flash("Le message est remis dans la file d'envoi.", "success")
    return redirect(url_for("admin.outbox_message", message_id=message.id))


@bp.get("/alertes")
@requires("admin")
def alert_addresses():
    """Subscribers whose mail bounces for good: their alerts can be suspended, and reactivated later."""
    query = (request.args.get("q") or "").strip()[:254]
    return render_template("admin/alerts.html", addresses=alerts.alert_addresses(query), query=query)


@bp.post("/alertes/<any(suspendre,reactiver):action>")
@requires("admin")
def alert_address(action: str):
    form = forms.AddressForm()
    if not form.validate_on_submit():
        flash("Indiquez l'adresse dont les alertes sont à changer.", "error")
    elif action == "suspendre":
        count = alerts.suspend_address(form.email.data)
        db.session.commit()
        flash(f"{count} alerte(s) suspendue(s) pour {form.email.data}.", "success")
    else:
        count = alerts.reactivate_address(form.email.data)
        db.session.commit()
        flash(
            f"{count} alerte(s) réactivée(s) pour {form.email.data} : seules les nouveautés publiées "
            "à partir de maintenant seront envoyées.",
            "success",
        )
    return redirect(safe_next(request.form.get("next")) or url_for("admin.alert_addresses"))


@bp.get("/communes")
@requires("admin")
def communes():
    zone = request.args.get("zone") if request.args.get("zone") in ZONES else None
    query = (request.args.get("q") or "").strip()[:80]
    page = db.paginate(services.communes_query(zone, query), page=page_arg(request.args), per_page=50, error_out=False)
    return render_template("admin/communes.html", page=page, zone=zone, query=query, zones=ZONES)


@bp.post("/communes/<insee>/zone")
@requires("admin")
def commune_zone(insee: str):
    commune = db.get_or_404(Commune, insee)
    form = forms.ZoneForm()
    if form.validate_on_submit():
        change_zone(commune, form.zone.data)
        db.session.commit()
        flash(f"{commune.name} est désormais dans la zone {commune.zone_label}.", "success")
    else:
        flash("Zone inconnue.", "error")
    return redirect(safe_next(request.form.get("next")) or url_for("admin.communes"))


@bp.get("/coachs")
@requires("admin")
def coaches():
    """The coaches autonomie and their zone: the requests for help of a zone's communes go to its coach."""
    return render_template("admin/coaches.html", coaches=all_coaches(), zones=ZONES, covered=services.covered_zones())


@bp.post("/coachs/<int:user_id>/zone")
@requires("admin")
def coach_zone(user_id: int):
    coach = db.get_or_404(User, user_id)
    if coach.role != "coach":
        abort(404)
    zone = request.form.get("zone") or None
    if zone is not None and zone not in ZONES:
        flash("Zone inconnue.", "error")
    else:
        services.set_coach_zone(coach, zone)
        db.session.commit()
        where = f"de la zone {ZONES[zone]}" if zone else "sans zone"
        flash(f"{coach.full_name} est désormais coach {where}.", "success")
    return redirect(url_for("admin.coaches"))
