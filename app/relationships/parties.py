"""Which side of a relationship an address is on: buyer, supplier or other."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Party", "PartyResolver", "domain_matches"]


class Party(StrEnum):
    buyer = "buyer"
    supplier = "supplier"
    other = "other"


def domain_matches(domain: str, owned: Iterable[str]) -> bool:
    """True when `domain` is one of `owned` or a sub-domain of one.

    >>> domain_matches("ect.enron.com", ["enron.com"])
    True
    """
    domain = domain.lower()
    return any(domain == d or domain.endswith("." + d) for d in owned)


@dataclass(frozen=True)
class PartyResolver:
    """Places addresses for one supplier relationship.

    The tenant's own domains are the buyer. A supplier is its domains plus its
    aliases (full addresses, for people who write from another domain). An alias
    wins over a domain, so a buyer-domain address can be claimed by a supplier.
    """

    buyer_domains: tuple[str, ...]
    supplier_domains: tuple[str, ...]
    supplier_aliases: frozenset[str] = frozenset()

    def party_of(self, address: str | None) -> Party:
        if not address:
            return Party.other
        address = address.lower()
        domain = address.rpartition("@")[2]
        if address in self.supplier_aliases:
            return Party.supplier
        if domain_matches(domain, self.supplier_domains):
            return Party.supplier
        if domain_matches(domain, self.buyer_domains):
            return Party.buyer
        return Party.other
