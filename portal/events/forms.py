from datetime import datetime

from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.accounts.forms import email_field, strip
from portal.candidates.forms import MultiCheckboxField, choices
from portal.clock import utcnow
from portal.communes.forms import CommuneField
from portal.communes.models import ZONES
from portal.events.dates import paris_to_utc
from portal.events.models import AUDIENCES, KINDS
from portal.events.services import EventCriteria
from portal.forms import Form
from portal.search_forms import FiltersForm


class EventForm(Form):
    kind = SelectField("Type d'événement", choices=choices(KINDS))
    title = StringField(
        "Titre",
        validators=[
            DataRequired("Indiquez le titre de l'événement."),
            Length(max=120, message="120 caractères au plus."),
        ],
        filters=[strip],
        description="Par exemple : « Portes ouvertes de l'EHPAD : rencontrez l'équipe de soin ».",
    )
    description = TextAreaField(
        "Programme et informations pratiques",
        validators=[
            DataRequired("Décrivez l'événement."),
            Length(min=20, max=6000, message="Entre 20 et 6 000 caractères."),
        ],
        description="Ce que les personnes vont voir ou faire, qui les accueille, ce qu'il faut apporter. "
        "Une ligne vide sépare les paragraphes.",
        render_kw={"rows": 8},
    )
    start_date = DateField("Date", validators=[DataRequired("Indiquez la date de l'événement.")])
    start_time = TimeField("Heure de début", validators=[DataRequired("Indiquez l'heure de début.")])
    end_date = DateField(
        "Date de fin, si l'événement dure plusieurs jours",
        validators=[Optional()],
        description="Laissez vide pour un événement d'une journée.",
    )
    end_time = TimeField("Heure de fin", validators=[DataRequired("Indiquez l'heure de fin.")])
    place = StringField(
        "Lieu",
        validators=[DataRequired("Indiquez le lieu."), Length(max=300, message="300 caractères au plus.")],
        filters=[strip],
        description="Le nom du lieu et l'adresse : « Salle d'animation, 12 rue des Tilleuls ».",
    )
    commune = CommuneField("Commune", validators=[DataRequired("Indiquez la commune.")])
    registration_required = BooleanField(
        "Sur inscription", description="Sans inscription, les personnes viennent librement."
    )
    capacity = IntegerField(
        "Nombre de places",
        validators=[
            Optional(),
            NumberRange(min=1, max=5000, message="Indiquez au moins 1 place, ou laissez vide pour ne pas limiter."),
        ],
        description="Laissez vide pour ne pas limiter. Une fois les places prises, les inscriptions vont sur une "
        "liste d'attente.",
        render_kw={"inputmode": "numeric"},
    )
    metiers = MultiCheckboxField("Métiers présentés", coerce=int)
    audiences = MultiCheckboxField("Pour qui ?", choices=choices(AUDIENCES))

    def starts_at(self) -> datetime | None:
        if self.start_date.data is None or self.start_time.data is None:
            return None
        return paris_to_utc(self.start_date.data, self.start_time.data)

    def ends_at(self) -> datetime | None:
        day = self.end_date.data or self.start_date.data
        if day is None or self.end_time.data is None:
            return None
        return paris_to_utc(day, self.end_time.data)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        starts_at, ends_at = self.starts_at(), self.ends_at()
        if starts_at is not None and starts_at <= utcnow() and not self.start_date.errors:
            self.start_date.errors = [
                *self.start_date.errors,
                "Cette date est déjà passée : choisissez une date à venir.",
            ]
            valid = False
        if starts_at is not None and ends_at is not None and ends_at <= starts_at:
            target = self.end_date if self.end_date.data else self.end_time
            target.errors = [*target.errors, "La fin doit venir après le début."]
            valid = False
        return valid


class EventSearchForm(FiltersForm):
    """The agenda's filters, read from the address (GET)."""

    type = MultiCheckboxField("Type d'événement", choices=choices(KINDS))
    zone = MultiCheckboxField("Zone", choices=choices(ZONES))
    metier = MultiCheckboxField("Métier")


def search_criteria(args: MultiDict) -> tuple[EventSearchForm, EventCriteria]:
    """The agenda's filters read from its address, and the criteria they mean; bad values are left out."""
    form = EventSearchForm.read(args)
    return form, EventCriteria(kinds=form.type.data or [], zones=form.zone.data or [], metiers=form.metier.data or [])


class VisitorRegistrationForm(Form):
    name = StringField(
        "Votre nom et prénom",
        validators=[DataRequired("Indiquez votre nom."), Length(max=160, message="160 caractères au plus.")],
        filters=[strip],
        render_kw={"autocomplete": "name"},
    )
    email = email_field("Votre adresse électronique")
    # Hidden from people, filled in by robots: a registration with it is dropped.
    website = StringField("Ne pas remplir ce champ", render_kw={"tabindex": "-1", "autocomplete": "off"})


class CancelEventForm(Form):
    reason = TextAreaField(
        "Message aux personnes inscrites",
        validators=[Optional(), Length(max=2000, message="2 000 caractères au plus.")],
        filters=[strip],
        description="Facultatif : la raison, et une autre date si vous en prévoyez une.",
        render_kw={"rows": 4},
    )
