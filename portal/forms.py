"""The base of every form: CSRF from Flask-WTF, and WTForms' own messages in French."""

import re

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length


def without_nul(value):
    """NUL is no text anyone types, and PostgreSQL refuses to store it: it goes from every field."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        # WTForms ships French translations of its built-in messages ("Not a valid date value"...);
        # they apply with WTF_I18N_ENABLED = False (Flask-Babel is not used).
        locales = ("fr_FR", "fr")

        def bind_field(self, form, unbound_field, options):
            options["filters"] = (without_nul, *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, **options)


class ReasonForm(Form):
    """Why the association withdraws something (a structure's membership, an offer): told to its recruiters."""

    reason = TextAreaField(
        "Motif",
        validators=[
            DataRequired("Indiquez le motif : il est envoyé aux recruteurs de la structure."),
            Length(max=1000, message="1 000 caractères au plus."),
        ],
    )


def validate_keeping_valid(form: FlaskForm) -> bool:
    """For search forms read from the address: a bad field keeps its message and is left out (emptied);
    the other filters still apply, so a typo never loses the whole search."""
    if form.validate():
        return True
    for name in form.errors:
        field = form[name]
        field.data = [] if isinstance(field, SelectMultipleField) else None
    return False


MAX_PAGE = 10_000
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
_HUGE = 10**18


def int_arg(
    args, name: str, default: int | None = None, *, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    """A whole number read from the address: anything else is the default, and it is clamped to its bounds.

    Read this way, a hostile value (2**63, -1, "1e9") can neither overflow a database integer nor raise.
    """
    raw = (args.get(name) or "").strip()
    if not _WHOLE_NUMBER.fullmatch(raw):
        return default
    negative, digits = raw.startswith("-"), raw.lstrip("-").lstrip("0")
    value = int(digits or 0) if len(digits) <= 18 else _HUGE  # past every bound: no need to read it all
    value = -value if negative else value
    if minimum is not None:
        value = max(minimum, value)
    if maximum is not None:
        value = min(maximum, value)
    return value


def page_arg(args) -> int:
    """The page number of a list: 1 to MAX_PAGE; a list shorter than asked sends to its last page."""
    return int_arg(args, "page", 1, minimum=1, maximum=MAX_PAGE)
