from flask import Blueprint, current_app, flash, make_response, redirect, render_template, url_for

from portal.accompaniment.services.retention import periods as accompaniment_periods
from portal.candidates.retention import periods
from portal.events.services import next_events
from portal.extensions import db, limiter
from portal.metiers import services as metiers
from portal.offers.services import latest_offers
from portal.public.forms import ContactForm
from portal.public.services import send_contact_message
from portal.structures import services as structures

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render_template(
        "public/home.html",
        figures={"metiers": metiers.count_metiers(), "members": structures.count_approved()},
        featured=metiers.all_metiers()[:6],
        latest_offers=latest_offers(limit=5),
        next_events=next_events(limit=3),
    )


@bp.get("/le-projet")
def project():
    return render_template("public/project.html")


@bp.route("/contact", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["CONTACT_RATE_LIMIT"], methods=["POST"])
def contact():
    form = ContactForm()
    if form.validate_on_submit():
        if not form.website.data:  # robots fill the hidden field; they get the same answer and nothing is sent
            send_contact_message(form.name.data, form.email.data, form.subject.data, form.message.data)
            db.session.commit()
        flash(
            "Merci, votre message est envoyé. Nous vous répondons sous quelques jours ; "
            "une copie vient de vous être adressée.",
            "success",
        )
        return redirect(url_for("public.contact"))
    return render_template("public/contact.html", form=form), 422 if form.errors else 200


LEGAL_PAGES = {
    "mentions-legales": "public/legal_notice.html",
    "confidentialite": "public/privacy.html",
    "accessibilite": "public/accessibility.html",
}


@bp.get("/<any('mentions-legales','confidentialite','accessibilite'):page>")
def legal(page: str):
    retention = periods(current_app.config) | accompaniment_periods(current_app.config)
    return render_template(LEGAL_PAGES[page], retention=retention)


@bp.get("/sitemap.xml")
def sitemap():
    pages = [
        url_for("public.home", _external=True),
        url_for("public.project", _external=True),
        url_for("metiers.index", _external=True),
        url_for("structures.directory", _external=True),
        url_for("offers.search", _external=True),
        url_for("events.agenda", _external=True),
        url_for("public.contact", _external=True),
        url_for("accompaniment.ask", _external=True),
        url_for("accompaniment.refer", _external=True),
    ]
    pages += [url_for("public.legal", page=page, _external=True) for page in LEGAL_PAGES]
    pages += [url_for("metiers.detail", slug=m.slug, _external=True) for m in metiers.all_metiers()]
    pages += [url_for("structures.detail", slug=s.slug, _external=True) for s in structures.approved_structures()]
    pages += [url_for("events.detail", event_id=e.id, slug=e.slug, _external=True) for e in next_events(limit=200)]
    response = make_response(render_template("public/sitemap.xml", pages=pages))
    response.mimetype = "application/xml"
    return response


@bp.get("/robots.txt")
def robots():
    lines = [
        "User-agent: *",
        "Disallow: /compte/",
        "Disallow: /admin/",
        "Disallow: /cvtheque/",
        "Disallow: /metiers/gestion",
        "",
        f"Sitemap: {url_for('public.sitemap', _external=True)}",
        "",
    ]
    response = make_response("\n".join(lines))
    response.mimetype = "text/plain"
    return response
