from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, ValidationError

from portal.accounts.passwords import MAX_LENGTH, password_problem
from portal.forms import Form

REQUIRED = "Ce champ est obligatoire."


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def email_field(label: str = "Adresse électronique") -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired(REQUIRED),
            Length(max=254, message="L'adresse est trop longue."),
            Email(
                "Cette adresse électronique n'est pas valide (exemple : prenom.nom@exemple.fr).",
                check_deliverability=False,
            ),
        ],
        filters=[strip],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )


class IdentityMixin:
    first_name = StringField(
        "Prénom",
        validators=[DataRequired(REQUIRED), Length(max=80)],
        filters=[strip],
        render_kw={"autocomplete": "given-name"},
    )
    last_name = StringField(
        "Nom",
        validators=[DataRequired(REQUIRED), Length(max=80)],
        filters=[strip],
        render_kw={"autocomplete": "family-name"},
    )
    email = email_field()


class NewPasswordMixin:
    password = PasswordField(
        "Mot de passe",
        validators=[DataRequired(REQUIRED), Length(max=MAX_LENGTH)],
        description="Au moins 10 caractères. Une petite phrase facile à retenir fait un bon mot de passe.",
        render_kw={"autocomplete": "new-password"},
    )
    password_confirm = PasswordField(
        "Confirmez le mot de passe",
        validators=[DataRequired(REQUIRED), EqualTo("password", "Les deux mots de passe ne sont pas identiques.")],
        render_kw={"autocomplete": "new-password"},
    )

    def _email_for_password_check(self) -> str:
        return getattr(getattr(self, "email", None), "data", None) or ""

    def validate_password(self, field):
        problem = password_problem(field.data or "", self._email_for_password_check())
        if problem:
            raise ValidationError(problem)


class TermsMixin:
    accept_terms = BooleanField(
        "J'ai lu la politique de confidentialité et j'accepte que mes données soient traitées pour utiliser la plateforme.",
        validators=[InputRequired("Vous devez accepter la politique de confidentialité pour créer un compte.")],
    )


class CandidateSignupForm(IdentityMixin, NewPasswordMixin, TermsMixin, Form):
    pass


class LoginForm(Form):
    email = email_field()
    password = PasswordField(
        "Mot de passe", validators=[DataRequired(REQUIRED)], render_kw={"autocomplete": "current-password"}
    )
    remember = BooleanField("Se souvenir de moi sur cet appareil")


class ConfirmLinkForm(Form):
    """The button of a page that a mailed link opens: the link shows it, the click (POST, with CSRF) acts."""


class LoginLinkForm(Form):
    remember = BooleanField("Se souvenir de moi sur cet appareil")


class EmailOnlyForm(Form):
    email = email_field()


class ResetPasswordForm(NewPasswordMixin, Form):
    pass


class ChangePasswordForm(NewPasswordMixin, Form):
    current_password = PasswordField(
        "Mot de passe actuel", validators=[DataRequired(REQUIRED)], render_kw={"autocomplete": "current-password"}
    )
    password = PasswordField(
        "Nouveau mot de passe",
        validators=[DataRequired(REQUIRED), Length(max=MAX_LENGTH)],
        description="Au moins 10 caractères.",
        render_kw={"autocomplete": "new-password"},
    )


class ChangeEmailForm(Form):
    email = email_field("Nouvelle adresse électronique")
    current_password = PasswordField(
        "Mot de passe actuel", validators=[DataRequired(REQUIRED)], render_kw={"autocomplete": "current-password"}
    )


class ConfirmPasswordForm(Form):
    current_password = PasswordField(
        "Votre mot de passe, pour confirmer",
        validators=[DataRequired(REQUIRED)],
        render_kw={"autocomplete": "current-password"},
    )
