"""The person's side: their accompaniment in their space (without the staff's notes), ending it, withdrawing a
sharing, and the coach's link that ties a record to their account."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accompaniment.models import Outcome, StepStatus
from portal.accompaniment.pages import coach_phone
from portal.accompaniment.services import linking, pathway
from portal.accompaniment.services import sharing as sharings
from portal.accompaniment.services.access import accesses
from portal.accompaniment.services.records import close_record
from portal.accompaniment.sharing_forms import ConfirmForm
from portal.accompaniment.views import bp
from portal.accounts.access import requires
from portal.accounts.forms import CandidateSignupForm
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.tokens import TokenError


@bp.get("/compte/accompagnement")
@requires("candidate")
def mine():
    record = linking.open_record_of(current_user)
    if record is None:
        return render_template("accompaniment/person_none.html", ask_coach_url=url_for("accompaniment.ask"))
    steps = list(record.steps)
    return render_template(
        "accompaniment/person.html",
        record=record,
        coach=record.coach,
        coach_phone=coach_phone(record),
        upcoming=[s for s in steps if s.status == StepStatus.PLANNED],
        past=sorted((s for s in steps if s.status != StepStatus.PLANNED), key=lambda s: (s.day, s.id), reverse=True),
        events=pathway.events_of(record),
        sharings=sharings.sharings_of(record),
        accesses=accesses(record),
    )


@bp.route("/compte/accompagnement/terminer", methods=["GET", "POST"])
@requires("candidate")
def end_mine():
    record = linking.open_record_of(current_user) or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        close_record(record, Outcome.NO_LONGER_WISHES)
        sharings.withdraw_all(record)
        if record.coach is not None:
            queue_mail(
                record.coach.email,
                "accompaniment_ended",
                f"{record.full_name} a mis fin à son accompagnement",
                dedup_key=f"accompaniment-ended:{record.id}:{record.closed_at:%Y%m%d%H%M%S%f}",
                about_user_id=record.user_id,
                coach=record.coach,
                record=record,
            )
        db.session.commit()
        flash(
            "Votre accompagnement est terminé, et votre profil n'est plus proposé aux structures. "
            "Vous pouvez demander à nouveau l'aide d'un coach quand vous le souhaitez.",
            "success",
        )
        return redirect(url_for("accompaniment.mine"))
    return render_template("accompaniment/person_end.html", record=record, form=form)


@bp.route("/compte/accompagnement/partages/<int:sharing_id>/retirer", methods=["GET", "POST"])
@requires("candidate")
def withdraw_sharing(sharing_id: int):
    record = linking.open_record_of(current_user) or abort(404)
    sharing = next((s for s in sharings.sharings_of(record) if s.id == sharing_id and s.is_active), None)
    if sharing is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        sharings.withdraw(sharing)
        db.session.commit()
        flash(f"{sharing.structure.name} ne voit plus votre profil.", "success")
        return redirect(url_for("accompaniment.mine"))
    return render_template("accompaniment/person_withdraw.html", sharing=sharing, form=form)


@bp.route("/accompagnement/rejoindre/<token>", methods=["GET", "POST"])
def join(token: str):
    """The coach's link: a visitor creates an account (or logs in) and comes back here; a candidate confirms."""
    try:
        record = linking.record_of_link(token)
    except TokenError as exc:
        message = (
            "Ce lien a expiré. Demandez à votre coach de vous en envoyer un nouveau."
            if exc.expired
            else "Ce lien n'est pas valide. Copiez bien le lien entier depuis le courriel."
        )
        return render_template("accompaniment/person_join.html", error=message), 400
    except linking.LinkRefused as exc:
        return render_template("accompaniment/person_join.html", error=str(exc)), 400
    here = url_for("accompaniment.join", token=token)
    if not current_user.is_authenticated:
        signup_form = CandidateSignupForm(
            formdata=None,
            data={"first_name": record.first_name, "last_name": record.last_name, "email": record.email},
        )
        return render_template(
            "accompaniment/person_join.html",
            record=record,
            form=signup_form,
            signup_url=url_for("accounts.signup_candidate", next=here),
            login_url=url_for("accounts.login", next=here),
        )
    if record.user_id == current_user.id:
        flash("Votre accompagnement est déjà lié à votre compte.", "info")
        return redirect(url_for("accompaniment.mine"))
    refusal = linking.refusal(record, current_user)
    form = ConfirmForm()
    if refusal is None and form.validate_on_submit():
        linking.link_account(record, current_user)
        db.session.commit()
        flash("Votre accompagnement est lié à votre compte : retrouvez ici votre parcours.", "success")
        return redirect(url_for("accompaniment.mine"))
    return render_template(
        "accompaniment/person_join.html", record=record, confirm_form=form, refusal=refusal
    ), 409 if refusal else 200
