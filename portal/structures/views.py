from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from portal.accounts.access import requires
from portal.communes.models import ZONES
from portal.extensions import db
from portal.forms import page_arg
from portal.storage.files import storage
from portal.storage.images import ImageRejected
from portal.structures import services
from portal.structures.forms import StructurePageForm
from portal.structures.models import LOGO_SIZES, STRUCTURE_KINDS

bp = Blueprint("structures", __name__)


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
    if (structure is None or size not in LOGO_SIZES or not structure.logo_key
            or not services.may_see_page(current_user, structure)):
        abort(404)
    path = storage().path(structure.logo_file(size))
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="image/png", max_age=86400)


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
            services.update_page(structure, form.description.data or "", form.website.data or "", data,
                                 remove_logo=form.remove_logo.data)
        except ImageRejected as exc:
            form.logo.errors.append(str(exc))
        else:
            db.session.commit()
            flash("La page de votre structure est enregistrée.", "success")
            return redirect(url_for("accounts.structure"))
    return render_template("structures/edit.html", form=form, structure=structure), 422 if form.errors else 200
