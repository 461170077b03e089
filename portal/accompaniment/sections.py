"""What accompaniment shows on other features' pages: on the dashboard, the candidate's own accompaniment (or how
to ask for one), and the people proposed to a member's structure by the coaches."""

from flask import url_for

from portal.accompaniment.models import SharingAnswer
from portal.accompaniment.services import linking, pathway, sharing
from portal.accounts.models import Role, User
from portal.sections import DASHBOARD, Section


def _dashboard(user: User) -> dict:
    context = {
        "my_accompaniment": None,
        "my_next_step": None,
        "ask_coach_url": url_for("accompaniment.ask"),
        "people_proposed": None,
        "sharing_answers": SharingAnswer.choices(),
    }
    if user.role == Role.CANDIDATE:
        record = linking.open_record_of(user)
        context["my_accompaniment"] = record
        context["my_next_step"] = pathway.next_step(record) if record else None
    elif user.is_member:
        context["people_proposed"] = sharing.shared_with(user.structure_id)
    return context


SECTIONS = [Section(DASHBOARD, _dashboard)]
