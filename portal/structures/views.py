from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from portal.accounts import services as accounts
from portal.accounts.access import requires
from portal.accounts.models import Membership, User
from portal.communes.models import ZONES
from portal.extensions import db, limiter
from portal.forms import page_arg
from portal.security import safe_next
from portal.storage.files import storage
from portal.storage.images import ImageRejected
from portal.structures import services
from portal.structures.forms import EmployerSignupForm, StructurePageForm
from portal.structures.models import LOGO_SIZES, STRUCTURE_KINDS

bp = Blueprint("structures", __name__)


@bp.route("/compte/inscription/recruteur", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGNUP_RATE_LIMIT"], methods=["POST"])
def signup_employer():
    """A recruiter's sign-up: their account, and the structure they register or ask to join."""
    form = EmployerSignupForm()
    if form.validate_on_submit():
        identity = accounts.Identity(form.email.data, form.password.data, form.first_name.data, form.last_name.data)
        if form.mode.data == "create":
            new_structure = {
                "name": form.structure_name.data,
                "siret": form.siret.data,
                "kind": form.kind.data,
                "commune": form.commune.commune,
            }
            services.register_employer(identity, new_structure=new_structure)
        else:
            services.register_employer(identity, join=form.structure)
        db.session.commit()
        return redirect(url_for("accounts.check_mail"))
    return render_template("structures/signup.html", form=form), 422 if form.errors else 200


@bp.get("/structures/")
def directory():
    zone = request.args.get("zone") if request.args.get("zone") in ZONES else None
    kind = request.args.get("type") if request.args.get("type") in STRUCTURE_KINDS else None
    page = services.directory(zone, kind, page=page_arg(request.args))
    if page.page > max(1, page.pages):  # an old link to a page that no longer exists: the last one
        return redirect(url_for("structures.directory", zone=zone, type=kind, page=max(1, page.pages)))
    return render_template("structures/directory.html", page=page, zone=zone, kind=kind, kinds=STRUCTURE_KINDS)


@bp.get("/structures/<slug>")
def detail(slug: str):
    structure = services.get_by_slug(slug)
    if structure is None or not services.may_see_page(current_user, structure):
        abort(404)
    return render_template("structures/detail.html", structure=structure)


@bp.get("/structures/<slug>/logo-<int:size>.png")
def logo(slug: str, size: int):
    structure = services.get_by_slug(slug)
    if (
        structure is None
        or size not in LOGO_SIZES
        or not structure.logo_key
        or not services.may_see_page(current_user, structure)
    ):
        abort(404)
    path = storage().path(structure.logo_file(size))
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="image/png", max_age=86400)


@bp.get("/compte/structure")
@requires("employer")
def mine():
    return render_template(
        "structures/mine.html",
        structure=current_user.structure,
        pending=services.pending_recruiters(current_user.structure),
        can_manage=services.may_manage_recruiters(current_user, current_user.structure),
    )


@bp.post("/compte/structure/recruteurs/<int:user_id>/<any(accepter,refuser):decision>")
@requires("employer", "admin")
def decide_recruiter(user_id: int, decision: str):
    applicant = db.get_or_404(User, user_id)
    if (
        applicant.structure is None
        or applicant.membership != Membership.PENDING
        or not services.may_manage_recruiters(current_user, applicant.structure)
    ):
        abort(404)
    services.decide_recruiter(applicant, accept=decision == "accepter")
    db.session.commit()
    flash(f"{applicant.full_name} : demande {'acceptée' if decision == 'accepter' else 'refusée'}.", "success")
    return redirect(safe_next(request.form.get("next")) or url_for("structures.mine"))


@bp.route("/compte/structure/modifier", methods=["GET", "POST"])
@requires("recruiter")
def edit_page():
    structure = current_user.structure
    form = StructurePageForm(obj=structure)
    if form.validate_on_submit():
        upload = form.logo.data
        data = upload.read() if upload and getattr(upload, "filename", "") else None
        try:
            if data is not None and len(data) > current_app.config["LOGO_MAX_BYTES"]:
                raise ImageRejected("Ce logo dépasse 5 Mo : réduisez-le avant de l'envoyer.")
            services.update_page(
                structure, form.description.data or "", form.website.data or "", data, remove_logo=form.remove_logo.data
            )
        except ImageRejected as exc:
            form.logo.errors.append(str(exc))
        else:
            db.session.commit()
            flash("La page de votre structure est enregistrée.", "success")
            return redirect(url_for("structures.mine"))
    return render_template("structures/edit.html", form=form, structure=structure), 422 if form.errors else 200
