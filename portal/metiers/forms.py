from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.forms import Form
from portal.metiers.models import FAMILIES, LEVELS

REQUIRED = "Ce champ est obligatoire."


class MetierForm(Form):
    title = StringField("Intitulé", validators=[DataRequired(REQUIRED), Length(max=120)])
    summary = TextAreaField(
        "Résumé (une phrase, pour la liste et les moteurs de recherche)",
        validators=[DataRequired(REQUIRED), Length(max=300, message="300 caractères au plus.")],
    )
    family = SelectField("Famille", choices=[SelectChoice(k, v) for k, v in FAMILIES.items()])
    entry_level = SelectField(
        "Niveau de diplôme pour entrer dans le métier",
        coerce=int,
        choices=[SelectChoice(str(k), v) for k, v in LEVELS.items()],
    )
    rome_codes = StringField(
        "Codes ROME", description="Séparés par des espaces, par exemple : J1501 K1302.", validators=[Length(max=100)]
    )
    salary_min = IntegerField(
        "Salaire brut mensuel en début de carrière (€)",
        validators=[Optional(), NumberRange(min=0, max=20000, message="Indiquez un montant en euros.")],
    )
    salary_max = IntegerField(
        "Salaire brut mensuel avec de l'expérience (€)",
        validators=[Optional(), NumberRange(min=0, max=20000, message="Indiquez un montant en euros.")],
    )
    salary_source = StringField("Source du salaire", validators=[Length(max=300)])
    body_markdown = TextAreaField(
        "Contenu de la page (Markdown)",
        validators=[DataRequired(REQUIRED), Length(max=50000)],
        description="Titres de rubrique avec ## ; listes avec - ; liens avec [texte](https://…).",
        render_kw={"rows": 24},
    )
    sources = TextAreaField(
        "Sources, une par ligne : titre | adresse", validators=[Length(max=5000)], render_kw={"rows": 5}
    )

    def validate_rome_codes(self, field):
        codes = field.data.split()
        if any(len(code) != 5 or not code[0].isalpha() or not code[1:].isdigit() for code in codes):
            raise ValidationError("Un code ROME s'écrit avec une lettre et quatre chiffres, par exemple J1501.")

    def validate_salary_max(self, field):
        if field.data is not None and self.salary_min.data is not None and field.data < self.salary_min.data:
            raise ValidationError("Le salaire avec expérience ne peut pas être inférieur au salaire de début.")

    def validate_sources(self, field):
        for line in filter(None, (line.strip() for line in field.data.splitlines())):
            url = line.partition("|")[2].strip()
            if url and not url.startswith(("https://", "http://")):
                raise ValidationError(f"Adresse non valable dans « {line} » : elle doit commencer par https://.")

    def parsed_sources(self) -> list[dict]:
        sources = []
        for line in filter(None, (line.strip() for line in self.sources.data.splitlines())):
            title, _, url = line.partition("|")
            sources.append({"title": title.strip(), "url": url.strip()})
        return sources

    @staticmethod
    def sources_text(sources: list[dict]) -> str:
        return "\n".join(f"{s['title']} | {s['url']}" if s.get("url") else s["title"] for s in sources)
