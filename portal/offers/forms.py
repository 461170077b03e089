from datetime import timedelta

from flask_wtf.file import FileField
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.candidates.forms import choices
from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES
from portal.clock import today_in_paris
from portal.communes.forms import CommuneField
from portal.forms import Form
from portal.offers.models import ApplicationStatus
from portal.offers.services import OfferCriteria
from portal.search_forms import SearchFiltersForm

DEFAULT_DAYS = 60
MAX_DAYS = 183


class OfferForm(Form):
    title = StringField(
        "Intitulé du poste",
        validators=[DataRequired("Indiquez l'intitulé du poste."), Length(max=120, message="120 caractères au plus.")],
        description="Par exemple : « Aide-soignant·e de nuit en EHPAD ».",
    )
    metier = SelectField("Métier", coerce=int, validators=[DataRequired("Choisissez le métier.")])
    contract_type = SelectField("Type de contrat", choices=choices(CONTRACT_TYPES))
    working_time = SelectField("Temps de travail", choices=choices(WORKING_TIMES))
    weekly_hours = DecimalField(
        "Heures par semaine",
        places=1,
        validators=[Optional(), NumberRange(min=1, max=48, message="Entre 1 et 48 heures.")],
        render_kw={"inputmode": "decimal"},
    )
    schedule_notes = StringField(
        "Horaires",
        validators=[Optional(), Length(max=300)],
        description="Nuits, week-ends, coupures… ce que la personne doit savoir.",
    )
    commune = CommuneField("Commune du poste", validators=[DataRequired("Indiquez la commune du poste.")])
    salary_min = IntegerField(
        "Salaire brut mensuel, de (€)",
        validators=[Optional(), NumberRange(min=500, max=10000, message="Entre 500 et 10 000 €.")],
        render_kw={"inputmode": "numeric"},
    )
    salary_max = IntegerField(
        "à (€)",
        validators=[Optional(), NumberRange(min=500, max=10000, message="Entre 500 et 10 000 €.")],
        render_kw={"inputmode": "numeric"},
    )
    start_date = DateField(
        "Prise de poste", validators=[Optional()], description="Laissez vide pour « dès que possible »."
    )
    description = TextAreaField(
        "Description du poste",
        validators=[
            DataRequired("Décrivez le poste."),
            Length(min=50, max=6000, message="Entre 50 et 6 000 caractères."),
        ],
        render_kw={"rows": 8},
    )
    diploma_required = BooleanField("Un diplôme est exigé")
    diploma = StringField(
        "Lequel ?", validators=[Optional(), Length(max=200)], description="Par exemple : DEAS, DEAES."
    )
    licence_required = BooleanField("Le permis B est exigé")
    expires_on = DateField(
        "L'offre expire le",
        validators=[DataRequired("Indiquez une date d'expiration.")],
        description=f"Par défaut dans {DEFAULT_DAYS} jours ; au plus tard dans 6 mois.",
    )

    def validate_salary_max(self, field):
        if field.data is not None and self.salary_min.data is not None and field.data < self.salary_min.data:
            raise ValidationError("Le salaire maximum doit être supérieur ou égal au minimum.")

    def validate_start_date(self, field):
        if field.data is not None and field.data < today_in_paris():
            raise ValidationError("La date de prise de poste est déjà passée.")

    def validate_expires_on(self, field):
        today = today_in_paris()
        if field.data is not None and field.data < today:
            raise ValidationError("La date d'expiration est déjà passée.")
        if field.data is not None and field.data > today + timedelta(days=MAX_DAYS):
            raise ValidationError("Une offre reste en ligne six mois au plus : choisissez une date plus proche.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.diploma_required.data and not (self.diploma.data or "").strip():
            self.diploma.errors = [*self.diploma.errors, "Indiquez le diplôme exigé."]
            valid = False
        return valid


class OfferSearchForm(SearchFiltersForm):
    """The offers page's filters, read from the address (GET)."""

    WORDS_LABEL = "Rechercher une offre"
    WORDS_DESCRIPTION = "Un métier, un lieu, un mot de l'annonce. Les accents ne comptent pas."

    diplome = RadioField(
        "Diplôme",
        choices=choices({"": "Peu importe", "non": "Sans diplôme exigé", "oui": "Avec diplôme exigé"}),
        default="",
        validators=[Optional()],
    )
    permis = RadioField(
        "Permis B",
        choices=choices({"": "Peu importe", "non": "Sans permis exigé", "oui": "Permis exigé"}),
        default="",
        validators=[Optional()],
    )
    tri = RadioField(
        "Trier par",
        choices=choices({"date": "Les plus récentes", "pertinence": "Pertinence"}),
        default="date",
        validators=[Optional()],
    )


class ApplyForm(Form):
    cv = SelectField("Le CV à joindre", coerce=int, validators=[Optional()])
    new_cv = FileField(
        "Ou un nouveau CV",
        description="PDF, Word (.docx) ou OpenDocument (.odt), 5 Mo au plus. Il sera aussi ajouté à vos CV.",
    )
    message = TextAreaField(
        "Votre message",
        validators=[Optional(), Length(max=2000, message="2 000 caractères au plus.")],
        description="Quelques mots sur ce qui vous attire dans ce poste (facultatif).",
        render_kw={"rows": 5},
    )


class ApplicationStatusForm(Form):
    status = SelectField(
        "Nouvel état", choices=choices({value: ApplicationStatus(value).label for value in ApplicationStatus.CHOICES})
    )
    message = TextAreaField(
        "Message à la personne (facultatif)", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )


class ProposeOfferForm(Form):
    # The service says why an offer cannot be sent (someone else's, closed, already sent): not "invalid choice".
    offer = SelectField(
        "L'offre à proposer",
        coerce=int,
        validate_choice=False,
        validators=[
            DataRequired("Choisissez une de vos offres ouvertes."),
            NumberRange(min=1, max=2**31 - 1, message="Choisissez une de vos offres ouvertes."),
        ],
    )
    message = TextAreaField(
        "Votre message (facultatif)",
        validators=[Optional(), Length(max=2000, message="2 000 caractères au plus.")],
        description="Pourquoi ce poste pourrait lui convenir. La personne le lira avec l'offre.",
        render_kw={"rows": 4},
    )


def search_criteria(args: MultiDict) -> tuple[OfferSearchForm, OfferCriteria]:
    """The search page's form read from its address, and the criteria it means; bad values are left out."""
    form = OfferSearchForm.read(args)
    criteria = OfferCriteria(
        **form.search_fields(),
        diploma=form.diplome.data or "",
        licence=form.permis.data or "",
        order=form.tri.data or "date",
    )
    return form, criteria
