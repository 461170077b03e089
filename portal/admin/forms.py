from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from portal.communes.models import ZONES
from portal.forms import Form


class ZoneForm(Form):
    zone = SelectField("Zone", choices=[SelectChoice(k, v) for k, v in ZONES.items()])


class AddressForm(Form):
    email = HiddenField(validators=[DataRequired("Indiquez l'adresse."), Length(max=254)])
