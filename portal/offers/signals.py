"""What happens to job offers, for the features that care (they connect where they live)."""

from blinker import Namespace

_signals = Namespace()

offer_published = _signals.signal(
    "offer-published",
    doc="""
Called when an offer is published (again after being closed, too), before the transaction commits.
The *sender* is the `JobOffer`. Receivers that act on it do so after the commit (`portal.tasks.after_commit`).
""",
)

application_cv_downloaded = _signals.signal(
    "application-cv-downloaded",
    doc="""
Called when a recruiter downloads the CV an application carries, within the transaction (the CV-thèque logs the
read for the candidate). The *sender* is the CV (a `CandidateFile`); the keyword argument `reader` is the `User`
who downloaded it.
""",
)
