from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional

from portal.accounts.forms import email_field
from portal.alerts.models import Frequency
from portal.candidates.forms import choices
from portal.forms import Form


class AlertForm(Form):
    name = StringField("Nom de l'alerte", validators=[Optional(), Length(max=120, message="120 caractères au plus.")],
                       description="Pour la reconnaître dans vos courriels. Laissez vide : les critères servent de nom.")
    frequency = RadioField("Fréquence", choices=choices(Frequency.LABELS), default=Frequency.DAILY,
                           validators=[DataRequired("Choisissez une fréquence.")])


class VisitorAlertForm(Form):
    email = email_field("Votre adresse électronique")
    frequency = RadioField("Fréquence", choices=choices(Frequency.LABELS), default=Frequency.DAILY,
                           validators=[DataRequired("Choisissez une fréquence.")])
