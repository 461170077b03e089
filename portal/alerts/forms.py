from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, RadioField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from portal.accounts.forms import email_field
from portal.alerts.models import AlertKind, Frequency
from portal.candidates.forms import choices
from portal.events.forms import search_criteria as event_criteria
from portal.forms import Form
from portal.offers.forms import search_criteria as offer_criteria

# The search pages an alert can be made from, by kind.
SEARCH_PAGES = {AlertKind.OFFERS: "offers.search", AlertKind.EVENTS: "events.agenda"}
# The alert forms of the search pages share the page with the search form: their fields are prefixed.
PREFIX = "alerte"


FREQUENCIES = Frequency.labels()


def _frequency(kinds=FREQUENCIES) -> RadioField:
    return RadioField(
        "Fréquence",
        choices=choices(kinds),
        default=Frequency.DAILY,
        validators=[DataRequired("Choisissez une fréquence.")],
    )


class AlertForm(Form):
    name = StringField(
        "Nom de l'alerte",
        validators=[Optional(), Length(max=120, message="120 caractères au plus.")],
        description="Pour la reconnaître dans vos courriels. Laissez vide : les critères servent de nom.",
    )
    frequency = _frequency()


class NewAlertForm(Form):
    """A candidate's alert from a search page; the criteria come with it as the page's own fields."""

    kind = HiddenField(validators=[AnyOf(list(SEARCH_PAGES), message="Type d'alerte inconnu.")])
    frequency = _frequency()


class VisitorAlertForm(NewAlertForm):
    email = email_field("Votre adresse électronique")
    # Hidden from people, filled in by robots: a request with it is dropped.
    website = StringField("Ne pas remplir ce champ", render_kw={"tabindex": "-1", "autocomplete": "off"})


class SavedSearchAlertForm(Form):
    """A member's alert on a saved CV-thèque search: digests only."""

    frequency = _frequency({value: Frequency(value).label for value in Frequency.DIGESTS})


def posted_kind(form: NewAlertForm) -> str:
    return form.kind.data if form.kind.data in SEARCH_PAGES else AlertKind.OFFERS


def posted_criteria(kind: str, formdata: MultiDict) -> dict:
    """The search page's criteria sent with an alert form, read by the page's own form: bad values are left out.

    The order of the results ("tri") stays in: it is the page's address, not what the alert matches.
    """
    read = offer_criteria if kind == AlertKind.OFFERS else event_criteria
    _form, criteria = read(formdata)
    return criteria.as_args()


def alert_args(page_args: dict) -> dict:
    """What an alert matches: the page's criteria but the order of its results."""
    return {key: value for key, value in page_args.items() if key != "tri"}
