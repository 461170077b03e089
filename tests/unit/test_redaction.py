"""Taking a person's identity out of a CV text: what goes, and what professional content stays."""

import pytest

from portal.cvtheque.redaction import BLANK, Identity, fold, redact

MARIE = Identity(
    names=("Marie-Claire", "Zéphirin"), emails=("mc.zeph61@gmail.com",), communes=("Alençon",), postal_codes=("61000",)
)


def gone(text: str, identity: Identity = MARIE) -> str:
    return redact(text, identity)


@pytest.mark.parametrize(
    "written",
    [
        "Zéphirin",
        "ZÉPHIRIN",
        "ZEPHIRIN",
        "zephirin",
        "Zephirin.",
        "(ZEPHIRIN)",
        "Marie-Claire",
        "MARIE-CLAIRE",
        "marie claire",
        "Marie",
        "CLAIRE",
        "zephirin_marie",
        "MarieZephirin",
        "zéphirinmarie",
    ],
)
def test_every_part_of_the_names_goes_whatever_the_case_and_accents(written):
    out = gone(f"Expérience en EHPAD, référente {written} de l'équipe de nuit depuis 2019.")
    assert "zephirin" not in fold(out) and "marie" not in fold(out) and "claire" not in fold(out)
    assert "EHPAD" in out and "2019" in out


def test_particles_and_glued_forms_of_a_compound_last_name_go():
    identity = Identity(names=("Anaïs", "de La Fontaine"))
    out = redact(
        "ANAÏS DE LA FONTAINE, aide à domicile\nContact : anais.delafontaine@laposte.net\n"
        "Je m'appelle Anais Delafontaine et j'aime le travail de la vie à domicile.",
        identity,
    )
    assert "fontaine" not in fold(out) and "anais" not in fold(out)
    assert "le travail de la vie à domicile" in out  # particles alone stay: they are ordinary words


def test_a_short_name_line_goes_whole_with_a_middle_name_the_site_does_not_know():
    out = gone("Marie-Claire Anne ZÉPHIRIN\nAide-soignante diplômée d'État")
    assert "Anne" not in out and out.endswith("Aide-soignante diplômée d'État")


@pytest.mark.parametrize(
    "email",
    [
        "marie.zephirin@gmail.com",
        "MC.Zeph61@Gmail.com",
        "m-z+cv@orange.fr",
        "marie.zephirin (at) gmail.com",
        "marie [at] mail [dot] fr",
        "marie.zephirin(arobase)free(point)fr",
        "marie at gmail dot com",
        "marie.zephirin @ gmail.com",
        "prenom.nom{at}laposte.net",
    ],
)
def test_every_form_of_email_goes(email):
    out = gone(f"Courriel : {email} – disponible de suite")
    assert out == f"Courriel : {BLANK} – disponible de suite"


@pytest.mark.parametrize(
    "phone",
    [
        "06 11 22 33 44",
        "06.11.22.33.44",
        "06-11-22-33-44",
        "0611223344",
        "+33 6 11 22 33 44",
        "+33611223344",
        "+33 (0)6 11 22 33 44",
        "+33 (0) 6 11 22 33 44",
        "(+33) 7 98 76 54 32",
        "0033 6 11 22 33 44",
        "0033611223344",
        "+33.6.11.22.33.44",
        "02 33 26 54 78",
        "0233 26 54 78",
        "061 122 33 44",
        "06\u00a011\u00a022\u00a033\u00a044",
        "+262 692 12 34 56",
        "+590 690 12 34 56",
        "+33 611 22 33 44",
    ],
)
def test_every_french_phone_format_goes(phone):
    out = gone(f"Tél. : {phone} (après 18 h)")
    assert out == f"Tél. : {BLANK} (après 18 h)"


@pytest.mark.parametrize(
    "link",
    [
        "https://www.linkedin.com/in/marie-claire-zephirin-4b2a1",
        "linkedin.com/in/mcz61",
        "www.facebook.com/marie.z",
        "fr.linkedin.com/in/mcz",
        "http://monsite.fr",
        "github.com/mcz",
        "/in/mcz-61",
        "@mcz_aidante",
    ],
)
def test_links_and_handles_go(link):
    assert gone(f"Profil : {link} ; SST à jour") == f"Profil : {BLANK} ; SST à jour"


@pytest.mark.parametrize(
    "nir",
    [
        "2 90 03 61 001 123 45",
        "290036100112345",
        "2900361001123",
        "1 85 12 2A 004 017 83",
        "2.90.03.61.001.123.45",
        "2 90 03 2B 001 123",
    ],
)
def test_social_security_numbers_go(nir):
    assert gone(f"N° de sécurité sociale : {nir}.") == f"N° de sécurité sociale : {BLANK}."


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Née le 14/03/1990 à Flers (61), 34 ans", ", 34 ans"),
        ("née le 14 mars 1990", ""),
        ("Né le 1er février 1985 à Saint-Lô", ""),
        ("Date de naissance : 14.03.1990", ""),
        ("Date et lieu de naissance : 14/03/1990 à Caen", ""),
        ("Naissance : 14 03 1990", ""),
        ("Né(e) le 14-03-90", ""),
        ("née en 1990 - permis B", " - permis B"),
        ("Âge : 34 ans (14/03/1990)", "Âge : 34 ans"),
    ],
)
def test_birth_dates_and_places_go_ages_stay(line, kept):
    out = gone(line)
    assert "1990" not in out and "1985" not in out and "mars" not in out and "Flers" not in out
    assert out.replace(BLANK, "").rstrip() == kept.rstrip()


@pytest.mark.parametrize(
    "line",
    [
        "14 rue Victor Hugo",
        "14 bis rue Victor-Hugo",
        "14bis, rue de la Paix",
        "3 av. Foch",
        "12 bd Lenoir",
        "7 impasse des Rosiers",
        "2 allée des Tilleuls",
        "5 place du Marché",
        "18 route de Caen",
        "Lieu-dit La Boissière",
        "4 chemin du Moulin",
        "1 résidence Les Pins",
        "9 quai de la Sarthe",
        "3 cours Clemenceau",
        "6 square Dunant",
        "11 hameau de Saint-Michel",
        "22 Rue des Lilas",
        "8 RUE PASTEUR",
        "BP 45",
        "CS 20001",
        "Appt 12",
        "Bât. C",
    ],
)
def test_street_lines_and_boxes_go(line):
    assert gone(f"Adresse : {line}\nPermis B") == f"Adresse : {BLANK}\nPermis B"


@pytest.mark.parametrize(
    "line",
    [
        "61000 Alençon",
        "61100 FLERS",
        "61 000 Alençon",
        "F-61300 L'Aigle",
        "61250 Saint-Germain-du-Corbéis",
        "61140 Bagnoles de l'Orne Normandie",
        "Alençon (61000)",
        "ALENCON",
    ],
)
def test_postal_codes_with_their_commune_and_the_home_commune_go(line):
    out = gone(f"{line}\nPermis B")
    assert out == f"{BLANK}\nPermis B", out


def test_a_residence_line_goes_in_an_address_block_but_an_employer_residence_stays():
    out = gone(
        "Résidence Les Tilleuls\nBât. B, appt 12\n14 rue Victor Hugo\n61000 Alençon\n\n"
        "EXPÉRIENCE\n2016-2020 : Résidence autonomie Les Marronniers, Flers — agent de service"
    )
    assert "Tilleuls" not in out and "Victor" not in out
    assert "Résidence autonomie Les Marronniers, Flers — agent de service" in out


def test_professional_content_stays():
    text = (
        "EXPÉRIENCE\n01/09/2015 - 30/06/2019 : Aide-soignante, EHPAD Les Tilleuls (2 ans d'expérience)\n"
        "01.02.2015 - 12.2018 Auxiliaire de vie chez Domicile Plus, Argentan\n"
        "09/2010 – 06/2014 : agent d'entretien, Mairie de Sées\n"
        "FORMATION\nDEAS 2015 ; DEAES 2021 ; BAC PRO ASSP (2012)\n32 ans, 2 enfants, permis B\n"
        "Salaire souhaité : 25 000 € brut par an ; 35 heures ; EHPAD de 80 lits\n"
        "Clinique Saint-Martin, CHU de Caen, ADMR 61"
    )
    assert gone(text) == text


def test_an_employers_address_goes_but_not_its_name():
    out = gone("2018-2020 : Aide à domicile, ADMR des Collines, 3 place du Marché, 61100 Flers — 2 ans")
    assert "ADMR des Collines" in out and "Marché" not in out and "61100" not in out and "— 2 ans" in out


def test_a_one_line_contact_block_leaves_nothing_but_blanks():
    out = gone(
        "Marie-Claire ZEPHIRIN • 14 rue Victor Hugo, 61000 Alençon • 06 11 22 33 44 • "
        "marie.zephirin@gmail.com • linkedin.com/in/mczephirin • née le 14/03/1990"
    )
    assert out == BLANK


def test_nothing_known_nothing_to_redact_and_empty_text():
    assert redact("", MARIE) == ""
    assert redact("Aide-soignante", Identity(names=("", ""))) == "Aide-soignante"
