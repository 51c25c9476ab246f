"""Storing feedback: one row per target, even when two requests race."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db.tables import Feedback
from app.feedback import repository, service
from app.feedback.schemas import FeedbackCreate
from tests.fixtures.messages import store_message

TEXT = "Please confirm the delivery date for the spare parts."


def _record(sessions, tenant_id: int, data: FeedbackCreate) -> tuple[int, bool]:
    with sessions.scope(write=True) as session:
        feedback, created = service.record_feedback(session, tenant_id, None, data)
        return feedback.id, created


def test_a_concurrent_first_correction_is_replaced_not_doubled(
    sessions, tenant_key, monkeypatch
):
    tenant_id = tenant_key[0]
    message_id = store_message(sessions, tenant_id, TEXT)
    first = FeedbackCreate(message_id=message_id, signal="request", label="no")
    stored_id, _ = _record(sessions, tenant_id, first)
    # The second request looks before the first has committed: it sees nothing
    # the first time, then meets the unique index when it inserts.
    real_find, looks = repository.find_feedback, []

    def find_after_a_miss(*args):
        looks.append(args)
        return None if len(looks) == 1 else real_find(*args)

    monkeypatch.setattr(repository, "find_feedback", find_after_a_miss)

    second = FeedbackCreate(message_id=message_id, signal="request", label="yes")
    replaced_id, created = _record(sessions, tenant_id, second)

    assert replaced_id == stored_id and created is False
    assert len(looks) == 2
    with sessions.scope() as session:
        rows = session.scalar(
            select(func.count()).where(Feedback.message_id == message_id)
        )
        assert rows == 1
        assert session.get_one(Feedback, stored_id).label == "yes"
