"""The referring adviser's link that stops the milestone mails: no account, the signed link is the proof."""

from flask import render_template, request

from portal.accompaniment.models import Accompaniment
from portal.accompaniment.services import milestones
from portal.accompaniment.views import bp
from portal.extensions import csrf, db


@bp.route("/accompagnement/conseiller/arret/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here, with no form of ours
def stop_updates(token: str):
    """GET asks; POST stops the mails about this person."""
    found = milestones.record_of_stop_token(token)
    if found is None:
        return render_template("accompaniment/stop_updates.html", invalid=True), 400
    record_id, email = found
    record = db.session.get(Accompaniment, record_id)
    still_on = record is not None and record.adviser_informed and record.adviser_email == email
    if request.method == "POST":
        if still_on:
            milestones.stop_updates(record, email)
            db.session.commit()
        return render_template("accompaniment/stop_updates.html", stopped=True)
    if not still_on:
        return render_template("accompaniment/stop_updates.html", stopped=True)
    return render_template("accompaniment/stop_updates.html", record=record)
