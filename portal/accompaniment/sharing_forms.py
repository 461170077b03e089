"""The forms of sharing a person with a structure, its answer, and the person's own confirmations."""

from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.accompaniment.models import SharingAnswer, SharingPurpose
from portal.candidates.forms import choices
from portal.forms import Form


def _id_or_none(value) -> int | None:
    """The id of a choice; the empty first option ("Choisir…") is none."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ShareForm(Form):
    structure = SelectField(
        "Structure adhérente",
        coerce=_id_or_none,
        validate_choice=True,
        validators=[InputRequired("Choisissez la structure à qui proposer la personne.")],
    )
    purpose = RadioField(
        "Pour",
        choices=choices(SharingPurpose.labels()),
        validators=[InputRequired("Dites pour quoi vous proposez la personne.")],
    )
    message = TextAreaField(
        "Message à la structure",
        description=(
            "Ce que la structure doit savoir pour rencontrer la personne. Jamais de santé, de RQTH, de RSA "
            "ni de difficultés personnelles : la structure lit ce message."
        ),
        validators=[Optional(), Length(max=2000, message="2 000 caractères au plus.")],
    )
    agreement = BooleanField(
        "La personne est d'accord pour que son profil soit proposé à cette structure",
        validators=[InputRequired("Sans l'accord de la personne, son profil ne peut pas être proposé.")],
    )
    agreement_how = StringField(
        "Comment a-t-elle donné son accord ?",
        description="Par exemple : « à l'oral, en entretien le 3 mars » ou « par SMS ».",
        validators=[
            DataRequired("Indiquez comment la personne a donné son accord."),
            Length(max=120, message="120 caractères au plus."),
        ],
    )


class AnswerForm(Form):
    answer = RadioField(
        "Votre réponse",
        choices=choices(SharingAnswer.labels()),
        validators=[InputRequired("Choisissez votre réponse.")],
    )
    message = TextAreaField(
        "Message au coach (facultatif)",
        validators=[Optional(), Length(max=1000, message="1 000 caractères au plus.")],
    )


class ConfirmForm(Form):
    """A button that acts (POST, with CSRF) after a page that asks."""
