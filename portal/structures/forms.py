from portal.forms import Form
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length, Optional, URL

from portal.accounts.forms import strip


class StructurePageForm(Form):
    description = TextAreaField(
        "Présentation de la structure",
        validators=[Length(max=3000, message="3 000 caractères au plus.")],
        description="Qui vous accompagnez, vos métiers, ce qui fait la vie de l'équipe. Visible par tous.",
        render_kw={"rows": 8},
    )
    website = StringField(
        "Site internet",
        validators=[Optional(), Length(max=300), URL(require_tld=True, message="Indiquez une adresse complète, par exemple https://www.exemple.fr.")],
        filters=[strip, lambda v: "https://" + v if v and "://" not in v else v],
        render_kw={"inputmode": "url", "placeholder": "https://"},
    )
    logo = FileField(
        "Logo",
        description="PNG, JPEG, WebP ou GIF, 5 Mo au plus. Il sera redimensionné automatiquement.",
        render_kw={"accept": "image/png,image/jpeg,image/webp,image/gif"},
    )
    remove_logo = BooleanField("Retirer le logo actuel")
