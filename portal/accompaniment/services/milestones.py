"""What the adviser of a partner who referred a person hears: the milestones that matter, and nothing else.

Only with the person's agreement (recorded with the referral), only while the adviser has not stopped them
(a link in every such mail), and only these: the accompaniment opened, an immersion done, a training entered,
a job started, the accompaniment closed. No step's note, no staff note, no public, no barrier ever goes out.
"""

from flask import url_for

from portal.accompaniment.models import Accompaniment, Step, StepKind, TrainingStatus
from portal.mail.services import queue_mail
from portal.tokens import TokenError, make_token, read_token

OPENED = "opened"
IMMERSION_DONE = "immersion"
TRAINING_ENTERED = "training"
JOB_STARTED = "job"
CLOSED = "closed"

SUBJECTS = {
    OPENED: "Accompagnement ouvert",
    IMMERSION_DONE: "Immersion réalisée",
    TRAINING_ENTERED: "Entrée en formation",
    JOB_STARTED: "Prise de poste",
    CLOSED: "Accompagnement terminé",
}


def milestone_of(step: Step) -> str | None:
    """The milestone a step that has just been done marks, if any."""
    if step.kind == StepKind.IMMERSION:
        return IMMERSION_DONE
    if step.kind == StepKind.TRAINING and step.training_status in (None, TrainingStatus.ENTERED):
        return TRAINING_ENTERED
    if step.kind == StepKind.JOB:
        return JOB_STARTED
    return None


def step_done(record: Accompaniment, step: Step) -> None:
    milestone = milestone_of(step)
    if milestone is not None:
        tell_adviser(record, milestone, step)


def tell_adviser(record: Accompaniment, milestone: str, step: Step | None = None) -> bool:
    """Queue the milestone's mail to the referring adviser, once per record, milestone and step."""
    if not (record.adviser_informed and record.adviser_email):
        return False
    stop = url_for("accompaniment.stop_updates", token=stop_token(record), _external=True)
    queue_mail(
        record.adviser_email,
        "accompaniment_milestone",
        f"{SUBJECTS[milestone]} — {record.first_name} {record.last_name[:1]}.".strip(),
        dedup_key=f"accompaniment-milestone:{record.id}:{milestone}:{step.id if step else 0}",
        headers={"List-Unsubscribe": f"<{stop}>"},
        record=record,
        milestone=milestone,
        milestone_label=SUBJECTS[milestone],
        step=step,
        stop_url=stop,
    )
    return True


def stop_token(record: Accompaniment) -> str:
    return make_token("adviser-updates-stop", {"record": record.id, "email": record.adviser_email})


def record_of_stop_token(token: str) -> tuple[int, str] | None:
    """The record and the adviser's address that a stop link names, or None for a forged or damaged link."""
    try:
        data = read_token("adviser-updates-stop", token)
    except TokenError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("record"), int):
        return None
    return data["record"], str(data.get("email", ""))


def stop_updates(record: Accompaniment, email: str) -> bool:
    """The adviser stops the mails about this person; True when they were still on."""
    if record.adviser_email != email or not record.adviser_informed:
        return False
    record.adviser_informed = False
    return True
