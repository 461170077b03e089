"""Anonymous means anonymous: a member who tries everything cannot identify or reach the person.

A corpus of French CVs in many layouts (header blocks, one-line contact lines, "Coordonnées"
sections, prose, footers, tables), written by people whose names carry accents, hyphens,
particles and capitals, is made visible and anonymous through the candidates' own pages (profile
form, CV upload as PDF, DOCX or ODT, visibility form). Then a member searches every identifying
string (names in any case and accent, each phone format, e-mail, street, NIR, birth date, postal code
and commune, profile link), reads the search pages with extracts, each profile page and the mails of
their saved-search alerts, and none of it may give the person away.
"""

import html as html_lib
import io
import random
import re
from dataclasses import dataclass
from datetime import date

import pytest
import sqlalchemy as sa

from portal.candidates.services import profile_of
from portal.communes.models import Commune
from portal.cvtheque import services as cvtheque
from portal.cvtheque.redaction import fold
from portal.extensions import db
from portal.metiers.models import Metier
from portal.search import sync
from tests import documents
from tests.browser_forms import BrowserForm
from tests.conftest import page, text_part
from tests.helpers import indexed_profiles

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]

# (first name, last name, sex, home commune INSEE, maiden name or "")
PEOPLE = [
    ("Marie-Claire", "Zéphirin", 2, "61143", ""),
    ("Jean-Baptiste", "Le Goff", 1, "61006", ""),
    ("Anaïs", "de La Fontaine", 2, "61214", ""),
    ("Noël", "Œuvray", 1, "61181", ""),
    ("Lucie", "N'Diaye", 2, "61169", ""),
    ("Sébastien", "Dupré-Lhermitte", 1, "61145", ""),
    ("Héloïse", "Vandenbroucke", 2, "61153", "Quibeuf"),
    ("Gaëlle", "Le Bihan", 2, "61029", ""),
    ("Joaquim", "da Silva Ferreira", 1, "61097", ""),
    ("Léonie", "Bénard-Ségur", 2, "61001", ""),
    ("Océane", "Thébault", 2, "61143", ""),
    ("Mathéo", "Lefèvre-Duchêne", 1, "61006", ""),
    ("Yasmina", "Benaïssa", 2, "61214", "Ouchène"),
    ("Rémi", "Chaudemanche", 1, "61181", ""),
    ("Inès", "Boufarès", 2, "61169", ""),
    ("Maëlys", "Guérin-Saint-Ange", 2, "61145", ""),
    ("Zoé", "Vermersch", 2, "61153", ""),
    ("Thérèse", "d'Harcourt", 2, "61029", ""),
    ("Ophélie", "Marchadour", 2, "61097", ""),
    ("Kévin", "Ringuedé", 1, "61001", ""),
    ("Éloïse", "Desfrièches", 2, "61143", ""),
    ("Clément", "Hérissé", 1, "61006", ""),
    ("Agnès", "Van der Stichelen", 2, "61214", ""),
    ("Cédric", "Lepetit-Jaouen", 1, "61181", ""),
    ("Solène", "Quéméner", 2, "61169", "Kerhervé"),
    ("Bénédicte", "Fouqué", 2, "61145", ""),
    ("Aïcha", "Traoré-Kouyaté", 2, "61153", ""),
    ("François-Xavier", "Delcroix", 1, "61029", ""),
    ("Jérôme Ulysse", "Pécot", 1, "61097", ""),
    ("Maëva", "Nguyen Van Tho", 2, "61001", ""),
    ("Romane", "Grosjean-Le Floc'h", 2, "61143", ""),
    ("Ambroise", "Écorcheville", 1, "61006", ""),
]
STREETS = [
    ("rue", "des Coquelicots"),
    ("avenue", "de Basingstoke"),
    ("boulevard", "Lenoir-Dufresne"),
    ("impasse", "des Mésanges"),
    ("chemin", "de la Garenne"),
    ("allée", "des Peupliers"),
    ("place", "de la Halle-aux-Toiles"),
    ("route", "de Mortrée"),
    ("résidence", "Les Glycines"),
    ("quai", "de la Varenne"),
    ("cours", "Clemenceau"),
    ("square", "Dunant"),
    ("hameau", "de la Brosse"),
    ("bd", "Koutilski"),
    ("av.", "Wilson"),
    ("rue", "Saint-Blaise"),
]
PHONE_FORMATS = [
    lambda d: " ".join(d[i : i + 2] for i in range(0, 10, 2)),
    lambda d: ".".join(d[i : i + 2] for i in range(0, 10, 2)),
    lambda d: "-".join(d[i : i + 2] for i in range(0, 10, 2)),
    lambda d: d,
    lambda d: "+33 " + d[1] + " " + " ".join(d[i : i + 2] for i in range(2, 10, 2)),
    lambda d: "+33 (0)" + d[1] + " " + " ".join(d[i : i + 2] for i in range(2, 10, 2)),
    lambda d: "(+33) " + d[1] + " " + " ".join(d[i : i + 2] for i in range(2, 10, 2)),
    lambda d: "0033 " + d[1] + " " + " ".join(d[i : i + 2] for i in range(2, 10, 2)),
    lambda d: "+33" + d[1:],
    lambda d: "+33." + d[1] + "." + ".".join(d[i : i + 2] for i in range(2, 10, 2)),
]
EMPLOYERS = [
    "EHPAD Les Marronniers",
    "SSIAD du Bocage",
    "ADMR de la Suisse normande",
    "Centre hospitalier de Falaise",
    "Foyer de vie Le Clos Fleuri",
    "Résidence autonomie Les Hortensias",
    "Association Aide à domicile 61",
    "Clinique du Parc",
    "MAS Les Tilleuls",
    "IME La Source",
]
TASKS = [
    "toilettes, aide aux repas et transferts",
    "accompagnement de personnes atteintes d'Alzheimer",
    "soins palliatifs et bientraitance au quotidien",
    "animation d'ateliers mémoire",
    "entretien des chambres et hygiène des locaux",
    "aide à la vie sociale et aux courses",
]
DIPLOMAS = ["DEAS 2015", "DEAES 2021", "BAC PRO ASSP (2012)", "CAP AEPE 2010", "SST 2019", "Titre ADVF 2018"]


def plain(text: str) -> str:
    return fold(text).replace("'", "").replace(" ", "")


@dataclass
class Person:
    n: int
    first: str
    last: str
    sex: int
    commune: Commune
    maiden: str
    rng: random.Random

    def __post_init__(self):
        rng = self.rng
        self.phone = "0" + rng.choice("67") + "".join(str(rng.randint(70, 99)) for _ in range(4))
        self.birth = date(rng.randint(1965, 2002), rng.randint(1, 12), rng.randint(1, 28))
        self.street_word, self.street_name = STREETS[self.n % len(STREETS)]
        self.street_no = f"{rng.randint(2, 48)}{' bis' if self.n % 5 == 0 else ''}"
        slug = "-".join(re.findall(r"[a-z]+", fold(self.first))) + "." + "".join(re.findall(r"[a-z]+", fold(self.last)))
        self.email = f"{slug}{self.n}@gmail.com"
        self.url = f"linkedin.com/in/{slug.replace('.', '-')}-{self.n}b2a"
        dept, place = ("2A", "004") if self.n % 7 == 0 else ("61", f"{rng.randint(1, 480):03d}")
        body = f"{self.sex}{self.birth:%y%m}{dept}{place}{rng.randint(1, 999):03d}"
        key = 97 - int(body.replace("2A", "19").replace("2B", "18")) % 97
        self.nir = body + f"{key:02d}"
        self.phone_formats = [PHONE_FORMATS[(self.n + k) % len(PHONE_FORMATS)](self.phone) for k in (0, 3)]

    # --- how the person writes it -----------------------------------------------------------------

    @property
    def born(self) -> str:
        return "Née" if self.sex == 2 else "Né"

    @property
    def nir_spaced(self) -> str:
        s = self.nir
        return " ".join([s[0], s[1:3], s[3:5], s[5:7], s[7:10], s[10:13], s[13:]])

    @property
    def street(self) -> str:
        return f"{self.street_no} {self.street_word} {self.street_name}"

    @property
    def postal(self) -> str:
        return self.commune.postal_code

    def written_date(self) -> str:
        return f"{self.birth.day} {MONTHS[self.birth.month - 1]} {self.birth.year}"

    def career(self) -> list[str]:
        rng = random.Random(self.n)
        lines = ["EXPÉRIENCE PROFESSIONNELLE"]
        year = 2008 + self.n % 6
        for _ in range(3):
            end = year + rng.randint(1, 4)
            lines.append(
                f"{rng.randint(1, 12):02d}/{year} – {rng.randint(1, 12):02d}/{end} : aide-soignante, "
                f"{rng.choice(EMPLOYERS)} : {rng.choice(TASKS)}"
            )
            year = end
        lines += [
            "FORMATION",
            " ; ".join(rng.sample(DIPLOMAS, 3)),
            "COMPÉTENCES",
            "Bientraitance, écoute, travail en équipe, transmissions ; permis B",
            f"{rng.randint(2, 15)} ans d'expérience auprès des personnes âgées, disponible de suite",
        ]
        return lines

    def cv_lines(self) -> list[str]:
        """The CV, in one of eight layouts."""
        first, last, up = self.first, self.last, self.last.upper()
        p1, p2 = self.phone_formats
        layout = self.n % 8
        if layout == 0:  # classic header block
            return [
                f"{first} {up}",
                self.street,
                f"{self.postal} {self.commune.name}",
                f"Tél. : {p1}",
                f"Portable : {p2}",
                self.email,
                f"{self.born} le {self.birth:%d/%m/%Y}",
                f"N° de sécurité sociale : {self.nir_spaced}",
                f"LinkedIn : https://www.{self.url}",
                *self.career(),
            ]
        if layout == 1:  # one contact line
            return [
                f"{first} {last} • {self.street}, {self.postal} {self.commune.name} • {p1} • {self.email} • {self.url}",
                f"Date de naissance : {self.written_date()} – N° SS {self.nir}",
                *self.career(),
            ]
        if layout == 2:  # a "Coordonnées" section at the end
            return [
                *self.career(),
                "COORDONNÉES",
                f"Nom : {fold(last).upper()}   Prénom : {first}",
                (
                    f"Adresse : {self.street_no}, {self.street_word} {self.street_name} – {self.postal} "
                    f"{self.commune.name.upper()}"
                ),
                f"Portable : {p1} / Fixe : {p2}",
                f"Courriel : {self.email.replace('@', ' (at) ')}",
                f"Naissance : {self.birth:%d.%m.%Y}",
                f"Sécurité sociale : {self.nir[:13]}",
                f"Profil LinkedIn : https://{self.url}",
            ]
        if layout == 3:  # last name first, in capitals, contact on the right
            return [
                f"{fold(last).upper()} {first}    {p1}",
                f"{self.street}    {self.email.replace('@', ' [at] ').replace('.com', ' [dot] com')}",
                f"{self.postal} {self.commune.name}    www.facebook.com/{fold(first)}.{fold(last)}",
                f"{self.born} le {self.written_date()} à Caen (14)",
                *self.career(),
            ]
        if layout == 4:  # prose
            return [
                (
                    f"Je m'appelle {first} {last}, j'habite au {self.street} à {self.commune.name} "
                    f"({self.postal}). Vous pouvez me joindre au {p1} ou par courriel : {self.email}."
                ),
                (
                    f"Mon profil : {self.url}. {self.born} le {self.birth:%d/%m/%Y}, "
                    f"numéro de sécurité sociale {self.nir_spaced}."
                ),
                *self.career(),
            ]
        if layout == 5:  # footer
            return [
                *self.career(),
                (
                    f"— {first} {up} — {self.street}, {self.postal} {self.commune.name} — {p1} — "
                    f"{self.email} — {self.born.lower()} le {self.birth:%d-%m-%Y}"
                    f" — NIR {self.nir_spaced}"
                ),
            ]
        if layout == 6:  # civility, maiden name
            maiden = f" (née {self.maiden})" if self.maiden else ""
            return [
                f"{'Madame' if self.sex == 2 else 'Monsieur'} {first} {last}{maiden}",
                f"Coordonnées : {self.street} ; {self.postal} {self.commune.name}",
                f"Téléphone : {p1} ; courriel : {self.email}",
                f"Date et lieu de naissance : {self.birth:%d/%m/%Y} à Lisieux",
                f"N° Sécu : {self.nir}",
                f"Web : {self.url}",
                *self.career(),
            ]
        return [
            f"{fold(first).upper()} {fold(last).upper()}",
            f"Tel:{p1}  Mail:{self.email}",  # glued labels
            f"Adresse:{self.street}, {self.postal} {self.commune.name}",
            f"DDN : {self.birth:%d/%m/%y}",
            f"NIR: {self.nir_spaced}",
            f"Facebook : facebook.com/{fold(first)}{fold(last)}".replace(" ", ""),
            *self.career(),
        ]

    def cv_file(self) -> tuple[bytes, str]:
        lines = self.cv_lines()
        if self.n % 5 == 1:
            return documents.docx(lines), "cv.docx"
        if self.n % 5 == 3:
            return documents.odt(lines), "cv.odt"
        return documents.pdf(lines), "cv.pdf"

    def presentation(self) -> str:
        if self.n % 3:
            return "Aide-soignante attentive, j'aime le travail en équipe et la bientraitance."
        return (
            f"Bonjour, je suis {self.first} {self.last.upper()}, aide-soignante. Appelez-moi au "
            f"{self.phone_formats[0]} ou écrivez à {self.email}. J'habite {self.street}, {self.commune.name}."
        )

    # --- what must not reach a member ------------------------------------------------------------

    def name_parts(self) -> list[str]:
        particles = {"de", "la", "le", "da", "van", "der", "saint", "d"}
        parts = re.split(r"[\s\-']+", fold(f"{self.first} {self.last} {self.maiden}"))
        return [p for p in parts if len(p) >= 2 and p not in particles]

    def queries(self) -> list[str]:
        """What a member might type to find the person."""
        names = [
            self.first,
            self.last,
            self.last.upper(),
            fold(self.last),
            fold(self.last).upper(),
            f"{self.first} {self.last}",
            f"{self.last} {self.first}",
            *self.name_parts(),
        ]
        if self.maiden:
            names.append(self.maiden)
        phones = [f(self.phone) for f in PHONE_FORMATS]
        return [
            *names,
            *phones,
            self.email,
            self.email.split("@")[0],
            self.street,
            self.street_name,
            f"{self.street_word} {self.street_name}",
            self.nir,
            self.nir_spaced,
            self.nir[:13],
            f"{self.birth:%d/%m/%Y}",
            self.written_date(),
            f"{self.birth:%d.%m.%Y}",
            f"{self.postal} {self.commune.name}",
            self.commune.name,
            self.url,
            f"https://www.{self.url}",
        ]

    def leaks(self, text: str, *, places: bool = True) -> list[str]:
        """The identifying strings found in a text, compared with case, accents, spaces and separators folded."""
        folded = " ".join(fold(html_lib.unescape(text)).split())
        digits = re.sub(r"[\s.\-()+/\u00a0]", "", folded)
        found = [part for part in self.name_parts() if re.search(rf"(?<![a-z]){re.escape(part)}(?![a-z])", folded)]
        found += [
            what
            for what, value in [
                ("phone", self.phone[1:]),
                ("nir", self.nir[:13]),
                ("birth", f"{self.birth:%d%m%Y}"),
                ("birth", f"{self.birth:%d%m%y}"),
            ]
            if value in digits
        ]
        for what in [
            self.email,
            self.email.split("@")[0],
            fold(self.url),
            fold(self.street_name),
            fold(self.written_date()),
            f"{self.postal} {fold(self.commune.name)}",
        ]:
            if what in folded:
                found.append(what)
        if re.search(rf"(?<!\d){self.birth.year}(?!\d)", folded):
            found.append(str(self.birth.year))
        if places and re.search(rf"(?<!\d){self.postal}(?!\d)", folded):
            found.append(self.postal)
        name = fold(self.commune.name)
        if (
            places
            and name not in fold(self.commune.zone_label)
            and re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", folded)
        ):
            found.append(self.commune.name)
        return found


def become_visible(auth, make, person: Person, metier_ids: list[int], *, anonymous: bool = True):
    """Everything through the candidate's own pages."""
    user = make.candidate(first_name=person.first, last_name=person.last, email=person.email)
    client = auth.client_for(user)
    response = client.post(
        "/compte/profil",
        data={
            "metiers": [str(i) for i in metier_ids],
            "commune": person.commune.label,
            "mobility_km": "15",
            "contract_types": ["cdi"],
            "working_times": ["plein"],
            "experience_years": "4",
            "diplomas": "DEAS 2015 ; SST 2019"
            + (f" — {person.first} {person.last}, {person.phone_formats[1]}" if person.n % 4 == 0 else ""),
            "presentation": person.presentation(),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    data, name = person.cv_file()
    response = client.post("/compte/cv", data={"cv": (io.BytesIO(data), name)}, content_type="multipart/form-data")
    assert response.status_code == 302
    choose_visibility(client, anonymous=anonymous)
    return user, profile_of(user)


def choose_visibility(client, *, anonymous: bool) -> None:
    """Tick "visible" and choose anonymity on the profile page, then press its button, as the candidate does."""
    form = BrowserForm(page(client.get("/compte/profil")), "profil").tick("visible").tick("accepts_offers")
    form = form.tick("anonymous") if anonymous else form.untick("anonymous")
    assert client.post("/compte/profil", data=form.submit("Enregistrer mon profil")).status_code == 302


def result_ids(html: str) -> set[int]:
    listing = re.search(r'<ol class="result-list".*?</ol>', html, re.S)
    return {int(i) for i in re.findall(r'/cvtheque/profil/(\d+)"', listing.group())} if listing else set()


def without_communes_list(html: str) -> str:
    """The page without the commune field's list of every commune of the Orne, which names many people."""
    return re.sub(r"<datalist.*?</datalist>", "", html, flags=re.S)


def results_part(html: str) -> str:
    """The part of a search page that shows profiles (the rest echoes the query and lists all communes)."""
    listing = re.search(r'<ol class="result-list".*?</ol>', html, re.S)
    return listing.group() if listing else ""


@pytest.fixture
def corpus(make, auth):
    rng = random.Random(20261201)
    communes = {
        c.insee: c for c in db.session.scalars(sa.select(Commune).where(Commune.insee.in_({p[3] for p in PEOPLE})))
    }
    people = [
        Person(n, first, last, sex, communes[insee], maiden, rng)
        for n, (first, last, sex, insee, maiden) in enumerate(PEOPLE)
    ]
    metier_ids = list(
        db.session.scalars(sa.select(Metier.id).where(Metier.slug.in_(["aide-soignant", "auxiliaire-de-vie"])))
    )
    member = make.member()
    member_client = auth.client_for(member)
    for zone in ("alencon", "flers-argentan", "laigle-mortagne"):  # saved searches, each with its alert
        member_client.post("/cvtheque/recherches", data={"name": f"Aides-soignants {zone}", "zone": zone})
    for saved in cvtheque.saved_searches(member):
        member_client.post(f"/alertes/recherche/{saved.id}", data={f"alerte-{saved.id}-frequency": "daily"})
    profiles = {}
    for person in people:
        _, profile = become_visible(auth, make, person, metier_ids)
        profiles[profile.id] = person
    return member, member_client, profiles


def test_no_identifying_string_finds_or_reaches_an_anonymous_profile(app, make, runner, smtp_server, corpus):
    member, client, profiles = corpus
    assert len(profiles) >= 30
    assert len(indexed_profiles()) == len(profiles)
    found, leaks = [], []

    # Searching what identifies the person finds nothing.
    for person in profiles.values():
        for query in person.queries():
            response = client.get("/cvtheque/", query_string={"q": query})
            html = response.get_data(as_text=True)
            if result_ids(html) & set(profiles):
                found.append((person.first, person.last, query, sorted(result_ids(html) & set(profiles))))
    assert found == []

    # The search pages with extracts near the identity lines: every profile shows, nothing identifies.
    shown, marks = set(), 0
    for query in [
        "bientraitance",
        "adresse OU telephone OU courriel OU linkedin OU coordonnees OU portable OU mail",
        "naissance OU securite OU sociale OU nir OU facebook OU web OU profil OU tel",
        "appelle OU habite OU joindre OU madame OU monsieur OU nom OU prenom",
        "aide soignante",
        "experience OU formation OU competences",
        "ecrivez OU appelez OU bonjour",
    ]:
        for page_number in (1, 2):
            response = client.get("/cvtheque/", query_string={"q": query, "page": page_number})
            if response.status_code == 302:  # fewer than two pages
                continue
            html = response.get_data(as_text=True)
            shown |= result_ids(html)
            marks += html.count("<mark>")
            for person in profiles.values():
                leaks += [
                    (query, person.last, leak) for leak in person.leaks(without_communes_list(html), places=False)
                ]
                leaks += [(query, person.last, leak) for leak in person.leaks(results_part(html))]
    assert shown == set(profiles)
    assert marks > 5 * len(profiles)

    # Each profile page; the CV file and the photo stay refused.
    for profile_id, person in profiles.items():
        response = client.get(f"/cvtheque/profil/{profile_id}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "<dt>Zone</dt>" in html
        leaks += [(f"profil {profile_id}", person.last, leak) for leak in person.leaks(html)]
        assert client.get(f"/cvtheque/profil/{profile_id}/cv").status_code == 404
        assert client.get(f"/cvtheque/profil/{profile_id}/photo.png").status_code == 404

    # The saved searches' alert mails.
    assert runner.invoke(args=["alerts", "run", "--frequency", "daily"]).exit_code == 0
    assert runner.invoke(args=["mail", "send"]).exit_code == 0
    mails = smtp_server.to(member.email)
    assert len(mails) == 3
    bodies = [text_part(m) + m.get_body(preferencelist=("html",)).get_content() for m in mails]
    for profile_id, person in profiles.items():
        assert any(f"Profil anonyme n° {profile_id}" in body for body in bodies)
        for body in bodies:
            leaks += [("mail", person.last, leak) for leak in person.leaks(body)]
    assert leaks == []


def test_a_profile_that_is_not_anonymous_is_still_found_by_name_phone_and_email(make, auth):
    person = Person(40, "Bérénice", "Oudinot-Lachaise", 2, db.session.get(Commune, "61001"), "", random.Random(3))
    metier_ids = list(db.session.scalars(sa.select(Metier.id).where(Metier.slug == "aide-soignant")))
    _, profile = become_visible(auth, make, person, metier_ids, anonymous=False)
    client = auth.client_for(make.member())
    for query in ["Oudinot", "BERENICE", "oudinot lachaise", person.email, person.phone_formats[0]]:
        assert profile.id in result_ids(client.get("/cvtheque/", query_string={"q": query}).get_data(as_text=True))
    html = client.get(f"/cvtheque/profil/{profile.id}").get_data(as_text=True)
    assert "Bérénice Oudinot-Lachaise" in html and "Alençon" in html


def test_switching_anonymity_on_and_off_reindexes_the_profile(make, auth):
    person = Person(41, "Capucine", "Ferrandière", 2, db.session.get(Commune, "61181"), "", random.Random(4))
    metier_ids = list(db.session.scalars(sa.select(Metier.id).where(Metier.slug == "aide-soignant")))
    user, profile = become_visible(auth, make, person, metier_ids, anonymous=False)
    member = auth.client_for(make.member())
    candidate = auth.client_for(user)

    def found() -> bool:
        return profile.id in result_ids(
            member.get("/cvtheque/", query_string={"q": "Ferrandière"}).get_data(as_text=True)
        )

    def card() -> str:
        return results_part(member.get("/cvtheque/", query_string={"q": "bientraitance"}).get_data(as_text=True))

    assert found() and "Gacé" in card()
    choose_visibility(candidate, anonymous=True)
    assert not found()
    assert "Ferrandi" not in card() and "Gacé" not in card() and "Zone Flers-Argentan" in card()
    choose_visibility(candidate, anonymous=False)
    assert found() and "Gacé" in card()


def test_a_profile_turned_anonymous_shows_nothing_identifying_before_the_index_catches_up(make, monkeypatch, auth):
    person = Person(42, "Philippine", "Saint-Aubert", 2, db.session.get(Commune, "61181"), "", random.Random(5))
    metier_ids = list(db.session.scalars(sa.select(Metier.id).where(Metier.slug == "aide-soignant")))
    user, profile = become_visible(auth, make, person, metier_ids, anonymous=False)
    member = auth.client_for(make.member())
    # A crash between the commit and the index: the index still holds the profile as it was.
    monkeypatch.setattr(sync, "drain_all", lambda: (_ for _ in ()).throw(RuntimeError("crash")))
    choose_visibility(auth.client_for(user), anonymous=True)
    html = member.get(
        "/cvtheque/",
        query_string={"q": "bientraitance OU telephone OU courriel OU portable OU linkedin OU naissance OU adresse"},
    ).get_data(as_text=True)
    assert result_ids(html) == {profile.id}
    assert "<mark>" in html and person.leaks(results_part(html)) == []
