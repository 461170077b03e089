from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from portal import sections, tasks
from portal.accounts import forms, personal_data, services
from portal.accounts.access import requires
from portal.accounts.passwords import verify_password
from portal.extensions import db, limiter, login_manager
from portal.security import safe_next
from portal.tokens import TokenError

bp = Blueprint("accounts", __name__, url_prefix="/compte")


@login_manager.user_loader
def load_user(token: str):
    user = services.load_user(token)
    if user is not None and services.needs_activity_note(user.login_session):
        # Written after the response, by a task: a GET changes nothing in its own transaction.
        tasks.enqueue("accounts.note_activity", user.login_session.id)
    return user


CHECK_YOUR_MAIL = (
    "Si cette adresse peut recevoir un lien, il vient de lui être envoyé. Pensez à regarder dans les "
    "courriers indésirables."
)


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("accounts.dashboard"))
    form = forms.LoginForm()
    if form.validate_on_submit():
        outcome, user = services.try_password(form.email.data, form.password.data, next_url)
        if outcome == services.LoginOutcome.LINK_SENT:
            db.session.commit()
            return render_template("accounts/login_link_sent.html", max_age_minutes=services.login_link_minutes())
        if outcome == services.LoginOutcome.WRONG:
            form.password.errors.append("Adresse ou mot de passe incorrect.")
        elif outcome == services.LoginOutcome.UNVERIFIED:
            services.resend_verification(user.email, next_url)
            flash(
                "Votre adresse n'est pas encore confirmée : nous venons de vous renvoyer le lien de confirmation.",
                "warning",
            )
        else:
            kept = services.retention_pending(user)
            services.log_in(user, remember=form.remember.data, user_agent=request.user_agent.string)
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash(f"Bonjour {user.first_name}, vous êtes connecté·e.", "success")
            if kept:
                flash("Votre connexion compte comme une activité : votre compte ne sera pas supprimé.", "info")
            return redirect(next_url or url_for("accounts.dashboard"))
        db.session.commit()  # the wrong password counted, or the confirmation link sent again
    return render_template("accounts/login.html", form=form, next_url=next_url), 200 if not form.errors else 422


@bp.route("/connexion/lien/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login_link(token: str):
    """The one-time link mailed when an address is guarded. GET only shows a button: mail scanners that
    open links must not use it up."""
    try:
        user = services.check_login_link(token)
    except TokenError as exc:
        return _login_link_error(exc)
    form = forms.LoginLinkForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            services.log_out(current_user._get_current_object())
            db.session.commit()  # whoever was logged in here is logged out, whatever the link turns out to be
            logout_user()
        try:
            user, next_url = services.log_in_with_link(
                token, remember=form.remember.data, user_agent=request.user_agent.string
            )
        except TokenError as exc:
            return _login_link_error(exc)
        db.session.commit()
        login_user(user, remember=form.remember.data)
        flash(f"Bonjour {user.first_name}, vous êtes connecté·e.", "success")
        return redirect(safe_next(next_url) or url_for("accounts.dashboard"))
    return render_template("accounts/login_link.html", form=form, user=user)


def _login_link_error(exc: TokenError):
    message = (
        "Ce lien de connexion a expiré : il ne reste valable que quelques minutes. Connectez-vous à nouveau."
        if exc.expired
        else "Ce lien de connexion n'est plus valable : il a peut-être déjà servi. Connectez-vous à nouveau."
    )
    return render_template("accounts/token_error.html", message=message, retry_forgot=True), 400


@bp.post("/deconnexion")
def logout():
    if current_user.is_authenticated:
        services.log_out(current_user._get_current_object())
        db.session.commit()
    logout_user()
    flash("Vous êtes déconnecté·e. À bientôt !", "success")
    return redirect(url_for("public.home"))


@bp.get("/inscription")
def signup():
    return render_template("accounts/signup_choice.html", next_url=safe_next(request.args.get("next")))


@bp.route("/inscription/candidat", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGNUP_RATE_LIMIT"], methods=["POST"])
def signup_candidate():
    form = forms.CandidateSignupForm()
    if form.validate_on_submit():
        # The form posts to its own address, so a ?next= given to the page comes back with it.
        services.register_candidate(_identity(form), safe_next(request.args.get("next")))
        db.session.commit()
        return redirect(url_for("accounts.check_mail"))
    return render_template("accounts/signup_candidate.html", form=form), 422 if form.errors else 200


def _identity(form) -> services.Identity:
    return services.Identity(form.email.data, form.password.data, form.first_name.data, form.last_name.data)


@bp.get("/verifiez-vos-courriels")
def check_mail():
    return render_template("accounts/check_mail.html", form=forms.EmailOnlyForm())


@bp.post("/verification/renvoyer")
@limiter.limit(lambda: current_app.config["FORGOT_RATE_LIMIT"])
def resend_verification():
    form = forms.EmailOnlyForm()
    if form.validate_on_submit():
        services.resend_verification(form.email.data)
        db.session.commit()
        flash(CHECK_YOUR_MAIL, "info")
    else:
        flash("Indiquez une adresse électronique valide.", "error")
    return redirect(url_for("accounts.check_mail"))


@bp.route("/verification/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """The link of the verification mail. GET shows a button: mail scanners that open links must not confirm
    an address on their own; a link already used just says so."""
    try:
        user, next_url = services.verification_of(token)
    except TokenError as exc:
        message = (
            "Ce lien de confirmation a expiré : connectez-vous pour en recevoir un nouveau."
            if exc.expired
            else "Ce lien de confirmation n'est pas valide. Copiez bien le lien entier depuis le courriel."
        )
        return render_template("accounts/token_error.html", message=message), 400
    form = forms.ConfirmLinkForm()
    if user.is_verified or form.validate_on_submit():
        services.verify_email(token)
        db.session.commit()
        flash("Votre adresse est confirmée. Vous pouvez vous connecter.", "success")
        return redirect(url_for("accounts.login", next=safe_next(next_url)))
    return render_template(
        "accounts/confirm_link.html",
        form=form,
        title="Confirmer votre adresse",
        lead=f"Bonjour {user.first_name}, confirmez que l'adresse {user.email} est bien la vôtre.",
        button="Confirmer mon adresse",
    )


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FORGOT_RATE_LIMIT"], methods=["POST"])
def forgot_password():
    form = forms.EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(CHECK_YOUR_MAIL, "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form), 422 if form.errors else 200


@bp.route("/nouveau-mot-de-passe/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except TokenError as exc:
        message = (
            "Ce lien a expiré. Demandez-en un nouveau : il reste valable une heure."
            if exc.expired
            else "Ce lien n'est plus valable : il a peut-être déjà servi. Demandez-en un nouveau si besoin."
        )
        return render_template("accounts/token_error.html", message=message, retry_forgot=True), 400
    form = forms.ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        db.session.commit()
        logout_user()
        flash("Votre mot de passe est changé. Connectez-vous avec le nouveau.", "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), 422 if form.errors else 200


@bp.get("/")
@requires("authenticated")
def dashboard():
    # The panels of other features (the candidate's profile, the offers proposed) come from their sections.
    return render_template("accounts/dashboard.html", **sections.context(sections.DASHBOARD, user=current_user))


@bp.route("/parametres", methods=["GET", "POST"])
@requires("authenticated")
def settings():
    password_form = forms.ChangePasswordForm(prefix="pw")
    email_form = forms.ChangeEmailForm(prefix="em")
    status = 200
    if "pw-current_password" in request.form:
        if password_form.validate_on_submit():
            if not verify_password(current_user.password_hash, password_form.current_password.data):
                password_form.current_password.errors.append("Le mot de passe actuel n'est pas le bon.")
            else:
                user = current_user._get_current_object()
                services.change_password(user, password_form.password.data)
                db.session.commit()
                flash("Votre mot de passe est changé. Vos autres appareils sont déconnectés.", "success")
                return redirect(url_for("accounts.settings"))
        status = 422
    elif "em-current_password" in request.form:
        if email_form.validate_on_submit():
            if not verify_password(current_user.password_hash, email_form.current_password.data):
                email_form.current_password.errors.append("Le mot de passe actuel n'est pas le bon.")
            else:
                services.request_email_change(current_user, email_form.email.data)
                db.session.commit()
                flash(
                    "Un lien de confirmation vient d'être envoyé à la nouvelle adresse. "
                    "Elle remplacera l'actuelle quand vous aurez cliqué dessus.",
                    "info",
                )
                return redirect(url_for("accounts.settings"))
        status = 422
    return render_template(
        "accounts/settings.html",
        password_form=password_form,
        email_form=email_form,
        logins=services.active_logins(current_user),
    ), status


@bp.post("/parametres/deconnecter-les-autres-appareils")
@requires("authenticated")
def log_out_other_devices():
    ended = services.log_out_other_devices(current_user._get_current_object())
    db.session.commit()
    if ended:
        flash(
            f"C'est fait : {ended} autre{'s' if ended > 1 else ''} appareil{'s' if ended > 1 else ''} "
            f"déconnecté{'s' if ended > 1 else ''}. Vous restez connecté·e sur celui-ci.",
            "success",
        )
    else:
        flash("Vous n'étiez connecté·e sur aucun autre appareil.", "info")
    return redirect(url_for("accounts.settings"))


@bp.route("/adresse/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    """The link mailed to the new address. GET shows a button: a mail scanner opening it must not change the
    address of the account."""
    try:
        user, new_email = services.email_change_of(token)
    except TokenError as exc:
        message = "Ce lien a expiré." if exc.expired else "Ce lien n'est pas valable ou a déjà servi."
        return render_template("accounts/token_error.html", message=message), 400
    form = forms.ConfirmLinkForm()
    if form.validate_on_submit():
        services.confirm_email_change(token)
        db.session.commit()
        flash("Votre nouvelle adresse est enregistrée : utilisez-la pour vous connecter.", "success")
        return redirect(url_for("accounts.dashboard") if current_user.is_authenticated else url_for("accounts.login"))
    return render_template(
        "accounts/confirm_link.html",
        form=form,
        title="Confirmer votre nouvelle adresse",
        lead=f"Bonjour {user.first_name}, confirmez que votre adresse de connexion devient {new_email}.",
        button="Confirmer la nouvelle adresse",
    )


@bp.get("/mes-donnees")
@requires("authenticated")
def my_data():
    return render_template("accounts/my_data.html", form=forms.ConfirmPasswordForm())


@bp.post("/mes-donnees/export")
@requires("authenticated")
def export_data():
    data = personal_data.export_zip(current_user)
    response = make_response(data)
    response.headers["Content-Type"] = "application/zip"
    response.headers["Content-Disposition"] = "attachment; filename=mes-donnees.zip"
    return response


@bp.post("/supprimer")
@requires("authenticated")
def delete_account():
    form = forms.ConfirmPasswordForm()
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.current_password.data):
            user = current_user._get_current_object()
            logout_user()
            personal_data.delete_account(user)
            db.session.commit()
            flash("Votre compte et toutes vos données sont supprimés. Merci d'avoir utilisé la plateforme.", "success")
            return redirect(url_for("public.home"))
        form.current_password.errors.append("Le mot de passe n'est pas le bon : rien n'a été supprimé.")
    return render_template("accounts/my_data.html", form=form), 422
