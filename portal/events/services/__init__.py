"""Events: organisers publish them; candidates and visitors register, with a waiting list that moves up by itself.

publishing: what organisers do to their events; registrations: registering, confirming, cancelling, the waiting
list and the reminders; agenda: what the public finds (criteria, lists, an event's page, the calendar). Callers
import this package; its modules import each other directly.
"""

from portal.events.services.agenda import (
    EVENT_CARD,
    PER_PAGE,
    EventCriteria,
    EventPage,
    calendar_events,
    matching_events,
    next_events,
    past_events,
    public_event,
    upcoming_events,
)
from portal.events.services.publishing import (
    EDITABLE_FIELDS,
    EventRefused,
    cancel_event,
    create_event,
    delete_draft,
    events_of,
    own_event,
    publish_event,
    update_event,
)
from portal.events.services.registrations import (
    RegistrationRefused,
    cancel_registration,
    confirm_registration,
    forget_person,
    lock_registrations,
    own_registration,
    register_user,
    registrants,
    registration_from_cancel_link,
    registration_of,
    registration_to_confirm,
    registrations_of,
    request_registration,
    send_reminders,
    waiting_rank,
)

__all__ = [
    "EDITABLE_FIELDS",
    "EVENT_CARD",
    "PER_PAGE",
    "EventCriteria",
    "EventPage",
    "EventRefused",
    "RegistrationRefused",
    "calendar_events",
    "cancel_event",
    "cancel_registration",
    "confirm_registration",
    "create_event",
    "delete_draft",
    "events_of",
    "forget_person",
    "lock_registrations",
    "matching_events",
    "next_events",
    "own_event",
    "own_registration",
    "past_events",
    "public_event",
    "publish_event",
    "register_user",
    "registrants",
    "registration_from_cancel_link",
    "registration_of",
    "registration_to_confirm",
    "registrations_of",
    "request_registration",
    "send_reminders",
    "upcoming_events",
    "update_event",
    "waiting_rank",
]
