"""Draw, export and check hand-labelled Enron sentences for five signals.

The signals are `commercial_change`, `delay_risk`, `escalation`, `commitment`
and `complaint` (see `data/labels/<signal>/GUIDELINES.md`). Labels are given by
a person reading each sentence; this tool only picks the sentences and turns
decisions into pointers.

Sub-commands:

    candidates  Parse every message in enron-raw with the project's parser, split
                `new_text` with `training.data.labels.split_sentences` (4-60
                words), de-duplicate (case-insensitive, first in sorted file
                order wins) and draw per signal a seeded sample: half from the
                sentences that match the signal's keyword list (a keyword is
                chosen uniformly, then a sentence matching it, so no single
                common word dominates), half uniformly from all sentences, then
                an optional supplement from narrower patterns (`--supplement`,
                see SUPPLEMENT). Writes JSONL with the text to a path outside
                the repository (/tmp). `--signals` limits the draw; each
                signal's draw is seeded on its own name, so it does not depend
                on which other signals are drawn.
    export      Join a decisions file (JSON {signal: {cid: 0|1 or [0|1, note]}})
                with the candidates and write data/labels/<signal>/labels.jsonl
                (pointers and hashes only, no text) for the signals in it.
    relabel     Write a seeded random N labelled sentences per signal, shuffled
                and without their labels, for a blind second pass.
    agreement   Cohen's kappa between the first labels and the blind second pass.

export, relabel and agreement act only on the signals present in the decisions
file, so labelling a new signal never rewrites another signal's labels.

Example:
    .venv/bin/python scripts/label_tool.py candidates --out /tmp/cands.jsonl
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import sys
from pathlib import Path

import structlog

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.config import get_settings  # noqa: E402
from training.data.labels import (  # noqa: E402
    ENRON_DIR,
    LABELS_DIR,
    SIGNALS,
    parse_message,
    sentence_sha256,
    split_sentences,
)

SEED = 20261203
ANNOTATOR = "suppeq-team"
# Candidate ids are "<prefix>-<n>"; commitment and complaint share their first
# three letters with commercial_change, so each signal has its own prefix.
CID_PREFIX = {
    "commercial_change": "com",
    "delay_risk": "del",
    "escalation": "esc",
    "commitment": "cmt",
    "complaint": "cpl",
}

# Broad keyword lists, used ONLY to retrieve candidates so that positives are not
# too rare. Each entry is a regex matched case-insensitively at a word start.
# They are deliberately wider than the signal (e.g. "price" also hits price
# reports), so retrieved sentences are often negatives.
KEYWORDS: dict[str, list[str]] = {
    "commercial_change": [
        r"pric(e|es|ing)\b",
        r"discount",
        r"rebate",
        r"\bfees?\b",
        r"rates?\b",
        r"tariff",
        r"payment terms",
        r"invoice",
        r"\bcredit\b",
        r"contract",
        r"amend",
        r"term sheet",
        r"renegotiat",
        r"extension",
        r"extend",
        r"volumes?\b",
        r"allocat",
        r"quantit",
        r"scope",
        r"penalt",
        r"liquidated damages",
        r"margin",
        r"premium",
        r"collateral",
        r"counter.?offer",
        r"\boffer",
        r"propos",
        r"revis",
        r"reduc",
        r"increase",
        r"lower",
        r"\bterms\b",
        r"prepay",
        r"letter of credit",
        r"\$\s?\d",
    ],
    "delay_risk": [
        r"delay",
        r"\blate\b",
        r"behind schedule",
        r"postpon",
        r"slip",
        r"push(ed)? back",
        r"outage",
        r"shut ?down",
        r"force majeure",
        r"curtail",
        r"interrupt",
        r"shortage",
        r"constrain",
        r"unable to",
        r"deadline",
        r"overdue",
        r"backlog",
        r"\bproblems?\b",
        r"\brisk",
        r"blackout",
        r"emergenc",
        r"maintenance",
        r"\bdown\b",
        r"not be able",
        r"won'?t be able",
        r"\bmiss",
        r"on time",
        r"not (yet )?(been )?received",
        r"still waiting",
        r"bottleneck",
    ],
    "escalation": [
        r"escalat",
        r"management",
        r"senior",
        r"\bceo\b",
        r"president",
        r"\bvp\b",
        r"legal",
        r"lawyer",
        r"attorney",
        r"counsel",
        r"lawsuit",
        r"\bsue\b",
        r"litigat",
        r"terminat",
        r"breach",
        r"default",
        r"complain",
        r"formal",
        r"unacceptable",
        r"immediate",
        r"urgent",
        r"\basap\b",
        r"still (not|no|have not|haven)",
        r"again",
        r"repeated",
        r"demand",
        r"consequence",
        r"disappoint",
        r"frustrat",
        r"last chance",
        r"take (this|it) up with",
    ],
    "commitment": [
        r"i'll\b",
        r"i will",
        r"we'll\b",
        r"we will",
        r"will (send|get|call|have|forward|provide|deliver|make|take|fax)",
        r"going to",
        r"promis",
        r"commit",
        r"guarantee",
        r"plan to",
        r"intend",
        r"get back to you",
        r"follow.?up",
        r"make sure",
        r"let you know",
        r"tomorrow",
        r"by (monday|tuesday|wednesday|thursday|friday|the end|end of|noon)",
        r"shortly",
        r"as soon as",
        r"next week",
        r"on (it|that)\b",
        r"take care of",
        r"look into",
        r"ensure",
        r"will be (sent|delivered|ready|there|available)",
    ],
    "complaint": [
        r"disappoint",
        r"unhappy",
        r"not (happy|pleased|satisfied)",
        r"dissatisf",
        r"frustrat",
        r"unacceptable",
        r"complain",
        r"upset",
        r"annoy",
        r"\bpoor\b",
        r"terrible",
        r"ridiculous",
        r"problems?\b",
        r"errors?\b",
        r"mistake",
        r"wrong",
        r"incorrect",
        r"failed",
        r"never\b",
        r"again\b",
        r"still (not|no|have not|haven)",
        r"concern",
        r"overcharg",
        r"late\b",
        r"why (did|didn|is|was|were|haven|hasn|has|do|don)",
        r"should have",
        r"supposed to",
        r"not what",
        r"bad\b",
    ],
}


# Narrower, higher-precision patterns for an optional *supplement* drawn after
# the 50/50 sample (origin "supplement:..."), used because the 50/50 sample gave
# too few positives (see data/labels/README.md). Same uniform-keyword draw.
SUPPLEMENT: dict[str, list[str]] = {
    "commercial_change": [
        r"renegotiat",
        r"amend(ed|ment)",
        r"revised (draft|contract|agreement|"
        r"schedule|price|pricing|terms?)",
        r"we (would like to|propose|suggest)",
        r"(lower|raise|increase|reduce|cut) (the |our |your )?(price|rate|fee|volume)",
        r"discount",
        r"change (the|to the) (price|volume|term|contract|rate)",
        r"price (increase|decrease|change|reduction)",
        r"payment terms",
        r"prepay",
        r"(extend|extension of) the (term|contract|agreement)",
        r"counter.?offer",
        r"(our|your) (offer|proposal|bid)\b",
        r"(add|delete|insert|replace|strike)\b"
        r".{0,40}(section|paragraph|clause|language)",
        r"redline|mark.?up",
        r"liquidated damages|penalt",
    ],
    "delay_risk": [
        r"delay(ed|s)?\b",
        r"behind schedule",
        r"postpone.{0,40}(delivery|start|"
        r"closing|completion|project|shipment)",
        r"outage",
        r"force majeure",
        r"curtail",
        r"shortage",
        r"not be able to (deliver|meet|supply|complete|make)",
        r"unable to (deliver|meet|supply|complete|flow|schedule)",
        r"(have not|haven't|not yet) (been )?received",
        r"late (payment|delivery|"
        r"shipment)",
        r"overdue",
        r"interrupt",
        r"shut ?(in|down)",
        r"(miss|slip)(ed|ping)? (the )?(deadline|date|schedule)",
        r"blackout|stage [23]",
        r"constrain(ed|t)",
    ],
    "escalation": [
        r"escalat",
        r"unacceptable",
        r"legal action",
        r"(file|filed|filing) (a )?"
        r"(formal )?(complaint|suit|lawsuit|claim)",
        r"\bsue\b|lawsuit against",
        r"terminat(e|ion) (the|this|our) (contract|agreement)",
        r"(notice of|event of) default",
        r"breach",
        r"on notice|formal notice",
        r"(your|my|our|senior) management",
        r"still (have not|haven't|not)",
        r"(second|third|several|repeated(ly)?) (time|request|attempt|reminder)",
        r"as i have (told|said|asked)",
        r"immediately",
        r"\burgent",
        r"arbitrat",
        r"demand (letter|payment|that)",
        r"disappointed",
        r"\b(ceo|president|chairman|general counsel)\b",
    ],
    "commitment": [
        r"i('| wi)ll (send|get|call|have|forward|fax|make|take|follow|provide|"
        r"put|be sending|pass|check|review|look)",
        r"we('| wi)ll (send|get|have|provide|deliver|forward|make|take|call|"
        r"be sending|be able to|schedule|pay|ship)",
        r"i promise|we promise",
        r"(will|i'll|we'll|you'll) get back to you",
        r"(will|i'll|we'll|you'll) (send|forward|fax|e-?mail) "
        r"(it|you|them|the|a|our)",
        r"(will|i'll|we'll|you'll) .{0,40}\bby (monday|tuesday|wednesday|"
        r"thursday|friday|tomorrow|tonight|noon|the end|end of|close of)",
        r"(we are|i am) committed to",
        r"you will (have|receive|get) (it|them|the|a|our)",
        r"(will|i'll|we'll|you'll) (make sure|ensure|take care of|follow up)",
        r"(will|i'll|we'll|you'll) (let you know|keep you (posted|informed))",
    ],
    "complaint": [
        r"disappointed (in|with|by|that)",
        r"not (happy|pleased|satisfied) (with|about)",
        r"dissatisf",
        r"unacceptable",
        r"frustrat(ed|ing)",
        r"(very|extremely|quite) (upset|concerned|annoyed|unhappy)",
        r"you (failed|never|didn't|did not|have not|haven't|were supposed)",
        r"(still|yet) (have not|haven't|not) (received|been paid|heard|seen)",
        r"(incorrect|wrong) (invoice|bill|amount|price|volume|number|figure)",
        r"overcharg|double.?bill",
        r"poor (service|performance|quality|communication|job|handling)",
        r"complain",
        r"this is the (second|third|fourth) time",
        r"no one (has|called|returned|bothered)",
        r"(should|could) have (told|called|informed|let)",
    ],
}

# A second supplement for the rarest signals: for escalation the first two draws
# gave about 6% positives; for complaint the 50/50 sample gave about 2%, because
# both are rare in this mail.
SUPPLEMENT_2: dict[str, list[str]] = {
    "escalation": [
        r"legal action",
        r"lawsuit",
        r"\bsue\b",
        r"arbitration (demand|claim)|file "
        r"(for )?arbitration",
        r"demand letter",
        r"claims? against",
        r"not acceptable|"
        r"unacceptable",
        r"escalat(e|ed|ing) (this|the|it)",
        r"(your|their) (senior )?"
        r"management",
        r"notice of (default|termination|breach)",
        r"terminate (the|this|our) (contract|agreement)",
        r"breach of (contract|the agreement|warranty)",
        r"complain(t|ed)",
        r"(second|third|fourth) (time|request|notice)",
        r"still (have not|haven't) (received|heard|been paid)",
        r"immediate(ly)? (action|attention|payment)",
        r"our (attorneys|lawyers|counsel) will",
        r"refer(red)? (this|the matter) to",
        r"consequences",
    ],
    "complaint": [
        r"not acceptable|unacceptable|inappropriate|unprofessional",
        r"(we|i) (were|was|am|are) (surprised|troubled|dismayed|disturbed|"
        r"concerned) (that|to|by)",
        r"why (didn't|did not|haven't|have not|hasn't|wasn't|weren't|isn't|"
        r"don't) (you|we|i|it|they)",
        r"(still|been) waiting (for|on)",
        r"as (i|we) (have )?(said|asked|told|requested|mentioned) (before|"
        r"earlier|previously|last)",
        r"yet again",
        r"(were|was) (not|never) (told|informed|notified|consulted|advised)",
        r"(failure|failed) to (pay|deliver|provide|respond|notify|inform|"
        r"perform|send|return)",
        r"(messed|screwed|fouled) up|a mess\b",
        r"waste of (time|money)|outrageous|absurd|ridiculous",
        r"(poor|bad|lousy|terrible|awful) (service|performance|quality|"
        r"response|job|communication|support)",
        r"(no one|nobody) (has|had|ever|bothered|called|returned|responded)",
        r"(repeated(ly)?|several|numerous|many) (requests|attempts|calls|times)",
        r"disappoint(ed|ing|ment)",
        r"frustrat(ed|ing|ion)",
        r"upset|annoyed|unhappy|angry|irritated",
    ],
}


# A third supplement for complaint only: after two supplements it stood at 4%
# positives. These patterns aim at failures of the reader's side ("your ...
# wrong", "not been paid", "you people never") and match few sentences, so the
# draw takes every match not already drawn.
SUPPLEMENT_3: dict[str, list[str]] = {
    "complaint": [
        r"your (invoice|bill|billing|service|people|staff|company|system|"
        r"website|site|crew|delivery|deliveries|shipment|product|response|"
        r"office|department|team|firm|traders?|schedulers?|operators?)\b"
        r".{0,60}\b(wrong|incorrect|late|poor|unacceptable|never|failed|"
        r"error|mistake|problem)",
        r"(we|i) (have )?(still )?not (yet )?(been paid|received (payment|"
        r"your|any))",
        r"past due|overdue",
        r"(refund|reimburse) (us|me)\b|credit (us|me) (back|for)",
        r"(we|i) (were|was) (charged|billed|overcharged|not paid|never paid)",
        r"you (people|guys) (never|always|still|didn't|did not|can't|cannot|"
        r"won't)",
        r"you (promised|said you would|assured)",
        r"not (been )?(returned|answered|addressed|resolved|fixed|corrected)\b",
        r"(this|that) is not (what|how|the way)",
        r"(very|most|extremely|really|quite) (disappointing|frustrating|"
        r"annoying|upsetting)",
        r"(should|could|would) have (been )?(told|called|informed|notified|"
        r"given|sent|warned)",
    ],
}


def _quiet() -> None:
    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING)
    )


def _all_sentences(root: Path) -> list[dict]:
    """Every distinct filtered sentence of every message, in sorted file order."""
    seen: set[str] = set()
    rows: list[dict] = []
    for path in sorted((root / "messages").rglob("*.eml")):
        message = parse_message(path)
        if message is None:
            continue
        rel = path.relative_to(root).as_posix()
        for k, text in enumerate(split_sentences(message.new_text)):
            key = text.lower()
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "file": rel,
                    "message_id": message.message_id,
                    "sentence_index": k,
                    "sentence_sha256": sentence_sha256(text),
                    "text": text,
                }
            )
    return rows


def _keyword_draw(
    rows: list[dict],
    patterns: list[str],
    n: int,
    rng: random.Random,
    chosen: dict[int, str],
    origin: str,
) -> None:
    """Add n sentences to `chosen`: pick a keyword uniformly, then a sentence."""
    compiled = [re.compile(r"(?i)(?<!\w)" + p) for p in patterns]
    by_keyword = {
        p.pattern: [i for i, r in enumerate(rows) if p.search(r["text"])]
        for p in compiled
    }
    by_keyword = {k: v for k, v in by_keyword.items() if v}
    pool = sorted({i for v in by_keyword.values() for i in v})
    target = len(chosen) + n
    while len(chosen) < target:
        if all(i in chosen for i in pool):
            break  # small pools (SUPPLEMENT_3): every match is already drawn
        key = rng.choice(sorted(by_keyword))
        i = rng.choice(by_keyword[key])
        chosen.setdefault(i, f"{origin}:" + key.removeprefix(r"(?i)(?<!\w)"))


def draw(
    rows: list[dict], signal: str, n: int, seed: int, supplement: int = 0
) -> list[dict]:
    """Seeded sample for one signal: n//2 keyword-retrieved, the rest random.

    With `supplement` > 0, that many further sentences matching the narrower
    `SUPPLEMENT` patterns follow (cids after the main sample's), and for the
    signals in `SUPPLEMENT_2` and `SUPPLEMENT_3` as many again from those
    patterns (or every remaining match, when fewer).
    """
    rng = random.Random(f"{seed}:{signal}")
    chosen: dict[int, str] = {}
    _keyword_draw(rows, KEYWORDS[signal], n // 2, rng, chosen, "keyword")
    while len(chosen) < n:
        chosen.setdefault(rng.randrange(len(rows)), "random")
    picked = list(chosen.items())
    rng.shuffle(picked)  # the annotator sees keyword and random items mixed
    if supplement:
        extra: dict[int, str] = dict(chosen)
        srng = random.Random(f"{seed}:{signal}:supplement")
        _keyword_draw(rows, SUPPLEMENT[signal], supplement, srng, extra, "supplement")
        for patterns, origin in (
            (SUPPLEMENT_2, "supplement2"),
            (SUPPLEMENT_3, "supplement3"),
        ):
            if signal in patterns:
                _keyword_draw(rows, patterns[signal], supplement, srng, extra, origin)
        picked += [(i, o) for i, o in extra.items() if i not in chosen]
    return [
        {"signal": signal, "cid": f"{CID_PREFIX[signal]}-{j:04d}", "origin": origin}
        | rows[i]
        for j, (i, origin) in enumerate(picked)
    ]


def cmd_candidates(args: argparse.Namespace) -> None:
    _quiet()
    rows = _all_sentences(args.data_dir / ENRON_DIR)
    print(f"{len(rows)} distinct sentences", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for signal in args.signals:
            items = draw(rows, signal, args.per_signal, args.seed, args.supplement)
            for item in items:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]


def _candidates(path: Path) -> dict[tuple[str, str], dict]:
    # Keyed by signal too, so a cid can never pick another signal's sentence.
    return {(c["signal"], c["cid"]): c for c in _read_jsonl(path)}


def cmd_export(args: argparse.Namespace) -> None:
    cands = _candidates(args.candidates)
    decisions = json.loads(args.decisions.read_text(encoding="utf-8"))
    for signal in _present(decisions):
        out = args.labels_dir / signal / "labels.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        lines = []
        for cid, value in sorted(decisions[signal].items()):
            label, note = (value, None) if isinstance(value, int) else value
            c = cands[signal, cid]
            row = {
                k: c[k]
                for k in ("file", "message_id", "sentence_index", "sentence_sha256")
            }
            row.update(label=int(label), annotator=ANNOTATOR)
            if note:
                row["note"] = note
            lines.append(json.dumps(row, ensure_ascii=False))
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{signal}: {len(lines)} labels -> {out}", file=sys.stderr)


def cmd_relabel(args: argparse.Namespace) -> None:
    cands = _candidates(args.candidates)
    decisions = json.loads(args.decisions.read_text(encoding="utf-8"))
    with args.out.open("w", encoding="utf-8") as handle:
        for signal in _present(decisions):
            rng = random.Random(f"{args.seed}:relabel:{signal}")
            ids = rng.sample(sorted(decisions[signal]), args.n)
            for cid in ids:
                item = {
                    "signal": signal,
                    "cid": cid,
                    "text": cands[signal, cid]["text"],
                }
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")


def cmd_agreement(args: argparse.Namespace) -> None:
    from sklearn.metrics import cohen_kappa_score

    first = json.loads(args.decisions.read_text(encoding="utf-8"))
    second = json.loads(args.second.read_text(encoding="utf-8"))
    for signal in _present(second):
        ids = sorted(second[signal])
        a = [_label(first[signal][c]) for c in ids]
        b = [_label(second[signal][c]) for c in ids]
        agree = sum(x == y for x, y in zip(a, b, strict=True)) / len(ids)
        kappa = cohen_kappa_score(a, b)
        print(f"{signal}: n={len(ids)} agreement={agree:.3f} kappa={kappa:.3f}")


def _present(decisions: dict) -> list[str]:
    """The known signals in a decisions file, in `SIGNALS` order."""
    unknown = sorted(set(decisions) - set(SIGNALS))
    if unknown:
        raise SystemExit(f"unknown signals {unknown}; expected some of {SIGNALS}")
    return [signal for signal in SIGNALS if signal in decisions]


def _label(value: int | list) -> int:
    return int(value if isinstance(value, int) else value[0])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("candidates")
    p.add_argument("--data-dir", type=Path, default=get_settings().shared_data_dir)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--per-signal", type=int, default=360)
    p.add_argument("--supplement", type=int, default=120)
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--signals", nargs="+", choices=SIGNALS, default=list(SIGNALS))
    p.set_defaults(func=cmd_candidates)
    p = sub.add_parser("export")
    p.add_argument("--candidates", type=Path, required=True)
    p.add_argument("--decisions", type=Path, required=True)
    p.add_argument("--labels-dir", type=Path, default=LABELS_DIR)
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("relabel")
    p.add_argument("--candidates", type=Path, required=True)
    p.add_argument("--decisions", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--n", type=int, default=60)
    p.add_argument("--seed", type=int, default=SEED)
    p.set_defaults(func=cmd_relabel)
    p = sub.add_parser("agreement")
    p.add_argument("--decisions", type=Path, required=True)
    p.add_argument("--second", type=Path, required=True)
    p.set_defaults(func=cmd_agreement)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
