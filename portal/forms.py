"""The base of every form: CSRF from Flask-WTF, and WTForms' own messages in French."""

from flask_wtf import FlaskForm


class Form(FlaskForm):
    class Meta:
        # WTForms ships French translations of its built-in messages ("Not a valid date value"...);
        # they apply with WTF_I18N_ENABLED = False (Flask-Babel is not used).
        locales = ("fr_FR", "fr")
