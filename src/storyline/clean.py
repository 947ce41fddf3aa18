"""Cleaning: boilerplate removal and hard-wrap repair, each rule named and tested.

Cleaning works in two passes. Line rules run first, on the raw lines, because image
credits are glued into body lines and must be cut out before lines are re-joined. Then
hard-wrapped lines are joined into paragraphs, and paragraph rules drop whole blocks
(reader call-outs, share prompts, related-link teasers) that only make sense as units.
Splitting glued articles is the next stage (``split.py``), over these paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
QUOTE_START = re.compile(r"^[\"“‘']")

# Words a sentence cannot end on: a line ending in one of them was wrapped mid-sentence.
CONTINUATION_WORDS = frozenset(
    """a an the of in on at to by for from with into onto over under after before about
    against between during without within through and or but nor than as that which who
    whom whose where when while if because since although though whether its their his her
    our your my this these those is are was were be been being has have had do does did
    will would shall should can could may might must not no very said says told also just
    such some many much more most any each every both either neither""".split()
)

# "Image copyright Reuters", "Image copyrightEPAImage caption", "... Kunduz Image copyright AP".
GLUED_CREDIT_AND_CAPTION = re.compile(r"\s*Image copyright\s*.{0,40}?Image caption\s*")
TRAILING_CREDIT = re.compile(r"\s*Image copyright\b\s*\S+(?: \S+){0,3}\s*$")
CAPTION_LABEL = re.compile(r"^\s*Image caption\s*")


@dataclass
class CleanResult:
    """Paragraphs of cleaned text, and what each rule removed (kept for inspection)."""

    paragraphs: list[str]
    removed: dict[str, list[str]] = field(default_factory=dict)

    def note(self, rule: str, text: str) -> None:
        self.removed.setdefault(rule, []).append(text)


def strip_image_credits(line: str) -> tuple[str, bool]:
    """Rule ``image_credit``: cut photo credits and caption labels, keep caption text.

    Returns the line and whether a caption label was cut. The glued form
    ``Image copyrightEPAImage caption`` becomes a line break so that the caption's own
    sentence stands as its own line.
    """
    if "Image c" not in line:  # every form below contains it; most lines are news text
        return line, False
    line, glued = GLUED_CREDIT_AND_CAPTION.subn("\n", line)
    labelled = bool(glued)
    out = []
    for part in line.split("\n"):
        part = TRAILING_CREDIT.sub("", part)
        part, n = CAPTION_LABEL.subn("", part)
        labelled = labelled or bool(n)
        out.append(part)
    return "\n".join(out), labelled


def should_join(line: str, following: str) -> bool:
    """Rule ``hard_wrap``: was ``line`` broken mid-sentence before ``following``?

    Real paragraph breaks follow finished sentences, headings or list items; a wrap
    leaves a sentence unfinished: the next line starts in lower case, or this line ends
    on a comma, a hyphen or a word no sentence ends on, or is one lone word.
    """
    if not line or not following:
        return False
    if not re.search(r"\w", line):
        return False
    if TERMINAL.search(line):
        return following[0].islower()
    if line.endswith(":"):
        return bool(QUOTE_START.match(following))
    if following[0].islower():
        return True
    words = line.split()
    if is_teaser(line):
        return False
    if len(words) > 12 or re.search(r"[.!?][\"'”’]? [A-Z]", line):
        return True  # too long, or too sentence-like, to be a heading

    if line[-1] in ",;(-–—&":
        return True
    last = words[-1].lower().strip("\"'“”‘’")
    if last in CONTINUATION_WORDS:
        return True
    return len(words) == 1 and words[0][0].isupper() and following[0].isupper()


def join_pair(left: str, right: str) -> str:
    if re.search(r"\w-$", left) and right[:1].islower():
        return left + right
    return f"{left} {right}"


def unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines into paragraphs; a blank line always ends a paragraph."""
    paragraphs: list[str] = []
    current = ""
    for raw in lines + [""]:
        line = " ".join(raw.split())
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
        elif current and should_join(current, line):
            current = join_pair(current, line)
        else:
            if current:
                paragraphs.append(current)
            current = line
    return paragraphs


# --- paragraph rules: each takes a paragraph, returns it (possibly trimmed) or None ---

RELATED_HEADINGS = re.compile(
    r"^(related topics|related stories|related articles|related internet links|"
    r"more on this story|top stories|features & analysis|most read)$",
    re.IGNORECASE,
)
SHARE_PROMPT = re.compile(
    r"^(share this( story| article| page)?( on| with)?\b.*|share|share on \w+|"
    r"subscribe\b.*|sign up\b.*|follow (us|@)\S*.*|copy (this )?link|click here\b.*|"
    r"email|facebook|twitter|whatsapp|linkedin|messenger|print|advertisement|"
    r"(watch|listen): .{0,60}|media playback is unsupported on your device)$",
    re.IGNORECASE,
)
CALLOUT_PHRASES = (
    "haveyoursay@",
    "yourpics@",
    "please include a contact number",
    "you can also contact us",
    "let us know about your experience",
)
CALLOUT_OPENING = re.compile(
    r"are you (in|affected by|near)\b[^?]{0,80}\?|(whatsapp|tweet|text|upload)\b[^.]{0,40}:", re.IGNORECASE
)
BYLINE_TAIL = re.compile(
    r"\s*(?:Analysis|By|Reporting by)[: ]\s*[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3},"
    r"[^.]{0,60}?(?:correspondent|editor|reporter|writer)\s*$"
)
BYLINE_ENDINGS = ("correspondent", "editor", "reporter", "writer")
BYLINE_ALONE = re.compile(r"^By [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3}$")
LIVEBLOG_FURNITURE = re.compile(r"^(-{3,}|\*{3,}|\d{1,2}:\d{2} ?[ap]\.?m\.?|all times local:?)$", re.IGNORECASE)
TRAILING_FURNITURE = re.compile(r"\s*All times local:?\s*$", re.IGNORECASE)
READ_MORE = re.compile(r"^(read more|more on|see also|read more on|more about)\b.{0,80}$", re.IGNORECASE)


def related_heading(p: str) -> str | None:
    """Rule ``related_topics``: section headings of link lists ("Related Topics")."""
    return None if RELATED_HEADINGS.match(p) else p


def share_prompt(p: str) -> str | None:
    """Rule ``share_prompt``: share/subscribe/follow buttons and media-player notices."""
    return None if len(p) < 120 and SHARE_PROMPT.match(p) else p


def reader_callout(p: str) -> str | None:
    """Rule ``reader_callout``: "Are you in X? ... Email haveyoursay@..." and its follow-ups."""
    lowered = p.lower()
    if any(phrase in lowered for phrase in CALLOUT_PHRASES) or CALLOUT_OPENING.match(p):
        return None
    return p


def byline(p: str) -> str | None:
    """Rule ``byline``: a "By Jane Roe" line (glued bylines go in the line pass)."""
    return None if BYLINE_ALONE.match(p) else p


def liveblog_furniture(p: str) -> str | None:
    """Rule ``liveblog_furniture``: separators, time stamps and "All times local"."""
    if LIVEBLOG_FURNITURE.match(p):
        return None
    if "times local" not in p.lower():  # cheap test first: the trailing pattern is slow on long text
        return p
    return TRAILING_FURNITURE.sub("", p) or None


def is_teaser(p: str) -> bool:
    """Promo lines pair a question with a headline fragment and do not end a sentence."""
    return not TERMINAL.search(p) and bool(re.search(r"\?\s+[A-Z]", p)) and len(p) < 800


def link_teaser(p: str) -> str | None:
    """Rule ``link_teaser``: promo lines like "Who are the Taliban? A guide to ..."."""
    return None if is_teaser(p) else p


PARAGRAPH_RULES: list[Callable[[str], str | None]] = [
    related_heading,
    share_prompt,
    reader_callout,
    byline,
    liveblog_furniture,
    link_teaser,
]


def clean_text(raw: str) -> CleanResult:
    """Raw article text to cleaned paragraphs; see the module docstring for the order."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    lines: list[str] = []
    result = CleanResult([])
    caption_pending = False  # a caption label was cut; its text ends at its line's end
    for line in text.split("\n"):
        stripped, labelled = strip_image_credits(line)
        bylines = 0
        if stripped.rstrip().endswith(BYLINE_ENDINGS):  # rule ``byline``, glued form
            stripped, bylines = BYLINE_TAIL.subn("\n", stripped)
        if bylines:
            result.note("byline", line.strip())
        elif stripped.strip() != line.strip():
            result.note("image_credit", line.strip())
        parts = stripped.split("\n")
        if caption_pending and stripped.strip():
            parts.append("")
            caption_pending = False
        if labelled:
            if parts[-1].strip():
                parts.append("")
            else:
                caption_pending = True
        lines.extend(parts if stripped.strip() else [""])
    skip_teaser = False
    for para in unwrap(lines):
        if skip_teaser and not TERMINAL.search(para):
            result.note("read_more", para)
            skip_teaser = False
            continue
        skip_teaser = False
        if READ_MORE.match(para) and not TERMINAL.search(para):
            result.note("read_more", para)
            skip_teaser = True
            continue
        kept: str | None = para
        for rule in PARAGRAPH_RULES:
            kept = rule(kept)
            if kept is None:
                result.note(rule.__name__, para)
                break
        if kept:
            result.paragraphs.append(kept)
    return result
