"""The index follows the database: after each commit, after a crash, after a rebuild, with several writers."""

import multiprocessing
import os
import shutil

import sqlalchemy as sa

from portal.candidates.models import CandidateProfile
from portal.cvtheque.services import Criteria, search, snapshot
from portal.extensions import db
from portal.search import sync
from portal.search.models import SearchQueue
from tests.cvtheque_helpers import visible_candidate


def found(app, words: str) -> list[int]:
    with app.test_request_context():
        return [card.profile_id for card in search(Criteria(q=words)).cards]


def indexed_ids() -> set[int]:
    return {int(fields["id"]) for fields in snapshot().searcher.all_stored_fields()}


def test_the_queue_is_empty_after_each_commit(app, make):
    visible_candidate(make, presentation="Maîtresse de maison en foyer.")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchQueue)) == 0
    assert len(indexed_ids()) == 1


def test_a_change_left_in_the_queue_by_a_crash_is_applied_by_the_next_sync(app, make, runner, monkeypatch):
    user, profile = visible_candidate(make, presentation="Animatrice en EHPAD.")
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
    from portal import create_app
    from tests.conftest import base_config
    from pathlib import Path

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
    documents = {int(f["id"]): f["content"] for f in snapshot().searcher.all_stored_fields()}
    assert sorted(documents) == sorted(ids)
    for profile_id in ids:
        presentation = db.session.get(CandidateProfile, profile_id).presentation
        assert documents[profile_id].startswith(presentation), profile_id
        last_word = presentation.split()[1]
        assert found(app, last_word) == [profile_id] or profile_id in found(app, last_word)


def test_profiles_never_visible_cost_the_index_nothing(app, make, monkeypatch):
    from portal.candidates import services as candidates
    from portal.search.engine import SearchIndex

    written = []
    monkeypatch.setattr(SearchIndex, "apply", lambda self, documents: written.append(documents))
    user, profile = visible_candidate(make, presentation="Pas encore visible.", cv_lines=["CV"], visible=False)
    candidates.save_profile(profile, metier_ids=[], presentation="Toujours pas visible.")
    assert written == []
    candidates.set_visibility(profile, visible=True, anonymous=False, accepts_offers=False)
    candidates.set_visibility(profile, visible=False, anonymous=False, accepts_offers=False)
    assert [list(d.items()) for d in written] == [[(str(profile.id), written[0][str(profile.id)])],
                                                  [(str(profile.id), None)]]
    assert written[0][str(profile.id)] is not None
