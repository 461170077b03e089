from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from portal.accounts.forms import REQUIRED, email_field, strip
from portal.forms import Form

SUBJECTS = {
    "candidat": "Je cherche un emploi, une formation ou une immersion",
    "employeur": "Je suis employeur et je souhaite adhérer",
    "partenaire": "Je suis un professionnel de l'emploi ou de la formation",
    "donnees": "Mes données personnelles",
    "autre": "Autre question",
}


class ContactForm(Form):
    name = StringField(
        "Votre nom",
        validators=[DataRequired(REQUIRED), Length(max=120)],
        filters=[strip],
        render_kw={"autocomplete": "name"},
    )
    email = email_field("Votre adresse électronique")
    subject = SelectField("Sujet", choices=[SelectChoice(k, v) for k, v in SUBJECTS.items()])
    message = TextAreaField(
        "Votre message",
        validators=[DataRequired(REQUIRED), Length(min=10, max=5000, message="Entre 10 et 5 000 caractères.")],
        render_kw={"rows": 8},
    )
    consent = BooleanField(
        "J'accepte que mes coordonnées et mon message soient utilisés pour me répondre (ils sont gardés 12 mois au plus).",
        validators=[InputRequired("Nous avons besoin de votre accord pour vous répondre.")],
    )
    # Hidden from people, filled in by robots: a message with it is dropped.
    website = StringField("Ne pas remplir ce champ", render_kw={"tabindex": "-1", "autocomplete": "off"})
