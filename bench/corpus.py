"""A deterministic corpus of French candidate profiles for the CV-thèque benchmark.

Candidates look for care jobs with elderly or disabled people in the Orne: aides-soignantes,
auxiliaires de vie, AES, infirmières, éducateurs... Each profile has the structured fields of
CandidateProfile, a short presentation and the text of a CV of about 4 kB, assembled from a large
stock of sentence parts (employers, tasks, publics, partners, trainings, places, hobbies) so that
the vocabulary and its term frequencies look like real CVs rather than a handful of repeated words.

The same seed, count and reference day give exactly the same corpus: everything is drawn from one
random.Random(seed), in order, and nothing depends on the clock or on hash ordering.
"""

import csv
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

# The platform ships the same file as /work/shared/data/orne-communes.csv (byte for byte); reading the
# packaged copy keeps the benchmark runnable from any checkout, CI included.
COMMUNES_CSV = Path(__file__).resolve().parent.parent / "portal" / "communes" / "orne-communes.csv"
# Dates are drawn relative to this day, not to the clock, so that a seed always gives the same corpus.
REFERENCE_DAY = date(2026, 11, 1)

CONTRACT_TYPES = ("cdi", "cdd", "interim", "alternance", "stage", "vacation")
WORKING_TIMES = ("plein", "partiel", "nuit", "week-end")

MONTHS = (
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
)


@dataclass(frozen=True)
class Job:
    """One métier as candidates write about it. Text holds [masculine|feminine] pairs."""

    slug: str
    title: str
    weight: float  # how common candidates for this métier are
    women: float  # share of women among them
    diplomas: tuple[str, ...]
    settings: tuple[str, ...]  # kinds of employers, keys of EMPLOYERS
    tasks: tuple[str, ...]
    skills: tuple[str, ...]
    related: tuple[str, ...] = ()


JOBS: dict[str, Job] = {
    job.slug: job
    for job in (
        Job(
            "aide-soignant",
            "[aide-soignant|aide-soignante]",
            20,
            0.88,
            (
                "Diplôme d'État d'aide-soignant (DEAS)",
                "DEAS obtenu par la VAE",
                "Certificat d'aptitude aux fonctions d'aide-soignant (CAFAS)",
                "Bac pro ASSP puis DEAS en passerelle",
            ),
            ("ehpad", "ehpad", "ssiad", "hopital", "mas", "foyer", "accueil_jour", "interim"),
            (
                "soins d'hygiène et de confort (toilette au lit, au lavabo, douche)",
                "aide à la toilette et à l'habillage",
                "aide au repas et surveillance de l'hydratation",
                "transferts lit-fauteuil avec lève-personne et verticalisateur",
                "prévention des escarres, effleurages et changements de position",
                "prévention des chutes et aide à la marche",
                "prise des constantes : tension, pouls, température, saturation",
                "surveillance de l'état cutané",
                "aide à la prise des médicaments préparés par l'infirmière",
                "transmissions orales et écrites dans le dossier de soins",
                "accompagnement en fin de vie et soutien des familles",
                "soins de bouche et soins de confort en soins palliatifs",
                "prise en charge de résidents atteints de la maladie d'Alzheimer ou de troubles apparentés",
                "accompagnement aux toilettes et changes de protections",
                "réfection des lits et entretien de l'environnement",
                "pose de bas de contention et aide à l'installation",
                "surveillance des troubles de la déglutition",
                "suivi des régimes alimentaires et des textures modifiées",
                "tour de nuit et surveillance du sommeil",
                "toilette évaluative et recueil des habitudes de vie",
                "accueil des nouveaux résidents et de leurs proches",
                "participation aux projets d'accompagnement personnalisés",
                "encadrement des élèves aides-soignants en stage",
                "animation d'ateliers mémoire et de gym douce",
                "soins de nursing en unité de vie protégée",
                "observation des troubles du comportement et transmissions à l'infirmière",
                "soins post-mortem",
            ),
            (
                "Maîtrise des techniques de manutention",
                "Connaissance des protocoles d'hygiène et de la prévention des infections",
                "Utilisation du lève-personne, du verticalisateur et du rail au plafond",
                "Observation clinique",
                "Repérage de la douleur (échelles Algoplus, Doloplus)",
                "Logiciels de soins NetSoins et Titan",
            ),
            ("assistant-de-soins-en-gerontologie", "auxiliaire-de-vie", "agent-de-service-hospitalier"),
        ),
        Job(
            "auxiliaire-de-vie",
            "[auxiliaire de vie|auxiliaire de vie]",
            18,
            0.93,
            (
                "Titre professionnel assistant de vie aux familles (ADVF)",
                "DEAES spécialité accompagnement de la vie à domicile",
                "Diplôme d'État d'auxiliaire de vie sociale (DEAVS)",
                "BEP carrières sanitaires et sociales",
                "CAP assistant technique en milieux familial et collectif (ATMFC)",
            ),
            ("domicile", "domicile", "domicile", "ssiad", "ehpad", "interim"),
            (
                "aide au lever, au coucher et à la toilette",
                "préparation des repas et aide à la prise des repas",
                "courses et accompagnement aux rendez-vous médicaux",
                "entretien du logement et du linge, repassage",
                "stimulation de l'autonomie dans les gestes du quotidien",
                "maintien du lien social et lutte contre l'isolement",
                "aide à la prise des médicaments à partir du pilulier",
                "accompagnement de personnes en situation de handicap à domicile",
                "signalement des changements de l'état de santé à la responsable de secteur",
                "tenue du cahier de liaison",
                "jeux de société, lecture du journal et promenades",
                "aide aux démarches administratives simples",
                "gardes de nuit et présence rassurante",
                "accompagnement aux loisirs et aux visites familiales",
                "interventions en zone rurale, jusqu'à quarante kilomètres par jour",
                "relais des aidants familiaux épuisés",
                "aide aux transferts avec le matériel adapté",
                "préparation de repas adaptés aux régimes (diabète, sans sel)",
                "accompagnement de personnes atteintes de la maladie de Parkinson",
                "soutien moral et écoute",
            ),
            (
                "Autonomie dans l'organisation des interventions",
                "Cuisine familiale et adaptée aux régimes",
                "Connaissance des aides techniques",
                "Discrétion et respect de l'intimité",
                "Application de télégestion sur smartphone",
            ),
            ("accompagnant-educatif-et-social", "aide-soignant", "agent-de-service-hospitalier"),
        ),
        Job(
            "accompagnant-educatif-et-social",
            "[accompagnant éducatif et social|accompagnante éducative et sociale]",
            14,
            0.85,
            (
                "Diplôme d'État d'accompagnant éducatif et social (DEAES)",
                "Diplôme d'État d'aide médico-psychologique (DEAMP)",
                "DEAES spécialité accompagnement de la vie en structure collective",
                "DEAES spécialité éducation inclusive",
            ),
            ("foyer", "mas", "ime", "ehpad", "domicile", "esat"),
            (
                "accompagnement dans les actes de la vie quotidienne",
                "participation à l'élaboration du projet personnalisé",
                "animation d'activités éducatives, culturelles et de loisirs",
                "ateliers cuisine, jardinage et esthétique",
                "séances en salle Snoezelen et stimulation sensorielle",
                "communication alternative par pictogrammes et Makaton",
                "accompagnement à la scolarité en milieu ordinaire comme AESH",
                "gestion des troubles du comportement et apaisement",
                "sorties, séjours adaptés et transferts en minibus",
                "accompagnement de personnes polyhandicapées",
                "veille au confort, à la sécurité et au bien-être des résidents",
                "rédaction d'écrits professionnels et d'observations",
                "soutien à la vie sociale et citoyenne",
                "participation aux réunions de synthèse",
                "aide aux repas et aux soins d'hygiène",
                "accompagnement des personnes handicapées vieillissantes",
                "référence de trois résidents et lien avec leurs familles",
                "activités de balnéothérapie et de piscine",
            ),
            (
                "Connaissance du handicap mental et du polyhandicap",
                "Approche Snoezelen",
                "Outils de communication alternative",
                "Gestion de la relation de groupe",
                "Écrits professionnels",
            ),
            ("auxiliaire-de-vie", "moniteur-educateur", "aide-soignant"),
        ),
        Job(
            "agent-de-service-hospitalier",
            "[agent de service hospitalier|agente de service hospitalier]",
            12,
            0.8,
            (
                "Formation d'agent de service hospitalier qualifié (ASHQ)",
                "CAP agent polyvalent de restauration",
                "CAP propreté de l'environnement urbain",
                "Titre professionnel agent de propreté et d'hygiène",
            ),
            ("ehpad", "ehpad", "hopital", "foyer", "mas", "interim"),
            (
                "bionettoyage des chambres et des parties communes",
                "service des repas en salle à manger et en chambre",
                "plonge et entretien de l'office",
                "gestion du linge en lingerie : tri, lavage, repassage",
                "respect des protocoles d'hygiène et de la méthode HACCP",
                "préparation des petits déjeuners et des collations",
                "aide à l'installation des résidents au moment des repas",
                "désinfection des chambres après un départ",
                "entretien des chariots de ménage",
                "utilisation de l'autolaveuse et de la monobrosse",
                "tri des déchets et des DASRI",
                "relation bienveillante avec les résidents et les familles",
                "remplacements d'aide-soignant en faisant fonction",
                "traçabilité des températures et des produits",
                "aide ponctuelle aux toilettes avec l'équipe soignante",
                "décontamination du matériel médical",
            ),
            (
                "Connaissance des produits d'entretien et des dilutions",
                "Méthode HACCP",
                "Bionettoyage en secteur sensible",
                "Travail en horaires coupés",
            ),
            ("aide-soignant", "maitresse-de-maison", "auxiliaire-de-vie"),
        ),
        Job(
            "infirmier",
            "[infirmier|infirmière]",
            8,
            0.86,
            (
                "Diplôme d'État d'infirmier (DEI)",
                "Diplôme d'État d'infirmier, grade licence",
                "Diplôme universitaire de soins palliatifs",
                "DU plaies et cicatrisation",
            ),
            ("hopital", "hopital", "ehpad", "ssiad", "mas", "interim"),
            (
                "préparation et distribution des traitements",
                "pansements simples et complexes, suivi des plaies chroniques",
                "prélèvements sanguins et bilans",
                "pose et surveillance de perfusions sous-cutanées et intraveineuses",
                "évaluation et prise en charge de la douleur",
                "coordination de l'équipe aide-soignante",
                "tenue du dossier de soins informatisé",
                "relation avec les médecins traitants et les pharmacies d'officine",
                "éducation thérapeutique des patients diabétiques",
                "soins palliatifs en lien avec l'équipe mobile",
                "gestion des urgences et des chutes",
                "encadrement des étudiants en soins infirmiers",
                "commandes de pharmacie et gestion du chariot d'urgence",
                "évaluation de la dépendance avec la grille AGGIR",
                "campagnes de vaccination antigrippale",
                "tournées de soins à domicile",
                "surveillance des anticoagulants",
                "préparation des admissions et des retours d'hospitalisation",
                "gestion des épidémies et des protocoles d'isolement",
            ),
            (
                "Soins techniques",
                "Raisonnement clinique",
                "Logiciels Medisys, NetSoins et Titan",
                "Encadrement d'équipe",
                "Gestion de la douleur et soins palliatifs",
            ),
            ("aide-soignant",),
        ),
        Job(
            "educateur-specialise",
            "[éducateur spécialisé|éducatrice spécialisée]",
            5,
            0.7,
            (
                "Diplôme d'État d'éducateur spécialisé (DEES)",
                "DEES, grade licence",
                "Licence de sciences de l'éducation",
                (
                    "Certificat d'aptitude aux fonctions d'encadrement et de responsable d'unité d'intervention sociale "
                    "(CAFERUIS)"
                ),
            ),
            ("ime", "foyer", "protection", "esat", "mas", "social"),
            (
                "élaboration et suivi des projets personnalisés",
                "coordination de projets éducatifs",
                "accompagnement d'adolescents en situation de handicap",
                "travail avec les familles et les partenaires (ASE, MDPH, CMP)",
                "rédaction de rapports, de bilans et de synthèses",
                "animation de groupes de parole",
                "accompagnement vers l'insertion professionnelle et les stages en ESAT",
                "médiations éducatives : équithérapie, théâtre, sport adapté",
                "prévention et gestion de la violence",
                "accompagnement de jeunes avec troubles du spectre de l'autisme (TEACCH, PECS)",
                "référent de parcours",
                "visites médiatisées et accompagnement à la parentalité",
                "préparation des orientations et des admissions",
                "organisation de transferts et de séjours éducatifs",
                "accompagnement à l'habitat inclusif",
            ),
            (
                "Méthodologie de projet",
                "Analyse des pratiques",
                "Connaissance des dispositifs de protection de l'enfance",
                "Approches comportementales et développementales",
                "Travail en réseau",
            ),
            ("moniteur-educateur",),
        ),
        Job(
            "moniteur-educateur",
            "[moniteur-éducateur|monitrice-éducatrice]",
            4,
            0.7,
            (
                "Diplôme d'État de moniteur-éducateur (DEME)",
                "DEME par la voie de l'apprentissage",
                "BPJEPS animation sociale",
            ),
            ("foyer", "ime", "protection", "esat", "mas"),
            (
                "accompagnement au quotidien d'un groupe de dix résidents",
                "organisation des temps de vie : lever, repas, coucher",
                "activités manuelles, sportives et culturelles",
                "accompagnement aux ateliers de l'ESAT",
                "transferts, camps et séjours de vacances adaptés",
                "apprentissage des gestes de la vie quotidienne",
                "soutien à l'autonomie dans les déplacements et les transports en commun",
                "suivi de l'argent de poche et des achats",
                "participation aux projets personnalisés",
                "écrits d'observation et transmissions",
                "accompagnement des jeunes dans leur scolarité",
                "gestion des conflits au sein du groupe",
            ),
            ("Animation de groupe", "Observation et écrits professionnels", "Activités sportives adaptées"),
            ("educateur-specialise", "accompagnant-educatif-et-social"),
        ),
        Job(
            "animateur",
            "[animateur|animatrice]",
            4,
            0.75,
            (
                "BPJEPS animation sociale",
                "DEJEPS animation sociale",
                "BAFA",
                "DUT carrières sociales option animation sociale",
                "Certificat de qualification professionnelle animateur périscolaire",
            ),
            ("ehpad", "ehpad", "accueil_jour", "foyer", "social"),
            (
                "conception du programme mensuel d'animation",
                "ateliers mémoire, gym douce et prévention des chutes",
                "lotos, chorale, jeux de mots et quiz musicaux",
                "projets intergénérationnels avec l'école et le centre de loisirs",
                "médiation animale avec une association locale",
                "ateliers Montessori adaptés aux personnes âgées",
                "fêtes d'anniversaire, repas à thème et marché de Noël",
                "rédaction de la gazette de l'établissement",
                "accompagnement des bénévoles et des services civiques",
                "animation individuelle en chambre",
                "ateliers pâtisserie et jardin thérapeutique",
                "sorties au marché, au cinéma et au bord de la mer",
                "organisation de spectacles et de concerts",
                "lien avec les familles et le conseil de la vie sociale",
            ),
            (
                "Conduite de projet d'animation",
                "Outils numériques (tablettes, réseaux sociaux)",
                "Musique et chant",
                "Travail avec les bénévoles",
            ),
            ("assistant-de-soins-en-gerontologie",),
        ),
        Job(
            "surveillant-de-nuit",
            "[surveillant de nuit|surveillante de nuit]",
            3,
            0.5,
            (
                "Certificat de qualification professionnelle surveillant de nuit qualifié",
                "SSIAP 1 (sécurité incendie)",
                "Formation de surveillant de nuit en secteur social et médico-social",
            ),
            ("foyer", "mas", "ehpad", "protection", "ime"),
            (
                "rondes de surveillance dans les unités",
                "veille de la sécurité des biens et des personnes",
                "réponse aux appels des résidents",
                "accompagnement des réveils nocturnes et des angoisses",
                "transmissions avec l'équipe de jour",
                "application des consignes de sécurité incendie",
                "aide au coucher et changes de nuit",
                "appel du cadre d'astreinte en cas d'incident",
                "entretien du linge et préparation des petits déjeuners",
                "gestion des fugues et des situations de crise",
                "surveillance des personnes épileptiques",
            ),
            ("Sécurité incendie", "Gestion des situations d'urgence", "Calme et sang-froid"),
            ("aide-soignant", "accompagnant-educatif-et-social"),
        ),
        Job(
            "maitresse-de-maison",
            "[maître de maison|maîtresse de maison]",
            2,
            0.9,
            ("Certificat de qualification professionnelle maîtresse de maison", "CAP cuisine", "CAP ATMFC"),
            ("foyer", "protection", "mas", "ime"),
            (
                "gestion du linge et des repas du foyer",
                "organisation de la vie quotidienne de la maison",
                "préparation des repas en lien avec la diététicienne",
                "entretien des espaces collectifs et des chambres",
                "commandes et gestion des stocks alimentaires",
                "accompagnement des résidents dans les tâches ménagères",
                "création d'une ambiance chaleureuse et familiale",
                "participation aux réunions d'équipe éducative",
                "accueil des familles et des visiteurs",
            ),
            ("Cuisine pour des groupes", "Gestion des stocks", "Hygiène alimentaire"),
            ("agent-de-service-hospitalier", "accompagnant-educatif-et-social"),
        ),
        Job(
            "ergotherapeute",
            "[ergothérapeute|ergothérapeute]",
            1.5,
            0.85,
            ("Diplôme d'État d'ergothérapeute", "DU d'évaluation et de prise en charge des troubles cognitifs"),
            ("hopital", "ehpad", "mas", "ime", "accueil_jour", "ssiad"),
            (
                "bilans d'autonomie et évaluations des capacités fonctionnelles",
                "préconisation et essais d'aides techniques",
                "aménagement du domicile et visites à domicile",
                "prévention des troubles musculo-squelettiques des équipes",
                "positionnement au fauteuil roulant et prévention des escarres",
                "rééducation du membre supérieur",
                "ateliers de prévention des chutes",
                "formation des équipes aux transferts",
                "ateliers de stimulation cognitive au sein d'une équipe spécialisée Alzheimer (ESA)",
                "dossiers MDPH et financement des aides techniques",
                "adaptation des postes de travail en ESAT",
            ),
            ("Évaluation fonctionnelle", "Aides techniques et domotique", "Positionnement"),
            (),
        ),
        Job(
            "psychomotricien",
            "[psychomotricien|psychomotricienne]",
            1,
            0.88,
            ("Diplôme d'État de psychomotricien", "DU de psychomotricité en gérontologie"),
            ("ime", "mas", "ehpad", "hopital", "accueil_jour"),
            (
                "bilans psychomoteurs",
                "séances de relaxation et de détente corporelle",
                "travail du schéma corporel",
                "enveloppements et médiation corporelle",
                "séances de balnéothérapie",
                "prise en charge des troubles de l'équilibre",
                "ateliers de prévention des chutes",
                "toucher thérapeutique et approche sensorielle",
                "accompagnement d'enfants avec troubles du neurodéveloppement",
                "séances en salle Snoezelen",
                "groupes thérapeutiques en gérontopsychiatrie",
            ),
            ("Bilans standardisés", "Médiations corporelles", "Approche sensorielle"),
            (),
        ),
        Job(
            "tisf",
            "[technicien de l'intervention sociale et familiale|technicienne de l'intervention sociale et familiale]",
            2,
            0.95,
            ("Diplôme d'État de technicien de l'intervention sociale et familiale (DETISF)", "Bac pro SAPAT"),
            ("social", "social", "domicile", "protection"),
            (
                "soutien à la parentalité",
                "accompagnement des familles en difficulté",
                "aide aux devoirs et suivi scolaire",
                "organisation du quotidien familial et des repas",
                "interventions dans le cadre de mesures d'AED",
                "accompagnement budgétaire et administratif",
                "interventions à domicile après une naissance",
                "liens avec la PMI et les travailleurs sociaux",
                "rédaction de bilans d'intervention",
                "accompagnement des visites en présence d'un tiers",
            ),
            ("Soutien à la parentalité", "Travail avec les partenaires de la protection de l'enfance"),
            ("auxiliaire-de-vie",),
        ),
        Job(
            "assistant-de-soins-en-gerontologie",
            "[assistant de soins en gérontologie|assistante de soins en gérontologie]",
            3,
            0.92,
            ("Formation d'assistant de soins en gérontologie (ASG)", "DEAS et formation ASG de 140 heures"),
            ("accueil_jour", "ehpad", "ssiad"),
            (
                "accompagnement de personnes atteintes de la maladie d'Alzheimer",
                "animation du PASA",
                "activités thérapeutiques et stimulation cognitive",
                "gestion des troubles du comportement : déambulation, agitation",
                "approches non médicamenteuses (Humanitude, Montessori, validation)",
                "soutien et information des aidants",
                "interventions au sein d'une équipe spécialisée Alzheimer à domicile",
                "réhabilitation des gestes du quotidien",
                "ateliers réminiscence et musicothérapie",
                "travail en unité d'hébergement renforcée (UHR)",
            ),
            ("Approche Humanitude", "Méthode Montessori adaptée", "Connaissance des maladies neuro-évolutives"),
            ("aide-soignant", "animateur"),
        ),
        Job(
            "auxiliaire-de-puericulture",
            "[auxiliaire de puériculture|auxiliaire de puériculture]",
            3,
            0.97,
            ("Diplôme d'État d'auxiliaire de puériculture (DEAP)", "CAP accompagnant éducatif petite enfance"),
            ("petite_enfance", "petite_enfance", "hopital", "protection"),
            (
                "soins aux nouveau-nés et aux nourrissons",
                "préparation des biberons et des repas",
                "change, bain et soins du cordon",
                "activités d'éveil et jeux",
                "accompagnement à la parentalité et à l'allaitement",
                "surveillance du développement de l'enfant",
                "adaptation des enfants accueillis en crèche",
                "hygiène des locaux, du linge et des jouets",
                "soins en néonatalogie",
                "accueil des enfants porteurs de handicap",
                "transmissions aux parents",
            ),
            ("Développement de l'enfant", "Hygiène en collectivité de jeunes enfants", "Accompagnement des parents"),
            ("aide-soignant",),
        ),
    )
}

EMPLOYERS: dict[str, tuple[str, ...]] = {
    "ehpad": (
        "EHPAD {home}",
        "EHPAD {home} de {town}",
        "Résidence {home}, EHPAD",
        "EHPAD public de {town}",
        "EHPAD associatif {home}",
        "unité de vie protégée de l'EHPAD {home}",
        "USLD du centre hospitalier de {hospital}",
    ),
    "ssiad": (
        "SSIAD du Bocage",
        "SSIAD de {town}",
        "SSIAD ADMR de {town}",
        "SSIAD du Pays d'Argentan",
        "SSIAD du Perche",
        "service de soins infirmiers à domicile de {town}",
        "SPASAD du Pays d'Ouche",
    ),
    "domicile": (
        "service d'aide à domicile de {town}",
        "ADMR de {town}",
        "association {brand}",
        "CCAS de {town}, service d'aide à domicile",
        "SAAD {brand}",
        "particulier employeur (CESU) à {town}",
        "service mandataire {brand}",
    ),
    "foyer": (
        "foyer de vie {home}",
        "foyer d'hébergement de {town}",
        "FAM {home}",
        "foyer d'accueil médicalisé de {town}",
        "foyer de vie pour personnes handicapées vieillissantes {home}",
        "habitat inclusif {home}",
    ),
    "mas": ("MAS {home}", "maison d'accueil spécialisée de {town}", "MAS {home} de {town}"),
    "ime": (
        "IME {home}",
        "institut médico-éducatif de {town}",
        "SESSAD de {town}",
        "ITEP {home}",
        "IEM {home}",
        "dispositif d'accompagnement médico-éducatif de {town}",
    ),
    "esat": ("ESAT {home}", "ESAT de {town}", "entreprise adaptée de {town}"),
    "hopital": (
        "centre hospitalier de {hospital}",
        "CHIC Alençon-Mamers",
        "centre psychothérapique de l'Orne",
        "clinique {home}",
        "service de soins de suite et de réadaptation de {hospital}",
        "HAD de l'Orne",
        "service de gériatrie du centre hospitalier de {hospital}",
        "CHU de Caen",
        "centre hospitalier du Mans",
        "service de médecine polyvalente de {hospital}",
        "unité de gérontopsychiatrie de {hospital}",
    ),
    "petite_enfance": (
        "crèche {child}",
        "multi-accueil {child} de {town}",
        "maternité du centre hospitalier de {hospital}",
        "service de pédiatrie de {hospital}",
        "pouponnière de {town}",
        "micro-crèche {child}",
    ),
    "protection": (
        "MECS {home}",
        "maison d'enfants à caractère social de {town}",
        "lieu de vie et d'accueil {home}",
        "service de protection de l'enfance du Département de l'Orne",
        "foyer départemental de l'enfance",
    ),
    "social": (
        "service TISF de l'ADMR de {town}",
        "association familiale de {town}",
        "UDAF de l'Orne",
        "centre social de {town}",
        "CCAS de {town}",
    ),
    "interim": ("agence d'intérim {brand} de {town}", "intérim médical {brand}", "groupement d'employeurs {brand}"),
    "accueil_jour": (
        "accueil de jour Alzheimer de {town}",
        "PASA de l'EHPAD {home}",
        "UHR de l'EHPAD {home}",
        "plateforme d'accompagnement et de répit de {town}",
        "équipe spécialisée Alzheimer de {town}",
    ),
}

HOMES = (
    "Les Tilleuls",
    "Les Glycines",
    "Le Clos Fleuri",
    "La Roseraie",
    "Les Hortensias",
    "Saint-Joseph",
    "Sainte-Thérèse",
    "Les Marronniers",
    "Les Charmilles",
    "Le Bois Joli",
    "Les Pommiers",
    "La Source",
    "Les Jardins d'Andaine",
    "Le Parc",
    "Les Acacias",
    "La Prairie",
    "Les Bruyères",
    "Les Peupliers",
    "Le Verger",
    "La Chênaie",
    "Les Myosotis",
    "L'Orée du Bois",
    "Les Bleuets",
    "Le Moulin",
    "Les Coquelicots",
    "La Varenne",
    "Les Ormes",
    "Le Val Fleuri",
    "Les Capucines",
    "Notre-Dame",
    "Saint-Louis",
    "Les Sources",
    "La Fontaine",
    "Le Prieuré",
    "Les Lilas",
    "Les Rosiers",
    "La Clairière",
    "Les Camélias",
    "Le Manoir",
    "Les Jonquilles",
    "La Sapinière",
    "Le Hameau",
    "Les Primevères",
    "Les Cèdres",
    "Bellevue",
    "La Providence",
    "Les Iris",
    "Les Tamaris",
    "Le Bocage",
    "Les Vergers du Houlme",
    "La Roche Mabile",
    "Les Terrasses",
    "L'Escale",
    "Le Village",
    "Les Quatre Saisons",
    "Pierre Bérégovoy",
    "Marie-Curie",
    "Jean-Moulin",
    "Les Ajoncs",
    "La Cerisaie",
    "Le Château",
)
CHILD_PLACES = (
    "Les Petits Loups",
    "Pirouette",
    "Les Lutins",
    "Capucine",
    "Les P'tits Mômes",
    "La Ribambelle",
    "Les Frimousses",
    "Arc-en-ciel",
    "Les Bambins",
    "Trois Pommes",
)
HOSPITALS = (
    "Alençon",
    "Argentan",
    "Flers",
    "L'Aigle",
    "Mortagne-au-Perche",
    "La Ferté-Macé",
    "Domfront",
    "Sées",
    "Vimoutiers",
    "Bellême",
    "Falaise",
    "Lisieux",
    "Vire",
)
BRANDS = (
    "Présence Verte",
    "Âge d'Or Services",
    "Domi'Services",
    "Vivre Chez Soi",
    "Aide et Présence",
    "Solidarité Bocage",
    "Horizon Santé",
    "Normandie Emploi Santé",
    "Medicorne",
    "Perche Services",
    "Bocage Assistance",
    "Orne Domicile",
    "Familles Rurales",
    "Soins Plus",
    "Interim Santé 61",
    "Adomi Normandie",
)
# A few places outside the Orne where candidates often worked before coming back.
OUTSIDE_TOWNS = (
    "Caen",
    "Le Mans",
    "Lisieux",
    "Vire",
    "Falaise",
    "Mayenne",
    "Rouen",
    "Évreux",
    "Chartres",
    "Laval",
    "Dreux",
    "Nogent-le-Rotrou",
    "Paris",
    "Rennes",
)

PUBLICS = (
    "personnes âgées dépendantes",
    "résidents atteints de la maladie d'Alzheimer ou de troubles apparentés",
    "adultes en situation de handicap mental",
    "enfants avec troubles du spectre de l'autisme",
    "personnes polyhandicapées",
    "patients en soins palliatifs",
    "bénéficiaires vivant seuls à domicile",
    "adolescents accueillis au titre de la protection de l'enfance",
    "personnes handicapées vieillissantes",
    "patients en gérontopsychiatrie",
    "personnes atteintes de sclérose en plaques",
    "personnes cérébrolésées",
    "patients en rééducation après une fracture du col du fémur",
    "familles en situation de précarité",
    "résidents en grande dépendance (GIR 1 et 2)",
    "travailleurs handicapés",
    "nourrissons et jeunes enfants",
    "personnes souffrant de troubles psychiques",
    "personnes en perte d'autonomie",
)
PARTNERS = (
    "l'équipe pluridisciplinaire",
    "l'infirmière coordinatrice",
    "le médecin coordonnateur",
    "les familles",
    "la psychologue",
    "la cadre de santé",
    "l'ergothérapeute",
    "les kinésithérapeutes",
    "les aidants",
    "l'assistante sociale",
    "l'équipe de nuit",
    "les mandataires judiciaires",
    "la responsable de secteur",
    "la diététicienne",
    "l'équipe mobile de soins palliatifs",
    "le chef de service éducatif",
    "les orthophonistes",
    "l'animatrice",
    "les bénévoles",
    "le médecin traitant",
)
VALUES = (
    "la bientraitance",
    "la dignité et l'intimité de la personne",
    "l'autonomie de chacun",
    "le projet de vie de la personne",
    "les droits des usagers",
    "la confidentialité",
    "les règles d'hygiène",
    "les habitudes de vie",
    "le rythme de chaque résident",
    "la sécurité des personnes",
    "le secret professionnel",
    "les choix de la personne et de ses proches",
)
COMPLEMENTS = (
    "auprès de {public}",
    "en lien avec {partner}",
    "dans le respect de {value}",
    "selon les protocoles du service",
    "en binôme avec une collègue",
    "sur un secteur de {n} bénéficiaires",
    "pour une unité de {n} résidents",
    "de jour comme de nuit",
    "en collaboration avec {partner}",
    "avec une attention particulière à {value}",
    "pour {public}",
    "en autonomie",
    "dans un service de {n} lits",
    "en roulement matin, soir et week-end",
)
GENERIC_TASKS = (
    "participation aux réunions d'équipe et aux transmissions",
    "travail en équipe pluridisciplinaire",
    "accueil et information des familles",
    "respect du secret professionnel",
    "repérage et signalement des situations de maltraitance",
    "utilisation du logiciel de soins",
    "tutorat des nouveaux salariés et des stagiaires",
    "remplacements ponctuels sur d'autres services",
    "participation à la démarche qualité et à l'évaluation externe",
    "participation aux formations internes",
    "gestion du matériel et des commandes",
    "accompagnement lors des sorties et des fêtes",
    "participation au conseil de la vie sociale",
    "mise à jour des plans de soins",
    "prévention des risques professionnels",
    "lien avec les services d'urgence",
)
OTHER_JOBS = (
    (
        "[employé|employée] libre-service",
        "supermarché de {town}",
        ("mise en rayon et gestion des stocks", "accueil et conseil des clients", "tenue de la caisse"),
    ),
    (
        "[serveur|serveuse]",
        "restaurant {home} à {town}",
        ("service en salle", "préparation des salles et mise en place", "encaissement"),
    ),
    (
        "[agent|agente] de production",
        "laiterie de {town}",
        ("conduite de ligne de conditionnement", "contrôles qualité", "nettoyage des installations"),
    ),
    (
        "[vendeur|vendeuse] en boulangerie",
        "boulangerie de {town}",
        ("vente et conseil", "préparation des sandwichs", "ouverture du magasin"),
    ),
    (
        "[agent|agente] d'entretien",
        "mairie de {town}",
        ("entretien des écoles et de la salle des fêtes", "surveillance de la cantine", "gestion des produits"),
    ),
    (
        "[animateur|animatrice] BAFA",
        "centre de loisirs de {town}",
        ("encadrement d'enfants de 6 à 12 ans", "préparation d'activités manuelles", "organisation de grands jeux"),
    ),
    (
        "[ouvrier agricole|ouvrière agricole]",
        "exploitation laitière à {town}",
        ("traite et soins aux animaux", "entretien du matériel", "travaux saisonniers"),
    ),
    ("[caissier|caissière]", "hypermarché de {town}", ("encaissement", "accueil clients", "gestion des retours")),
    (
        "[aide maternel|aide maternelle]",
        "école maternelle de {town}",
        ("aide aux enseignants", "accompagnement des enfants à la cantine", "entretien des classes"),
    ),
    (
        "[préparateur|préparatrice] de commandes",
        "plateforme logistique de {town}",
        ("préparation des commandes", "utilisation du scanner", "conduite de transpalette"),
    ),
)

TRAININGS = (
    "Sauveteur secouriste du travail (SST)",
    "PSC1 (prévention et secours civiques)",
    "Gestes et postures",
    "PRAP 2S (prévention des risques liés à l'activité physique)",
    "AFGSU niveau 2",
    "Formation Humanitude",
    "Bientraitance et prévention de la maltraitance",
    "Troubles du comportement chez la personne âgée",
    "Soins palliatifs et accompagnement de fin de vie",
    "Approche Snoezelen",
    "Méthode Montessori adaptée",
    "Toucher-massage",
    "Prévention des chutes",
    "Hygiène et bionettoyage",
    "HACCP",
    "Troubles du spectre de l'autisme",
    "Makaton niveau 1",
    "Langue des signes française (LSF), niveau A1",
    "Validation selon Naomi Feil",
    "Nutrition et dénutrition de la personne âgée",
    "Manutention des personnes",
    "Gestion de l'agressivité",
    "Accompagnement de la sexualité en établissement",
    "Prévention du suicide chez la personne âgée",
    "Écrits professionnels",
    "Premiers secours en santé mentale",
    "Soins de bouche et hygiène bucco-dentaire",
    "Prévention des escarres",
    "Douleur et personne âgée",
    "Maladie de Parkinson et troubles apparentés",
    "SSIAP 1",
    "Tutorat des stagiaires",
    "Aromathérapie en établissement",
    "Laïcité et fait religieux",
)
SCHOOLS = (
    "IFAS du centre hospitalier d'Alençon",
    "IFAS de Flers",
    "IFAS d'Argentan",
    "IFAS de L'Aigle",
    "IFSI d'Alençon",
    "IFSI de Flers",
    "IFSI de Caen",
    "IRTS de Normandie-Caen",
    "IRFSS Croix-Rouge de Caen",
    "lycée Jean Guéhenno de Flers",
    "lycée Marcel Mézen d'Alençon",
    "lycée Mézeray d'Argentan",
    "lycée Napoléon de L'Aigle",
    "lycée Jean Monnet de Mortagne-au-Perche",
    "GRETA de l'Orne",
    "AFPA d'Alençon",
    "CFA sanitaire et social de Normandie",
    "Institut de formation en ergothérapie de Rouen",
    "Institut de formation en psychomotricité de Caen",
    "Université de Caen Normandie",
    "CNED",
    "ERFPP d'Alençon",
    "MFR de Vimoutiers",
    "MFR de Mortagne-au-Perche",
    "lycée Auguste Chevalier de Domfront",
    "lycée Flora Tristan de La Ferté-Macé",
    "IFAP de Caen",
)
HIGH_SCHOOLS = tuple(school for school in SCHOOLS if school.startswith(("lycée", "MFR", "CNED", "GRETA")))
SCHOOL_DIPLOMAS = (
    "Baccalauréat professionnel ASSP (accompagnement, soins et services à la personne)",
    "Baccalauréat ST2S (sciences et technologies de la santé et du social)",
    "Baccalauréat général",
    "BEP carrières sanitaires et sociales",
    "CAP petite enfance",
    "Brevet des collèges",
    "Baccalauréat professionnel SAPAT (services aux personnes et animation dans les territoires)",
    "CAP cuisine",
    "Baccalauréat professionnel commerce",
    "CAP vente",
)
QUALITIES = (
    "[patient|patiente]",
    "[rigoureux|rigoureuse]",
    "dynamique",
    "à l'écoute",
    "[souriant|souriante]",
    "[organisé|organisée]",
    "autonome",
    "[discret|discrète]",
    "[bienveillant|bienveillante]",
    "[ponctuel|ponctuelle]",
    "calme",
    "empathique",
    "[polyvalent|polyvalente]",
    "[motivé|motivée]",
    "[sérieux|sérieuse]",
    "[doux|douce]",
    "[attentif|attentive]",
    "[créatif|créative]",
    "[réactif|réactive]",
    "[consciencieux|consciencieuse]",
    "[investi|investie]",
    "[persévérant|persévérante]",
    "[disponible|disponible]",
    "[adaptable|adaptable]",
    "[curieux|curieuse]",
    "[chaleureux|chaleureuse]",
    "[fiable|fiable]",
    "[enjoué|enjouée]",
)
MOTIVATIONS = (
    "prendre soin des autres",
    "le contact avec les personnes âgées",
    "redonner le sourire aux résidents",
    "accompagner les personnes vers plus d'autonomie",
    "travailler en équipe",
    "le lien avec les familles",
    "transmettre ce que j'ai appris",
    "la relation d'aide",
    "me sentir utile",
    "les métiers du soin",
    "la vie en collectivité",
    "le travail de nuit, plus calme et plus proche des personnes",
    "accompagner les enfants dans leurs apprentissages",
    "l'accompagnement à domicile, au plus près des habitudes de vie",
    "la diversité des situations rencontrées",
    "apprendre de nouvelles pratiques",
)
GOALS = (
    "trouver un poste stable près de chez moi",
    "évoluer vers un poste de {related}",
    "reprendre une activité après un congé parental",
    "me reconvertir dans l'accompagnement des personnes",
    "rejoindre une équipe attachée à la bientraitance",
    "passer mon diplôme par la VAE",
    "découvrir le travail en établissement après plusieurs années à domicile",
    "me rapprocher de ma famille dans l'Orne",
    "travailler auprès d'un public en situation de handicap",
    "m'investir dans un projet d'établissement",
)
HOBBIES = (
    "randonnée dans les Alpes mancelles",
    "couture et tricot",
    "chant choral",
    "pâtisserie",
    "jardinage",
    "football en club",
    "bénévolat aux Restos du cœur",
    "lecture de romans policiers",
    "équitation",
    "photographie",
    "théâtre amateur",
    "marche nordique",
    "yoga",
    "scrapbooking",
    "pêche en rivière",
    "vélo sur la Véloscénie",
    "brocantes et vide-greniers",
    "cuisine du monde",
    "danse country",
    "piscine",
    "course à pied",
    "handball",
    "bricolage et décoration",
    "jeux de société",
    "sapeur-pompier volontaire",
    "accueil de correspondants étrangers",
    "art floral",
    "guitare",
    "musique classique",
    "dessin et aquarelle",
    "bénévolat à la Croix-Rouge",
    "balades avec mon chien en forêt d'Écouves",
    "tir à l'arc",
    "généalogie",
    "pétanque",
    "cinéma",
    "zumba",
    "voyages",
    "apiculture",
    "visite des haras du Pin",
    "fête du cheval de Mortagne",
    "comité des fêtes de ma commune",
)
SOFTWARE = (
    "Word, Excel et messagerie",
    "NetSoins",
    "Titan",
    "Medisys",
    "Osiris",
    "Apologic",
    "Ogirys",
    "application de télégestion Domatel",
    "Teams et visioconférence",
)
LANGUAGES = (
    "anglais scolaire",
    "anglais courant",
    "espagnol, notions",
    "allemand scolaire",
    "portugais, langue maternelle",
    "arabe courant",
    "langue des signes, débutant",
)
WORKPLACES = ("EHPAD", "établissement", "service à domicile", "foyer")
UNITS = ("jour", "nuit", "soins", "vie protégée", "accueil temporaire", "long séjour", "hébergement permanent")
SIZES = (8, 12, 14, 15, 20, 24, 28, 30, 40, 45, 60)
PEOPLE = ("résidents", "lits", "usagers", "bénéficiaires", "enfants", "patients")
TRAINING_FRAMES = (
    "formation continue",
    "plan de développement des compétences",
    "OPCO Santé",
    "CNFPT",
    "ANFH",
    "formation interne",
    "e-learning",
)
SELF_DESCRIPTIONS = ("[diplômé|diplômée]", "[expérimenté|expérimentée]", "[motivé|motivée]", "[polyvalent|polyvalente]")
MAIL_DOMAINS = ("orange.fr", "gmail.com", "laposte.net", "free.fr", "hotmail.fr")
STREETS = (
    "rue des Lilas",
    "rue de la République",
    "avenue de Basingstoke",
    "rue Saint-Blaise",
    "place du Marché",
    "rue du Général Leclerc",
    "chemin des Prés",
    "rue de la Gare",
    "impasse des Tilleuls",
    "rue Victor Hugo",
    "rue Jean Jaurès",
    "allée des Bouleaux",
    "rue de Bretagne",
    "route de Paris",
    "rue du Moulin",
    "rue Pasteur",
    "rue des Écoles",
    "lieu-dit La Butte",
    "rue de l'Église",
    "boulevard du 1er Chasseurs",
)

FIRST_NAMES_WOMEN = (
    "Camille",
    "Julie",
    "Sandrine",
    "Nathalie",
    "Stéphanie",
    "Céline",
    "Aurélie",
    "Émilie",
    "Sophie",
    "Laetitia",
    "Marine",
    "Manon",
    "Léa",
    "Chloé",
    "Clara",
    "Inès",
    "Sarah",
    "Laura",
    "Pauline",
    "Océane",
    "Mélanie",
    "Virginie",
    "Karine",
    "Isabelle",
    "Valérie",
    "Christelle",
    "Séverine",
    "Élodie",
    "Coralie",
    "Anaïs",
    "Jessica",
    "Amandine",
    "Delphine",
    "Hélène",
    "Françoise",
    "Martine",
    "Sylvie",
    "Brigitte",
    "Fatima",
    "Aïcha",
    "Nadia",
    "Yasmine",
    "Maëlys",
    "Lucie",
    "Justine",
    "Margaux",
    "Audrey",
    "Marion",
    "Gaëlle",
    "Nolwenn",
    "Estelle",
    "Mathilde",
    "Charlotte",
    "Morgane",
    "Cindy",
    "Vanessa",
    "Annick",
    "Josiane",
    "Catherine",
    "Véronique",
    "Agnès",
    "Corinne",
    "Magali",
    "Fabienne",
    "Ophélie",
    "Noémie",
    "Eva",
    "Jade",
    "Romane",
    "Zoé",
    "Alicia",
    "Angélique",
    "Patricia",
    "Dominique",
    "Élise",
    "Adèle",
)
FIRST_NAMES_MEN = (
    "Thomas",
    "Nicolas",
    "Julien",
    "Maxime",
    "Kévin",
    "Romain",
    "Alexandre",
    "Anthony",
    "Jérôme",
    "Sébastien",
    "David",
    "Mickaël",
    "Christophe",
    "Franck",
    "Olivier",
    "Laurent",
    "Pascal",
    "Philippe",
    "Hugo",
    "Lucas",
    "Théo",
    "Enzo",
    "Mathis",
    "Nathan",
    "Yanis",
    "Mehdi",
    "Karim",
    "Samuel",
    "Benoît",
    "Cédric",
    "Damien",
    "Fabrice",
    "Grégory",
    "Jérémy",
    "Ludovic",
    "Mathieu",
    "Quentin",
    "Florian",
    "Adrien",
    "Baptiste",
    "Dylan",
    "Loïc",
    "Yannick",
    "Bruno",
    "Gilles",
    "Patrice",
    "Didier",
    "Éric",
    "Stéphane",
    "Rémi",
)
LAST_NAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
    "Roger",
    "Roche",
    "Roy",
    "Noël",
    "Meyer",
    "Lucas",
    "Meunier",
    "Jean",
    "Perez",
    "Marchand",
    "Dufour",
    "Blanchard",
    "Marie",
    "Barbier",
    "Brun",
    "Dumas",
    "Brunet",
    "Schmitt",
    "Leroux",
    "Colin",
    "Fernandez",
    "Pierre",
    "Renard",
    "Arnaud",
    "Rolland",
    "Caron",
    "Aubert",
    "Giraud",
    "Leclerc",
    "Vidal",
    "Bourgeois",
    "Renaud",
    "Lemoine",
    "Picard",
    "Gaillard",
    "Philippe",
    "Leclercq",
    "Lacroix",
    "Fabre",
    "Dupuis",
    "Olivier",
    "Rodriguez",
    "Da Silva",
    "Hubert",
    "Louis",
    "Charles",
    "Guillot",
    "Rivière",
    "Le Gall",
    "Guillaume",
    "Adam",
    "Rey",
    "Moulin",
    "Gonzalez",
    "Berger",
    "Lecomte",
    "Menard",
    "Fleury",
    "Deschamps",
    "Carpentier",
    "Julien",
    "Benoît",
    "Paris",
    "Maillard",
    "Marchal",
    "Aubry",
    "Vasseur",
    "Le Roux",
    "Renault",
    "Jacquet",
    "Collet",
    "Prévost",
    "Poirier",
    "Charpentier",
    "Royer",
    "Huet",
    "Baron",
    "Dupuy",
    "Pons",
    "Paul",
    "Laine",
    "Carré",
    "Breton",
    "Rémy",
    "Schneider",
    "Perrot",
    "Guyot",
    "Barre",
    "Marty",
    "Cousin",
    "Hamel",
    "Lebrun",
    "Lecoq",
    "Lesueur",
    "Lemonnier",
    "Hébert",
    "Leboucher",
    "Levêque",
    "Lepetit",
    "Letellier",
    "Mauduit",
    "Vautier",
    "Bisson",
    "Gosselin",
    "Lebailly",
    "Marie-Sainte",
    "Osmont",
    "Pottier",
    "Queruel",
    "Tessier",
    "Yvon",
)

_PAIR = re.compile(r"\[([^\[\]|]*)\|([^\[\]]*)\]")


@dataclass
class Profile:
    """One generated candidate: the account, the profile and the text of the CV shown."""

    first_name: str
    last_name: str
    woman: bool
    email: str
    metiers: list[str]
    commune_insee: str
    mobility_km: int
    driving_licence: bool
    has_vehicle: bool
    contract_types: list[str]
    working_times: list[str]
    available_from: date | None
    diplomas: str
    experience_years: int
    presentation: str
    cv_text: str
    anonymous: bool
    accepts_offers: bool
    created_at: datetime
    visible_since: datetime
    updated_at: datetime
    cv_uploaded_at: datetime
    cv_size: int


@dataclass(frozen=True)
class Communes:
    """The Orne communes of the reference file, with population weights for drawing homes."""

    insee: tuple[str, ...]
    names: tuple[str, ...]
    postal_codes: tuple[str, ...]
    cumulative: tuple[int, ...]

    @classmethod
    def read(cls, path: Path = COMMUNES_CSV) -> "Communes":
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        weights, total = [], 0
        for row in rows:
            total += max(int(row["population"] or 0), 1)
            weights.append(total)
        return cls(
            tuple(r["insee"] for r in rows),
            tuple(r["nom"] for r in rows),
            tuple(r["codes_postaux"].split()[0] for r in rows),
            tuple(weights),
        )


def _ascii(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "", bare)


class CorpusGenerator:
    """Profiles drawn one after the other from a single random.Random(seed)."""

    def __init__(self, seed: int = 61, communes: Communes | None = None, today: date = REFERENCE_DAY):
        self.rng = Random(seed)
        self.communes = communes or Communes.read()
        self.today = today
        self.now = datetime.combine(today, datetime.min.time()) + timedelta(hours=18)
        self._jobs = list(JOBS.values())
        self._job_weights = [job.weight for job in self._jobs]

    # --- small drawing helpers ----------------------------------------------------------------------
    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def some(self, items, low: int, high: int) -> list:
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def commune_index(self) -> int:
        return bisect_left(self.communes.cumulative, self.rng.randrange(self.communes.cumulative[-1]) + 1)

    def town(self) -> str:
        if self.chance(0.12):
            return self.pick(OUTSIDE_TOWNS)
        return self.communes.names[self.commune_index()]

    def fill(self, template: str) -> str:
        """Replace the placeholders a template uses, each drawn afresh."""
        if "{" not in template:
            return template
        draw = {
            "home": HOMES,
            "child": CHILD_PLACES,
            "hospital": HOSPITALS,
            "brand": BRANDS,
            "public": PUBLICS,
            "partner": PARTNERS,
            "value": VALUES,
            "n": SIZES,
        }
        values = {
            key: self.town() if key == "town" else self.pick(draw[key]) for key in re.findall(r"{(\w+)}", template)
        }
        return template.format(**values)

    def month_year(self, year: int) -> str:
        last = self.today.month if year >= self.today.year else 12  # never a month still to come
        number = self.rng.randint(1, last)
        return f"{MONTHS[number - 1]} {year}" if self.chance(0.6) else f"{number:02d}/{year}"

    # --- one profile ------------------------------------------------------------------------------------
    def profiles(self, count: int) -> Iterator[Profile]:
        for number in range(count):
            yield self.profile(number)

    def profile(self, number: int) -> Profile:
        rng = self.rng
        main = rng.choices(self._jobs, self._job_weights)[0]
        metiers = [main.slug]
        if main.related and self.chance(0.35):
            metiers.append(self.pick(main.related))
        woman = self.chance(main.women)
        first = self.pick(FIRST_NAMES_WOMEN if woman else FIRST_NAMES_MEN)
        last = self.pick(LAST_NAMES)
        home = self.commune_index()
        licence = self.chance(0.78)
        contracts = self.some(["cdi", "cdi", "cdd", "cdd", "interim", "vacation", "alternance", "stage"], 1, 3)
        contracts = sorted(set(contracts), key=CONTRACT_TYPES.index)
        times = sorted(set(self.some(["plein", "plein", "partiel", "nuit", "week-end"], 1, 2)), key=WORKING_TIMES.index)
        available = None if self.chance(0.35) else self.today + timedelta(days=rng.randint(-90, 240))
        updated = self.now - timedelta(seconds=rng.randint(0, 730 * 86400))
        created = updated - timedelta(days=rng.randint(0, 900))
        visible_since = created + (updated - created) * rng.random()
        uploaded = updated - timedelta(seconds=rng.randint(0, 30 * 86400))

        # The CV first: the years of experience and the diploma's year follow from its history.
        writer = _CvWriter(self, main, [JOBS[slug] for slug in metiers])
        cv = writer.cv(first, last, home, licence)
        diplomas = writer.diplomas()
        mobility = rng.choice((5, 10, 15, 20, 20, 30, 30, 40, 50, 80))
        presentation = writer.presentation(self.communes.names[home], mobility, licence, contracts, times, available)
        return Profile(
            first_name=first,
            last_name=last,
            woman=woman,
            email=f"{_ascii(first)}.{_ascii(last)}.{number}@exemple.fr",
            metiers=metiers,
            commune_insee=self.communes.insee[home],
            mobility_km=mobility,
            driving_licence=licence,
            has_vehicle=licence and self.chance(0.9),
            contract_types=contracts,
            working_times=times,
            available_from=available,
            diplomas=finish(diplomas, woman),
            experience_years=writer.years,
            presentation=finish(presentation, woman),
            cv_text=finish(cv, woman),
            anonymous=self.chance(0.10),
            accepts_offers=self.chance(0.7),
            created_at=created,
            visible_since=visible_since,
            updated_at=updated,
            cv_uploaded_at=uploaded,
            cv_size=rng.randint(35_000, 420_000),
        )


class _CvWriter:
    """The texts of one profile, gender pairs left for the caller to resolve."""

    def __init__(self, gen: CorpusGenerator, main: Job, jobs: list[Job]):
        self.gen, self.rng, self.main, self.jobs = gen, gen.rng, main, jobs
        self.years = 0  # set by cv()
        self.diploma_year = gen.today.year
        self.qualities = gen.some(QUALITIES, 2, 4)
        self.main_diploma = gen.pick(main.diplomas)

    def diplomas(self) -> str:
        gen = self.gen
        parts = [f"{self.main_diploma} ({self.diploma_year})"]
        for job in self.jobs[1:]:
            if gen.chance(0.5):
                parts.append(gen.pick(job.diplomas))
        parts += gen.some(TRAININGS, 0, 3)
        return ", ".join(parts)

    def presentation(
        self, town: str, mobility: int, licence: bool, contracts: list[str], times: list[str], available: date | None
    ) -> str:
        gen, title = self.gen, self.main.title
        related = JOBS[gen.pick(self.main.related)].title if self.main.related else title
        qualities = ", ".join(self.qualities[:-1]) + " et " + self.qualities[-1]
        contract_words = {
            "cdi": "CDI",
            "cdd": "CDD",
            "interim": "intérim",
            "alternance": "alternance",
            "stage": "stage",
            "vacation": "vacations",
        }
        time_words = {
            "plein": "à temps plein",
            "partiel": "à temps partiel",
            "nuit": "de nuit",
            "week-end": "le week-end",
        }
        opening = [
            f"{_upper_first(title)} depuis {self.years} ans, j'ai travaillé {gen.fill('auprès de {public}')}.",
            f"Après ma formation ({self.main_diploma}), je souhaite {gen.pick(GOALS).format(related=related)}.",
            (
                f"Après plusieurs années comme {title} en {gen.pick(WORKPLACES)}, "
                f"je souhaite {gen.pick(GOALS).format(related=related)}."
            ),
            f"Je suis {title} et j'aime {gen.pick(MOTIVATIONS)}.",
        ]
        middle = [
            f"Je suis {qualities}.",
            f"Ce qui me plaît dans ce métier : {gen.pick(MOTIVATIONS)} et {gen.pick(MOTIVATIONS)}.",
            f"J'ai l'habitude de travailler {gen.fill(gen.pick(COMPLEMENTS))}.",
            f"Je suis [attaché|attachée] à {gen.pick(VALUES)} et à {gen.pick(VALUES)}.",
            f"Mes collègues disent de moi que je suis {gen.pick(QUALITIES)} et {gen.pick(QUALITIES)}.",
            f"J'ai une expérience {gen.fill('auprès de {public}')} et {gen.fill('de {public}')}.",
        ]
        closing = [
            (
                f"Je recherche un poste en {' ou '.join(contract_words[c] for c in contracts)}, "
                f"{' ou '.join(time_words[t] for t in times)}, autour de {town}."
            ),
            f"Je peux me déplacer dans un rayon de {mobility} km autour de {town}"
            + (", avec mon véhicule." if licence else ", en transports en commun ou à vélo."),
            "Disponible "
            + (
                "dès maintenant."
                if available is None or available <= gen.today
                else f"à partir du {available.strftime('%d/%m/%Y')}."
            ),
        ]
        sentences = [gen.pick(opening), *gen.some(middle, 2, 4), *closing]
        text = " ".join(sentences)
        while len(text) > 600:  # keep the presentation in the 300-600 range, whole sentences only
            sentences.pop(len(sentences) // 2)
            text = " ".join(sentences)
        return text

    def bullets(self, job: Job, count: int) -> list[str]:
        """Distinct tasks of one job, a few generic ones mixed in, some with a complement."""
        gen = self.gen
        tasks = gen.rng.sample(job.tasks, min(count, len(job.tasks)))
        tasks = [gen.pick(GENERIC_TASKS) if gen.chance(0.2) else task for task in tasks]
        out = []
        for task in tasks:
            if gen.chance(0.45):
                task = f"{task} {gen.fill(gen.pick(COMPLEMENTS))}"
            out.append(gen.pick(("- ", "• ", "– ")) + _upper_first(task))
        return out

    def experience(self, end_year: int, current: bool) -> tuple[list[str], int]:
        gen, rng = self.gen, self.rng
        start_year = end_year - min(int(rng.expovariate(1 / 2.5)), 12)
        if gen.chance(0.12):
            title, employer_template, tasks = gen.pick(OTHER_JOBS)
            lines = [f"{_upper_first(title)} — {gen.fill(employer_template)}"]
            lines += [f"- {_upper_first(t)}" for t in gen.some(tasks, 1, 3)]
        else:
            job = gen.pick(self.jobs) if gen.chance(0.8) else JOBS[gen.pick(self.main.related or (self.main.slug,))]
            employer = gen.fill(gen.pick(EMPLOYERS[gen.pick(job.settings)]))
            contract = gen.pick(
                (
                    "CDI",
                    "CDI",
                    "CDI",
                    "CDD",
                    "CDD",
                    "CDD de remplacement",
                    "intérim",
                    "intérim",
                    "contrat d'apprentissage",
                    "vacations",
                    "stage de formation",
                    "contrat aidé (PEC)",
                    "faisant fonction",
                )
            )
            lines = [f"{_upper_first(job.title)} ({contract}) — {employer}"]
            if gen.chance(0.35):
                lines.append(f"Service de {gen.pick(UNITS)}, {gen.pick(SIZES)} {gen.pick(PEOPLE)}.")
            lines += self.bullets(job, rng.randint(4, 9))
        if current:
            period = f"Depuis {gen.month_year(start_year)}"
        elif gen.chance(0.5):
            period = f"{gen.month_year(start_year)} – {gen.month_year(end_year)}"
        else:
            period = f"De {start_year} à {end_year}" if start_year != end_year else f"En {end_year}"
        lines[0] = f"{period} : {lines[0]}"
        return lines, start_year

    def training(self, year: int) -> str:
        gen = self.gen
        kind = self.rng.random()
        if kind < 0.45:
            return f"{year} : {gen.pick(TRAININGS)} ({gen.pick(TRAINING_FRAMES)})"
        if kind < 0.75:
            return f"{year} : {gen.pick(SCHOOL_DIPLOMAS)}, {gen.pick(HIGH_SCHOOLS)}"
        job = gen.pick(self.jobs)
        return f"{year} : {gen.pick(job.diplomas)}, {gen.pick(SCHOOLS)}"

    def cv(self, first: str, last: str, home: int, licence: bool) -> str:
        gen, rng = self.gen, self.rng
        communes = gen.communes
        target = rng.randint(3700, 5000)
        phone = "0" + rng.choice("67") + "".join(f" {rng.randrange(100):02d}" for _ in range(4))
        header = [
            f"{first} {last.upper()}",
            f"{rng.randint(1, 80)} {gen.pick(STREETS)}, {communes.postal_codes[home]} {communes.names[home]}",
            f"{phone} — {_ascii(first)}.{_ascii(last)}{rng.randint(1, 99)}@{gen.pick(MAIL_DOMAINS)}",
            "Permis B, [véhiculé|véhiculée]" if licence else "Sans permis, mobile en transports en commun",
            "",
            self.main.title.upper(),
        ]
        experiences = ["EXPÉRIENCES PROFESSIONNELLES"]
        year = gen.today.year
        current = gen.chance(0.55)
        training_years = []
        earliest = year
        size = sum(len(line) + 1 for line in header) + 1100  # room kept for the other sections
        while size < target and year > 1980:
            lines, start = self.experience(year, current)
            experiences += [*lines, ""]
            size += sum(len(line) + 1 for line in lines)
            training_years.append(start - rng.randint(0, 2))
            earliest, current = start, False
            year = start - (rng.random() < 0.3)
        self.years = gen.today.year - earliest
        self.diploma_year = earliest - rng.randint(0, 2)
        summary = [
            "PROFIL",
            (
                f"{_upper_first(self.main.title)} {gen.pick(SELF_DESCRIPTIONS)}, "
                f"{self.years} ans d'expérience {gen.fill('auprès de {public}')}. "
                f"{_upper_first(', '.join(self.qualities[:2]))}, j'aime {gen.pick(MOTIVATIONS)}."
            ),
        ]
        trainings = ["FORMATIONS ET DIPLÔMES", f"{self.diploma_year} : {self.main_diploma}, {gen.pick(SCHOOLS)}"]
        trainings += [self.training(y) for y in sorted(set(training_years), reverse=True)[: rng.randint(2, 5)]]
        skills = ["COMPÉTENCES"]
        skills += [f"- {s}" for s in gen.some(self.main.skills, 2, 4)]
        skills.append(f"- Logiciels : {', '.join(gen.some(SOFTWARE, 1, 3))}")
        if gen.chance(0.5):
            skills.append(f"- Langues : {gen.pick(LANGUAGES)}")
        hobbies = ["CENTRES D'INTÉRÊT", _upper_first(", ".join(gen.some(HOBBIES, 2, 4))) + "."]
        sections = [header, summary, [""], experiences, trainings, [""], skills, [""], hobbies]
        return "\n".join(line for section in sections for line in section)


def _upper_first(text: str) -> str:
    """Upper-case the first letter only (str.capitalize would lower "AES" and "Alzheimer").

    A text opening on a [masculine|feminine] pair gets both forms upper-cased.
    """
    if text.startswith("["):
        return _PAIR.sub(lambda m: f"[{_upper_first(m[1])}|{_upper_first(m[2])}]", text, count=1)
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


_CONTRACTIONS = (
    (re.compile(r"\bà les\b"), "aux"),
    (re.compile(r"\bà le\b"), "au"),
    (re.compile(r"\bde les\b"), "des"),
    (re.compile(r"\bde le\b"), "du"),
    (re.compile(r"\bde ([aeiouyéèêàâîôûAEIOUYÉÈÊÀÂÎÔÛ])"), r"d'\1"),
)


def finish(text: str, woman: bool) -> str:
    """Resolve the gender pairs, then the contractions that templates filled with articles leave."""
    text = _PAIR.sub(lambda m: m[2] if woman else m[1], text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def generate(
    count: int, seed: int = 61, communes_csv: Path = COMMUNES_CSV, today: date = REFERENCE_DAY
) -> Iterator[Profile]:
    """count profiles; the same arguments always give the same profiles, in the same order."""
    return CorpusGenerator(seed, Communes.read(communes_csv), today).profiles(count)
