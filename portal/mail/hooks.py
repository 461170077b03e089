from flask import Flask, current_app, g

from portal.mail.sender import deliver_pending


def register(app: Flask) -> None:
    """In development, deliver right after a response whose request queued mail (production uses cron)."""

    @app.after_request
    def send_queued_mail(response):
        if g.pop("mail_queued", False):
            app_ = current_app._get_current_object()

            def deliver():
                with app_.app_context():
                    try:
                        deliver_pending()
                    except Exception:  # the mail stays queued for the next run; never break a response
                        app_.logger.exception("Outbox delivery after request failed")

            response.call_on_close(deliver)
        return response
