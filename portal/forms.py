"""The base of every form: CSRF from Flask-WTF, and WTForms' own messages in French."""

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField


class Form(FlaskForm):
    class Meta:
        # WTForms ships French translations of its built-in messages ("Not a valid date value"...);
        # they apply with WTF_I18N_ENABLED = False (Flask-Babel is not used).
        locales = ("fr_FR", "fr")


def validate_keeping_valid(form: FlaskForm) -> bool:
    """For search forms read from the address: a bad field keeps its message and is left out (emptied);
    the other filters still apply, so a typo never loses the whole search."""
    if form.validate():
        return True
    for name in form.errors:
        field = form[name]
        field.data = [] if isinstance(field, SelectMultipleField) else None
    return False
