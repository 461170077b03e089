"""What happens to events, for the features that care (they connect where they live)."""

from blinker import Namespace

_signals = Namespace()

event_published = _signals.signal(
    "event-published",
    doc="""
Called when an event is published, before the transaction commits. The *sender* is the `Event`.
Receivers that act on it do so after the commit (`portal.tasks.after_commit`).
""",
)
