from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accounts.access import requires
from portal.candidates import services
from portal.candidates.forms import CVUploadForm, PhotoForm, ProfileForm
from portal.extensions import db
from portal.metiers.services import all_metiers
from portal.storage.documents import DOCUMENT_TYPES
from portal.storage.files import download_name, storage

bp = Blueprint("candidates", __name__, url_prefix="/compte")


@bp.route("/profil", methods=["GET", "POST"])
@requires("candidate")
def profile():
    profile = services.profile_of(current_user)
    form = ProfileForm(obj=profile if request.method == "GET" else None)
    form.metiers.choices = [SelectChoice(m.id, m.title) for m in all_metiers()]
    if request.method == "GET":
        form.metiers.data = [m.id for m in profile.metiers]
        form.commune.data = profile.commune.label if profile.commune else ""
    if form.validate_on_submit():
        was_visible = profile.visible
        services.save_profile(
            profile,
            metier_ids=form.metiers.data or [],
            commune_insee=form.commune.commune.insee if form.commune.commune else None,
            mobility_km=form.mobility_km.data if form.mobility_km.data is not None else 20,
            driving_licence=form.driving_licence.data,
            has_vehicle=form.has_vehicle.data,
            contract_types=form.contract_types.data or [],
            working_times=form.working_times.data or [],
            available_from=form.available_from.data,
            diplomas=(form.diplomas.data or "").strip(),
            experience_years=form.experience_years.data,
            presentation=(form.presentation.data or "").strip(),
            rqth=form.rqth.data,
            rsa=form.rsa.data,
            mission_locale=form.mission_locale.data,
            france_travail=form.france_travail.data,
            visible=form.visible.data,
            anonymous=form.anonymous.data,
            accepts_offers=form.accepts_offers.data,
            still_looking=bool(request.form.get("garder")),
        )
        db.session.commit()
        if request.form.get("garder") and profile.visible:
            flash("C'est noté : votre profil reste dans la CV-thèque. Votre profil est enregistré.", "success")
        elif was_visible and not profile.visible:
            flash(
                "Votre profil est enregistré et retiré de la CV-thèque : les employeurs ne le voient plus.", "success"
            )
        else:
            flash(f"Votre profil est enregistré. {services.visibility_sentence(profile)}", "success")
        return redirect(url_for("candidates.profile"))
    withdrawn = False
    if request.method == "POST":
        # CSRFProtect has already refused a forged request: this is the candidate's own choice.
        withdrawn = services.withdraw_consents(
            profile, visible=form.visible.data, anonymous=form.anonymous.data, accepts_offers=form.accepts_offers.data
        )
        if withdrawn:
            db.session.commit()
    return render_template(
        "candidates/profile.html",
        form=form,
        completeness=services.completeness(profile),
        profile=profile,
        withdrawn=withdrawn,
        visibility_sentence=services.visibility_sentence(profile),
    ), 422 if form.errors else 200


def _render_files(profile, cv_form=None, photo_form=None, status=200):
    return render_template(
        "candidates/files.html",
        profile=profile,
        cv_form=cv_form or CVUploadForm(),
        photo_form=photo_form or PhotoForm(),
        max_cvs=services.MAX_CVS,
    ), status


@bp.get("/cv")
@requires("candidate")
def files():
    return _render_files(services.profile_of(current_user))


@bp.post("/cv")
@requires("candidate")
def upload_cv():
    profile = services.profile_of(current_user)
    form = CVUploadForm()
    if form.validate_on_submit():
        try:
            cv = services.add_cv(profile, form.cv.data.read(), form.cv.data.filename)
        except services.UploadRefused as exc:
            form.cv.errors.append(str(exc))
        else:
            db.session.commit()
            if cv.upload_notice:
                flash(cv.upload_notice, "warning")
            else:
                flash(f"« {cv.display_name} » est enregistré.", "success")
            return redirect(url_for("candidates.files"))
    return _render_files(profile, cv_form=form, status=422)


@bp.post("/cv/<int:cv_id>/montrer")
@requires("candidate")
def show_cv(cv_id: int):
    profile = services.profile_of(current_user)
    cv = services.get_own_cv(profile, cv_id) or abort(404)
    services.show_cv(profile, cv)
    db.session.commit()
    if not profile.visible:
        flash(
            f"« {cv.display_name} » est votre CV principal. Votre profil n'est pas visible dans la CV-thèque : "
            "les employeurs ne le voient pas.",
            "success",
        )
    elif profile.anonymous:
        flash(
            f"« {cv.display_name} » est votre CV principal : en mode anonyme, les employeurs l'ouvrent "
            "seulement après que vous avez accepté leur demande de contact.",
            "success",
        )
    else:
        flash(f"« {cv.display_name} » est le CV que verront les employeurs.", "success")
    return redirect(url_for("candidates.files"))


@bp.route("/cv/<int:cv_id>/supprimer", methods=["GET", "POST"])
@requires("candidate")
def delete_cv(cv_id: int):
    profile = services.profile_of(current_user)
    cv = services.get_own_cv(profile, cv_id) or abort(404)
    if request.method == "POST":
        services.delete_cv(profile, cv)
        db.session.commit()
        flash(f"« {cv.display_name} » est supprimé.", "success")
        return redirect(url_for("candidates.files"))
    return render_template("candidates/delete_cv.html", cv=cv)


@bp.get("/cv/<int:cv_id>/fichier")
@requires("candidate")
def download_cv(cv_id: int):
    cv = services.get_own_cv(services.profile_of(current_user), cv_id) or abort(404)
    return send_file(
        storage().path(cv.storage_key),
        mimetype=DOCUMENT_TYPES[cv.kind],
        as_attachment=True,
        download_name=download_name(cv.display_name, cv.kind, "cv"),
        max_age=0,
    )


@bp.post("/photo")
@requires("candidate")
def upload_photo():
    profile = services.profile_of(current_user)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            services.set_photo(profile, form.photo.data.read())
        except services.UploadRefused as exc:
            form.photo.errors.append(str(exc))
        else:
            db.session.commit()
            flash("Votre photo est enregistrée.", "success")
            return redirect(url_for("candidates.files"))
    return _render_files(profile, photo_form=form, status=422)


@bp.post("/photo/supprimer")
@requires("candidate")
def delete_photo():
    services.set_photo(services.profile_of(current_user), None)
    db.session.commit()
    flash("Votre photo est supprimée.", "success")
    return redirect(url_for("candidates.files"))


@bp.get("/photo.png")
@requires("candidate")
def photo():
    profile = services.profile_of(current_user)
    if not profile.photo_key:
        abort(404)
    return send_file(storage().path(f"photos/{profile.photo_key}.png"), mimetype="image/png", max_age=0)
