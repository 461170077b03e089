"""`flask --app portal demo-data`: demonstration accounts and structures, safe to run again."""

from datetime import date, time, timedelta

import click
import sqlalchemy as sa

from portal.accompaniment.models import (
    Accompaniment,
    HelpRequest,
    ImmersionKind,
    Outcome,
    PartnerKind,
    SharingAnswer,
    SharingPurpose,
    StepKind,
    StepStatus,
    TrainingKind,
    TrainingStatus,
)
from portal.accompaniment.services.facts import refresh_facts
from portal.accompaniment.services.pathway import StepDetails, add_note, add_step
from portal.accompaniment.services.records import Consent, Person, Situation, close_record, open_record
from portal.accompaniment.services.sharing import answer_sharing, share
from portal.accounts import services as accounts
from portal.accounts.models import Membership, Role, User
from portal.accounts.passwords import verify_password
from portal.clock import today_in_paris, utcnow
from portal.communes.models import Commune
from portal.communes.services import load_reference_communes
from portal.events.models import Event
from portal.extensions import db
from portal.metiers.models import Metier
from portal.metiers.services import load_metiers
from portal.structures import services as structures
from portal.structures.models import Structure, StructureStatus

DEMO_DESCRIPTION = (
    "Établissement de démonstration : 80 résidents, une équipe de soignants, d'agents de service et "
    "d'animateurs. Nous accueillons des stagiaires et des personnes en immersion toute l'année."
)

DEMO_STRUCTURES = [
    # (name, SIRET (valid Luhn, fictitious), kind, INSEE of the commune, status)
    ("EHPAD Les Tilleuls (démo)", "12345678900014", "ehpad", "61169", StructureStatus.APPROVED),
    ("Aide à domicile du Perche (démo)", "98765432100014", "saad", "61214", StructureStatus.PENDING),
]

DEMO_ACCOUNTS = [
    # (email, password, role, first name, last name, structure index)
    ("admin@demo.metiers-autonomie-orne.fr", "Demo-Admin-61!", Role.ADMIN, "Claire", "Martin", None),
    ("coach@demo.metiers-autonomie-orne.fr", "Demo-Coach-61!", Role.COACH, "Karim", "Benali", None),
    ("coach.alencon@demo.metiers-autonomie-orne.fr", "Demo-Coach-61!", Role.COACH, "Nadia", "Rousseau", None),
    ("coach.laigle@demo.metiers-autonomie-orne.fr", "Demo-Coach-61!", Role.COACH, "Julien", "Garnier", None),
    ("candidate1@demo.metiers-autonomie-orne.fr", "Demo-Candidat-61!", Role.CANDIDATE, "Léa", "Durand", None),
    ("candidate2@demo.metiers-autonomie-orne.fr", "Demo-Candidat-61!", Role.CANDIDATE, "Thomas", "Lefèvre", None),
    ("recruteur@demo.metiers-autonomie-orne.fr", "Demo-Recruteur-61!", Role.EMPLOYER, "Sophie", "Moreau", 0),
    ("attente@demo.metiers-autonomie-orne.fr", "Demo-Recruteur-61!", Role.EMPLOYER, "Julien", "Petit", 1),
]


DEMO_PROFILES = [
    # (email, first, last, métier slugs, INSEE, contracts, times, anonymous, presentation)
    (
        "candidate1@demo.metiers-autonomie-orne.fr",
        "Léa",
        "Durand",
        ["aide-soignant"],
        "61169",
        ["cdi", "cdd"],
        ["plein", "nuit"],
        False,
        (
            "Aide-soignante diplômée (DEAS 2019), cinq ans en EHPAD dont deux de nuit. J'aime le travail en équipe "
            "et l'accompagnement des personnes atteintes de la maladie d'Alzheimer."
        ),
    ),
    (
        "candidate2@demo.metiers-autonomie-orne.fr",
        "Thomas",
        "Lefèvre",
        ["accompagnant-educatif-et-social"],
        "61001",
        ["cdd", "interim"],
        ["partiel", "week-end"],
        True,
        (
            "Accompagnant éducatif et social en foyer de vie, je cherche un poste en maison d'accueil spécialisée. "
            "Formé à la communication alternative et aux activités Snoezelen."
        ),
    ),
    (
        "demo.aude@demo.metiers-autonomie-orne.fr",
        "Aude",
        "Marchand",
        ["auxiliaire-de-vie"],
        "61214",
        ["cdi"],
        ["partiel"],
        False,
        (
            "Auxiliaire de vie à domicile depuis dix ans : toilette, repas, courses et sorties. "
            "Permis B et véhiculée, je me déplace volontiers autour de L'Aigle."
        ),
    ),
    (
        "demo.yanis@demo.metiers-autonomie-orne.fr",
        "Yanis",
        "Cordier",
        ["agent-de-service-hospitalier", "aide-soignant"],
        "61006",
        ["cdd", "alternance"],
        ["plein"],
        False,
        (
            "Agent de service hospitalier en EHPAD, je prépare le diplôme d'aide-soignant en alternance. "
            "Rigoureux sur l'hygiène et le bionettoyage, à l'écoute des résidents."
        ),
    ),
    (
        "demo.nadia@demo.metiers-autonomie-orne.fr",
        "Nadia",
        "Hamel",
        ["educateur-specialise"],
        "61169",
        ["cdi"],
        ["plein"],
        True,
        (
            "Éducatrice spécialisée, huit ans en institut médico-éducatif auprès d'adolescents avec autisme. "
            "Je cherche un poste en service d'accompagnement à la vie sociale."
        ),
    ),
]

DEMO_OFFERS = [
    # (title, métier slug, contract, working time, weekly hours, INSEE, salary min, max, schedule, description)
    (
        "Aide-soignant·e de nuit",
        "aide-soignant",
        "cdi",
        "nuit",
        35.0,
        "61169",
        2000,
        2300,
        "Nuits de 10 h, un week-end sur deux",
        (
            "Au sein d'une équipe de nuit de trois personnes, vous veillez au confort et à la sécurité de 80 résidents : "
            "surveillance, soins d'hygiène, accompagnement des couchers tardifs et des réveils.\n\n"
            "Le DEAS est demandé. Tutorat à l'arrivée et formation à l'accompagnement des personnes atteintes de la "
            "maladie d'Alzheimer."
        ),
    ),
    (
        "Agent·e de service hospitalier",
        "agent-de-service-hospitalier",
        "cdd",
        "plein",
        35.0,
        "61169",
        1800,
        1900,
        "Journées de 7 h, roulement sur 4 semaines",
        (
            "Vous assurez l'entretien des chambres et des espaces communs, le service des repas et participez à la vie "
            "de l'établissement. Débutant·e accepté·e : formation au bionettoyage assurée.\n\n"
            "CDD de 6 mois, renouvelable, avec possibilité de formation d'aide-soignant·e en alternance."
        ),
    ),
    (
        "Animateur·rice en EHPAD",
        "animateur",
        "cdi",
        "partiel",
        28.0,
        "61169",
        None,
        None,
        "",
        (
            "Vous proposez et animez des activités adaptées (mémoire, jardin, sorties, ateliers intergénérationnels) "
            "et faites vivre le lien avec les familles et les associations du quartier."
        ),
    ),
]


def ensure_demo_offers(recruiter: User) -> None:
    """Published demo offers of the approved demo structure; titles already there are left alone."""
    from datetime import timedelta

    from portal.clock import today_in_paris
    from portal.metiers.models import Metier
    from portal.offers import services as offers
    from portal.offers.models import JobOffer

    existing = set(db.session.scalars(sa.select(JobOffer.title).where(JobOffer.structure_id == recruiter.structure_id)))
    for title, slug, contract, working_time, hours, insee, low, high, schedule, description in DEMO_OFFERS:
        metier = db.session.scalar(sa.select(Metier).where(Metier.slug == slug))
        if title in existing or metier is None:
            continue
        offer = offers.create_offer(
            recruiter,
            title=title,
            metier_id=metier.id,
            contract_type=contract,
            working_time=working_time,
            weekly_hours=hours,
            schedule_notes=schedule,
            commune_insee=insee,
            salary_min=low,
            salary_max=high,
            start_date=None,
            description=description,
            diploma_required=slug == "aide-soignant",
            diploma="Diplôme d'État d'aide-soignant (DEAS)" if slug == "aide-soignant" else "",
            licence_required=False,
            expires_on=today_in_paris() + timedelta(days=offers.DEFAULT_DAYS),
        )
        offers.publish_offer(offer)


def ensure_demo_profile(email, first, last, metier_slugs, insee, contracts, times, anonymous, presentation) -> None:
    """A visible demo profile for the CV-thèque; left as it is when it exists (the candidate may have edited it)."""
    from portal.candidates import services as candidates
    from portal.metiers.models import Metier

    user = accounts.find_user_by_email(email) or accounts.create_verified_user(
        accounts.Identity(email, "Demo-Candidat-61!", first, last), Role.CANDIDATE
    )
    profile = candidates.profile_of(user)
    if profile.visible_since is not None:
        return
    metier_ids = list(db.session.scalars(sa.select(Metier.id).where(Metier.slug.in_(metier_slugs))))
    candidates.save_profile(
        profile,
        metier_ids=metier_ids,
        commune_insee=insee,
        contract_types=contracts,
        working_times=times,
        presentation=presentation,
        driving_licence=True,
        mobility_km=25,
    )
    candidates.set_visibility(profile, visible=True, anonymous=anonymous, accepts_offers=True)


DEMO_EVENTS = [
    # (title, organised by the demo structure (else the association), kind, days from today, from, to, INSEE,
    #  place, capacity (None: unlimited), registration required, métier slugs, audiences, description)
    (
        "Portes ouvertes de l'EHPAD Les Tilleuls",
        True,
        "portes-ouvertes",
        10,
        time(14),
        time(17),
        "61169",
        "EHPAD Les Tilleuls, 12 rue des Tilleuls",
        12,
        True,
        ["aide-soignant", "agent-de-service-hospitalier", "animateur"],
        ["tout-public"],
        (
            "Visitez l'établissement avec l'équipe : unités de vie, salle d'animation, cuisine.\n\n"
            "Les aides-soignantes, agents de service et l'animatrice racontent leur journée et répondent à vos questions. "
            "Apportez un CV si vous le souhaitez : la directrice sera présente."
        ),
    ),
    (
        "« Vis ma vie » d'aide-soignant·e, une matinée en EHPAD",
        True,
        "vis-ma-vie",
        5,
        time(7, 30),
        time(12),
        "61169",
        "EHPAD Les Tilleuls, 12 rue des Tilleuls",
        1,
        True,
        ["aide-soignant"],
        ["demandeurs", "reconversion"],
        (
            "Une matinée aux côtés d'une aide-soignante : transmissions, soins d'hygiène et de confort, petit déjeuner "
            "des résidents.\n\nTenue fournie. Prévoir des chaussures fermées."
        ),
    ),
    (
        "Café de l'aide à domicile à L'Aigle",
        False,
        "cafe",
        21,
        time(9, 30),
        time(11, 30),
        "61214",
        "Médiathèque, place de la Halle",
        None,
        False,
        ["auxiliaire-de-vie"],
        ["tout-public", "demandeurs"],
        (
            "Autour d'un café, des auxiliaires de vie et des employeurs de l'aide à domicile parlent de leur métier : "
            "les journées, les trajets, les formations possibles, les salaires."
        ),
    ),
    (
        "Réunion d'information : travailler auprès des personnes handicapées",
        False,
        "information",
        14,
        time(18),
        time(19, 30),
        "61001",
        "Maison des associations, 25 rue Demées",
        None,
        True,
        ["accompagnant-educatif-et-social", "moniteur-educateur", "educateur-specialise"],
        ["jeunes", "reconversion"],
        "Les coachs autonomie présentent les métiers du handicap, les formations et les aides pour s'y former.",
    ),
    (
        "Job dating de l'autonomie à Argentan",
        False,
        "job-dating",
        -20,
        time(9),
        time(12),
        "61006",
        "Salle des fêtes, rue de la République",
        40,
        True,
        [],
        ["demandeurs", "jeunes"],
        "Dix employeurs du grand âge et du handicap reçoivent les candidats pour des entretiens de dix minutes.",
    ),
]


def ensure_demo_events(structure: Structure, coach: User, candidate: User) -> None:
    """The demo events, with their dates counted from the first run; one is full, one is over."""
    from portal.events.dates import paris_to_utc
    from portal.events.models import Event, EventRegistration, EventStatus, RegistrationStatus
    from portal.metiers.models import Metier

    for (
        title,
        own,
        kind,
        days,
        start,
        end,
        insee,
        place,
        capacity,
        registration,
        slugs,
        audiences,
        description,
    ) in DEMO_EVENTS:
        if db.session.scalar(sa.select(Event.id).where(Event.title == title)) is not None:
            continue
        day: date = today_in_paris() + timedelta(days=days)
        event = Event(
            structure_id=structure.id if own else None,
            created_by_id=None if own else coach.id,
            kind=kind,
            title=title,
            description=description,
            starts_at=paris_to_utc(day, start),
            ends_at=paris_to_utc(day, end),
            place=place,
            commune_insee=insee,
            registration_required=registration,
            capacity=capacity,
            audiences=audiences,
            status=EventStatus.PUBLISHED,
            published_at=utcnow(),
            metiers=db.session.scalars(sa.select(Metier).where(Metier.slug.in_(slugs))).all(),
        )
        db.session.add(event)
        if capacity == 1:  # full: the next one goes on the waiting list
            db.session.add(
                EventRegistration(
                    event=event,
                    user_id=candidate.id,
                    name=candidate.full_name,
                    email=candidate.email,
                    status=RegistrationStatus.CONFIRMED,
                    confirmed_at=utcnow(),
                )
            )
    db.session.commit()


def ensure_demo_structure(name: str, siret: str, kind: str, insee: str, status: str) -> Structure:
    structure = structures.find_by_siret(siret)
    if structure is None:
        structure = structures.create_structure(name, siret, kind, db.session.get(Commune, insee))
        structure.status = status
        if status == StructureStatus.APPROVED:
            structure.decided_at = utcnow()
            structure.description = DEMO_DESCRIPTION
    return structure


def ensure_demo_user(email: str, password: str, role: Role, first: str, last: str, structure) -> User:
    user = accounts.find_user_by_email(email)
    identity = accounts.Identity(email, password, first, last)
    if user is None:
        user = accounts.create_verified_user(identity, role)  # verified at once: demo accounts need no mail
    if not verify_password(user.password_hash, password):
        accounts.set_password(user, password)  # a rerun restores the documented password
    if structure is not None:
        user.structure, user.membership = structure, Membership.ACTIVE
    return user


DEMO_COACHES = [
    # (email, zone): the demo coach answers for Flers-Argentan; two more for the other zones
    ("coach@demo.metiers-autonomie-orne.fr", "flers-argentan"),
    ("coach.alencon@demo.metiers-autonomie-orne.fr", "alencon"),
    ("coach.laigle@demo.metiers-autonomie-orne.fr", "laigle-mortagne"),
]


def ensure_demo_accompaniments(coach: User, candidate: User, structure: Structure) -> None:
    """A few accompaniments of the demo coach at different stages, and requests waiting in the queue."""

    if db.session.scalar(sa.select(Accompaniment.id).where(Accompaniment.created_by_id == coach.id).limit(1)):
        return
    today = today_in_paris()

    def day(days: int) -> date:
        return today + timedelta(days=days)

    def metier(slug: str) -> Metier:
        return db.session.scalar(sa.select(Metier).where(Metier.slug == slug))

    def commune(insee: str) -> Commune:
        return db.session.get(Commune, insee)

    def consent(days: int, how: str) -> Consent:
        scope = "Être accompagné·e par le coach autonomie et que ses démarches soient notées dans son dossier."
        return Consent(utcnow() + timedelta(days=days), how, scope)

    # Léa, with an account: an immersion done, proposed to the demo EHPAD, which offers an interview.
    lea = open_record(
        Person(candidate.first_name, candidate.last_name, email=candidate.email, commune=commune("61169")),
        Situation(origin="site", publics=["demandeur-emploi"], metiers=[metier("aide-soignant")]),
        consent(-40, "formulaire du site"),
        by=coach,
        user=candidate,
    )
    add_step(lea, StepKind.FIRST_INTERVIEW, day(-35), coach, status=StepStatus.DONE, note="Projet : travailler de nuit")
    add_step(
        lea,
        StepKind.IMMERSION,
        day(-10),
        coach,
        status=StepStatus.DONE,
        note="Une nuit avec l'équipe",
        details=StepDetails(
            structure_id=structure.id, immersion_kind=ImmersionKind.VIS_MA_VIE, metier_id=metier("aide-soignant").id
        ),
    )
    recruiter = next(r for r in structure.recruiters if r.membership == Membership.ACTIVE)
    proposed = share(
        lea,
        structure,
        SharingPurpose.JOB,
        "Léa a fait un « Vis ma vie » chez vous de nuit et souhaite un poste de nuit.",
        "oral, au téléphone",
        coach,
    )
    answer_sharing(proposed, SharingAnswer.INTERVIEW, "Entretien possible la semaine prochaine.", recruiter)
    add_note(lea, coach, "Disponible de nuit à partir du mois prochain ; pas de permis, habite près de l'EHPAD.")

    # Sandrine, met at a forum, no account: a training planned, a call overdue.
    sandrine = open_record(
        Person("Sandrine", "Leroy", phone="06 11 22 33 44", commune=commune("61006")),
        Situation(
            origin="forum",
            publics=["rsa"],
            barriers=["mobilite", "garde-enfants"],
            aids="Aide au permis de conduire du Département demandée.",
            metiers=[metier("auxiliaire-de-vie")],
        ),
        consent(-21, "oral, au forum de l'emploi d'Argentan"),
        by=coach,
    )
    add_step(sandrine, StepKind.FIRST_INTERVIEW, day(-20), coach, status=StepStatus.DONE)
    add_step(sandrine, StepKind.CONTACT, day(-3), coach, note="Rappeler pour le dossier de formation")
    add_step(
        sandrine,
        StepKind.TRAINING,
        day(30),
        coach,
        note="Titre ADVF, session de printemps",
        details=StepDetails(
            training_kind=TrainingKind.ADVF, organisation="GRETA de l'Orne", metier_id=metier("auxiliaire-de-vie").id
        ),
    )
    event = db.session.scalar(sa.select(Event).where(Event.starts_at > utcnow()).order_by(Event.starts_at).limit(1))
    if event is not None:
        add_step(sandrine, StepKind.EVENT, event.starts_at.date(), coach, details=StepDetails(event_id=event.id))

    # Mehdi, referred by France Travail: in post for six weeks, the first follow-up done.
    mehdi = open_record(
        Person("Mehdi", "Haddad", email="mehdi.haddad@exemple.fr", commune=commune("61169")),
        Situation(
            origin="france-travail",
            publics=["demandeur-emploi", "rqth"],
            metiers=[metier("agent-de-service-hospitalier")],
        ),
        consent(-80, "formulaire d'orientation de France Travail"),
        by=coach,
    )
    mehdi.partner_kind, mehdi.partner_organisation = PartnerKind.FRANCE_TRAVAIL, "France Travail Flers"
    mehdi.adviser_name, mehdi.adviser_email = "Mme Laurent", "conseillere.flers@exemple.fr"
    add_step(mehdi, StepKind.FIRST_INTERVIEW, day(-75), coach, status=StepStatus.DONE)
    job = add_step(
        mehdi,
        StepKind.JOB,
        day(-45),
        coach,
        status=StepStatus.DONE,
        note="CDI à temps partiel",
        details=StepDetails(
            structure_id=structure.id,
            metier_id=metier("agent-de-service-hospitalier").id,
            contract_type="cdi",
            hours_per_week=28,
        ),
    )
    first = next(s for s in mehdi.steps if s.job_step_id == job.id and s.months == 1)
    first.status, first.still_in_post, first.done_at = StepStatus.DONE, True, utcnow()

    # Kévin: entered the aide-soignant training; the accompaniment ended there.
    kevin = open_record(
        Person("Kévin", "Marie", phone="07 55 44 33 22", commune=commune("61006")),
        Situation(origin="mission-locale", publics=["jeune-mission-locale"], metiers=[metier("aide-soignant")]),
        consent(-200, "oral, en entretien"),
        by=coach,
    )
    add_step(kevin, StepKind.FIRST_INTERVIEW, day(-195), coach, status=StepStatus.DONE)
    add_step(
        kevin,
        StepKind.TRAINING,
        day(-100),
        coach,
        status=StepStatus.DONE,
        details=StepDetails(
            training_kind=TrainingKind.DEAS, training_status=TrainingStatus.ENTERED, organisation="IFAS de Flers"
        ),
    )
    close_record(kevin, Outcome.TRAINING, at=utcnow() - timedelta(days=90))
    for record in (lea, sandrine, mehdi, kevin):  # opened on the day of the consent, as if followed since then
        record.opened_at = record.consent_at
        refresh_facts(record)

    # Two requests waiting in the queue of the zone: one from the person, one from the Mission locale.
    for request in (
        HelpRequest(
            first_name="Nathalie",
            phone="06 98 76 54 32",
            commune_insee="61169",
            zone="flers-argentan",
            looking_for="Un travail d'aide à domicile, à temps partiel.",
            when_to_call="Le matin",
            created_at=utcnow() - timedelta(days=1),
        ),
        HelpRequest(
            first_name="Jordan",
            last_name="Lebrun",
            email="jordan.lebrun@exemple.fr",
            commune_insee="61006",
            zone="flers-argentan",
            looking_for="Découvrir le métier d'accompagnant éducatif et social.",
            partner_kind=PartnerKind.MISSION_LOCALE,
            partner_organisation="Mission locale d'Argentan",
            adviser_name="M. Robert",
            adviser_email="conseiller.argentan@exemple.fr",
            adviser_informed=True,
            created_at=utcnow() - timedelta(days=3),
        ),
    ):
        db.session.add(request)
    db.session.commit()


@click.command("demo-data")
def demo_data_command() -> None:
    """Load demonstration content (idempotent) and print the demo accounts."""
    if db.session.scalar(sa.select(sa.func.count(Commune.insee))) == 0:
        load_reference_communes()
    report = load_metiers()
    created = [ensure_demo_structure(*row) for row in DEMO_STRUCTURES]
    for email, password, role, first, last, index in DEMO_ACCOUNTS:
        ensure_demo_user(email, password, role, first, last, None if index is None else created[index])
    db.session.commit()
    for row in DEMO_PROFILES:
        ensure_demo_profile(*row)
    ensure_demo_offers(accounts.find_user_by_email("recruteur@demo.metiers-autonomie-orne.fr"))
    coach = accounts.find_user_by_email(DEMO_ACCOUNTS[1][0])
    ensure_demo_events(created[0], coach, accounts.find_user_by_email("candidate1@demo.metiers-autonomie-orne.fr"))
    for email, zone in DEMO_COACHES:
        accounts.find_user_by_email(email).zone = zone
    db.session.commit()
    ensure_demo_accompaniments(
        coach, accounts.find_user_by_email("candidate1@demo.metiers-autonomie-orne.fr"), created[0]
    )
    click.echo(f"Pages métiers : {len(report.created)} créée(s), {len(report.updated)} mise(s) à jour.")
    click.echo("Données de démonstration prêtes. Comptes (adresse / mot de passe) :")
    for email, password, role, *_rest, index in DEMO_ACCOUNTS:
        detail = ""
        if index is not None:
            detail = f" — {created[index].name}, {created[index].status_label.lower()}"
        click.echo(f"  {role.value:<10} {email:<45} {password}{detail}")
