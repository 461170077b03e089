"""The filters of the search pages (the CV-thèque, the offers, the agenda), read from the address (GET).

A search read from its address can be bookmarked, saved and turned into an alert. The fields every page shares
are declared once here, with their labels, choices and messages; each page's form adds its own.
"""

from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from portal.candidates.forms import MultiCheckboxField, choices
from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES
from portal.communes.forms import CommuneField
from portal.communes.models import ZONES
from portal.forms import Form, validate_keeping_valid
from portal.metiers.services import all_metiers


class FiltersForm(Form):
    """A page's filters: read from the address, so without CSRF; `metier` offers the site's métiers."""

    class Meta:
        csrf = False

    @classmethod
    def from_address(cls, args: MultiDict) -> "FiltersForm":
        """The form filled from the address, or with its defaults when the address has no parameter."""
        form = cls(formdata=args if args else None)
        form.metier.choices = [SelectChoice(m.slug, m.title) for m in all_metiers()]
        return form

    @classmethod
    def read(cls, args: MultiDict) -> "FiltersForm":
        """The form filled from the address and validated: a bad value keeps its message and is left out."""
        form = cls.from_address(args)
        if args:
            validate_keeping_valid(form)
        return form


class SearchFiltersForm(FiltersForm):
    """Words, métiers, zones, a commune and a radius, contracts and working times: the searches of the index.

    The words' label and help differ from page to page (WORDS_LABEL, WORDS_DESCRIPTION); the field stays declared
    here, first, so that the fields keep their order (the summary of errors lists them in that order).
    """

    WORDS_LABEL = "Rechercher"
    WORDS_DESCRIPTION = ""

    q = StringField("Rechercher", validators=[Optional(), Length(max=300, message="300 caractères au plus.")])
    metier = MultiCheckboxField("Métier")
    zone = MultiCheckboxField("Zone", choices=choices(ZONES))
    commune = CommuneField("Autour de la commune", validators=[Optional()])
    rayon = IntegerField(
        "Rayon (km)",
        default=20,
        validators=[Optional(), NumberRange(min=0, max=150, message="Indiquez un rayon entre 0 et 150 km.")],
        render_kw={"inputmode": "numeric"},
    )
    contrat = MultiCheckboxField("Contrat", choices=choices(CONTRACT_TYPES))
    temps = MultiCheckboxField("Temps de travail", choices=choices(WORKING_TIMES))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.q.label.text, self.q.description = self.WORDS_LABEL, self.WORDS_DESCRIPTION

    def search_fields(self) -> dict:
        """The criteria these shared fields mean (see portal.criteria.SearchCriteria)."""
        return {
            "q": (self.q.data or "").strip(),
            "metiers": self.metier.data or [],
            "zones": self.zone.data or [],
            "commune": self.commune.commune,
            "radius_km": self.rayon.data if self.rayon.data is not None else 20,
            "contracts": self.contrat.data or [],
            "times": self.temps.data or [],
        }
