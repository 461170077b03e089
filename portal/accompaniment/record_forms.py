"""The coaches' forms: opening and editing a record, its steps, its status, notes and coach."""

import re

from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from portal.accompaniment.models import (
    Barrier,
    ImmersionKind,
    Origin,
    Outcome,
    Public,
    StepKind,
    StepStatus,
    TrainingKind,
    TrainingStatus,
)
from portal.accounts.forms import strip
from portal.candidates.forms import MultiCheckboxField, choices
from portal.candidates.models import ContractType
from portal.clock import today_in_paris
from portal.communes.forms import CommuneField
from portal.forms import Form

DEFAULT_CONSENT_SCOPE = (
    "La personne accepte que l'association garde ses coordonnées et les étapes de son parcours pour l'accompagner "
    "vers un emploi, qu'elle la contacte pour cela, et que son coach propose son profil à des employeurs "
    "adhérents seulement avec son accord, à chaque fois. Elle peut voir son dossier, le corriger ou y mettre fin "
    "à tout moment."
)
DEFAULT_CONSENT_HOW = "À l'oral, lors d'un entretien"

PHONE = re.compile(r"(?:\+33|0033|0)[1-9][0-9]{8}")


def optional_int(value) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def validate_phone(form, field) -> None:
    if field.data and not PHONE.fullmatch(re.sub(r"[\s.\-()]", "", field.data)):
        raise ValidationError("Ce numéro n'est pas valide (exemple : 06 12 34 56 78).")


class PersonForm(Form):
    """Who the person is and their situation: what opening and editing a record share."""

    first_name = StringField(
        "Prénom",
        validators=[DataRequired("Indiquez le prénom."), Length(max=80, message="80 caractères au plus.")],
        filters=[strip],
    )
    last_name = StringField("Nom", validators=[Length(max=80, message="80 caractères au plus.")], filters=[strip])
    phone = StringField(
        "Téléphone",
        validators=[Length(max=20, message="20 caractères au plus."), validate_phone],
        filters=[strip],
        render_kw={"inputmode": "tel", "autocomplete": "off"},
    )
    email = StringField(
        "Adresse électronique",
        validators=[
            Optional(),
            Length(max=254, message="L'adresse est trop longue."),
            Email("Cette adresse n'est pas valide (exemple : prenom.nom@exemple.fr).", check_deliverability=False),
        ],
        filters=[strip],
        description="Un téléphone ou une adresse électronique au moins.",
        render_kw={"inputmode": "email", "autocomplete": "off"},
    )
    commune = CommuneField(
        "Commune",
        validators=[DataRequired("Indiquez la commune : elle donne la zone et son coach.")],
        description="Tapez le nom ou le code postal, puis choisissez dans la liste.",
    )
    origin = SelectField("Comment la personne est venue", choices=choices(Origin.labels()))
    publics = MultiCheckboxField(
        "Publics concernés",
        choices=choices(Public.labels()),
        description="Visible par l'équipe de l'association seulement : jamais par les employeurs.",
    )
    metiers = MultiCheckboxField("Métiers qui l'intéressent", coerce=int)
    barriers = MultiCheckboxField("Freins évoqués par la personne", choices=choices(Barrier.labels()))
    aids = TextAreaField(
        "Aides mobilisées",
        validators=[Length(max=2000, message="2 000 caractères au plus.")],
        filters=[strip],
        description="Transport, garde d'enfants, financement de formation...",
        render_kw={"rows": 3},
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.email.data and not self.phone.data:
            self.email.errors = [
                *self.email.errors,
                "Indiquez un téléphone ou une adresse électronique pour joindre la personne.",
            ]
            valid = False
        return valid


class OpenRecordForm(PersonForm):
    consent_date = DateField("Date du consentement", validators=[DataRequired("Indiquez la date du consentement.")])
    consent_how = StringField(
        "Comment il a été donné",
        validators=[DataRequired("Indiquez comment la personne a donné son accord."), Length(max=120)],
        filters=[strip],
        description="Par exemple : à l'oral au téléphone, par écrit, formulaire du site.",
    )
    consent_scope = TextAreaField(
        "Ce que la personne accepte",
        validators=[DataRequired("Indiquez ce que couvre l'accord."), Length(max=2000)],
        filters=[strip],
        render_kw={"rows": 4},
    )
    coach = SelectField("Coach référent", coerce=optional_int, validate_choice=False)

    def validate_consent_date(self, field) -> None:
        if field.data and field.data > today_in_paris():
            raise ValidationError("La date du consentement ne peut pas être dans le futur.")


class CoachForm(Form):
    coach = SelectField("Nouveau coach référent", coerce=optional_int, validate_choice=False)


class NoteForm(Form):
    text = TextAreaField(
        "Nouvelle note",
        validators=[DataRequired("Écrivez la note."), Length(max=5000, message="5 000 caractères au plus.")],
        filters=[strip],
        description="Datée et signée de votre nom ; lue par l'équipe de l'association seulement.",
        render_kw={"rows": 3},
    )


class CloseForm(Form):
    outcome = RadioField(
        "Comment l'accompagnement se termine",
        choices=choices(Outcome.labels()),
        validators=[DataRequired("Choisissez comment l'accompagnement se termine.")],
    )
    closed_on = DateField("Date de fin", validators=[DataRequired("Indiquez la date de fin.")])

    def validate_closed_on(self, field) -> None:
        if field.data and field.data > today_in_paris():
            raise ValidationError("La date de fin ne peut pas être dans le futur.")


# The fields each kind of step shows, beyond its date, status and note.
KIND_FIELDS = {
    StepKind.FIRST_INTERVIEW: [],
    StepKind.CONTACT: [],
    StepKind.EVENT: ["event_id"],
    StepKind.IMMERSION: ["immersion_kind", "structure_id", "organisation", "metier_id"],
    StepKind.TRAINING: ["training_kind", "organisation", "training_status", "ends_on", "metier_id"],
    StepKind.EMPLOYER_INTERVIEW: ["structure_id", "organisation", "metier_id"],
    StepKind.JOB: ["structure_id", "organisation", "metier_id", "contract_type", "hours_per_week", "application_id"],
    StepKind.FOLLOW_UP: ["still_in_post", "left_reason"],
}
DAY_LABELS = {StepKind.JOB: "Date de prise de poste", StepKind.TRAINING: "Date d'entrée en formation"}
YES_NO = [SelectChoice("", "Pas encore su"), SelectChoice("oui", "Oui"), SelectChoice("non", "Non")]


class StepForm(Form):
    day = DateField("Date", validators=[Optional()])
    status = RadioField("État", choices=choices(StepStatus.labels()), default=StepStatus.PLANNED)
    note = TextAreaField(
        "Note courte",
        validators=[Length(max=500, message="500 caractères au plus.")],
        filters=[strip],
        description="La personne la lit avec l'étape, dans son espace : pas d'information confidentielle ici.",
        render_kw={"rows": 2},
    )
    event_id = SelectField("Événement du site", coerce=optional_int)
    immersion_kind = SelectField("Type", choices=choices(ImmersionKind.labels()), validators=[Optional()])
    structure_id = SelectField("Structure adhérente", coerce=optional_int)
    organisation = StringField(
        "Ou le nom de l'employeur ou de l'organisme",
        validators=[Length(max=160, message="160 caractères au plus.")],
        filters=[strip],
    )
    metier_id = SelectField("Métier", coerce=optional_int)
    training_kind = SelectField("Formation", choices=choices(TrainingKind.labels()), validators=[Optional()])
    training_status = SelectField(
        "Où en est la formation", choices=choices(TrainingStatus.labels()), validators=[Optional()]
    )
    ends_on = DateField("Date de fin prévue", validators=[Optional()])
    contract_type = SelectField(
        "Type de contrat",
        choices=[SelectChoice("", "Non précisé"), *choices(ContractType.labels())],
        validators=[Optional()],
    )
    hours_per_week = IntegerField(
        "Heures par semaine",
        validators=[Optional(), NumberRange(min=1, max=48, message="Entre 1 et 48 heures.")],
        render_kw={"inputmode": "numeric"},
    )
    application_id = SelectField("Sa candidature sur le site", coerce=optional_int)
    still_in_post = RadioField("Toujours en poste ?", choices=YES_NO, default="", validators=[Optional()])
    left_reason = StringField(
        "Si non, pourquoi",
        validators=[Length(max=300, message="300 caractères au plus.")],
        filters=[strip],
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = StepKind(kind)
        self.day.label.text = DAY_LABELS.get(self.kind, "Date")
        if self.kind == StepKind.EVENT:
            self.day.description = "Laissez vide : c'est la date de l'événement choisi."
        if self.kind in (StepKind.IMMERSION, StepKind.EMPLOYER_INTERVIEW, StepKind.JOB):
            self.organisation.label.text = "Ou le nom de l'employeur, s'il n'est pas adhérent"
        if self.kind == StepKind.TRAINING:
            self.organisation.label.text = "Organisme de formation"

    @property
    def kind_fields(self) -> list:
        return [self[name] for name in KIND_FIELDS[self.kind]]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.day.data is None and not self.day.errors:
            if not (self.kind == StepKind.EVENT and self.event_id.data):
                self.day.errors = [*self.day.errors, "Indiquez la date."]
                valid = False
        needs_employer = self.kind in (StepKind.JOB, StepKind.EMPLOYER_INTERVIEW, StepKind.IMMERSION)
        if needs_employer and not self.structure_id.data and not self.organisation.data:
            self.structure_id.errors = [
                *self.structure_id.errors,
                "Choisissez la structure adhérente, ou écrivez le nom de l'employeur.",
            ]
            valid = False
        if self.kind == StepKind.IMMERSION and not self.immersion_kind.data:
            self.immersion_kind.errors = [*self.immersion_kind.errors, "Choisissez le type d'immersion."]
            valid = False
        if self.kind == StepKind.TRAINING and not self.training_kind.data:
            self.training_kind.errors = [*self.training_kind.errors, "Choisissez la formation."]
            valid = False
        if self.kind == StepKind.TRAINING and self.ends_on.data and self.day.data and self.ends_on.data < self.day.data:
            self.ends_on.errors = [*self.ends_on.errors, "La fin doit venir après le début."]
            valid = False
        if self.kind == StepKind.FOLLOW_UP and self.still_in_post.data == "non" and not self.left_reason.data:
            self.left_reason.errors = [*self.left_reason.errors, "Indiquez pourquoi la personne n'est plus en poste."]
            valid = False
        return valid
