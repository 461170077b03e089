import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from portal.accounts.access import requires
from portal.candidates import services as candidates
from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES
from portal.clock import today_in_paris
from portal.communes.services import commune_options
from portal.extensions import db
from portal.forms import ReasonForm, page_arg
from portal.metiers.services import all_metiers
from portal.offers import services
from portal.offers.feed import atom_feed
from portal.offers.forms import ApplicationStatusForm, ApplyForm, OfferForm, search_criteria
from portal.offers.models import ApplicationStatus, JobOffer
from portal.offers.signals import application_cv_downloaded
from portal.storage.documents import DOCUMENT_TYPES
from portal.storage.files import download_name, storage

bp = Blueprint("offers", __name__)


def _form(offer: JobOffer | None = None) -> OfferForm:
    form = OfferForm(obj=offer if request.method == "GET" else None)
    form.metier.choices = [SelectChoice(m.id, m.title) for m in all_metiers()]
    if request.method == "GET":
        if offer is not None:
            form.metier.data, form.commune.data = offer.metier_id, offer.commune.label
        else:
            form.expires_on.data = services.default_expiry()
            if current_user.structure and current_user.structure.commune:
                form.commune.data = current_user.structure.commune.label
    return form


def _fields(form: OfferForm) -> dict:
    return {
        "title": form.title.data.strip(),
        "metier_id": form.metier.data,
        "contract_type": form.contract_type.data,
        "working_time": form.working_time.data,
        "weekly_hours": float(form.weekly_hours.data) if form.weekly_hours.data is not None else None,
        "schedule_notes": (form.schedule_notes.data or "").strip(),
        "commune_insee": form.commune.commune.insee,
        "salary_min": form.salary_min.data,
        "salary_max": form.salary_max.data,
        "start_date": form.start_date.data,
        "description": form.description.data.strip(),
        "diploma_required": form.diploma_required.data,
        "diploma": (form.diploma.data or "").strip() if form.diploma_required.data else "",
        "licence_required": form.licence_required.data,
        "expires_on": form.expires_on.data,
    }


def _render_form(form, offer=None):
    return render_template(
        "offers/form.html", form=form, offer=offer, communes=commune_options()
    ), 422 if form.errors else 200


@bp.get("/compte/offres")
@requires("member")
def mine():
    return render_template(
        "offers/mine.html", offers=services.offers_of(current_user.structure), today=today_in_paris()
    )


@bp.route("/compte/offres/nouvelle", methods=["GET", "POST"])
@requires("member")
def create():
    form = _form()
    if form.validate_on_submit():
        offer = services.create_offer(current_user, **_fields(form))
        db.session.commit()
        flash("Brouillon enregistré : relisez l'aperçu, puis publiez.", "success")
        return redirect(url_for("offers.preview", offer_id=offer.id))
    return _render_form(form)


@bp.route("/compte/offres/<int:offer_id>/modifier", methods=["GET", "POST"])
@requires("member")
def edit(offer_id: int):
    offer = services.own_offer(current_user, offer_id) or abort(404)
    form = _form(offer)
    if form.validate_on_submit():
        try:
            services.update_offer(offer, **_fields(form))
        except services.OfferRefused as exc:
            flash(str(exc), "warning")
        else:
            db.session.commit()
            flash("Offre enregistrée.", "success")
        return redirect(url_for("offers.preview", offer_id=offer.id))
    return _render_form(form, offer)


@bp.get("/compte/offres/<int:offer_id>")
@requires("member")
def preview(offer_id: int):
    offer = services.own_offer(current_user, offer_id) or abort(404)
    return render_template(
        "offers/preview.html",
        offer=offer,
        today=today_in_paris(),
        contract_labels=CONTRACT_TYPES,
        time_labels=WORKING_TIMES,
    )


@bp.post("/compte/offres/<int:offer_id>/<any(publier,clore,dupliquer):action>")
@requires("member")
def act(offer_id: int, action: str):
    offer = services.own_offer(current_user, offer_id) or abort(404)
    try:
        if action == "publier":
            services.publish_offer(offer)
            flash("L'offre est publiée.", "success")
        elif action == "clore":
            services.close_offer(offer)
            flash("L'offre est close : elle n'apparaît plus dans les offres en ligne.", "success")
        else:
            copy = services.duplicate_offer(offer, current_user)
            db.session.commit()
            flash("Copie créée en brouillon : modifiez-la puis publiez-la.", "success")
            return redirect(url_for("offers.edit", offer_id=copy.id))
    except services.OfferRefused as exc:
        flash(str(exc), "warning")
    else:
        db.session.commit()
    return redirect(url_for("offers.preview", offer_id=offer.id))


@bp.route("/admin/offres/<int:offer_id>/retirer", methods=["GET", "POST"])
@requires("admin")
def unpublish(offer_id: int):
    offer = db.session.get(JobOffer, offer_id) or abort(404)
    form = ReasonForm()
    if form.validate_on_submit():
        services.unpublish_offer(offer, form.reason.data)
        db.session.commit()
        flash(f"L'offre « {offer.title} » est retirée.", "success")
        return redirect(url_for("admin.index"))
    return render_template(
        "offers/unpublish.html", offer=offer, form=form, today=today_in_paris()
    ), 422 if form.errors else 200


# --- the public side -----------------------------------------------------------------------------


@bp.get("/offres/")
def search():
    form, criteria = search_criteria(request.args)
    results = services.search_offers(criteria, page_arg(request.args))
    if results.page > results.pages:
        return redirect(url_for("offers.search", **criteria.as_args(), page=results.pages))
    return render_template(
        "offers/search.html",
        form=form,
        results=results,
        criteria=criteria,
        args=criteria.as_args(),
        communes=commune_options(),
        contract_labels=CONTRACT_TYPES,
        time_labels=WORKING_TIMES,
    ), 422 if form.errors else 200


@bp.get("/offres/<int:offer_id>")
def detail(offer_id: int):
    offer = services.public_offer(offer_id) or abort(404)
    today = today_in_paris()
    is_open = offer.state(today) == "published"
    posting = None
    if is_open:
        data = services.job_posting(offer, url_for("offers.detail", offer_id=offer.id, _external=True))
        # Inside <script>, no markup may appear: JSON's \u escapes keep the same text without it.
        text = json.dumps(data, ensure_ascii=False)
        posting = Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    return render_template(
        "offers/detail.html",
        offer=offer,
        is_open=is_open,
        posting=posting,
        today=today,
        similar=services.similar_offers(offer),
        contract_labels=CONTRACT_TYPES,
        time_labels=WORKING_TIMES,
    )


@bp.get("/offres/flux.atom")
def feed():
    return Response(atom_feed(services.latest_offers(), CONTRACT_TYPES), mimetype="application/atom+xml")


# --- applying ------------------------------------------------------------------------------------


@bp.route("/offres/<int:offer_id>/postuler", methods=["GET", "POST"])
@requires("candidate")
def apply(offer_id: int):
    offer = services.public_offer(offer_id) or abort(404)
    existing = services.application_of(current_user, offer)
    if existing is not None and existing.status != ApplicationStatus.WITHDRAWN:
        flash("Vous avez déjà répondu à cette offre : suivez votre candidature ici.", "info")
        return redirect(url_for("offers.my_applications"))
    profile = candidates.profile_of(current_user)
    form = ApplyForm()
    form.cv.choices = [SelectChoice(cv.id, cv.display_name) for cv in profile.files]
    if request.method == "GET" and profile.files:
        form.cv.data = next((cv.id for cv in profile.files if cv.shown), profile.files[0].id)
    if form.validate_on_submit():
        try:
            if form.new_cv.data:
                cv = candidates.add_cv(profile, form.new_cv.data.read(), form.new_cv.data.filename)
            else:
                cv = candidates.get_own_cv(profile, form.cv.data) if form.cv.data else None
            services.apply(current_user, offer, cv, form.message.data or "")
        except candidates.UploadRefused as exc:
            form.new_cv.errors = [str(exc)]
        except services.ApplicationRefused as exc:
            db.session.commit()  # a CV sent with the application stays on file, as it would have alone
            flash(str(exc), "warning")
            return redirect(url_for("offers.detail", offer_id=offer.id))
        else:
            db.session.commit()
            flash("Votre candidature est envoyée. Vous recevez une confirmation par courriel.", "success")
            if cv is not None and cv.upload_notice:
                flash(cv.upload_notice, "warning")
            return redirect(url_for("offers.my_applications"))
    return render_template("offers/apply.html", offer=offer, form=form), 422 if form.errors else 200


@bp.get("/compte/candidatures")
@requires("candidate")
def my_applications():
    return render_template("offers/my_applications.html", applications=services.applications_of(current_user))


@bp.post("/compte/candidatures/<int:application_id>/retirer")
@requires("candidate")
def withdraw(application_id: int):
    application = next((a for a in services.applications_of(current_user) if a.id == application_id), None) or abort(
        404
    )
    try:
        services.withdraw(application)
    except services.ApplicationRefused as exc:
        flash(str(exc), "warning")
    else:
        db.session.commit()
        flash("Votre candidature est retirée.", "success")
    return redirect(url_for("offers.my_applications"))


# --- offers proposed to the candidate ------------------------------------------------------------


@bp.get("/compte/propositions")
@requires("candidate")
def my_proposals():
    return render_template(
        "offers/my_proposals.html", proposals=services.proposals_for(current_user), today=today_in_paris()
    )


@bp.post("/compte/propositions/<int:proposal_id>/postuler")
@requires("candidate")
def apply_to_proposal(proposal_id: int):
    proposal = services.own_proposal(current_user, proposal_id) or abort(404)
    try:
        services.apply_from_proposal(current_user, proposal)
    except services.ProposalRefused as exc:
        flash(str(exc), "warning")
        return redirect(url_for("offers.my_proposals"))
    db.session.commit()
    flash(
        f"Votre candidature à « {proposal.offer.title} » est envoyée. Vous recevez une confirmation par courriel.",
        "success",
    )
    return redirect(url_for("offers.my_applications"))


@bp.post("/compte/propositions/<int:proposal_id>/decliner")
@requires("candidate")
def decline_proposal(proposal_id: int):
    proposal = services.own_proposal(current_user, proposal_id) or abort(404)
    try:
        services.decline_proposal(proposal)
    except services.ProposalRefused as exc:
        flash(str(exc), "warning")
    else:
        db.session.commit()
        flash(f"C'est noté : vous ne donnez pas suite à « {proposal.offer.title} ».", "success")
    return redirect(url_for("offers.my_proposals"))


@bp.get("/compte/offres/<int:offer_id>/candidatures")
@requires("member")
def applications(offer_id: int):
    offer = services.own_offer(current_user, offer_id) or abort(404)
    return render_template(
        "offers/applications.html",
        offer=offer,
        applications=services.applications_to(offer),
        statuses=ApplicationStatus,
    )


@bp.post("/compte/offres/<int:offer_id>/candidatures/<int:application_id>")
@requires("member")
def application_status(offer_id: int, application_id: int):
    offer = services.own_offer(current_user, offer_id) or abort(404)
    application = next((a for a in services.applications_to(offer) if a.id == application_id), None) or abort(404)
    form = ApplicationStatusForm()
    if form.validate_on_submit():
        try:
            services.set_status(application, form.status.data, form.message.data or "")
        except services.ApplicationRefused as exc:
            flash(str(exc), "warning")
        else:
            db.session.commit()
            flash(f"Candidature de {application.candidate.full_name} : {application.status_label.lower()}.", "success")
    else:
        flash(" ".join(message for messages in form.errors.values() for message in messages), "warning")
    return redirect(url_for("offers.applications", offer_id=offer.id))


@bp.post("/compte/offres/<int:offer_id>/candidatures/<int:application_id>/cv")
@requires("member")
def application_cv(offer_id: int, application_id: int):
    """A button of the applications page, not a link: the download marks the application seen, which tells the
    candidate by mail, and logs the access; a link prefetched or opened by a scanner must do none of it."""
    offer = services.own_offer(current_user, offer_id) or abort(404)
    application = next((a for a in services.applications_to(offer) if a.id == application_id), None) or abort(404)
    if application.cv is None or application.status == ApplicationStatus.WITHDRAWN:
        abort(404)
    if application.status == ApplicationStatus.RECEIVED:
        services.set_status(application, ApplicationStatus.SEEN, "")
    cv = application.cv
    application_cv_downloaded.send(cv, reader=current_user._get_current_object())  # the candidate sees the read
    db.session.commit()
    return send_file(
        storage().path(cv.storage_key),
        mimetype=DOCUMENT_TYPES[cv.kind],
        as_attachment=True,
        download_name=download_name(f"CV-{application.candidate.last_name}-{application.id}", cv.kind),
        max_age=0,
    )
