"""Meeting transcripts: Teams and Zoom WebVTT, SRT, Otter TXT, turns JSON, notes.

Pure functions, no database. Each transcript becomes a `ParsedConversation`
(channel "meeting", one entry per speaker turn) or a `Quarantined` record with a
one-line reason; nothing here raises for bad content.
"""

from app.ingestion.meetings.detect import FORMATS, detect_format
from app.ingestion.meetings.files import iter_meetings
from app.ingestion.meetings.metadata import Attendee, MeetingMetadata
from app.ingestion.meetings.parse import MeetingOutcome, parse_meeting

__all__ = [
    "FORMATS",
    "Attendee",
    "MeetingMetadata",
    "MeetingOutcome",
    "detect_format",
    "iter_meetings",
    "parse_meeting",
]
