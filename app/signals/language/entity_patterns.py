"""Token patterns for the entity ruler: MONEY, PERCENT, DATE and ORG.

The pipeline has no statistical model (see docs/decisions/0004), so these
patterns are the whole entity recogniser. They read spaCy's English tokens:
"$1,250.00" is `$` + `1,250.00`, "40K" is `40` + `K`, "2026-12-03" is five
tokens and "Dec." is one. Month and weekday names must be capitalised, so the
modal "may" and the verb "march" are not dates.
"""

from __future__ import annotations

from typing import Any

__all__ = ["entity_patterns"]


def _words(text: str) -> list[str]:
    return text.split()


Token = dict[str, Any]
Pattern = list[Token]

_MONTHS = _words(
    "January February March April May June July August September October "
    "November December"
)
_MONTH_ABBREVIATIONS = _words("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec")
_WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_WEEKDAY_ABBREVIATIONS = _words("Mon Tue Tues Wed Thu Thur Thurs Fri")
_CURRENCY_CODES = _words(
    "USD EUR GBP CHF JPY CAD AUD NZD CNY RMB INR SEK NOK DKK PLN MXN BRL ZAR SGD HKD"
)
_CURRENCY_SYMBOLS = ["$", "US$", "C$", "A$", "€", "£", "¥"]
# Plural only: "a million dollar question" names no amount.
_CURRENCY_WORDS = ["dollars", "euros", "cents", "bucks"]
_SCALES = ["k", "m", "mm", "mn", "b", "bn", "thousand", "million", "billion"]
_LEGAL_SUFFIXES = _words(
    "Inc Inc. Incorporated Ltd Ltd. Limited LLC L.L.C. LLP LP L.P. GmbH Corp Corp. "
    "Corporation Co. Company plc PLC AG SA S.A. SE NV N.V. BV B.V. SpA S.p.A. SAS "
    "S.A.S. Pty Oy AB ASA KK Holdings"
)


def _capitalised(names: list[str]) -> list[str]:
    return [v for n in names for v in (n, n.upper(), f"{n}.")]


MONTH: Token = {"TEXT": {"IN": _capitalised(_MONTHS + _MONTH_ABBREVIATIONS)}}
FULL_MONTH: Token = {"TEXT": {"IN": [m for m in _MONTHS if m != "May"]}}
WEEKDAY: Token = {"TEXT": {"IN": _capitalised(_WEEKDAYS + _WEEKDAY_ABBREVIATIONS)}}
DAY: Token = {"TEXT": {"REGEX": r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$"}}
YEAR: Token = {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}
COMMA: Token = {"TEXT": ","}
# "1,250.00", ".05", and with the scale glued on: "40k", "1.2bn".
_AMOUNT = r"^(\d[\d,]*(\.\d+)?|\.\d+)([kKmMbB]|mm|MM|bn|BN)?$"
SCALE: Token = {"LOWER": {"IN": _SCALES}}
PERIOD: Token = {"LOWER": {"IN": ["day", "week", "month", "quarter", "year"]}}
PART_OF_DAY: Token = {"LOWER": {"IN": ["morning", "afternoon", "evening", "night"]}}
SEASON: Token = {
    "LOWER": {"IN": ["weekend", "spring", "summer", "fall", "autumn", "winter"]}
}


def entity_patterns() -> list[dict[str, Any]]:
    """Every pattern, in the entity ruler's `{"label", "pattern"}` form."""
    labelled = (
        [("MONEY", p) for p in _money()]
        + [("PERCENT", p) for p in _percent()]
        + [("DATE", p) for p in _absolute_dates() + _relative_dates()]
        + [("ORG", p) for p in _organisations()]
    )
    return [{"label": label, "pattern": pattern} for label, pattern in labelled]


def _money() -> list[Pattern]:
    symbol: Token = {"TEXT": {"IN": _CURRENCY_SYMBOLS}}
    code: Token = {"TEXT": {"IN": _CURRENCY_CODES}}
    codes = [c.lower() for c in _CURRENCY_CODES]
    unit: Token = {"LOWER": {"IN": _CURRENCY_WORDS + codes}}
    amount: Token = {"TEXT": {"REGEX": _AMOUNT}}
    scale = {**SCALE, "OP": "?"}
    us: Token = {"TEXT": {"IN": [*_CURRENCY_CODES, "US"]}, "OP": "?"}
    return [
        [us, symbol, amount, scale],
        [symbol, amount, {"TEXT": "-"}, amount, scale],
        [code, amount, scale],
        [amount, scale, unit],
        [{"LIKE_NUM": True}, scale, unit],
    ]


def _percent() -> list[Pattern]:
    return [
        [{"LIKE_NUM": True}, {"LOWER": {"IN": ["%", "percent", "pct"]}}],
        [{"LIKE_NUM": True}, {"LOWER": "per"}, {"LOWER": "cent"}],
    ]


def _absolute_dates() -> list[Pattern]:
    # Optional commas may end up at an edge ("Dec 3,"): the pipeline trims them.
    weekday = [{**WEEKDAY, "OP": "?"}, {**COMMA, "OP": "?"}]
    year = [{**COMMA, "OP": "?"}, {**YEAR, "OP": "?"}]
    of: Token = {"LOWER": "of", "OP": "?"}
    slash = r"^(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(/(\d\d|(19|20)\d\d))?$"
    numeric = rf"{slash}|^(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.(19|20)\d\d$"
    numeric += r"|^(19|20)\d\d-\d\d-\d\d$"
    two_digits: Token = {"TEXT": {"REGEX": r"^\d\d$"}}
    dash: Token = {"TEXT": "-"}
    return [
        [*weekday, MONTH, DAY, *year],
        [*weekday, DAY, of, MONTH, *year],
        [MONTH, {**COMMA, "OP": "?"}, YEAR],
        [FULL_MONTH],
        [{"TEXT": {"REGEX": numeric}}],
        [YEAR, dash, two_digits, dash, two_digits],
        *_quarters(),
    ]


def _quarters() -> list[Pattern]:
    quarter = r"^([Qq][1-4]|[1-4]Q(\d\d)?|[Hh][12]|FY(\d\d|(19|20)\d\d)?)$"
    ordinals = ["first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th"]
    return [
        [{"TEXT": {"REGEX": quarter}}, {"TEXT": "-", "OP": "?"}, {**YEAR, "OP": "?"}],
        [
            {"LOWER": {"IN": ordinals}},
            {"LOWER": "quarter"},
            {"LOWER": "of", "OP": "?"},
            {**YEAR, "OP": "?"},
        ],
    ]


def _relative_dates() -> list[Pattern]:
    this_next: Token = {"LOWER": {"IN": ["this", "next", "coming", "last"]}}
    day: Token = {"LOWER": {"IN": ["today", "tomorrow", "tonight", "yesterday"]}}
    day_ref: Token = {"TEXT": {"IN": WEEKDAY["TEXT"]["IN"] + ["today", "tomorrow"]}}
    closes: list[list[Token]] = [
        [{"LOWER": {"IN": ["eod", "cob", "eob", "eow", "eom"]}}],
        [{"LOWER": {"IN": ["close", "end"]}}, {"LOWER": "of"}, {"LOWER": "business"}],
    ]
    within: Token = {"LOWER": {"IN": ["within", "in"]}}
    count: Token = {"LOWER": {"IN": ["a", "one"]}}
    business: Token = {"LOWER": {"IN": ["business", "working"]}, "OP": "?"}
    periods: Token = {
        "LOWER": {"IN": ["day", "days", "week", "weeks", "month", "months"]}
    }
    return [
        [{**this_next, "OP": "?"}, WEEKDAY, {**PART_OF_DAY, "OP": "?"}],
        [day, {**PART_OF_DAY, "OP": "?"}],
        [
            this_next,
            {"LOWER": {"IN": [*SEASON["LOWER"]["IN"], *PART_OF_DAY["LOWER"]["IN"]]}},
        ],
        [{"LOWER": "the"}, {"TEXT": {"REGEX": r"^([12]?\d|3[01])(st|nd|rd|th)$"}}],
        [{"LOWER": "calendar", "OP": "?"}, {"LOWER": "year"}, YEAR],
        [
            {"LOWER": {"IN": ["early", "late", "later", "mid"]}, "OP": "?"},
            this_next,
            PERIOD,
        ],
        [{"LOWER": {"IN": ["early", "mid", "late"]}}, {"TEXT": "-", "OP": "?"}, MONTH],
        [
            {"LOWER": {"IN": ["month", "quarter", "year"]}},
            {"TEXT": "-"},
            {"LOWER": "end"},
        ],
        *[[*close, {**day_ref, "OP": "?"}] for close in closes],
        *[[*close, MONTH, DAY] for close in closes],
        [
            {"LOWER": "the", "OP": "?"},
            {"LOWER": "end"},
            {"LOWER": "of"},
            {"LOWER": "the", "OP": "?"},
            {**this_next, "OP": "?"},
            PERIOD,
        ],
        [{"LOWER": "end"}, {"LOWER": "of"}, MONTH],
        [within, {"LIKE_NUM": True}, business, periods],
        [within, count, business, periods],
    ]


def _organisations() -> list[Pattern]:
    word: Token = {"TEXT": {"REGEX": r"^[A-Z0-9][\w&.'-]*$"}, "IS_STOP": False}
    joiner: Token = {"TEXT": {"IN": ["&", "of", "-"]}}
    suffix: Token = {"TEXT": {"IN": _LEGAL_SUFFIXES}}
    optional_comma: Token = {"TEXT": ",", "OP": "?"}
    return [
        [{**word, "OP": "+"}, optional_comma, suffix],
        [{**word, "OP": "+"}, joiner, {**word, "OP": "+"}, optional_comma, suffix],
    ]
