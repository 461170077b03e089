"""French error pages; errors a user can cause are answered, never a bare 500."""

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError

MESSAGES = {
    400: ("Requête incorrecte", "La demande n'a pas pu être comprise. Revenez en arrière et réessayez."),
    403: ("Accès refusé", "Cette page est réservée à d'autres profils que le vôtre."),
    404: ("Page introuvable", "Cette page n'existe pas ou plus. Vérifiez l'adresse, ou partez de l'accueil."),
    405: ("Action impossible", "Cette action n'est pas possible sur cette page."),
    413: (
        "Fichier trop volumineux",
        (
            "Ce que vous avez envoyé dépasse la taille permise ({limit}). Réduisez le fichier (en PDF par exemple) "
            "et réessayez."
        ),
    ),
    429: (
        "Trop de tentatives",
        "Vous avez fait trop d'essais en peu de temps. Patientez quelques minutes, puis réessayez.",
    ),
    500: (
        "Erreur du serveur",
        "Un problème est survenu de notre côté. Réessayez dans quelques instants ; s'il persiste, écrivez-nous.",
    ),
}


def _render(code: int, detail: str | None = None):
    title, message = MESSAGES[code]
    limit_mb = current_app.config.get("MAX_CONTENT_LENGTH", 0) // (1024 * 1024)
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message.format(limit=f"{limit_mb} Mo")
    ), code


def register(app: Flask) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, lambda error, code=code: _render(code))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(
            400,
            "Le formulaire a expiré ou n'a pas pu être vérifié (protection de sécurité). "
            "Rechargez la page et envoyez-le à nouveau.",
        )
