"""Matching a new job offer against every candidate's alert, beside one search per alert.

    python -m bench.alerts_bench --subscriptions 10000 [--offers 2000] [--new 20] [--seed 61] [--keep]

Builds a throw-away instance (its own SQLite database and index folder) with published offers and
immediate offer alerts drawn at random (métiers, zone or commune + radius, contracts, working times,
and words for some), then publishes new offers one at a time and measures, through the application's
own code:

- matching: which alerts a new offer matches (portal.alerts.services.NewItems.matching for every alert,
  which is what an alert run does before writing mail);
- the whole immediate run that follows the publishing response (alerts.services.run_alerts for the new
  offer: matching, the deliveries ledger and the mails queued in the outbox);
- the baseline: the site's search run once per alert (offers.services.search_offers with the alert's
  criteria), on a sample of alerts, extrapolated to all of them.
"""

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from datetime import timedelta
from random import Random

import sqlalchemy as sa

from bench.search_bench import CONTRACTS, METIER_SLUGS, ZONE_KEYS, make_app, say

TIMES = ("plein", "partiel", "nuit", "week-end")
WORDS = (
    "nuit",
    "Alzheimer",
    "domicile",
    "week-end",
    "EHPAD",
    "débutant",
    "équipe",
    "toilette",
    "MAS",
    "accompagnement",
    "soins palliatifs",
    '"aide à domicile"',
    "foyer OU domicile",
    "soins SAUF nuit",
    "gériat*",
)
COMMUNES = ("61001", "61169", "61214", "61006", "61483", "61375", "61168", "61484")
BASELINE_SAMPLE = 500


def random_criteria(rng: Random, labels: dict[str, str]) -> dict:
    args: dict = {}
    if rng.random() < 0.7:
        args["metier"] = sorted(rng.sample(METIER_SLUGS, rng.choice((1, 1, 2, 3))))
    if rng.random() < 0.35:
        args["zone"] = [rng.choice(ZONE_KEYS)]
    elif rng.random() < 0.35:
        args["commune"], args["rayon"] = labels[rng.choice(COMMUNES)], rng.choice((10, 20, 30, 50))
    if rng.random() < 0.5:
        args["contrat"] = sorted(rng.sample(CONTRACTS, rng.choice((1, 2))))
    if rng.random() < 0.3:
        args["temps"] = sorted(rng.sample(TIMES, rng.choice((1, 2))))
    if rng.random() < 0.2:
        args["q"] = rng.choice(WORDS)
    return args


def offer_row(rng: Random, n: int, structure_id: int, metier_ids: dict[str, int], today) -> dict:
    from portal.clock import utcnow

    slug = rng.choice(METIER_SLUGS)
    words = rng.sample(WORDS[:11], 3)
    return {
        "structure_id": structure_id,
        "title": f"Poste {n} {slug.replace('-', ' ')}",
        "metier_id": metier_ids[slug],
        "contract_type": rng.choice(CONTRACTS),
        "working_time": rng.choice(TIMES),
        "weekly_hours": 35.0,
        "schedule_notes": "",
        "commune_insee": rng.choice(COMMUNES),
        "salary_min": None,
        "salary_max": None,
        "start_date": None,
        "diploma_required": rng.random() < 0.4,
        "diploma": "",
        "licence_required": rng.random() < 0.3,
        "description": f"Vous rejoignez une équipe attentive : {', '.join(words)}. Accompagnement des personnes "
        f"au quotidien, dans le respect de leurs habitudes.",
        "expires_on": today + timedelta(days=60),
        "status": "published",
        "published_at": utcnow(),
        "unpublished_reason": "",
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscriptions", type=int, default=10_000, help="immediate offer alerts (default 10000)")
    parser.add_argument("--offers", type=int, default=2_000, help="offers already published (default 2000)")
    parser.add_argument("--new", type=int, default=20, help="new offers published and timed (default 20)")
    parser.add_argument("--seed", type=int, default=61)
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance folder")
    args = parser.parse_args(argv)

    import flask_migrate

    from portal.accounts.models import Role, User
    from portal.alerts import services as alerts
    from portal.alerts.models import AlertSubscription
    from portal.clock import today_in_paris, utcnow
    from portal.communes.models import Commune
    from portal.extensions import db
    from portal.metiers.models import Metier
    from portal.offers import services as offers
    from portal.offers.models import JobOffer
    from portal.search import sync
    from portal.structures import services as structures
    from portal.structures.models import StructureStatus

    rng = Random(args.seed)
    instance = tempfile.mkdtemp(prefix="alerts-bench-")
    say(
        f"Alerts benchmark: {args.subscriptions} immediate offer alerts, {args.offers} offers, "
        f"{args.new} new offers, seed {args.seed}"
    )
    say(f"Python {platform.python_version()}, {os.cpu_count()} CPUs; instance {instance}")
    app = make_app(instance)
    try:
        with app.app_context(), app.test_request_context():
            flask_migrate.upgrade()
            structure = structures.create_structure(
                "EHPAD du banc d'essai", "12345678900014", "ehpad", db.session.get(Commune, "61169")
            )
            structure.status = StructureStatus.APPROVED
            db.session.commit()
            metier_ids = {m.slug: m.id for m in db.session.scalars(sa.select(Metier))}
            labels = {
                c.insee: c.label for c in db.session.scalars(sa.select(Commune).where(Commune.insee.in_(COMMUNES)))
            }
            today = today_in_paris()
            db.session.execute(
                sa.insert(JobOffer), [offer_row(rng, n, structure.id, metier_ids, today) for n in range(args.offers)]
            )
            db.session.commit()
            start = time.perf_counter()
            sync.rebuild("offers")
            say(f"offers index built: {args.offers} offers in {time.perf_counter() - start:.1f} s (not measured)")

            users = [
                {
                    "email": f"c{n}@banc.example",
                    "password_hash": "x",
                    "role": Role.CANDIDATE,
                    "first_name": "C",
                    "last_name": str(n),
                    "email_verified_at": utcnow(),
                }
                for n in range(args.subscriptions)
            ]
            db.session.execute(sa.insert(User), users)
            user_ids = list(db.session.scalars(sa.select(User.id).order_by(User.id)))
            subscriptions = []
            for user_id, email in zip(user_ids, (u["email"] for u in users), strict=False):
                criteria = random_criteria(rng, labels)
                subscriptions.append(
                    {
                        "user_id": user_id,
                        "email": email,
                        "kind": "offers",
                        "name": "banc",
                        "criteria": criteria,
                        "frequency": "immediate",
                        "status": "active",
                        "since": utcnow(),
                        "created_at": utcnow(),
                        "confirmed_at": utcnow(),
                    }
                )
            db.session.execute(sa.insert(AlertSubscription), subscriptions)
            db.session.commit()
            criteria_list = [s["criteria"] for s in subscriptions]
            distinct = len({str(sorted(c.items())) for c in criteria_list})
            with_words = sum(1 for c in criteria_list if c.get("q"))
            say(f"{args.subscriptions} alerts inserted: {distinct} distinct criteria, {with_words} with words")

            recruiter = User(
                email="rh@banc.example",
                password_hash="x",
                role=Role.EMPLOYER,
                first_name="R",
                last_name="H",
                structure_id=structure.id,
                membership="active",
                email_verified_at=utcnow(),
            )
            db.session.add(recruiter)
            db.session.commit()

            matching, whole, mails, matched_counts = [], [], [], []
            baseline_per_alert = []
            for n in range(args.new):
                offer = JobOffer(
                    **{
                        **offer_row(rng, args.offers + n, structure.id, metier_ids, today),
                        "status": "draft",
                        "published_at": None,
                        "created_by_id": recruiter.id,
                    }
                )
                db.session.add(offer)
                db.session.commit()
                offer_id = offer.id
                # Publishing commits, syncs the index, then runs the immediate alerts.
                offer.status, offer.published_at = "published", utcnow()
                db.session.commit()

                items = alerts.new_items("offers", utcnow() - timedelta(minutes=5), [offer_id])
                start = time.perf_counter()
                found = sum(1 for c in criteria_list if items.matching(c))
                matching.append(time.perf_counter() - start)
                matched_counts.append(found)

                start = time.perf_counter()
                # What runs once the publishing response has left (alerts.views.announce_after_response).
                report = alerts.run_alerts("immediate", kinds=("offers",), only={"offers": [offer_id]})
                whole.append(time.perf_counter() - start)
                mails.append(report.mails)
                assert report.mails == found, (report.mails, found)

                if n < 3:  # the baseline is slow: a few offers, a sample of alerts
                    sample = rng.sample(criteria_list, min(BASELINE_SAMPLE, len(criteria_list)))
                    start = time.perf_counter()
                    for c in sample:
                        criteria = offers.OfferCriteria.from_args(c)
                        found_ids = set()
                        page = offers.search_offers(criteria, 1)
                        for number in range(1, page.pages + 1):
                            found_ids |= {o.id for o in offers.search_offers(criteria, number).offers}
                        _ = offer_id in found_ids
                    baseline_per_alert.append((time.perf_counter() - start) / len(sample))

            say("")
            say(
                f"per new offer, over {args.new} offers ({statistics.mean(matched_counts):.0f} matching alerts "
                f"on average):"
            )
            say(
                f"  matching against {args.subscriptions} alerts: median {ms(statistics.median(matching))}, "
                f"max {ms(max(matching))}"
            )
            say(
                f"  whole immediate run (matching + ledger + {statistics.mean(mails):.0f} mails queued): "
                f"median {ms(statistics.median(whole))}, max {ms(max(whole))}"
            )
            per_alert = statistics.median(baseline_per_alert)
            say(
                f"  baseline, one site search per alert: {ms(per_alert)} per alert (sample of {BASELINE_SAMPLE}), "
                f"so about {per_alert * args.subscriptions:.1f} s for {args.subscriptions} alerts"
            )
            say(
                f"  speed-up of matching over the baseline: x{per_alert * args.subscriptions / statistics.median(matching):.0f}"
            )
    finally:
        if args.keep:
            say(f"instance kept: {instance}")
        else:
            shutil.rmtree(instance, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
