from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, InputRequired, Length, Optional

from portal.accounts.forms import REQUIRED, IdentityMixin, NewPasswordMixin, TermsMixin, strip
from portal.communes.forms import CommuneField
from portal.forms import Form
from portal.structures.models import STRUCTURE_KINDS
from portal.structures.services import find_by_siret, siret_problem


class EmployerSignupForm(IdentityMixin, NewPasswordMixin, TermsMixin, Form):
    mode = RadioField(
        "Que souhaitez-vous faire ?",
        choices=[
            SelectChoice("create", "Ma structure n'est pas encore inscrite : je l'inscris"),
            SelectChoice("join", "Ma structure est déjà inscrite : je demande à la rejoindre"),
        ],
        default="create",
        validators=[InputRequired("Indiquez si vous inscrivez votre structure ou si vous la rejoignez.")],
    )
    siret = StringField(
        "Numéro SIRET",
        validators=[Optional()],
        description="14 chiffres, espaces acceptés.",
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    structure_name = StringField("Nom de la structure", validators=[Optional(), Length(max=160)], filters=[strip])
    kind = SelectField(
        "Type d'établissement",
        choices=[SelectChoice("", "Choisissez…")] + [SelectChoice(k, v) for k, v in STRUCTURE_KINDS.items()],
        validators=[Optional()],
    )
    commune = CommuneField(
        "Commune de la structure",
        validators=[Optional()],
        description="Tapez le nom ou le code postal, puis choisissez dans la liste.",
    )

    structure = None  # the existing structure, when joining

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        problem = siret_problem(self.siret.data or "")
        existing = None if problem else find_by_siret(self.siret.data)
        if problem:
            self.siret.errors.append(problem)
            valid = False
        if self.mode.data == "create":
            for field in (self.structure_name, self.kind, self.commune):
                if not (field.data or "").strip():
                    field.errors.append(REQUIRED)
                    valid = False
            if existing is not None:
                self.siret.errors.append(
                    "Une structure est déjà inscrite avec ce SIRET : choisissez « je demande à la rejoindre »."
                )
                valid = False
        elif existing is None and not problem:
            self.siret.errors.append("Aucune structure inscrite avec ce SIRET : vérifiez le numéro, ou inscrivez-la.")
            valid = False
        self.structure = existing
        return valid


class StructurePageForm(Form):
    description = TextAreaField(
        "Présentation de la structure",
        validators=[Length(max=3000, message="3 000 caractères au plus.")],
        description="Qui vous accompagnez, vos métiers, ce qui fait la vie de l'équipe. Visible par tous.",
        render_kw={"rows": 8},
    )
    website = StringField(
        "Site internet",
        validators=[
            Optional(),
            Length(max=300),
            URL(require_tld=True, message="Indiquez une adresse complète, par exemple https://www.exemple.fr."),
        ],
        filters=[strip, lambda v: "https://" + v if v and "://" not in v else v],
        render_kw={"inputmode": "url", "placeholder": "https://"},
    )
    logo = FileField(
        "Logo",
        description="PNG, JPEG, WebP ou GIF, 5 Mo au plus. Il sera redimensionné automatiquement.",
        render_kw={"accept": "image/png,image/jpeg,image/webp,image/gif"},
    )
    remove_logo = BooleanField("Retirer le logo actuel")
