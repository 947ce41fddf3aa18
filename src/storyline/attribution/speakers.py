"""Who speaks: the speaker and the stated role behind an attribution's source.

A name is read off the source where the text gives one (a short name becoming the full name
seen before it), "he" or "she" is the person who spoke last (else the nearest person named
before), "it" or "they" the group that spoke last (else the nearest group named before), and
a role is kept when no name is given. Names are runs of
proper nouns, so the parse needs no NER. Apart from :mod:`.attribution` because the evaluation
scores the spans, not who they name; :mod:`.quotes` reads these for the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..nlp import ParsedParagraph
from .linking import Attribution, span_root, span_tokens
from .spans import TaggedSpan, name_read_as_verb

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "it"})
TITLE_POS = frozenset({"NOUN", "PROPN", "ADJ"})
DROPPED_LEADERS = frozenset({"det", "punct", "case", "cc", "prep"})
AGE_WORDS = frozenset({"old", "year", "years", "-"})
NAME_TITLES = frozenset("mr mrs ms dr prof president minister senator governor general gen mayor judge".split())
# Capitalised titles that run into the name after them as one string of proper nouns ("Interim
# BART Police Chief Ed Alvarez", "CBS Sports NFL Insider Jason La Canfora").
RUN_TITLES = NAME_TITLES | frozenset(
    """chief police coach director secretary spokesman spokeswoman spokesperson commander captain
    officer insider analyst executive chairman chairwoman ceo attorney rep sen gov cmdr lt sgt col
    capt interim deputy acting assistant vice prime administrator commissioner ambassador sheriff
    prosecutor chancellor premier king queen prince pope rev sir professor doctor inspector
    detective sergeant lieutenant colonel admiral editor correspondent reporter founder""".split()
)


def phrase(tokens: Iterable[Any]) -> str:
    """The text of tokens (from one Doc) from the first to the last, as written."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip()


def trim(tokens: list[Any]) -> list[Any]:
    """Drop leading determiners and punctuation, and trailing punctuation and possessive marks:
    "a spokesman," -> "spokesman", "The BBC's" (before "Dawood Azami") -> "BBC"."""
    while tokens and (tokens[0].dep_ in DROPPED_LEADERS or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].tag_ == "POS"):
        tokens = tokens[:-1]
    return tokens


def is_role(tokens: list[Any]) -> bool:
    """Whether words can be a role: they hold a noun that is not an age ("26", "old" of
    "26-year-old", which an apposition "Jon Bale, 26," gives)."""
    return any(t.pos_ in ("NOUN", "PROPN") and not t.like_num and t.lower_ not in AGE_WORDS for t in tokens)


def role_of_name(ent: Any) -> str | None:
    """The title or affiliation stated with a name: an apposition, a title before it, or the noun it explains."""
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ != "PROPN" and is_role(list(child.subtree)):
            return phrase(trim(list(child.subtree))) or None
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        head = root.head
        inside = {t.i for t in root.subtree}
        described = trim([t for t in head.subtree if t.i not in inside and t.i <= head.i])
        return phrase(described) if is_role(described) else None
    before = [t for t in root.subtree if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod", "poss", "case")]
    if before and before[-1].i == ent.start - 1 and is_role(before):
        return phrase(trim(before)) or None
    return None


@dataclass
class NamedMention:
    start: int  # character offset in the article text
    name: str
    label: str


def is_name_word(tok: Any) -> bool:
    return tok.pos_ == "PROPN" or name_read_as_verb(tok)


def name_runs(doc: Any) -> list[Any]:
    """Maximal runs of proper nouns: the names of a paragraph, read off the tagger so that the
    parse needs no NER component (NER was the costliest part of parsing for attribution).
    A leading title is left out of the name ("President Ashraf Ghani"), as NER does."""
    bounds, start = [], None
    for tok in doc:
        name = is_name_word(tok)
        if name and start is None:
            start = tok.i
        elif not name and start is not None:
            bounds.append((start, tok.i))
            start = None
    if start is not None:
        bounds.append((start, len(doc)))
    return [doc[_after_titles(doc, s, e) : e] for s, e in bounds]


def _is_title_word(tok: Any) -> bool:
    """A title, or an acronym (an outlet, a league, a position: "NFL", "BART", "DL")."""
    letters = tok.text.replace(".", "")
    return tok.lower_.rstrip(".") in RUN_TITLES or (len(letters) >= 2 and letters.isalpha() and letters.isupper())


def _after_titles(doc: Any, start: int, end: int) -> int:
    """Where the name starts in a run of proper nouns: after the last title or acronym when two or
    more capitalised words follow it ("Browns DL Sheldon Richardson" -> "Sheldon Richardson"),
    else after the titles it starts with ("President Ashraf Ghani", "Mr Lind")."""
    for k in range(end - 3, start - 1, -1):
        name = k + 2 if doc[k + 1].text == "." else k + 1  # "Capt. Jon Bale"
        if _is_title_word(doc[k]) and end - name >= 2 and all(t.is_title for t in doc[name:end]):
            return name
    while start < end - 1 and doc[start].lower_.rstrip(".") in NAME_TITLES:
        start += 1
    return start


def looks_like_person(name: Any) -> bool:
    """Two or more capitalised words, none in capitals and no article before them: "Ashraf Ghani",
    not "BBC Afghan", "Taliban" or "the Harbor Courier"."""
    after_article = name.start > 0 and name.doc[name.start - 1].pos_ == "DET"
    return len(name) >= 2 and all(t.is_title for t in name) and not after_article


DATE_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december""".split()
)


def names_a_date(run: Any) -> bool:
    """A capitalised day or month ("Wednesday", "March 21") is nobody an "it said" could mean."""
    return any(t.lower_ in DATE_WORDS for t in run) and all(t.lower_ in DATE_WORDS or t.like_num for t in run)


NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def surname(name: str) -> str:
    """The word a later short mention keeps: the last one, less a suffix ("James P. Kennedy Jr."
    is Kennedy, not the "Jr." of another man named before him)."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().strip(".,") in NAME_SUFFIXES:
        words.pop()
    return words[-1] if words else name


class NameIndex:
    """The people and groups an article names, for resolving pronouns and short names."""

    def __init__(self, paragraphs: list[ParsedParagraph]) -> None:
        self.mentions: list[NamedMention] = []
        self.full_names: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.runs: dict[int, list[Any]] = {}  # each paragraph's name runs, by its offset
        self.paragraph_offsets = [p.offset for p in paragraphs]
        self.speakers: list[tuple[int, str]] = []  # who spoke, by where (``heard``)
        for p in paragraphs:
            self.runs[p.offset] = name_runs(p.doc)
            for run in (r for r in self.runs[p.offset] if not names_a_date(r)):
                person = looks_like_person(run) or self.is_known_surname(run)
                name = self.canonical(run.text) if person else run.text
                role = role_of_name(run) if person else None
                if role and name not in self.roles:
                    self.roles[name] = role
                self.mentions.append(NamedMention(p.offset + run.start_char, name, "PERSON" if person else "GROUP"))

    def canonical(self, name: str) -> str:
        """A later short mention ("Hussaini") becomes the full name seen before ("Sayed Sarwar Hussaini")."""
        last = surname(name)
        known = self.full_names.get(last)
        if known is None or len(name) > len(known):
            self.full_names[last] = name
            return name
        return known

    def is_known_surname(self, run: Any) -> bool:
        """One word that ends a full name seen before: "Mayer" after "Kevin Mayer" is a person."""
        return len(run) == 1 and " " in self.full_names.get(run.text, "")

    def nearest_before(self, offset: int, label: str) -> str | None:
        """The last name of that label ("PERSON" or "GROUP") mentioned before ``offset``."""
        candidates = [m for m in self.mentions if m.start < offset and m.label == label]
        return candidates[-1].name if candidates else None

    def _paragraph_at(self, offset: int) -> int:
        return sum(1 for start in self.paragraph_offsets if start <= offset)

    def heard(self, offset: int, speaker: str | None) -> None:
        """Note who spoke at ``offset`` (attributions are read in reading order)."""
        if speaker is not None:
            self.speakers.append((offset, speaker))

    def last_speaker_before(self, offset: int, person: bool) -> str | None:
        """The person (or, with ``person=False``, the group) who spoke last before ``offset`` in its
        paragraph or the two before it: a "he said" carries on the speaker ('"We won," Boudreau
        said ... He said ...'), not the last person named (who may be whom the speaker told,
        "told correspondent Carla Babb"), and an "it said" the group that spoke, not the last
        place named."""
        here = self._paragraph_at(offset)
        before = [
            name
            for at, name in self.speakers
            if at < offset and here - self._paragraph_at(at) <= 2 and (name in self.full_names.values()) == person
        ]
        return before[-1] if before else None


ORGANISATION_LINKS = frozenset({"of", "for", "on"})


def _names_whose(run: Any) -> bool:
    """A name after "of", "for" or "on" in a source is the tail of an organisation's ("the state
    Department of Social Services", parsed with "Services" at the head), not who speaks."""
    return run.start > 0 and run.doc[run.start - 1].lower_ in ORGANISATION_LINKS


def _name_in(doc: Any, source: TaggedSpan, runs: list[Any], names: NameIndex) -> Any:
    """The person named in a source: the name the source hangs on (``runs``: the paragraph's name
    runs), or the name set in apposition to it ("the commander, Ed Alvarez"); else a proper-noun
    phrase at its root that an apposition describes, as people's titles are. Only the name at
    the root: in "Charles Simpson, administrator at Tufts University's Feinstein International
    Center" the centre is where he works, and in "Middle East observers" the place is whose."""
    root = span_root(doc, source)
    people = [r for r in runs if source.first_token <= r.start <= source.last_token]
    people = [r for r in people if (looks_like_person(r) or names.is_known_surname(r)) and not _names_whose(r)]
    heads = {root.i} | {c.i for c in root.children if c.dep_ == "appos"}
    if _is_title_word(root):  # the parser made a title its own sentence: "Cmdr." + "Sean Robertson, ..."
        after = root.i + 1
        heads.add(after + 1 if after < len(doc) and doc[after].is_punct else after)
    for run in people:
        if any(run.start <= i < run.end for i in heads):
            return run
    described = any(c.dep_ == "appos" for c in root.children)  # "X, spokesperson for Y": a person
    if root.pos_ != "PROPN" or not described:
        return None
    first = root.i
    while first > source.first_token and doc[first - 1].pos_ == "PROPN" and doc[first - 1].dep_ == "compound":
        first -= 1
    return doc[first : root.i + 1] if first < root.i else None


def _title_before(doc: Any, source: TaggedSpan, name_span: Any) -> str | None:
    """Nouns and adjectives in the source right before the name ("police chief spokesman X"):
    a title, read off the words when the parse of the phrase has gone wrong."""
    words = trim(list(doc[source.first_token : name_span.start]))
    if words and all(t.pos_ in TITLE_POS for t in words):
        return phrase(words)
    return None


def speaker_and_role(
    att: Attribution, names: NameIndex, antecedent: Attribution | None = None
) -> tuple[str | None, str | None]:
    """Resolve the source to a name where the text gives one; otherwise keep the phrase as a role.
    ``antecedent`` (``group_antecedents``) is the speaker an "it" or "they" continues."""
    if antecedent is not None:
        return speaker_and_role(antecedent, names)
    if att.source is None:
        return None, None
    doc = att.paragraph.doc
    tokens = span_tokens(doc, att.source)
    name_span = _name_in(doc, att.source, names.runs[att.paragraph.offset], names)
    if name_span is not None:
        name = names.canonical(name_span.text)
        return name, role_of_name(name_span) or _title_before(doc, att.source, name_span) or names.roles.get(name)
    speaker, role = _unnamed_speaker(att, names, tokens)
    if speaker and unglued(speaker) != speaker:
        return unglued(speaker), None  # the rest of a glued string is no role either
    return speaker, role


GLUE = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")


def unglued(text: str) -> str:
    """A name glued to its own repeat by markup ("Kristi NoemKristi Lynn NoemSouth Dakota governor"
    -> "Kristi Noem"): cut where a word runs into a capital that starts a word seen before it.
    "PlayStation" or "McDonald" repeat nothing and stay whole."""
    for match in GLUE.finditer(text):
        after = re.match(r"[A-Z][a-z]+", text[match.start() :])
        if after and after.group() in text[: match.start()].split():
            return text[: match.start()]
    return text


def _unnamed_speaker(att: Attribution, names: NameIndex, tokens: list[Any]) -> tuple[str | None, str | None]:
    """A speaker the source does not name: a pronoun resolved, or the source's own description."""
    words = [t.lower_ for t in tokens]
    if len(words) == 1 and words[0] in PERSON_PRONOUNS | GROUP_PRONOUNS:
        offset = att.paragraph.offset + tokens[0].idx
        person = words[0] in PERSON_PRONOUNS
        label = "PERSON" if person else "GROUP"
        found = names.last_speaker_before(offset, person) or names.nearest_before(offset, label)
        return (found, names.roles.get(found)) if found else (tokens[0].text, None)
    root = span_root(att.paragraph.doc, att.source)
    inside = range(att.source.first_token, att.source.last_token + 1)
    kept = [t for t in without_clauses(root, SPEAKER_CLAUSE_DEPS) if t.i in inside]
    while kept and kept[-1].is_punct:
        kept.pop()
    kept = kept or tokens
    return phrase(kept), (phrase(trim(kept)) or None) if root.pos_ == "NOUN" else None


CLAUSE_DEPS = frozenset({"acl", "relcl", "ccomp", "advcl", "mark"})
# What a speaker's description drops: who they are beside the name, not which ones they are
# ("two people briefed on the talks" keeps its participle, "a doctor, who ..." loses the clause).
SPEAKER_CLAUSE_DEPS = frozenset({"relcl", "appos", "advcl"})


def without_clauses(head: Any, deps: frozenset[str] = CLAUSE_DEPS) -> list[Any]:
    """A phrase's tokens without the clauses hanging off it ("an address" not "an address that
    ..."; with ``appos``, "the source" not "the source, a refugee who feared ...")."""
    dropped = {d.i for t in head.subtree if t.dep_ in deps and t is not head for d in t.subtree}
    return [t for t in head.subtree if t.i not in dropped]


SINGULAR_TAGS, PLURAL_TAGS = frozenset({"NN", "NNP"}), frozenset({"NNS", "NNPS", "NNP"})  # "the Taliban" is both


def _group_source(att: Attribution, names: NameIndex) -> bool:
    """A source that names a group or an institution, not a person: "the Afghan government", not
    "Maria Ostrova" nor "Ostrova" once her full name has been seen."""
    runs = names.runs[att.paragraph.offset] if att.source else []
    if att.source is None or _name_in(att.paragraph.doc, att.source, runs, names) is not None:
        return False
    root = span_root(att.paragraph.doc, att.source)
    return root.pos_ in ("NOUN", "PROPN") and root.text not in names.full_names


def group_antecedents(
    attributions: list[Attribution], paragraphs: list[ParsedParagraph], names: NameIndex
) -> dict[int, Attribution]:
    """For each attribution (by index) whose source is "it" or "they", the latest attribution before
    it, in its paragraph or the one before, whose source is a group the pronoun agrees with in
    number (none if the latest group speaker does not agree). A pronoun that speaks carries on
    the speaker before it: in the seeds, "the Afghan government is today claiming that its forces
    swept the Taliban out of Kunduz. It is jubilant ..." means the government, not Kunduz, the
    group named last. Read by hand over every third PolNeAR train text (280): 51 speakers
    changed, about 38 to the right one from a wrong one, 2 the other way ("Twitter has tried ...
    it" read as an account named before), the rest wrong or unclear either way."""
    place = {id(p): k for k, p in enumerate(paragraphs)}
    found: dict[int, Attribution] = {}
    for i, att in enumerate(attributions):
        source = att.source
        tokens = span_tokens(att.paragraph.doc, source) if source else []
        if source is None or len(tokens) != 1 or tokens[0].lower_ not in GROUP_PRONOUNS:
            continue
        agreeing = SINGULAR_TAGS if tokens[0].lower_ == "it" else PLURAL_TAGS
        for before in reversed(attributions[:i]):
            if place[id(att.paragraph)] - place[id(before.paragraph)] > 1:
                break
            if before.source is not None and before.source.start < source.start and _group_source(before, names):
                if span_root(before.paragraph.doc, before.source).tag_ in agreeing:
                    found[i] = before
                break
    return found


SPEAKER_POS = frozenset({"NOUN", "PROPN", "PRON"})


def names_someone(att: Attribution) -> bool:
    """Whether the source names a speaker a reader can hold to the words: a noun, a name or a
    pronoun. A tagged "there" ("there are reports ..."), "If", "a" or "(R)" names nobody, and a
    quote credited to it would mislead; the attribution still counts in the evaluation."""
    if att.source is None:
        return False
    tokens = span_tokens(att.paragraph.doc, att.source)
    return any(t.pos_ in SPEAKER_POS and t.dep_ != "expl" and _is_word(t) for t in tokens)


def _is_word(tok: Any) -> bool:
    """Two letters or more, or a pronoun: a party letter in brackets ("(R)") names no one."""
    return tok.pos_ == "PRON" or sum(ch.isalpha() for ch in tok.text) >= 2
