"""What happens to the CV-thèque's saved searches, for the features that care (they connect where they live)."""

from blinker import Namespace

_signals = Namespace()

saved_search_changed = _signals.signal(
    "saved-search-changed",
    doc="""
Called when a member saves an existing search again with other criteria, within the transaction.
The *sender* is the `SavedSearch`; the keyword argument `criteria` is the new criteria (the search page's
address parameters).
""",
)

saved_search_deleting = _signals.signal(
    "saved-search-deleting",
    doc="""
Called when a saved search is about to be deleted, within the transaction, so that what refers to it goes
first. The *sender* is the `SavedSearch`.
""",
)
