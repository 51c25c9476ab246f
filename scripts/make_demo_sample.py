"""Write the synthetic demo sample under data/demo/ (used when no real corpus is there).

Every message is invented by this script for the demo and carries the header
`X-SuppEQ-Demo: synthetic`. The buyer "Northwind Buying" writes to three suppliers
over 2026: Acme (healthy), Globex (souring from spring on) and Initech (quiet,
mostly one-way). Three deliberately broken items close the mbox for the
quarantine demo. The output is byte-identical on every run.

    .venv/bin/python scripts/make_demo_sample.py [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import mailbox
import random
import textwrap
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo


class Org(NamedTuple):
    """A company in the sample; `moods` gives the relationship per month 1..12."""

    name: str
    domain: str
    timezone: str
    people: list[tuple[str, str]]
    threads_per_month: int = 0
    moods: list[str] = []


SEED = 20261203
YEAR = 2026
OUT_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
DEMO_HEADER = ("X-SuppEQ-Demo", "synthetic")
BUYER = Org(
    "Northwind Buying",
    "northwind.example",
    "Europe/Berlin",
    [
        ("Anna Keller", "Head of Procurement"),
        ("Jonas Weber", "Category Manager"),
        ("Lena Hoffmann", "Senior Buyer"),
        ("Tobias Braun", "Supply Chain Analyst"),
    ],
)
SUPPLIERS = [
    Org(
        "Acme Components",
        "acme-components.example",
        "America/Chicago",
        [("Maria Lopez", "Key Account Manager"), ("Dan Whitfield", "Service Lead")],
        3,
        ["warm"] * 12,
    ),
    Org(
        "Globex Logistics",
        "globex-logistics.example",
        "Asia/Singapore",
        [("Wei Ling Tan", "Account Director"), ("Raj Menon", "Operations Lead")],
        4,
        ["warm"] * 4 + ["strained"] * 4 + ["sour"] * 4,
    ),
    Org(
        "Initech Services",
        "initech-services.example",
        "Europe/London",
        [("Peter Gibbons", "Service Manager"), ("Joanna Reyes", "Support Analyst")],
        1,
        ["quiet"] * 12,
    ),
]
TOPICS = [
    ("PO {n} delivery date", "Could you confirm the delivery date for PO {n}?"),
    ("Invoice {n} query", "Invoice {n} does not match the agreed price list."),
    ("Forecast for next quarter", "Please share your capacity for next quarter."),
    ("Quality report lot {n}", "We need the inspection report for lot {n}."),
    ("Shipment {n} status", "Where is shipment {n} at the moment?"),
    ("Price review", "We would like to review the unit prices before renewal."),
]
# the roles each mood plays in a thread; "?" marks optional trailing messages
SCRIPTS = {
    "warm": ["b:open", "s:answer", "?b:thanks", "?s:welcome", "?b:detail", "?s:answer"],
    "strained": ["b:open", "b:chase", "s:late", "b:complain", "?s:curt"],
    "sour": ["b:open", "b:chase", "?s:curt", "?b:escalate", "?s:curt"],
    "quiet": ["b:open", "b:chase", "?s:curt"],
}
LINES = {
    "open": ["Hi {to},\n\n{ask} Thanks in advance.", "Hello {to},\n\n{ask}"],
    "chase": [
        "Hi {to},\n\nfollowing up on my note below, we have not heard back yet.",
        "Hello {to},\n\nany update on this? We need an answer this week.",
    ],
    "answer": [
        "Hi {to},\n\nthanks for asking! All confirmed on our side, it ships as planned."
        " Happy to help with anything else.",
        "Hello {to},\n\ngood question. We checked it this morning and it is on track."
        " Thank you for the heads-up.",
    ],
    "thanks": [
        "Thanks a lot {to}, that was quick. Much appreciated!",
        "Perfect, thank you {to}. Great working with your team.",
    ],
    "welcome": ["You are welcome, {to}. Have a great week!", "Any time, {to}. Cheers!"],
    "detail": ["One more thing {to}: could you add the packing list next time?"],
    "late": [
        "{to},\n\nsorry for the late reply. We had capacity issues. Looking into it.",
        "Hi {to},\n\napologies, this got delayed. We will revert when we know more.",
    ],
    "curt": ["Noted.", "We are checking.", "Delay is on the carrier side."],
    "complain": [
        "{to},\n\nthis is the third delay this month and it is not acceptable."
        " Our line stood still for half a day.",
        "{to},\n\nwe are very disappointed. We were promised a fix two weeks ago.",
    ],
    "escalate": [
        "{to},\n\nI am escalating this to our Head of Procurement. We still have no"
        " answer and the penalties under the contract will apply.",
    ],
}
CALENDAR = {
    "timezone": BUYER.timezone,
    "workdays": [1, 2, 3, 4, 5],
    "day_start": "09:00",
    "day_end": "17:00",
    "holiday_country": "DE",
}
# reply latency in hours (low, high) by side and mood
LATENCY = {
    ("s", "warm"): (1, 6), ("s", "strained"): (30, 80), ("s", "sour"): (70, 160),
    ("s", "quiet"): (50, 120), ("b", "warm"): (1, 20), ("b", "strained"): (4, 24),
    ("b", "sour"): (48, 96), ("b", "quiet"): (72, 150),
}  # fmt: skip
BROKEN = [
    # 1: no From and no Date: not an e-mail at all -> quarantined
    b"From MAILER-DAEMON Thu Dec 31 10:00:00 2026\nX-SuppEQ-Demo: synthetic\n"
    b"To: anna.keller@northwind.example\nSubject: (broken on purpose) no sender\n"
    b"Message-ID: <broken-1@demo.northwind.example>\n\nThis item has no From and"
    b" no Date header.\n",
    # 2: unparseable Date and no Received header -> quarantined, no usable date
    b"From raj.menon@globex-logistics.example Thu Dec 31 10:05:00 2026\n"
    b"X-SuppEQ-Demo: synthetic\nFrom: Raj Menon <raj.menon@globex-logistics.example>\n"
    b"To: jonas.weber@northwind.example\nDate: sometime last Tuesday-ish\n"
    b"Subject: (broken on purpose) garbage date\n"
    b"Message-ID: <broken-2@demo.globex-logistics.example>\n\nDate cannot be read.\n",
    # 3: truncated multipart without a boundary; From and Date are fine -> parsed
    b"From maria.lopez@acme-components.example Thu Dec 31 10:10:00 2026\n"
    b"X-SuppEQ-Demo: synthetic\n"
    b"From: Maria Lopez <maria.lopez@acme-components.example>\n"
    b"To: lena.hoffmann@northwind.example\nDate: Thu, 31 Dec 2026 04:10:00 -0600\n"
    b"Subject: (broken on purpose) truncated multipart\n"
    b"Message-ID: <broken-3@demo.acme-components.example>\nMIME-Version: 1.0\n"
    b"Content-Type: multipart/mixed\n\n--\nContent-Type: text/plain\n\n"
    b"The attached drawing rev C repla\n",
]


def main(argv: list[str] | None = None) -> None:
    """Write sample.mbox, suppliers.json and tenant.json into the output folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)

    messages = build_messages(random.Random(SEED))
    write_mbox(out / "sample.mbox", messages)
    write_specs(out)
    print(f"wrote {len(messages)} messages + {len(BROKEN)} broken items to {out}")


def build_messages(rng: random.Random) -> list[EmailMessage]:
    """All well-formed messages of the year, in date order."""
    messages = []
    for supplier in SUPPLIERS:
        for month in range(1, 13):
            for _ in range(supplier.threads_per_month):
                messages += build_thread(rng, supplier, month)
    return sorted(messages, key=lambda m: m["Date"].datetime)


def build_thread(rng: random.Random, supplier: Org, month: int) -> list[EmailMessage]:
    """One thread of 2 to 6 messages whose roles and pace follow the month's mood."""
    mood = supplier.moods[month - 1]
    buyer = person(rng.choice(BUYER.people), BUYER)
    seller = person(rng.choice(supplier.people), supplier)
    number = rng.randint(4000, 9999)
    subject, ask = (s.format(n=number) for s in rng.choice(TOPICS))
    steps = [s for s in SCRIPTS[mood] if not s.startswith("?") or rng.random() < 0.6]
    if mood == "sour" and rng.random() < 0.5:
        steps = steps[:2]  # the supplier never answers this one

    when = workday_start(rng, month, buyer["tz"])
    thread: list[tuple[EmailMessage, str]] = []
    for step in steps:
        side, kind = step.lstrip("?").split(":")
        author, reader = (buyer, seller) if side == "b" else (seller, buyer)
        if thread:
            when = next_business_time(rng, when, LATENCY[side, mood], author["tz"])
        text = rng.choice(LINES[kind]).format(to=reader["first"], ask=ask)
        thread.append(compose(rng, author, reader, subject, text, when, thread))
    return [msg for msg, _ in thread]


def person(who: tuple[str, str], org: Org) -> dict:
    """An author record: name, title, address, company and home time zone."""
    name, title = who
    return {
        "name": name,
        "first": name.split()[0],
        "title": title,
        "email": name.lower().replace(" ", ".") + "@" + org.domain,
        "company": org.name,
        "tz": ZoneInfo(org.timezone),
    }


def workday_start(rng: random.Random, month: int, tz: ZoneInfo) -> datetime:
    """A weekday time between 08:00 and 16:00 on one of days 2 to 20 of the month."""
    day = datetime(YEAR, month, rng.randint(2, 20), tzinfo=tz)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=rng.randint(8, 15), minute=rng.randrange(60))


def next_business_time(
    rng: random.Random, after: datetime, hours: tuple, tz: ZoneInfo
) -> datetime:
    """`after` plus a latency, moved into the author's office hours (08-18, Mon-Fri)."""
    local = (after + timedelta(hours=rng.uniform(*hours))).astimezone(tz)
    if local.hour >= 18:
        local += timedelta(days=1)
    if local.hour >= 18 or local.hour < 8:
        local = local.replace(hour=rng.randint(8, 10), minute=rng.randrange(60))
    while local.weekday() >= 5:
        local += timedelta(days=1)
    return local.replace(second=rng.randrange(60), microsecond=0)


def compose(
    rng: random.Random,
    author: dict,
    reader: dict,
    subject: str,
    text: str,
    when: datetime,
    thread: list[tuple[EmailMessage, str]],
) -> tuple[EmailMessage, str]:
    """One message and its plain body; a reply quotes the one before it."""
    sig = f"-- \n{author['name']}\n{author['title']} | {author['company']}\n"
    body = wrap(text) + "\n\n" + sig
    domain = author["email"].split("@")[1]
    msg = EmailMessage()
    msg["From"] = f"{author['name']} <{author['email']}>"
    msg["To"] = f"{reader['name']} <{reader['email']}>"
    msg["Subject"] = ("Re: " if thread else "") + subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{when:%Y%m%d%H%M%S}.{rng.getrandbits(40):010x}@{domain}>"
    msg["Received"] = (
        f"from mail.{domain} by mx.{reader['email'].split('@')[1]}; {msg['Date']}"
    )
    msg[DEMO_HEADER[0]] = DEMO_HEADER[1]
    if thread:
        parent, parent_body = thread[-1]
        msg["In-Reply-To"] = parent["Message-ID"]
        msg["References"] = " ".join(m["Message-ID"] for m, _ in thread)
        quoted = "\n".join(f"> {ln}".rstrip() for ln in parent_body.splitlines())
        name = parent["From"].addresses[0].display_name
        body += f"\nOn {parent['Date']}, {name} wrote:\n{quoted}\n"

    set_body(rng, msg, body)
    stamp = time.asctime(when.astimezone(UTC).timetuple())
    msg.set_unixfrom(f"From {author['email']} {stamp}")
    return msg, body


def set_body(rng: random.Random, msg: EmailMessage, body: str) -> None:
    """Plain text mostly; about one in eight HTML-only, one in twelve both."""
    roll = rng.random()
    if roll < 0.125:
        msg.set_content(to_html(body), subtype="html")
    elif roll < 0.21:
        msg.set_content(body)
        msg.add_alternative(to_html(body), subtype="html")
        msg.set_boundary(f"=_demo_{rng.getrandbits(48):012x}")
    else:
        msg.set_content(body)


def wrap(text: str) -> str:
    """Wrap paragraphs at 66 columns so five levels of "> " still fit in 78."""
    return "\n\n".join(textwrap.fill(p, 66) for p in text.split("\n\n"))


def to_html(body: str) -> str:
    """A small HTML rendering: the quoted history goes into a blockquote."""
    own, _, quote = body.partition("\nOn ")
    paragraphs = (p.replace("\n", "<br>\n") for p in own.strip().split("\n\n"))
    html = "<html><body>\n" + "\n".join(f"<p>{p}</p>" for p in paragraphs)
    if quote:
        head, _, rest = quote.partition("\n")
        lines = "<br>\n".join(ln.lstrip("> ") for ln in rest.splitlines())
        html += f"\n<div>On {head}</div>\n<blockquote>{lines}</blockquote>"
    return html + "\n</body></html>\n"


def write_mbox(path: Path, messages: list[EmailMessage]) -> None:
    """Replace the mbox with the messages followed by the broken items."""
    path.unlink(missing_ok=True)
    box = mailbox.mbox(path, create=True)
    try:
        for msg in messages:
            box.add(msg)
        for raw in BROKEN:
            box.add(raw)
        box.flush()
    finally:
        box.close()


def write_specs(out: Path) -> None:
    """Write suppliers.json and tenant.json as the demo loader reads them."""
    suppliers = [{"name": s.name, "domains": [s.domain]} for s in SUPPLIERS]
    tenant = {"name": "demo", "buyer_domains": [BUYER.domain], "calendar": CALENDAR}
    for name, data in [("suppliers.json", suppliers), ("tenant.json", tenant)]:
        (out / name).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
