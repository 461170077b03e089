from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.candidates.forms import MultiCheckboxField, choices
from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES
from portal.communes.forms import CommuneField
from portal.communes.models import ZONES
from portal.cvtheque.services import Criteria
from portal.forms import Form, validate_keeping_valid
from portal.metiers.services import all_metiers

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


def search_form(args: MultiDict) -> SearchForm:
    form = SearchForm(formdata=args if args else None)
    form.metier.choices = [SelectChoice(m.slug, m.title) for m in all_metiers()]
    return form


def criteria_of(form: SearchForm) -> Criteria:
    return Criteria(
        q=(form.q.data or "").strip(), metiers=form.metier.data or [], zones=form.zone.data or [],
        commune=form.commune.commune, radius_km=form.rayon.data if form.rayon.data is not None else 20,
        contracts=form.contrat.data or [], times=form.temps.data or [], available_before=form.dispo.data,
        licence=bool(form.permis.data), order=form.tri.data or "pertinence")


def search_criteria(args: MultiDict) -> tuple[SearchForm, Criteria]:
    """The search page's form read from its address, and the criteria it means; bad values are left out."""
    form = search_form(args)
    if args:
        validate_keeping_valid(form)
    return form, criteria_of(form)
