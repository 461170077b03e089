"""Asking for help (the person, or a partner's adviser on their behalf), and the coaches' queue of requests."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from portal.accompaniment.models import HelpRequest, PartnerKind
from portal.accompaniment.request_forms import AskForHelpForm, FileRequestForm, ReferralForm
from portal.accompaniment.services import requests as help_requests
from portal.accompaniment.services.coaches import coach_of
from portal.accompaniment.views import bp
from portal.accounts.access import requires
from portal.clock import utcnow
from portal.communes.models import Zone
from portal.communes.services import commune_options
from portal.extensions import db, limiter
from portal.forms import page_arg

# What the confirmation page shows, kept in the session between the POST and the page (never in the address).
SENT = "help_request_sent"


@bp.route("/accompagnement/demande", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["HELP_REQUEST_RATE_LIMIT"], methods=["POST"])
def ask():
    account = help_requests.candidate_account(current_user)
    prefill = help_requests.prefill_for(account)
    form = AskForHelpForm(data=prefill) if request.method == "GET" else AskForHelpForm()
    if form.validate_on_submit():
        applicant = help_requests.Applicant(
            first_name=form.first_name.data,
            commune=form.commune.commune,
            phone=form.phone.data or "",
            email=form.email.data or "",
            looking_for=help_requests.describe_looking_for(form.looking_for.data, form.details.data),
            when_to_call=form.when_to_call.data or "",
        )
        if not form.website.data:  # robots fill the hidden field; they get the same answer and nothing is stored
            help_requests.ask_for_help(applicant, user=account)
            db.session.commit()
        _remember_sent(applicant, referral=False)
        return redirect(url_for("accompaniment.request_sent"))
    return render_template(
        "accompaniment/request_form.html",
        form=form,
        communes=commune_options(),
        account=account,
        pending=help_requests.pending_request_of(account),
    ), 422 if form.errors else 200


@bp.route("/accompagnement/orienter", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REFERRAL_RATE_LIMIT"], methods=["POST"])
def refer():
    form = ReferralForm()
    if form.validate_on_submit():
        applicant = help_requests.Applicant(
            first_name=form.first_name.data,
            last_name=form.last_name.data,
            commune=form.commune.commune,
            phone=form.phone.data or "",
            email=form.email.data or "",
            looking_for=form.details.data.strip(),
        )
        referral = help_requests.Referral(
            kind=PartnerKind(form.partner_kind.data),
            organisation=form.organisation.data,
            adviser_name=form.adviser_name.data,
            adviser_email=form.adviser_email.data,
            adviser_phone=form.adviser_phone.data or "",
            adviser_informed=form.adviser_informed.data,
        )
        if not form.website.data:  # robots: the same answer, nothing stored
            help_requests.ask_for_help(applicant, referral=referral)
            db.session.commit()
        _remember_sent(applicant, referral=True)
        return redirect(url_for("accompaniment.request_sent"))
    return render_template(
        "accompaniment/request_referral.html", form=form, communes=commune_options()
    ), 422 if form.errors else 200


def _remember_sent(applicant: help_requests.Applicant, *, referral: bool) -> None:
    session[SENT] = {
        "first_name": applicant.first_name,
        "zone": str(applicant.commune.zone),
        "by_phone": bool(applicant.phone),
        "when": help_requests.WHEN_TO_CALL.get(applicant.when_to_call, "") if applicant.phone else "",
        "email": bool(applicant.email),
        "referral": referral,
    }


@bp.get("/accompagnement/demande/envoyee")
def request_sent():
    sent = session.get(SENT)
    if not isinstance(sent, dict) or sent.get("zone") not in set(Zone):
        return redirect(url_for("accompaniment.ask"))
    zone = Zone(sent["zone"])
    return render_template("accompaniment/request_sent.html", sent=sent, zone=zone, coach=coach_of(zone))


# --- the coaches' queue --------------------------------------------------------------------------------------

ALL_ZONES = "toutes"


def _zone_arg(user) -> str | None:
    """The zone asked for in the address; by default the coach's own (every zone for a coach without one)."""
    asked = request.args.get("zone")
    if asked == ALL_ZONES:
        return None
    if asked in set(Zone):
        return asked
    return user.zone


@bp.get("/accompagnement/demandes")
@requires("coach")
def requests():
    zone = _zone_arg(current_user)
    handled = request.args.get("statut") == "traitees"
    page = db.paginate(
        help_requests.requests_query(zone, handled), page=page_arg(request.args), per_page=20, error_out=False
    )
    return render_template(
        "accompaniment/requests.html",
        page=page,
        zone=zone,
        handled=handled,
        counts=help_requests.new_counts(),
        zone_list=list(Zone),
        zone_label=Zone(zone).label if zone else "",
        all_zones=ALL_ZONES,
        now=utcnow(),
        file_form=FileRequestForm(),
        handled_days=help_requests.HANDLED_DAYS,
    )


@bp.post("/accompagnement/demandes/<int:request_id>/classer")
@requires("coach")
def file_request(request_id: int):
    help_request = db.get_or_404(HelpRequest, request_id)
    form = FileRequestForm()
    if not form.validate_on_submit():
        flash("Le motif est trop long : 300 caractères au plus.", "error")
    elif help_requests.file_request(help_request, current_user, form.reason.data):
        db.session.commit()
        flash(f"La demande de {help_request.first_name} est classée sans suite.", "success")
    else:
        flash(f"La demande de {help_request.first_name} était déjà traitée.", "info")
    return redirect(url_for("accompaniment.requests", zone=help_request.zone))
