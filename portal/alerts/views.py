from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.access import can, requires
from portal.alerts import services
from portal.alerts.forms import (
    PREFIX,
    SEARCH_PAGES,
    AlertForm,
    NewAlertForm,
    SavedSearchAlertForm,
    VisitorAlertForm,
    alert_args,
    posted_criteria,
    posted_kind,
)
from portal.alerts.models import AlertKind, AlertStatus
from portal.cvtheque import services as cvtheque
from portal.extensions import csrf, db, limiter
from portal.tokens import TokenError

bp = Blueprint("alerts", __name__)


# --- from a search page ----------------------------------------------------------------------------


@bp.app_template_global()
def alert_form(kind: str, saved_id: int | None = None):
    """The form a page offers to turn a search into an alert: None for whom it is not meant."""
    if kind == AlertKind.PROFILES:
        return SavedSearchAlertForm(formdata=None, prefix=f"{PREFIX}-{saved_id}")
    if not current_user.is_authenticated:
        return VisitorAlertForm(formdata=None, prefix=PREFIX, kind=kind)
    if can(current_user, "candidate"):
        return NewAlertForm(formdata=None, prefix=PREFIX, kind=kind)
    return None


@bp.app_template_global()
def alert_criteria_text(kind: str, args: dict) -> str:
    return services.describe(kind, alert_args(args))


@bp.post("/alertes/nouvelle")
@requires("candidate")
def new():
    """A candidate turns the criteria of a search page into an alert, and goes back to the same search."""
    form = NewAlertForm(prefix=PREFIX)
    kind = posted_kind(form)
    page_args = posted_criteria(kind, request.form)
    if not form.validate_on_submit():
        flash(" ".join(form.frequency.errors or form.kind.errors) or "L'alerte n'a pas pu être créée.", "warning")
    else:
        try:
            alert = services.create_alert(current_user, kind, alert_args(page_args), form.frequency.data)
        except services.AlertRefused as exc:
            flash(str(exc), "info")
        else:
            db.session.commit()
            flash(
                f"Alerte créée : vous recevrez {alert.frequency_label.lower()} les nouveautés pour "
                f"« {alert.name} ». Retrouvez-la dans « Mes alertes ».",
                "success",
            )
    return redirect(url_for(SEARCH_PAGES[kind], **page_args))


@bp.post("/alertes/visiteur")
@limiter.limit(lambda: current_app.config["ALERT_REQUEST_RATE_LIMIT"])
def request_as_visitor():
    """A visitor's alert waits for the address to be confirmed; the answer is the same whatever the address."""
    form = VisitorAlertForm(prefix=PREFIX)
    kind = posted_kind(form)
    page_args = posted_criteria(kind, request.form)
    if form.validate_on_submit():
        if not form.website.data:  # robots fill the hidden field; they get the same answer and nothing is sent
            services.request_visitor_alert(form.email.data, kind, alert_args(page_args), form.frequency.data)
            db.session.commit()
        return render_template(
            "alerts/check_mail.html",
            email=form.email.data,
            kind=kind,
            search_url=url_for(SEARCH_PAGES[kind], **page_args),
        )
    return render_template(
        "alerts/visitor.html", form=form, kind=kind, args=page_args, search_url=url_for(SEARCH_PAGES[kind], **page_args)
    ), 422


@bp.post("/alertes/recherche/<int:saved_id>")
@requires("member", "coach")
def from_saved_search(saved_id: int):
    """A member turns a saved CV-thèque search into an alert on new or newly visible profiles."""
    saved = cvtheque.own_saved_search(current_user, saved_id) or abort(404)
    form = SavedSearchAlertForm(prefix=f"{PREFIX}-{saved.id}")
    if form.validate_on_submit():
        try:
            alert = services.create_alert(
                current_user,
                AlertKind.PROFILES,
                saved.criteria,
                form.frequency.data,
                name=saved.name,
                saved_search_id=saved.id,
            )
        except services.AlertRefused as exc:
            flash(str(exc), "info")
        else:
            db.session.commit()
            flash(
                f"Alerte créée : vous recevrez {alert.frequency_label.lower()} les nouveaux profils pour "
                f"« {saved.name} ».",
                "success",
            )
    else:
        flash(" ".join(form.frequency.errors) or "L'alerte n'a pas pu être créée.", "warning")
    return redirect(url_for("cvtheque.saved_searches"))


# --- from a mail ---------------------------------------------------------------------------------


@bp.route("/alertes/confirmer/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """The link of a visitor's first mail: it proves the address (double opt-in). GET shows a button, so that a
    mail scanner opening the link does not subscribe anyone; an alert already confirmed just says so."""
    try:
        alert = services.alert_to_confirm(token)
    except TokenError as exc:
        message = (
            "Ce lien a expiré : créez l'alerte à nouveau depuis la recherche."
            if exc.expired
            else "Ce lien n'est pas valide. Copiez bien le lien entier depuis le courriel."
        )
        return render_template("alerts/link_error.html", message=message), 400
    if alert.status == AlertStatus.PENDING and request.method != "POST":
        return render_template(
            "alerts/confirm.html", alert=alert, criteria_text=services.describe(alert.kind, alert.criteria)
        )
    if alert.status == AlertStatus.PENDING:
        alert = services.confirm_alert(token)
        db.session.commit()
    return render_template("alerts/confirmed.html", alert=alert, unsubscribe_token=services.unsubscribe_token(alert))


@bp.route("/alertes/desabonnement/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here, with no form of ours
def unsubscribe(token: str):
    """Works without logging in: the signed link is the proof. GET asks; POST stops the alert."""
    try:
        _alert_id, alert = services.read_unsubscribe_token(token)
    except TokenError:
        return render_template(
            "alerts/link_error.html",
            message="Ce lien de désabonnement n'est pas valide. Copiez bien le lien entier "
            "depuis le courriel, ou gérez vos alertes depuis votre espace.",
        ), 400
    if request.method == "POST":
        if alert is not None:
            services.unsubscribe(alert)
            db.session.commit()
        return render_template("alerts/unsubscribed.html", already=alert is None)
    if alert is None:
        return render_template("alerts/unsubscribed.html", already=True)
    return render_template("alerts/unsubscribe.html", alert=alert, token=token)


@bp.get("/compte/alertes")
@requires("authenticated")
def mine():
    return render_template("alerts/mine.html", alerts=services.alerts_of(current_user), statuses=AlertStatus)


@bp.post("/compte/alertes/<int:alert_id>/<any(pause,reprendre):action>")
@requires("authenticated")
def toggle(alert_id: int, action: str):
    alert = services.own_alert(current_user, alert_id) or abort(404)
    try:
        if action == "pause":
            services.pause_alert(alert)
            flash(f"L'alerte « {alert.name} » est en pause.", "success")
        else:
            services.resume_alert(alert)
            flash(
                f"L'alerte « {alert.name} » reprend : vous recevrez les nouveautés publiées à partir de maintenant.",
                "success",
            )
    except services.AlertRefused as exc:
        flash(str(exc), "warning")
    else:
        db.session.commit()
    return redirect(url_for("alerts.mine"))


@bp.route("/compte/alertes/<int:alert_id>/supprimer", methods=["GET", "POST"])
@requires("authenticated")
def delete(alert_id: int):
    alert = services.own_alert(current_user, alert_id) or abort(404)
    if request.method == "POST":
        services.delete_alert(alert)
        db.session.commit()
        flash(f"L'alerte « {alert.name} » est supprimée.", "success")
        return redirect(url_for("alerts.mine"))
    return render_template("alerts/delete.html", alert=alert)


@bp.route("/compte/alertes/<int:alert_id>/modifier", methods=["GET", "POST"])
@requires("authenticated")
def edit(alert_id: int):
    alert = services.own_alert(current_user, alert_id) or abort(404)
    form = AlertForm(obj=alert)
    form.frequency.choices = services.frequency_choices(alert.kind)
    if form.validate_on_submit():
        try:
            services.update_alert(alert, form.name.data or "", form.frequency.data)
        except services.AlertRefused as exc:
            form.frequency.errors = [str(exc)]
        else:
            db.session.commit()
            flash("Alerte enregistrée.", "success")
            return redirect(url_for("alerts.mine"))
    return render_template(
        "alerts/edit.html",
        alert=alert,
        form=form,
        criteria_text=services.describe(alert.kind, alert.criteria),
        search_url=services.search_url(alert),
    ), 422 if form.errors else 200
