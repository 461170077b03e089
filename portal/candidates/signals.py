"""What happens in candidates, for the features that care (they connect where they live)."""

from dataclasses import dataclass, field

from blinker import Namespace

_signals = Namespace()


@dataclass
class RetentionReport:
    """What a receiver of `retention_running` did: the lines the command prints, and what failed (retried at the
    next run; any failure makes the command exit with 1)."""

    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


retention_running = _signals.signal(
    "retention-running",
    doc="""
Called by `flask retention run` once the candidate accounts and the copies of mail are dealt with, so that each
feature applies its own retention periods (committing as it goes, idempotent). The *sender* is the application;
the keyword argument `now` is the moment of the run. Each receiver returns a `RetentionReport`.
""",
)
