from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from portal import sections
from portal.accounts.access import requires
from portal.extensions import db
from portal.forms import int_arg
from portal.metiers import services
from portal.metiers.forms import MetierForm
from portal.metiers.models import LEVELS

bp = Blueprint("metiers", __name__, url_prefix="/metiers")


@bp.get("/")
def index():
    level = int_arg(request.args, "niveau")
    if level not in LEVELS:
        level = None
    return render_template(
        "metiers/index.html", groups=services.metiers_by_family(level), level=level, levels=services.levels_in_use()
    )


@bp.get("/<slug>")
def detail(slug: str):
    metier = services.get_metier(slug) or abort(404)
    # Its open offers and next events come from the sections of offers and events.
    return render_template("metiers/detail.html", metier=metier, **sections.context(sections.METIER, metier=metier))


@bp.get("/gestion")
@requires("admin")
def manage():
    return render_template("metiers/manage.html", metiers=services.all_metiers())


@bp.route("/<slug>/modifier", methods=["GET", "POST"])
@requires("admin")
def edit(slug: str):
    metier = services.get_metier(slug) or abort(404)
    form = MetierForm(obj=metier if request.method == "GET" else None)
    if request.method == "GET":
        form.rome_codes.data = " ".join(metier.rome_codes)
        form.sources.data = MetierForm.sources_text(metier.sources)
    if form.validate_on_submit():
        services.update_metier(
            metier,
            title=form.title.data.strip(),
            summary=form.summary.data.strip(),
            family=form.family.data,
            entry_level=form.entry_level.data,
            rome_codes=form.rome_codes.data.upper().split(),
            salary_min=form.salary_min.data,
            salary_max=form.salary_max.data,
            salary_source=form.salary_source.data.strip(),
            body_markdown=form.body_markdown.data,
            sources=form.parsed_sources(),
        )
        db.session.commit()
        flash(f"La page « {metier.title} » est enregistrée.", "success")
        return redirect(url_for("metiers.detail", slug=metier.slug))
    return render_template("metiers/edit.html", metier=metier, form=form), 422 if form.errors else 200
