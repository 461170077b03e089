"""Alerts: the criteria of a search page, and mail about what is new for them.

subscriptions: making, changing, pausing, confirming and stopping alerts; delivery: matching what is new and
sending it, with the ledger of what was announced; admin: addresses whose mail bounces. Callers import this
package; its modules import each other directly.
"""

from portal.alerts.services.admin import Address, alert_addresses, reactivate_address, suspend_address
from portal.alerts.services.delivery import (COMMIT_EVERY, MAIL_ITEMS, WINDOW, Card, NewItems, RunReport,
                                             announce_published, new_items, run_alerts)
from portal.alerts.services.subscriptions import (AlertRefused, alert_to_confirm, alerts_by_saved_search, alerts_of,
                                                  confirm_alert, create_alert, criteria_key, delete_alert, describe,
                                                  existing_alert, follow_saved_search, forget_person,
                                                  forget_saved_search, frequencies, frequency_choices, own_alert,
                                                  pause_alert, read_unsubscribe_token, request_visitor_alert,
                                                  resume_alert, search_url, unsubscribe, unsubscribe_token,
                                                  update_alert)

__all__ = [
    "COMMIT_EVERY", "MAIL_ITEMS", "WINDOW", "Address", "AlertRefused", "Card", "NewItems", "RunReport",
    "alert_addresses", "alert_to_confirm", "alerts_by_saved_search", "alerts_of", "announce_published",
    "confirm_alert", "create_alert", "criteria_key", "delete_alert", "describe", "existing_alert",
    "follow_saved_search", "forget_person", "forget_saved_search", "frequencies", "frequency_choices", "new_items",
    "own_alert", "pause_alert", "reactivate_address", "read_unsubscribe_token", "request_visitor_alert",
    "resume_alert", "run_alerts", "search_url", "suspend_address", "unsubscribe", "unsubscribe_token",
    "update_alert",
]
