"""What happens to accounts, for the features that care (they connect where they live).

Erasing an account is not a signal: every feature holding personal data registers its export and erasure in
`portal.accounts.personal_data` (an ordered registry, which a test checks for completeness).
"""

from blinker import Namespace

_signals = Namespace()

email_changed = _signals.signal(
    "email-changed",
    doc="""
Called when an account's address changes (its owner confirmed the new one), within the transaction.
The *sender* is the `User`, already with the new address; the keyword argument `old_email` is the former one.
""",
)
