"""JM7xx messaging: does the messaging hierarchy hold together in the customer's language?

A messaging hierarchy is a core message, supporting pillars with proof points,
and vocabulary per persona and per journey stage (words to use, words to
avoid), built from the journey research so that every team messages
consistently. These rules check that a pillar is proved, that a vocabulary
does not contradict itself, and that the messaging text itself keeps to the
vocabulary. Each rule reads one messaging document only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from journeymap.document import SourceDocument
from journeymap.lint.registry import LintContext, Pointer, Problem, rule
from journeymap.lint.rules.language import canonical_term, term_pattern
from journeymap.model.messaging import Messaging, Vocabulary


@dataclass(frozen=True, slots=True)
class _Entry:
    """One vocabulary of a messaging document: a persona's or a stage's."""

    group: str
    """``personas`` or ``stages``, the key under ``vocabulary:``."""
    key: str
    vocabulary: Vocabulary

    @property
    def label(self) -> str:
        """``persona 'sam'`` or ``stage 'need'``, as messages name it."""
        return f"{self.group[:-1]} {self.key!r}"

    @property
    def pointer(self) -> Pointer:
        return ("vocabulary", self.group, self.key)


def _entries(messaging: Messaging) -> Iterator[_Entry]:
    """Every vocabulary of the document, personas first, in file order."""
    for key, vocabulary in messaging.vocabulary.personas.items():
        yield _Entry("personas", key, vocabulary)
    for key, vocabulary in messaging.vocabulary.stages.items():
        yield _Entry("stages", key, vocabulary)


def _singular(term: str) -> str:
    """The canonical term without a plural ``s``, so ``report`` and ``reports`` are one word."""
    return term[:-1] if term.endswith("s") and len(term) > 1 else term


@rule(
    "JM701",
    "pillar-without-proof",
    severity="warning",
    hint="Add `proof_points:` with the facts, numbers or customer stories that prove the "
    "pillar (a measured result, a customer quote, a certification).",
    local=True,
)
def pillar_without_proof(ctx: LintContext) -> Iterator[Problem]:
    """A messaging pillar has no proof points.

    Pillars hold up the core message, and proof points hold up the pillars: a
    measured result, a customer story, a certification. A pillar without proof
    is an opinion, and maps and messaging built on internal opinion are what the
    journey research is meant to replace. Sales and marketing also need the
    proof to repeat the pillar credibly.

    FAIL:

        pillars:
          - id: approvals-in-hours
            message: Anyone can approve from a link on their phone.

    PASS:

        pillars:
          - id: approvals-in-hours
            message: Anyone can approve from a link on their phone.
            proof_points:
              - Median approval time fell from 2.5 days to 5 hours across 64 accounts
    """
    for document, messaging in ctx.messaging:
        for index, pillar in enumerate(messaging.pillars):
            if pillar.proof_points:
                continue
            written = "proof_points" in pillar.model_fields_set
            yield Problem(
                document,
                ("pillars", index, "proof_points") if written else ("pillars", index),
                f"pillar {pillar.id!r} has no proof points: it is an opinion until proved",
                key=written,
            )


@rule(
    "JM702",
    "contradictory-vocabulary",
    severity="error",
    hint="Keep the word in `use:` or in `avoid:`, not both: ask the research which one "
    "customers actually say.",
    local=True,
)
def contradictory_vocabulary(ctx: LintContext) -> Iterator[Problem]:
    """The same word or phrase is both a word to use and a word to avoid in one vocabulary.

    A persona's or a stage's vocabulary tells every team which words customers
    use and which put them off. A word on both lists cannot be followed either
    way, so this is an error. Words are compared ignoring case, with spaces and
    dashes alike and a plural `s` allowed (`Approval-Queues` is `approval queue`).
    Different vocabularies may disagree (a persona may avoid what a stage
    uses); only one persona's or one stage's lists are compared.

    FAIL:

        vocabulary:
          personas:
            social-media-manager:
              use: [approval queue, content calendar]
              avoid: [governance, Approval-Queue]

    PASS:

        vocabulary:
          personas:
            social-media-manager:
              use: [approval queue, content calendar]
              avoid: [governance, workflow orchestration]
    """
    for document, messaging in ctx.messaging:
        for entry in _entries(messaging):
            used = {
                _singular(canonical_term(word)): word for word in reversed(entry.vocabulary.use)
            }
            for index, word in enumerate(entry.vocabulary.avoid):
                same = used.get(_singular(canonical_term(word)))
                if same is not None:
                    yield Problem(
                        document,
                        (*entry.pointer, "avoid", index),
                        f"{word!r} is both a word to use ({same!r}) and a word to avoid "
                        f"for {entry.label}",
                    )


def _messaging_text(messaging: Messaging) -> Iterator[tuple[Pointer, str]]:
    """(pointer, text) of what the hierarchy says to customers: the core message and each
    pillar's name, message and proof points (not the vocabulary, the category in
    customers' words, or the internal brand actions)."""
    yield ("core_message",), messaging.core_message
    for i, pillar in enumerate(messaging.pillars):
        if pillar.name is not None:
            yield ("pillars", i, "name"), pillar.name
        yield ("pillars", i, "message"), pillar.message
        for j, proof in enumerate(pillar.proof_points):
            yield ("pillars", i, "proof_points", j), proof


def _where(pointer: Pointer) -> str:
    """Why every avoid list applies to this text: who it reaches."""
    if pointer[0] == "core_message":
        return "the core message speaks to every persona at every stage"
    return "the pillars speak to every persona at every stage"


@rule(
    "JM703",
    "avoided-word-in-message",
    severity="warning",
    hint="Say it in the words of the vocabulary's `use:` list, or take the word off `avoid:` "
    "if the research says customers do use it.",
    local=True,
)
def avoided_word_in_message(ctx: LintContext) -> Iterator[Problem]:
    """The core message, a pillar or a proof point uses a word that the vocabulary says to avoid.

    The core message and the pillars are not written for one persona or one
    stage: every team repeats them to every customer. So a word that any
    persona's or stage's vocabulary of the same messaging document says to
    avoid should not be in them either. Matching works as for the glossary
    (JM401): whole words, any case, spaces and dashes alike, a plural `s`
    allowed. The vocabulary itself, the `category` (customers' own words) and
    the brand attributes' internal CX actions are not checked. The finding
    points at the word where the text is written on one line as it reads (plain
    or quoted, no escapes), else at the start of the text.

    FAIL:

        core_message: Governance for every post, approved and published on time.
        vocabulary:
          personas:
            social-media-manager: {use: [approval queue], avoid: [governance]}

    PASS:

        core_message: Every post approved and published on time.
    """
    for document, messaging in ctx.messaging:
        avoided: dict[str, list[str]] = {}
        for entry in _entries(messaging):
            for word in entry.vocabulary.avoid:
                labels = avoided.setdefault(canonical_term(word), [])
                if entry.label not in labels:
                    labels.append(entry.label)
        avoided.pop("", None)
        if avoided:
            yield from _avoided_words(document, messaging, avoided)


def _avoided_words(
    document: SourceDocument, messaging: Messaging, avoided: dict[str, list[str]]
) -> Iterator[Problem]:
    """A problem for each use of an avoided term in the messaging text of ``messaging``."""
    pattern = term_pattern(tuple(avoided))
    for pointer, text in _messaging_text(messaging):
        for match in pattern.finditer(text):
            term = canonical_term(match.group())
            labels = avoided.get(term) or avoided.get(term[:-1])
            if labels is None:  # a case folding that changes the length (ß): not a term
                continue
            yield Problem(
                document,
                pointer,
                f"{match.group()!r} is a word to avoid (vocabulary of {', '.join(labels)}); "
                f"{_where(pointer)}",
                inside=(text, match.start()),
            )


@rule(
    "JM705",
    "brand-attribute-without-action",
    severity="warning",
    hint="Add `actions:` with what a team does at a stage to make the attribute real "
    "(`team:`, `stage:`, `action:`).",
    local=True,
)
def brand_attribute_without_action(ctx: LintContext) -> Iterator[Problem]:
    """A brand attribute has no CX actions.

    Marketing defines brand attributes ("Be there"); customer experience makes
    each one real with concrete actions, per functional area and per stage. An
    attribute with no action is a slogan that no team delivers.

    FAIL:

        brand_attributes:
          - {id: be-there, name: Be there}

    PASS:

        brand_attributes:
          - id: be-there
            name: Be there
            actions:
              - {team: support, stage: install-use, action: Answer a failed post within the hour}
    """
    for document, messaging in ctx.messaging:
        for index, attribute in enumerate(messaging.brand_attributes):
            if not attribute.actions:
                yield Problem(
                    document,
                    ("brand_attributes", index),
                    f"brand attribute {attribute.id!r} ({attribute.name}) has no CX actions",
                )
