from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accounts.access import requires
from portal.candidates import services
from portal.candidates.forms import ProfileForm
from portal.metiers.services import all_metiers

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
        services.save_profile(
            profile,
            metier_ids=form.metiers.data or [],
            commune_insee=form.commune.commune.insee if form.commune.commune else None,
            mobility_km=form.mobility_km.data if form.mobility_km.data is not None else 20,
            driving_licence=form.driving_licence.data, has_vehicle=form.has_vehicle.data,
            contract_types=form.contract_types.data or [], working_times=form.working_times.data or [],
            available_from=form.available_from.data, diplomas=(form.diplomas.data or "").strip(),
            experience_years=form.experience_years.data, presentation=(form.presentation.data or "").strip(),
            rqth=form.rqth.data, rsa=form.rsa.data, mission_locale=form.mission_locale.data,
            france_travail=form.france_travail.data,
        )
        flash("Votre profil est enregistré.", "success")
        return redirect(url_for("candidates.profile"))
    return render_template("candidates/profile.html", form=form, completeness=services.completeness(profile)), (
        422 if form.errors else 200)
