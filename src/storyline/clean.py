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
    r"more on this story|top stories|features & analysis|most (read|popular|viewed|shared)( in [\w &'-]{1,30})?|"
    r"trending( now)?)$",
    re.IGNORECASE,
)
SHARE_PROMPT = re.compile(
    r"^(share this( story| article| page)?( on| with)?\b.*|share|share on \w+|"
    r"subscribe\b.*|sign up\b.*|follow (us|@)\S*.*|copy (this )?link|click here\b.*|"
    r"email|facebook|twitter|whatsapp|linkedin|messenger|print|advertisement|"
    r"(watch|listen): .{0,60}|media playback is unsupported on your device|"
    r"(like|enjoy(ed)?|love) this (story|article)\?.{0,60})$",
    re.IGNORECASE,
)
SOCIAL_NETWORKS = r"(facebook|twitter|instagram|youtube|linkedin|tiktok|snapchat|whatsapp|telegram)"
FOLLOW_PROMPT = re.compile(rf"^follow\b.{{0,80}}\b(on|at)\b.{{0,40}}\b{SOCIAL_NETWORKS}\b", re.IGNORECASE)
NEWSLETTER_PROMPT = re.compile(
    r"\b(sign(ing)? up|subscribe|register)\b.{0,80}\b(newsletters?|inbox|updates|alerts)\b|"
    r"\b(newsletters?|inbox)\b.{0,80}\b(sign(ing)? up|subscribe)\b|"
    r"\b(delivered|straight|right) (in|into|to) your (inbox|letterbox|mailbox)\b|\bclick here\b|\buse the code\b",
    re.IGNORECASE,
)
READER_PROMPT = re.compile(
    r"\b(what you think (about|of) (this|our)|tell us what you think|"
    r"let us know (what you think|in the comments)|leave a comment|"
    r"join the (conversation|discussion) (below|in the comments)|"
    r"comments are (closed|moderated))\b",
    re.IGNORECASE,
)
AUTHOR_CONTACT = re.compile(
    r"^(?i:e-?mail|contact|reach|write to) [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3} (at|via|on) "
    r".{0,40}(@|\w\.(com|org|net)\b|\d{3}[-. ]\d{4}|(?i:twitter|facebook|instagram)).{0,40}$"  # an address
)
REPORTING_CREDIT = re.compile(
    r"^((additional )?(reporting|writing|editing|research) by\b.{0,300}|"
    r"[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?:(?:,| and) .{0,120})? "
    r"contributed (reporting|to this (report|story|article))\b.{0,60})$",
    re.IGNORECASE,
)
PAGE_FURNITURE = re.compile(
    r"^((source|sources|filed under|posted in|tags?|categories|category|topics): .{0,80}|"
    r"(©|\(c\)|copyright) .{0,60}|\d{1,2} min(ute)?s? read|(reading time|read time): .{0,20})$",
    re.IGNORECASE,
)
PHOTO_CAPTION = re.compile(
    r"^(?:file ?[-–—:] ?|file photo: ?)"
    r"|^in (?:this|these) (?:.{0,60}? )?(?:photos?|images?|pictures?)\b"
    r"|\((?:[\w.&-]+ ){0,3}(?:photos?|images?|pictures?)\b[^()]{0,60}\)$"
    r"|^(?:photo|image|picture)s?(?: credit)?: .{0,60}$",
    re.IGNORECASE,
)
SHORTCODE = re.compile(r"\[/\w+\]")
SENTENCE_END = re.compile(r"\w[.!?][\"'”’]?\s+[A-Z]")
FULL_STOP_END = re.compile(r"\w[.!][\"'”’]?\s+[A-Z]")  # a finished statement, not a question
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
READ_MORE = re.compile(
    r"^\[?(read more|more on|see also|read more on|more about|see more|read also|also read|don['’]?t miss|"
    r"related( posts?| stories| articles| coverage| content| reading)?:|you (may|might) also like|more:|also:|"
    r"recommended( for you)?:?)(\W.{0,80})?$",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^[-•*–] ")
INLINE_LINK = re.compile(r":\s*\w")


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


def follow_prompt(p: str) -> str | None:
    """Rule ``follow_prompt``: "Follow the Opinion desk on Facebook, X and Instagram"."""
    return None if len(p) < 200 and FOLLOW_PROMPT.match(p) else p


def newsletter_prompt(p: str) -> str | None:
    """Rule ``newsletter_prompt``: newsletter, subscription and "click here" prompts ("Sign up for the
    morning briefing, delivered to your inbox"). Short paragraphs only: a news paragraph may
    mention newsletters, a prompt is a line or two."""
    return None if len(p) < 400 and NEWSLETTER_PROMPT.search(p) else p


def reader_prompt(p: str) -> str | None:
    """Rule ``reader_prompt``: invitations to comment or write in ("Tell us what you think"),
    when the invitation is what the paragraph is about (in its first two sentences); a closing
    "let us know" after a paragraph of text leaves the text standing."""
    match = READER_PROMPT.search(p) if len(p) < 400 else None
    return None if match and len(SENTENCE_END.findall(p, 0, match.start())) <= 1 else p


def author_contact(p: str) -> str | None:
    """Rule ``author_contact``: "Email Jane Roe at jroe@..." lines closing an article."""
    return None if AUTHOR_CONTACT.match(p) else p


def reporting_credit(p: str) -> str | None:
    """Rule ``reporting_credit``: "Reporting by ...; Editing by ..." and "X contributed reporting"."""
    return None if REPORTING_CREDIT.match(p) else p


def page_furniture(p: str) -> str | None:
    """Rule ``page_furniture``: source, tag and category labels, copyright lines, reading times,
    and paragraphs holding leftover shortcodes ("[button ...]...[/button]")."""
    return None if PAGE_FURNITURE.match(p) or SHORTCODE.search(p) else p


def photo_caption(p: str) -> str | None:
    """Rule ``photo_caption``: captions that reach the text ("In this March 2, 2010 file photo, ...",
    "FILE - ...", a closing "(Wire Photo/Jane Roe)", "Photo: ..."). They describe a picture, often
    an old one, not the news: as a summary bullet or a dateline they mislead."""
    return None if len(p) < 600 and PHOTO_CAPTION.search(p) else p


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


def introduces_text(p: str) -> bool:
    """A question in running text: the line introduces what follows (ends in a colon) or also
    holds a finished statement ("Why? Because fares fell. ...")."""
    return p.endswith(":") or bool(FULL_STOP_END.search(p))


def link_teaser(p: str) -> str | None:
    """Rule ``link_teaser``: promo lines like "Who are the Taliban? A guide to ..."."""
    return None if is_teaser(p) and not introduces_text(p) else p


PARAGRAPH_RULES: list[Callable[[str], str | None]] = [
    related_heading,
    share_prompt,
    reader_callout,
    follow_prompt,
    newsletter_prompt,
    reader_prompt,
    author_contact,
    reporting_credit,
    page_furniture,
    photo_caption,
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
    skip_teaser = False  # a "Read more" label was dropped: the link (or link list) after it goes too
    for para in unwrap(lines):
        if skip_teaser and not TERMINAL.search(para):
            result.note("read_more", para)
            skip_teaser = bool(LIST_ITEM.match(para))
            continue
        if skip_teaser and LIST_ITEM.match(para):
            result.note("read_more", para)
            continue
        skip_teaser = False
        if READ_MORE.match(para) and not TERMINAL.search(para):
            result.note("read_more", para)
            skip_teaser = not INLINE_LINK.search(para)  # "Related: <headline>" holds its link itself
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
