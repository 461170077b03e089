from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal import sections
from portal.accounts.access import requires
from portal.candidates import services as candidates
from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES
from portal.communes.services import commune_options
from portal.cvtheque import services
from portal.cvtheque.documents import shown_cv
from portal.cvtheque.forms import ContactRequestForm, SaveSearchForm, criteria_of, search_criteria, search_form
from portal.cvtheque.models import ContactStatus
from portal.extensions import db
from portal.forms import page_arg
from portal.offers import services as offers
from portal.offers.forms import ProposeOfferForm
from portal.storage.documents import DOCUMENT_TYPES
from portal.storage.files import download_name, storage

bp = Blueprint("cvtheque", __name__)

SEARCHERS = ("member", "coach")


@bp.get("/cvtheque/")
@requires(*SEARCHERS)
def search():
    form, criteria = search_criteria(request.args)
    page_number = page_arg(request.args)
    results = services.search(criteria, page_number)
    if results.page > results.pages:  # an old link to a page that no longer exists: the last one
        return redirect(url_for("cvtheque.search", **criteria.as_args(), page=results.pages))
    return render_template(
        "cvtheque/search.html",
        form=form,
        results=results,
        criteria=criteria,
        args=criteria.as_args(),
        communes=commune_options(),
        save_form=SaveSearchForm(),
        saved=services.saved_searches(current_user),
    ), 422 if form.errors else 200


@bp.get("/cvtheque/profil/<int:profile_id>")
@requires(*SEARCHERS)
def profile(profile_id: int):
    profile = services.visible_profile(profile_id) or abort(404)
    # The one write a GET makes: the record of this very read, which the candidate is shown (an access log, as
    # HTTP allows of a safe method), committed before the page shows the profile.
    services.log_access(profile, current_user, "view")
    db.session.commit()
    return _render_profile(profile)


def _propose_form(profile, *, submitted: bool = False) -> ProposeOfferForm:
    form = ProposeOfferForm() if submitted else ProposeOfferForm(formdata=None)
    form.offer.choices = [
        SelectChoice(o.id, f"{o.title} ({o.commune.name})")
        for o in offers.proposable_offers(profile, current_user.structure_id)
    ]
    return form


def _render_profile(profile, contact_form=None, propose_form=None, status=200):
    identity = services.identity_shown(profile, current_user)
    presentation, diplomas = services.shown_texts(profile, identity)
    return render_template(
        "cvtheque/profile.html",
        profile=profile,
        owner=services.owner(profile),
        identity=identity,
        presentation=presentation,
        diplomas=diplomas,
        cv=shown_cv(profile),
        contact=services.contact_request(profile, current_user.structure_id),
        contact_form=contact_form or ContactRequestForm(formdata=None),
        propose_form=propose_form or _propose_form(profile),
        proposals=offers.proposals_to(profile, current_user.structure_id),
        contract_labels=CONTRACT_TYPES,
        time_labels=WORKING_TIMES,
    ), status


@bp.get("/cvtheque/profil/<int:profile_id>/cv")
@requires(*SEARCHERS)
def download_cv(profile_id: int):
    profile = services.visible_profile(profile_id) or abort(404)
    cv = shown_cv(profile)
    if cv is None or not services.identity_shown(profile, current_user):
        abort(404)
    services.log_access(profile, current_user, "download")  # the record of this read, as for the profile page
    db.session.commit()
    return send_file(
        storage().path(cv.storage_key),
        mimetype=DOCUMENT_TYPES[cv.kind],
        as_attachment=True,
        download_name=download_name(f"CV-{profile.id}", cv.kind),
        max_age=0,
    )


@bp.get("/cvtheque/profil/<int:profile_id>/photo.png")
@requires(*SEARCHERS)
def photo(profile_id: int):
    profile = services.visible_profile(profile_id) or abort(404)
    if not profile.photo_key or not services.identity_shown(profile, current_user):
        abort(404)
    return send_file(storage().path(f"photos/{profile.photo_key}.png"), mimetype="image/png", max_age=0)


@bp.post("/cvtheque/profil/<int:profile_id>/contact")
@requires("member")
def ask_contact(profile_id: int):
    profile = services.visible_profile(profile_id) or abort(404)
    form = ContactRequestForm()
    if form.validate_on_submit():
        try:
            services.ask_contact(profile, current_user, form.message.data)
        except services.ContactRefused as exc:
            flash(str(exc), "warning")
        else:
            db.session.commit()
            flash("Votre demande est envoyée. Vous recevrez un courriel dès que la personne aura répondu.", "success")
        return redirect(url_for("cvtheque.profile", profile_id=profile.id))
    return _render_profile(profile, contact_form=form, status=422)


@bp.post("/cvtheque/profil/<int:profile_id>/proposer")
@requires("member")
def propose_offer(profile_id: int):
    profile = services.visible_profile(profile_id) or abort(404)
    form = _propose_form(profile, submitted=True)
    if form.validate_on_submit():
        try:
            offers.propose_offer(current_user, form.offer.data, profile, form.message.data or "")
        except offers.ProposalRefused as exc:
            flash(str(exc), "warning")
        else:
            db.session.commit()
            flash("L'offre est envoyée. La personne la reçoit par courriel et dans son espace.", "success")
        return redirect(url_for("cvtheque.profile", profile_id=profile.id, _anchor="proposer"))
    return _render_profile(profile, propose_form=form, status=422)


# --- saved searches ------------------------------------------------------------------------------


@bp.post("/cvtheque/recherches")
@requires(*SEARCHERS)
def save_search():
    form = SaveSearchForm()
    criteria_form = search_form(request.form)
    criteria_form.validate()
    args = criteria_of(criteria_form).as_args()
    if form.validate_on_submit():
        try:
            saved = services.save_search(current_user, form.name.data, args)
        except services.SaveRefused as exc:
            flash(str(exc), "warning")
        else:
            db.session.commit()
            flash(f"Recherche « {saved.name} » enregistrée.", "success")
    else:
        flash(" ".join(form.name.errors) or "La recherche n'a pas pu être enregistrée.", "warning")
    return redirect(url_for("cvtheque.search", **args))


@bp.get("/cvtheque/recherches")
@requires(*SEARCHERS)
def saved_searches():
    return render_template(
        "cvtheque/saved.html",
        saved=services.saved_searches(current_user),
        **sections.context(sections.SAVED_SEARCHES, user=current_user),
    )


@bp.get("/cvtheque/recherches/<int:saved_id>")
@requires(*SEARCHERS)
def run_saved_search(saved_id: int):
    saved = services.own_saved_search(current_user, saved_id) or abort(404)
    return redirect(url_for("cvtheque.search", **saved.criteria))


@bp.route("/cvtheque/recherches/<int:saved_id>/supprimer", methods=["GET", "POST"])
@requires(*SEARCHERS)
def delete_saved_search(saved_id: int):
    saved = services.own_saved_search(current_user, saved_id) or abort(404)
    if request.method == "POST":
        services.delete_saved_search(saved)
        db.session.commit()
        flash(f"Recherche « {saved.name} » supprimée.", "success")
        return redirect(url_for("cvtheque.saved_searches"))
    return render_template(
        "cvtheque/delete_saved.html",
        saved=saved,
        **sections.context(sections.SAVED_SEARCH, user=current_user, saved=saved),
    )


# --- the candidate's side ------------------------------------------------------------------------


@bp.get("/compte/cvtheque")
@requires("candidate")
def my_cvtheque():
    profile = candidates.profile_of(current_user)
    return render_template(
        "cvtheque/mine.html",
        profile=profile,
        accesses=services.access_log(profile),
        requests=services.requests_for(profile),
    )


@bp.post("/compte/cvtheque/demandes/<int:request_id>")
@requires("candidate")
def answer(request_id: int):
    profile = candidates.profile_of(current_user)
    contact = next((r for r in services.requests_for(profile) if r.id == request_id), None) or abort(404)
    _answer(contact, request.form.get("answer"))
    return redirect(url_for("cvtheque.my_cvtheque"))


@bp.route("/cvtheque/reponse/<token>", methods=["GET", "POST"])
def answer_by_link(token: str):
    """From the e-mail: the link alone proves the address; the answer still takes a click (POST)."""
    contact = services.request_from_token(token)
    if contact is None:
        return render_template("cvtheque/answer.html", contact=None), 404
    if request.method == "POST":
        _answer(contact, request.form.get("answer"))
    return render_template("cvtheque/answer.html", contact=contact, token=token, pending=ContactStatus.PENDING)


def _answer(contact, answer: str | None) -> None:
    if answer not in ("accept", "decline"):
        flash("Choisissez d'accepter ou de refuser la demande.", "warning")
    elif services.answer_contact(contact, answer == "accept"):
        db.session.commit()
        flash(
            f"Vous avez accepté la demande de {contact.structure.name} : elle voit maintenant votre nom, "
            "vos coordonnées et votre CV."
            if answer == "accept"
            else f"Vous avez refusé la demande de {contact.structure.name}.",
            "success",
        )
    else:
        flash("Vous avez déjà répondu à cette demande.", "info")
