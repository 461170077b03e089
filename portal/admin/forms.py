from portal.forms import Form
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from portal.communes.models import ZONES


class ReasonForm(Form):
    reason = TextAreaField(
        "Motif",
        validators=[DataRequired("Indiquez le motif : il est envoyé aux recruteurs de la structure."),
                    Length(max=1000, message="1 000 caractères au plus.")],
    )


class ZoneForm(Form):
    zone = SelectField("Zone", choices=[SelectChoice(k, v) for k, v in ZONES.items()])


class AddressForm(Form):
    email = HiddenField(validators=[DataRequired("Indiquez l'adresse."), Length(max=254)])
