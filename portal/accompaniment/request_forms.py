"""The forms of a request for help: the person's own, and a partner's referral."""

from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TelField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from portal.accompaniment.models import PartnerKind
from portal.accompaniment.services.requests import LOOKING_FOR, WHEN_TO_CALL_CHOICES, normalise_phone
from portal.accounts.forms import REQUIRED, email_field, strip
from portal.candidates.forms import MultiCheckboxField
from portal.communes.forms import CommuneField
from portal.forms import Form

BAD_PHONE = "Ce numéro n'est pas un numéro de téléphone français (exemple : 06 12 34 56 78)."
BAD_EMAIL = "Cette adresse électronique n'est pas valide (exemple : prenom.nom@exemple.fr)."


def phone_field(label: str, description: str = "") -> TelField:
    return TelField(
        label,
        validators=[Optional(), Length(max=30, message=BAD_PHONE)],
        filters=[strip],
        description=description,
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )


def optional_email_field(label: str) -> EmailField:
    return EmailField(
        label,
        validators=[
            Optional(),
            Length(max=254, message="L'adresse est trop longue."),
            Email(BAD_EMAIL, check_deliverability=False),
        ],
        filters=[strip],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )


class PhoneOrEmailMixin:
    """A phone number or an e-mail address, at least one; the phone number is checked and written one way."""

    NEITHER = "Indiquez un numéro de téléphone ou une adresse électronique : le coach en a besoin pour vous joindre."

    def validate_phone(self, field):
        if field.data:
            normalised = normalise_phone(field.data)
            if normalised is None:
                raise ValidationError(BAD_PHONE)
            field.data = normalised

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.phone.data or "").strip() and not (self.email.data or "").strip():
            self.phone.errors = [*self.phone.errors, self.NEITHER]
            valid = False
        return valid


def honeypot() -> StringField:
    # Hidden from people, filled in by robots: a request with it is dropped (the robot gets the same answer).
    return StringField("Ne pas remplir ce champ", render_kw={"tabindex": "-1", "autocomplete": "off"})


class AskForHelpForm(PhoneOrEmailMixin, Form):
    first_name = StringField(
        "Votre prénom",
        validators=[DataRequired(REQUIRED), Length(max=80, message="80 caractères au plus.")],
        filters=[strip],
        render_kw={"autocomplete": "given-name"},
    )
    phone = phone_field("Votre numéro de téléphone", "Par exemple : 06 12 34 56 78.")
    email = optional_email_field("Votre adresse électronique")
    commune = CommuneField(
        "Votre commune",
        validators=[DataRequired("Indiquez votre commune : elle désigne le coach de votre secteur.")],
        description="Tapez le nom ou le code postal, puis choisissez dans la liste.",
    )
    looking_for = MultiCheckboxField(
        "Ce que vous cherchez",
        choices=[SelectChoice(k, v) for k, v in LOOKING_FOR.items()],
        description="Cochez ce qui vous correspond (facultatif).",
    )
    details = TextAreaField(
        "En quelques mots (facultatif)",
        validators=[Length(max=1000, message="1 000 caractères au plus.")],
        description="Un métier qui vous intéresse, votre situation, vos questions…",
        render_kw={"rows": 3},
    )
    when_to_call = RadioField(
        "Quand préférez-vous être appelé·e ?",
        choices=[SelectChoice(k, v) for k, v in WHEN_TO_CALL_CHOICES.items()],
        default="peu-importe",
        validators=[Optional()],
    )
    consent = BooleanField(
        "J'accepte que le coach autonomie de mon secteur me contacte pour m'accompagner. "
        "Il garde mes coordonnées uniquement pour cela",
        validators=[InputRequired("Cochez cette case : sans votre accord, le coach ne peut pas vous contacter.")],
    )
    website = honeypot()


class ReferralForm(PhoneOrEmailMixin, Form):
    NEITHER = "Indiquez son numéro de téléphone ou son adresse électronique : le coach en a besoin pour la joindre."

    # The adviser.
    partner_kind = SelectField(
        "Votre structure",
        choices=[SelectChoice("", "Choisissez…"), *(SelectChoice(k.value, k.label) for k in PartnerKind)],
        validators=[DataRequired("Choisissez le type de votre structure.")],
    )
    organisation = StringField(
        "Nom de votre structure ou agence",
        validators=[DataRequired(REQUIRED), Length(max=160, message="160 caractères au plus.")],
        filters=[strip],
        description="Par exemple : France Travail Alençon.",
        render_kw={"autocomplete": "organization"},
    )
    adviser_name = StringField(
        "Vos prénom et nom",
        validators=[DataRequired(REQUIRED), Length(max=160, message="160 caractères au plus.")],
        filters=[strip],
        render_kw={"autocomplete": "name"},
    )
    adviser_email = email_field("Votre adresse électronique professionnelle")
    adviser_phone = phone_field("Votre numéro de téléphone (facultatif)")
    # The person.
    first_name = StringField(
        "Son prénom",
        validators=[DataRequired(REQUIRED), Length(max=80, message="80 caractères au plus.")],
        filters=[strip],
        render_kw={"autocomplete": "off"},
    )
    last_name = StringField(
        "Son nom",
        validators=[DataRequired(REQUIRED), Length(max=80, message="80 caractères au plus.")],
        filters=[strip],
        render_kw={"autocomplete": "off"},
    )
    phone = phone_field("Son numéro de téléphone")
    email = optional_email_field("Son adresse électronique")
    commune = CommuneField(
        "Sa commune",
        validators=[DataRequired("Indiquez sa commune : elle désigne le coach de son secteur.")],
        description="Tapez le nom ou le code postal, puis choisissez dans la liste.",
    )
    details = TextAreaField(
        "Ce qu'elle cherche",
        validators=[Length(max=1000, message="1 000 caractères au plus.")],
        description="Un métier, une formation, une immersion ; ce que le coach doit savoir pour la première prise "
        "de contact. N'indiquez pas d'information de santé.",
        render_kw={"rows": 4},
    )
    person_agreed = BooleanField(
        "La personne est d'accord pour que le coach autonomie de son secteur la contacte",
        validators=[InputRequired("Cochez cette case : le coach ne contacte la personne qu'avec son accord.")],
    )
    adviser_informed = BooleanField(
        "La personne accepte que je sois tenu·e informé·e des grandes étapes de son parcours : accompagnement "
        "ouvert, immersion réalisée, entrée en formation, prise de poste, fin de l'accompagnement.",
        description="Rien d'autre ne vous sera transmis, et vous pourrez arrêter ces nouvelles à tout moment.",
    )
    website = honeypot()

    def validate_adviser_phone(self, field):
        if field.data:
            normalised = normalise_phone(field.data)
            if normalised is None:
                raise ValidationError(BAD_PHONE)
            field.data = normalised


class FileRequestForm(Form):
    reason = TextAreaField(
        "Motif (facultatif)",
        validators=[Length(max=300, message="300 caractères au plus.")],
        render_kw={"rows": 2},
    )
