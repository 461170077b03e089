from wtforms import StringField
from wtforms.validators import ValidationError

from portal.communes.models import Commune
from portal.communes.services import resolve


class CommuneField(StringField):
    """A commune of the Orne, typed with suggestions (a <datalist>, so it works without JavaScript).

    Accepts "Alençon (61000)", "alencon", "61000" when only one commune has it. When the text
    is ambiguous or unknown, the form shows close matches the person can pick with one click
    (a submit button named `<field>_choice`).
    """

    commune: Commune | None = None
    suggestions: list[Commune] = []

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if formdata is not None and formdata.get(f"{self.name}_choice"):
            self.data = formdata.get(f"{self.name}_choice")
        if isinstance(self.data, Commune):
            self.commune, self.data = self.data, self.data.label

    def pre_validate(self, form):
        self.suggestions = []
        if not self.data or not self.data.strip():
            return
        commune, suggestions = resolve(self.data)
        if commune is None:
            self.suggestions = suggestions[:8]
            if suggestions:
                raise ValidationError("Plusieurs communes correspondent : choisissez la vôtre ci-dessous.")
            raise ValidationError("Commune introuvable dans l'Orne : vérifiez l'orthographe ou le code postal.")
        self.commune, self.data = commune, commune.label
