from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.candidates.forms import choices
from portal.cvtheque.services import Criteria
from portal.forms import Form
from portal.search_forms import SearchFiltersForm

ORDERS = {"pertinence": "Pertinence", "recent": "Les plus récents"}


class SearchForm(SearchFiltersForm):
    """The search page's filters, read from the address (GET): a search can be bookmarked and saved."""

    WORDS_LABEL = "Rechercher"
    WORDS_DESCRIPTION = (
        'Des mots du profil ou du CV. "Entre guillemets" pour une expression exacte ; '
        "OU, SAUF pour combiner ; soign* pour le début d'un mot."
    )

    dispo = DateField("Disponible au plus tard le", validators=[Optional()])
    permis = BooleanField("Permis B")
    tri = RadioField("Trier par", choices=choices(ORDERS), default="pertinence", validators=[Optional()])


class ContactRequestForm(Form):
    message = TextAreaField(
        "Votre message",
        validators=[
            DataRequired("Écrivez quelques mots : le poste, la structure, pourquoi ce profil vous intéresse."),
            Length(min=20, max=2000, message="Entre 20 et 2 000 caractères."),
        ],
        description="La personne le lira avant de décider de vous donner ses coordonnées.",
        render_kw={"rows": 5},
    )


class SaveSearchForm(Form):
    name = StringField(
        "Nom de la recherche",
        validators=[DataRequired("Donnez un nom à cette recherche."), Length(max=80, message="80 caractères au plus.")],
        description="Par exemple : « Aides-soignants de nuit, Flers ».",
    )


def search_form(args: MultiDict) -> SearchForm:
    return SearchForm.from_address(args)


def criteria_of(form: SearchForm) -> Criteria:
    return Criteria(
        **form.search_fields(),
        available_before=form.dispo.data,
        licence=bool(form.permis.data),
        order=form.tri.data or "pertinence",
    )


def search_criteria(args: MultiDict) -> tuple[SearchForm, Criteria]:
    """The search page's form read from its address, and the criteria it means; bad values are left out."""
    form = SearchForm.read(args)
    return form, criteria_of(form)
