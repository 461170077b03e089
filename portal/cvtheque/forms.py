from wtforms import BooleanField, DateField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.candidates.forms import MultiCheckboxField, choices
from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES
from portal.communes.forms import CommuneField
from portal.communes.models import ZONES
from portal.forms import Form

ORDERS = {"pertinence": "Pertinence", "recent": "Les plus récents"}


class SearchForm(Form):
    """The search page's filters, read from the address (GET): a search can be bookmarked and saved."""

    class Meta:
        csrf = False

    q = StringField("Rechercher", validators=[Optional(), Length(max=300, message="300 caractères au plus.")],
                    description='Des mots du profil ou du CV. "Entre guillemets" pour une expression exacte ; '
                                "OU, SAUF pour combiner ; soign* pour le début d'un mot.")
    metier = MultiCheckboxField("Métier")
    zone = MultiCheckboxField("Zone", choices=choices(ZONES))
    commune = CommuneField("Autour de la commune", validators=[Optional()])
    rayon = IntegerField("Rayon (km)", default=20, validators=[
        Optional(), NumberRange(min=0, max=150, message="Indiquez un rayon entre 0 et 150 km.")],
        render_kw={"inputmode": "numeric"})
    contrat = MultiCheckboxField("Contrat", choices=choices(CONTRACT_TYPES))
    temps = MultiCheckboxField("Temps de travail", choices=choices(WORKING_TIMES))
    dispo = DateField("Disponible au plus tard le", validators=[Optional()])
    permis = BooleanField("Permis B")
    tri = RadioField("Trier par", choices=choices(ORDERS), default="pertinence", validators=[Optional()])


class ContactRequestForm(Form):
    message = TextAreaField("Votre message", validators=[
        DataRequired("Écrivez quelques mots : le poste, la structure, pourquoi ce profil vous intéresse."),
        Length(min=20, max=2000, message="Entre 20 et 2 000 caractères.")],
        description="La personne le lira avant de décider de vous donner ses coordonnées.",
        render_kw={"rows": 5})


class SaveSearchForm(Form):
    name = StringField("Nom de la recherche", validators=[
        DataRequired("Donnez un nom à cette recherche."), Length(max=80, message="80 caractères au plus.")],
        description="Par exemple : « Aides-soignants de nuit, Flers ».")
