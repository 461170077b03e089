"""The index follows the database: after each commit, after a crash, after a rebuild, with several writers."""

import multiprocessing
import os
import shutil
from datetime import date, datetime, timedelta
from enum import Enum

import sqlalchemy as sa
from sqlalchemy.orm.attributes import InstrumentedAttribute

from portal.candidates.models import CandidateProfile
from portal.communes.models import Commune
from portal.cvtheque.services import Criteria, search
from portal.extensions import db
from portal.metiers.models import Metier
from portal.search import sync
from portal.search.models import SearchQueue
from tests.browser_forms import BrowserForm
from tests.conftest import page
from tests.helpers import indexed_profiles, publish, titles, visible_candidate


def found(app, words: str) -> list[int]:
    with app.test_request_context():
        return [card.profile_id for card in search(Criteria(q=words)).cards]


def indexed_ids() -> set[int]:
    return set(indexed_profiles())


def test_the_queue_is_empty_after_each_commit(app, make):
    visible_candidate(make, presentation="Maîtresse de maison en foyer.")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchQueue)) == 0
    assert len(indexed_ids()) == 1


def test_a_change_left_in_the_queue_by_a_crash_is_applied_by_the_next_sync(app, make, runner, monkeypatch):
    _user, profile = visible_candidate(make, presentation="Animatrice en EHPAD.")
    # The process dies between the commit and the index update: the queued row stays.
    monkeypatch.setattr(sync, "drain_all", lambda: (_ for _ in ()).throw(RuntimeError("crash")))
    profile.presentation = "Psychomotricienne en IME."
    db.session.commit()
    monkeypatch.undo()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchQueue)) == 1
    assert found(app, "psychomotricienne") == []
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "1 documents mis à jour." in result.output
    assert found(app, "psychomotricienne") == [profile.id]
    assert found(app, "animatrice") == []


def test_rebuild_recreates_a_lost_index_from_the_database(app, make, runner):
    ids = {visible_candidate(make, presentation=f"Infirmière numéro {n}.")[1].id for n in range(3)}
    visible_candidate(make, presentation="Infirmière cachée.", visible=False)
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"])
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Index cvtheque : 3 documents." in result.output
    assert indexed_ids() == ids
    assert sorted(found(app, "infirmier")) == sorted(ids)


def test_rebuild_drops_documents_that_should_no_longer_be_there(app, make, runner):
    _, profile = visible_candidate(make, presentation="Aide-soignante.")
    # A change made behind the application's back (no queue): only a rebuild can see it.
    db.session.execute(sa.update(CandidateProfile).values(visible=False))
    db.session.commit()
    assert indexed_ids() == {profile.id}
    runner.invoke(args=["search", "rebuild"])
    assert indexed_ids() == set()


def _writer(instance_path: str, database_uri: str, profile_ids: list[int], worker: int, rounds: int) -> None:
    """A separate process, as a gunicorn worker is: its own app, engine and index writer."""
    from pathlib import Path

    from portal import create_app
    from tests.conftest import base_config

    os.environ["PORTAL_INSTANCE_PATH"] = instance_path
    app = create_app(base_config(Path(instance_path), database_uri))
    with app.app_context():
        for n in range(rounds):
            for profile_id in profile_ids:
                profile = db.session.get(CandidateProfile, profile_id)
                profile.presentation = f"Aide-soignante mot{worker}x{n} de nuit."
                db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_several_worker_processes_writing_at_once_lose_no_update(app, make, instance_path):
    ids = [visible_candidate(make, presentation="Début.")[1].id for _ in range(4)]
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    db.engine.dispose()  # no connection shared with the forked workers
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(str(instance_path), uri, ids, w, 5)) for w in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
    assert [p.exitcode for p in workers] == [0, 0, 0, 0]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchQueue)) == 0
    # Each profile's document holds exactly what the database holds now, whoever wrote last.
    documents = {profile_id: f["content"] for profile_id, f in indexed_profiles().items()}
    assert sorted(documents) == sorted(ids)
    for profile_id in ids:
        presentation = db.session.get(CandidateProfile, profile_id).presentation
        assert documents[profile_id].startswith(presentation), profile_id
        last_word = presentation.split()[1]
        assert found(app, last_word) == [profile_id] or profile_id in found(app, last_word)


def test_profiles_never_visible_cost_the_index_nothing(app, make, monkeypatch):
    from portal.candidates import services as candidates
    from portal.search.engine import WhooshIndex

    written = []
    monkeypatch.setattr(WhooshIndex, "apply", lambda self, documents: written.append(documents))
    _user, profile = visible_candidate(make, presentation="Pas encore visible.", cv_lines=["CV"], visible=False)
    candidates.save_profile(profile, metier_ids=[], presentation="Toujours pas visible.")
    db.session.commit()
    assert written == []
    candidates.set_visibility(profile, visible=True, anonymous=False, accepts_offers=False)
    db.session.commit()
    candidates.set_visibility(profile, visible=False, anonymous=False, accepts_offers=False)
    db.session.commit()
    assert [list(d.items()) for d in written] == [
        [(str(profile.id), written[0][str(profile.id)])],
        [(str(profile.id), None)],
    ]
    assert written[0][str(profile.id)] is not None


# --- what a document reads: changing it reindexes the document ------------------------------------


def rename_metier_as_the_admin(auth, make, slug: str, title: str) -> None:
    admin = auth.client_for(make.admin())
    form = BrowserForm(page(admin.get(f"/metiers/{slug}/modifier")), button="Enregistrer").fill("title", title)
    assert admin.post(f"/metiers/{slug}/modifier", data=form.submit("Enregistrer")).status_code == 302


def test_renaming_a_metier_on_the_admin_page_updates_the_cvtheque_cards_and_search(make, auth):
    visible_candidate(
        make,
        first_name="Rose",
        last_name="Renommée",
        metiers=("agent-de-service-hospitalier",),
        presentation="Entretien des chambres et du linge.",
    )
    member = auth.client_for(make.member())
    assert "Rose Renommée" not in page(member.get("/cvtheque/?q=hygieniste"))
    rename_metier_as_the_admin(auth, make, "agent-de-service-hospitalier", "Agent·e hygiéniste")
    results = page(member.get("/cvtheque/?q=hygieniste"))
    assert "Rose Renommée" in results and "Agent·e hygiéniste" in results
    assert "Agent·e de service hospitalier" not in page(member.get("/cvtheque/?q=entretien"))


def test_a_change_to_a_few_documents_is_searchable_before_the_page_answers(app, make, auth):
    _, profile = visible_candidate(
        make, metiers=("agent-de-service-hospitalier",), presentation="Entretien des chambres et du linge."
    )
    admin = auth.client_for(make.admin())
    slug = "agent-de-service-hospitalier"
    form = BrowserForm(page(admin.get(f"/metiers/{slug}/modifier")), button="Enregistrer").fill(
        "title", "Agent·e hygiéniste"
    )
    response = admin.post(f"/metiers/{slug}/modifier", data=form.submit("Enregistrer"), keep_open=True)
    assert response.status_code == 302
    # One profile reads the métier: re-indexed before the page answers, nothing left for after the response.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchQueue)) == 0
    assert found(app, "hygieniste") == [profile.id]
    response.close()


def test_renaming_a_metier_reindexes_its_profiles_once_the_admins_response_has_left(app, make, auth):
    app.config["SEARCH_DRAIN_AT_ONCE_MAX"] = 0  # as if the métier were sought by more profiles than that
    _, profile = visible_candidate(
        make, metiers=("agent-de-service-hospitalier",), presentation="Entretien des chambres et du linge."
    )
    admin = auth.client_for(make.admin())
    slug = "agent-de-service-hospitalier"
    form = BrowserForm(page(admin.get(f"/metiers/{slug}/modifier")), button="Enregistrer").fill(
        "title", "Agent·e hygiéniste"
    )
    response = admin.post(f"/metiers/{slug}/modifier", data=form.submit("Enregistrer"), keep_open=True)
    assert response.status_code == 302
    # Committed and queued, but not re-indexed while the admin waits.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchQueue)) == 1
    assert found(app, "hygieniste") == []
    response.close()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchQueue)) == 0
    assert found(app, "hygieniste") == [profile.id]


def test_renaming_a_metier_on_the_admin_page_updates_the_offers_search(client, make, auth):
    publish(make.member(), "Poste au service des résidents", metier="agent-de-service-hospitalier")
    assert titles(client, q="hygieniste") == []
    rename_metier_as_the_admin(auth, make, "agent-de-service-hospitalier", "Agent·e hygiéniste")
    assert titles(client, q="hygieniste") == ["Poste au service des résidents"]


def test_renaming_a_structure_updates_the_offers_search(app, client, make):
    recruiter = make.member()
    publish(recruiter, "Aide-soignant·e de jour")
    recruiter.structure.name = "Résidence Les Tilleuls"
    db.session.commit()
    assert titles(client, q="tilleuls") == ["Aide-soignant·e de jour"]


def test_renaming_a_commune_updates_both_indexes_and_the_cards(client, make, auth):
    visible_candidate(make, first_name="Jules", last_name="Commune", commune="61006", presentation="Aide à domicile.")
    publish(make.member(), "Aide à domicile", commune="61006")
    member = auth.client_for(make.member())
    commune = db.session.get(Commune, "61006")
    commune.name = "Argentan-sur-Orne"
    db.session.commit()
    assert titles(client, q="argentan-sur-orne") == ["Aide à domicile"]
    results = page(member.get("/cvtheque/?metier=aide-soignant"))
    assert "Jules Commune" in results and "Argentan-sur-Orne" in results


def test_moving_a_commune_to_another_zone_on_the_admin_page_moves_profiles_and_offers(app, client, make, auth):
    _, profile = visible_candidate(make, commune="61006", presentation="Aide-soignante.")
    publish(make.member(), "Aide-soignant·e à Argentan", commune="61006")
    admin = auth.client_for(make.admin())
    admin.post("/admin/communes/61006/zone", data={"zone": "laigle-mortagne"})
    with app.test_request_context():
        assert [c.profile_id for c in search(Criteria(zones=["laigle-mortagne"])).cards] == [profile.id]
    assert titles(client, zone="laigle-mortagne") == ["Aide-soignant·e à Argentan"]


# --- the rule behind it, checked on every attribute -----------------------------------------------


def record_reads(build) -> list[tuple[object, str]]:
    """Every (instance, attribute) of a mapped object that `build()` reads, in the order read."""
    seen, original = [], InstrumentedAttribute.__get__

    def spy(self, instance, owner):
        if instance is not None:
            seen.append((instance, self.key))
        return original(self, instance, owner)

    InstrumentedAttribute.__get__ = spy
    try:
        build()
    finally:
        InstrumentedAttribute.__get__ = original
    return seen


def another_value(session, instance, key: str):
    """A different value for an attribute, of its type: enough for the session to see a change."""
    mapper = sa.inspect(type(instance))
    value = getattr(instance, key)
    if key in mapper.relationships:
        target = mapper.relationships[key].mapper.class_
        if mapper.relationships[key].uselist:
            return list(value)[1:] if value else [session.scalars(sa.select(target)).first()]
        others = sa.select(target)
        if value is not None:
            [pk] = sa.inspect(target).primary_key
            others = others.where(pk != getattr(value, pk.key))
        return session.scalars(others).first()
    python_type = mapper.columns[key].type.python_type if value is None else type(value)
    if python_type is bool:
        return not value
    if issubclass(python_type, Enum):  # a closed set: another of its values, which the database accepts
        return next(member for member in python_type if member != value)
    if python_type is str:
        return (value or "") + " changé"
    if python_type in (int, float):
        return (value or 0) + 1
    if python_type is datetime:
        return (value or datetime(2026, 1, 1)) + timedelta(seconds=1)
    if python_type is date:
        return (value or date(2026, 1, 1)) + timedelta(days=1)
    if python_type in (list, dict):
        return [*value, "autre"] if isinstance(value, list) else {**(value or {}), "autre": 1}
    raise AssertionError(f"no other value known for {type(instance).__name__}.{key} ({python_type})")


def every_index_document(make) -> dict[str, list[str]]:
    """Documents of each index that take every branch of their document() function."""
    _, named = visible_candidate(
        make,
        commune="61006",
        cv_lines=["Aide-soignante, 06 12 34 56 78"],
        presentation="Aide-soignante.",
        available=date(2027, 1, 4),
        diplomas="DEAS",
    )
    named.experience_years = 3
    _, anonymous = visible_candidate(make, anonymous=True, cv_lines=["Auxiliaire"], presentation="Auxiliaire.")
    db.session.commit()
    offer = publish(make.member(), "Aide-soignant·e", commune="61006", diploma_required=True)
    return {"cvtheque": [str(named.id), str(anonymous.id)], "offers": [str(offer.id)]}


def test_changing_anything_an_index_document_reads_requeues_that_document(app, make):
    """A field read by a document but not declared in its source's reads would leave the index stale."""
    documents = every_index_document(make)
    assert set(documents) == set(app.extensions["search"]), "add a document for the new index here"
    checked = 0
    for name, doc_ids in documents.items():
        source = app.extensions["search"][name]
        for doc_id in doc_ids:
            db.session.expunge_all()
            reads = record_reads(lambda source=source, doc_id=doc_id: source.load(db.session, [doc_id]))
            assert source.load(db.session, [doc_id])[doc_id] is not None
            attributes = {
                (type(obj), sa.inspect(obj).identity, key): (obj, key)
                for obj, key in reads
                if key not in {c.key for c in sa.inspect(type(obj)).primary_key}
            }
            for (model, identity, key), (obj, _) in attributes.items():
                db.session.rollback()
                db.session.expunge_all()
                obj = db.session.get(model, identity)
                setattr(obj, key, another_value(db.session, obj, key))
                with db.session.no_autoflush:
                    queued = sync.changed_documents(db.session)
                assert doc_id in queued.get(name, set()), (
                    f"the {name} document reads {model.__name__}.{key}, but changing it does not reindex the "
                    f"document: declare it in the reads of its source ({name}/documents.py)"
                )
                checked += 1
            db.session.rollback()
    assert checked > 40


def test_changes_that_no_document_reads_queue_nothing(app, make):
    user, _ = visible_candidate(make, presentation="Aide-soignante.")
    publish(make.member(), "Aide-soignant·e")
    metier = db.session.scalar(sa.select(Metier).where(Metier.slug == "aide-soignant"))
    metier.summary = "Un autre résumé."
    user.last_login_at = datetime(2026, 1, 1)
    with db.session.no_autoflush:
        assert sync.changed_documents(db.session) == {}
    db.session.rollback()


def test_an_anonymous_candidate_whose_name_changes_is_not_found_by_the_new_name(make, auth):
    """The redaction of anonymous profiles reads the account's names: a corrected name is blanked out at once."""
    user, _profile = visible_candidate(
        make,
        first_name="Léa",
        last_name="Durant",
        anonymous=True,
        cv_lines=["Madame Durand", "Aide-soignante de nuit à Flers"],
        presentation="Aide-soignante.",
    )
    member = auth.client_for(make.member())
    assert "Profil anonyme" in page(member.get("/cvtheque/?q=durand"))  # the typo left her real name readable
    user.last_name = "Durand"
    db.session.commit()
    results = page(member.get("/cvtheque/?q=durand"))
    assert "Profil anonyme" not in results and "Durand" not in results
    assert "Profil anonyme" in page(member.get("/cvtheque/?q=flers"))
