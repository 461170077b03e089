from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES
from portal.communes.forms import CommuneField
from portal.forms import Form


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        known = {str(choice.value) for choice in self.choices}
        unknown = [value for value in self.data or [] if str(value) not in known]
        if unknown:
            raise ValidationError("Choix inconnu : " + ", ".join(map(str, unknown)) + ".")


def choices(mapping: dict) -> list[SelectChoice]:
    return [SelectChoice(key, label) for key, label in mapping.items()]


class ProfileForm(Form):
    metiers = MultiCheckboxField(
        "Les métiers que vous cherchez", coerce=int, description="Cochez un ou plusieurs métiers."
    )
    commune = CommuneField(
        "Votre commune",
        validators=[Optional()],
        description="Tapez le nom ou le code postal, puis choisissez dans la liste.",
    )
    mobility_km = IntegerField(
        "Jusqu'où pouvez-vous vous déplacer pour travailler ? (en km)",
        default=20,
        validators=[Optional(), NumberRange(min=0, max=200, message="Indiquez une distance entre 0 et 200 km.")],
        render_kw={"inputmode": "numeric"},
    )
    driving_licence = BooleanField("J'ai le permis B")
    has_vehicle = BooleanField("J'ai un véhicule")
    contract_types = MultiCheckboxField("Les contrats qui vous conviennent", choices=choices(CONTRACT_TYPES))
    working_times = MultiCheckboxField("Le temps de travail souhaité", choices=choices(WORKING_TIMES))
    available_from = DateField(
        "Disponible à partir du", validators=[Optional()], description="Laissez vide si vous ne savez pas encore."
    )
    diplomas = TextAreaField(
        "Vos diplômes et formations",
        validators=[Length(max=2000)],
        description="Un par ligne, par exemple : DEAES (2021), permis B, SST.",
        render_kw={"rows": 4},
    )
    experience_years = IntegerField(
        "Années d'expérience dans le secteur",
        validators=[Optional(), NumberRange(min=0, max=50, message="Indiquez un nombre d'années entre 0 et 50.")],
        description="Y compris auprès d'un proche, en bénévolat ou en stage.",
        render_kw={"inputmode": "numeric"},
    )
    presentation = TextAreaField(
        "Présentez-vous en quelques lignes",
        validators=[Length(max=2000, message="2 000 caractères au plus.")],
        description="Ce qui vous attire dans ces métiers, ce que vous savez faire, ce que vous cherchez.",
        render_kw={"rows": 6},
    )
    rqth = BooleanField("J'ai une reconnaissance de la qualité de travailleur handicapé (RQTH)")
    rsa = BooleanField("Je perçois le RSA")
    mission_locale = BooleanField("Je suis accompagné·e par la Mission locale")
    france_travail = BooleanField("Je suis accompagné·e par France Travail")
    # Who sees the profile: in the same form, so that one button saves the whole page.
    visible = BooleanField(
        "Je rends mon profil visible des employeurs adhérents dans la CV-thèque",
        description="Vous pouvez le retirer à tout moment : décochez, puis enregistrez.",
    )
    anonymous = BooleanField(
        "Mode anonyme : les employeurs ne voient ni mon nom, ni mes coordonnées, ni ma photo, "
        "ni mon CV, tant que je n'ai pas accepté leur demande de contact"
    )
    accepts_offers = BooleanField("J'accepte que les employeurs adhérents m'envoient des offres d'emploi")


class CVUploadForm(Form):
    cv = FileField(
        "Votre CV",
        description="PDF, Word (.docx) ou OpenDocument (.odt), 5 Mo au plus.",
        render_kw={
            "accept": ".pdf,.docx,.odt,application/pdf,application/vnd.openxmlformats-officedocument"
            ".wordprocessingml.document,application/vnd.oasis.opendocument.text"
        },
    )

    def validate_cv(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("Choisissez un fichier sur votre téléphone ou votre ordinateur.")


class PhotoForm(Form):
    photo = FileField(
        "Photo (facultative)",
        description="JPEG, PNG ou WebP, 5 Mo au plus. Elle sera recadrée en carré.",
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )

    def validate_photo(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("Choisissez une photo.")
