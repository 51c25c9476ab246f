"""Line patterns that mark where quoted history, signatures and disclaimers start.

Every pattern is matched against one stripped line of bounded length, with
`re.match` or a single bounded `search`, so scanning a body stays linear.
The word lists cover the mail clients seen in Enron (Outlook, Lotus Notes),
Gmail, Apple Mail and Thunderbird, in the languages of common suppliers.
"""

from __future__ import annotations

import re

__all__ = [
    "ORIGINAL_MESSAGE",
    "FORWARDED",
    "LOTUS_ON_DATE",
    "WROTE_END",
    "WROTE_INTRO",
    "WROTE_WORD",
    "GMAIL_DATE",
    "WROTE_VERB",
    "FROM_KEY",
    "OTHER_KEY",
    "TO_KEY",
    "CC_KEY",
    "SEPARATOR",
    "DELIMITER",
    "MOBILE_SIGNATURE",
    "DISCLAIMER",
    "SIGNATURE_DASHES",
]

_I = re.IGNORECASE

ORIGINAL_MESSAGE = re.compile(
    r"[*_]*-{2,}\s*(?:original message|original-nachricht|ursprüngliche nachricht"
    r"|message d'origine|message original|messaggio originale|mensaje original"
    r"|oorspronkelijk bericht|oprindelig meddelelse|opprinnelig melding"
    r"|originalmeddelande|ursprungligt meddelande|wiadomość oryginalna"
    r"|oryginalna wiadomość|mensagem original|исходное сообщение"
    r"|původní zpráva|alkuperäinen viesti|orijinal mesaj|reply message)\s*-{2,}",
    _I,
)
FORWARDED = re.compile(
    r"(?:-{2,}\s*(?:forwarded|forward|weitergeleitete|message transféré"
    r"|messaggio inoltrato|mensaje reenviado|doorgestuurd|videresendt"
    r"|vidarebefordrat|przekazana|mensagem encaminhada|пересылаемое|переслане"
    r"|転送|转发)"
    r"|begin forwarded message\s*:|anfang der weitergeleiteten|début du message"
    r"|inizio messaggio inoltrato|comienzo del mensaje reenviado)",
    _I,
)
# Lotus Notes: 'Jane Doe <jd@x.com> on 12/13/2000 10:37:08 AM' (also 'From: X on ...').
LOTUS_ON_DATE = re.compile(
    r" on \d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*$",
    _I,
)
WROTE_END = re.compile(
    r"(?:wrote|writes|schrieb|schreef|a écrit|ha scritto|escribió|escreveu"
    r"|skrev|napisał\(a\)|napisał|napisała|написал\(а\)|написал|написала|пише"
    r"|написав\(ла\)|написав|kirjoitti|yazdı|napsal\(a\)|napsal|写道|寫道"
    r"|のメッセージ)\s*[:：]?\s*$",
    _I,
)
# "schrieb am Di., 16. Aug. 2016" with "um 12:52 Uhr:" on the next line.
WROTE_WORD = re.compile(
    r"\b(?:wrote|schrieb am|schreef op|a écrit le|escribió el|skrev den)\b", _I
)
# Older Gmail: "2016-03-03 17:21 GMT+01:00 Jane <jd@x.com>:", "2013/7/20 Jane <jd@x>".
# "Am 03.02.2016 schrieb Jane Doe <jd@x.com>:" - the verb before the address.
WROTE_VERB = re.compile(
    r"\b(?:wrote|schrieb|schreef|a écrit|ha scritto|escribió|skrev|napisał|escreveu)\b",
    _I,
)
GMAIL_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b")
WROTE_INTRO = re.compile(
    r"(?:on|am|le|il|el|op|den|em|w dniu|в|у|dne|pe|在|el día)\b|\d|\S+@\S+",
    _I,
)
_FROM_WORDS = (
    r"from|von|de|da|van|från|fra|od|от|від|发件人|寄件者|差出人|lähettäjä"
    r"|kimden|expéditeur|remitente"
)
_OTHER_WORDS = (
    r"sent|date|to|subject|cc|gesendet|datum|an|betreff|envoyé|à|objet|inviato"
    r"|data|a|oggetto|enviado|fecha|para|asunto|verzonden|aan|onderwerp|skickat"
    r"|till|ämne|sendt|til|emne|wysłano|do|temat|отправлено|дата|кому|тема"
    r"|надіслано|发送时间|收件人|主题|送信日時|宛先|件名|enviada|assunto|envoyé le"
)
FROM_KEY = re.compile(rf"[*_]*(?:{_FROM_WORDS})[*_]*\s*[:：]", _I)
OTHER_KEY = re.compile(rf"[*_]*(?:{_OTHER_WORDS})[*_]*\s*[:：]", _I)
TO_KEY = re.compile(r"to\s*:", _I)
CC_KEY = re.compile(r"(?:cc|subject)\s*:", _I)
SEPARATOR = re.compile(r"(?:_{8,}|-{8,}|={8,})$")
# A line of only decoration; '-- ' is the RFC 3676 signature delimiter.
DELIMITER = re.compile(r"(?:[-_=*#~+]{2,}|\u1427|\u2014+)$")
SIGNATURE_DASHES = re.compile(r"--\s*$")
MOBILE_SIGNATURE = re.compile(
    r"\(?(?:sent (?:from|with|via|by|using)|sent from my|get outlook for"
    r"|get \[outlook|envoyé (?:de|depuis)|von meinem|gesendet von"
    r"|verzonden (?:met|vanaf)"
    r"|enviado (?:desde|de)|inviato da|skickat från|sendt fra|wysłane z"
    r"|отправлено с|надіслано з|從我的|从我的|发自我的|<<sent by"
    r"|diese nachricht wurde von"
    r"|this message was sent from)",
    _I,
)
DISCLAIMER = re.compile(
    r"\**\s*(?:confidentiality notice|disclaimer\s*:"
    r"|privileged\s*(?:&|and)\s*confidential"
    r"|this (?:e-?mail|message|communication|transmission)(?: and any attach\w*)?"
    r" (?:is|are|and its attachments are|may be) (?:strictly )?"
    r"(?:confidential|privileged"
    r"|intended (?:only|solely|exclusively)|for the (?:sole|exclusive))"
    r"|this (?:e-?mail|message) (?:may )?contains? "
    r"(?:confidential|privileged|proprietary)"
    r"|the information (?:contained )?in this (?:e-?mail|message|communication)"
    r"|if you (?:are not the intended"
    r"|have received this (?:e-?mail|message)? ?in error)"
    r"|diese e-?mail enthält vertrauliche|ce message et (?:toutes )?les pièces)",
    _I,
)
