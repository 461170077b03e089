from flask import Blueprint, render_template

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render_template("public/home.html")


LEGAL_PAGES = {
    "mentions-legales": "public/legal_notice.html",
    "confidentialite": "public/privacy.html",
    "accessibilite": "public/accessibility.html",
}


@bp.get("/<any('mentions-legales','confidentialite','accessibilite'):page>")
def legal(page: str):
    return render_template(LEGAL_PAGES[page])
