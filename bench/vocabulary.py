"""The vocabulary set: sentences from the fields learners shadow, with their terms marked, spoken
by several eSpeak NG voices at several rates, and the figures that say how many terms a decoding
spells right (``term_recall``).

Each field is also a *show*: a title and a description written as show notes are, naming some
of its terms and not others, and a glossary (every term of the field, as a learner who keeps one
would have it). The three contexts a source transcription can get are measured apart: none, the
show notes, the show notes with the glossary.

A term is spelled right when its words, lower-cased and without punctuation around them, appear
in order in the transcript ("on-call" and "on call" are the same; "Qber needs" is not
"Kubernetes"). Counts are per occurrence: a term said twice must be heard twice.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from shadowing.transcription.context import tokens

RATE = 16000
GAP_S = 0.6  # between sentences: a speaker's pause, so the VAD and Whisper's windows see sentences


@dataclass(frozen=True)
class Field:
    name: str
    title: str  # the show's and episode's titles, as a feed gives them
    description: str
    sentences: tuple[str, ...]  # terms in [brackets]

    @property
    def terms(self) -> list[str]:
        return [t for s in self.sentences for t in re.findall(r"\[([^\]]+)\]", s)]

    @property
    def texts(self) -> list[str]:
        return [s.replace("[", "").replace("]", "") for s in self.sentences]

    @property
    def glossary(self) -> list[str]:
        return list(dict.fromkeys(self.terms))


FIELDS: tuple[Field, ...] = (
    Field(
        "sre", "On Call Stories, episode 112: Moving to Kubernetes",
        "How one payments team moved to Kubernetes, kept etcd healthy and learned to live within an"
        " error budget. Also: why their canary releases caught what the tests did not.",
        ("Our team moved the payment service to [Kubernetes] last spring.",
         "The [etcd] cluster lost quorum when two nodes restarted at once.",
         "We scrape every pod with [Prometheus] and draw the dashboards in [Grafana].",
         "When the [error budget] runs out, we freeze feature releases for a week.",
         "The [canary] received five percent of the traffic before the full rollout.",
         "An alert from [PagerDuty] woke the [on-call] engineer at three in the morning.",
         "We describe the whole network in [Terraform] and review every plan.",
         "The [load balancer] drained the old instances before the [deployment] finished.",
         "Our [postmortem] was blameless and listed four action items.",
         "The [latency] at the ninety-ninth [percentile] doubled after the [cache] expired.")),
    Field(
        "software", "The Changelog of a Rewrite",
        "Why we rewrote our parser in Rust, what TypeScript caught before production, and how a"
        " small team reviews every pull request.",
        ("We rewrote the parser in [Rust] to avoid the [garbage collector] pauses.",
         "The [pull request] needs two approvals before it can be merged.",
         "Our [API] returns [JSON], and the client validates it against a [schema].",
         "She fixed the [race condition] by adding a [mutex] around the counter.",
         "The [PostgreSQL] query planner ignored the new [index].",
         "We run the unit tests on every commit with [GitHub Actions].",
         "The [TypeScript] compiler caught the [null] reference before we shipped.",
         "Each [microservice] publishes its events to [Kafka].",
         "The [refactoring] removed three thousand lines of [legacy] code.")),
    Field(
        "science", "Science Weekly: From Genes to Galaxies",
        "This week: editing genes with CRISPR, how vaccines teach the immune system, and what a"
        " galaxy's redshift tells astronomers.",
        ("The [telescope] measured the [redshift] of a distant [galaxy].",
         "[CRISPR] lets researchers edit a single [gene] in living cells.",
         "The [vaccine] trained the [immune system] to recognise the [protein].",
         "[Photosynthesis] turns sunlight and [carbon dioxide] into sugar.",
         "The [neutrino] passed through the detector without leaving a trace.",
         "Rising ocean [temperatures] are bleaching the [coral] reefs.",
         "A [black hole] bends the light of the stars behind it.",
         "The [mitochondria] produce most of the energy a cell uses.")),
    Field(
        "news", "The World Today: Rates, Votes and Rain",
        "The central bank raises rates again, Brazil votes, and a monsoon floods the coast.",
        ("The [central bank] raised [interest rates] for the third time this year.",
         "Voters in [Brazil] went to the polls on Sunday.",
         "The [parliament] passed the [climate] bill by a narrow margin.",
         "[Inflation] slowed to two point nine percent in November.",
         "The [prime minister] met the [delegation] in [Brussels].",
         "Heavy [monsoon] rains flooded several districts overnight.",
         "The [ceasefire] held for a second day along the border.",
         "The [Supreme Court] will hear the case next month.")),
    Field(
        "business", "Founders and Numbers: Growing Past Series B",
        "A startup founder on raising a Series B, why churn matters more than revenue, and reading"
        " a CFO's forecast.",
        ("The [startup] raised a [Series B] round led by two [venture capital] firms.",
         "Our [quarterly] [revenue] grew twelve percent year over year.",
         "The [merger] still needs approval from the [regulators].",
         "We track [churn] and [customer acquisition cost] every month.",
         "The board approved a [stock buyback] worth two billion dollars.",
         "Their [supply chain] depends on a single [semiconductor] factory.",
         "The [CFO] presented the [forecast] to the investors.",
         "[Subscription] pricing gives us more predictable [cash flow].")),
)

# (voice, words a minute): two accents, a female variant, slow to brisk
RENDITIONS: tuple[tuple[str, int], ...] = (("en-us", 150), ("en-gb", 175), ("en-us+f3", 195))


def speak(text: str, voice: str, wpm: int) -> np.ndarray:
    """The espeak-ng command's speech as float32 at 16 kHz."""
    import io
    import subprocess

    import soundfile
    import soxr

    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "--stdout", text], capture_output=True,
                         check=True).stdout
    audio, rate = soundfile.read(io.BytesIO(wav), dtype="float32")
    return soxr.resample(audio, rate, RATE).astype(np.float32)


def episode(field: Field, voice: str, wpm: int) -> np.ndarray:
    """The field's sentences read in one go, a pause between them: one short episode."""
    gap = np.zeros(int(GAP_S * RATE), np.float32)
    parts = [gap]
    for text in field.texts:
        parts += [speak(text, voice, wpm), gap]
    return np.concatenate(parts)


def terms_found(terms: list[str], transcript: str) -> int:
    """How many of ``terms`` (occurrences) the transcript spells right."""
    heard = tokens(transcript)
    found = 0
    for term, wanted in Counter(terms).items():
        t = tokens(term)
        seen = sum(heard[i:i + len(t)] == t for i in range(len(heard) - len(t) + 1))
        found += min(wanted, seen)
    return found


def term_misses(terms: list[str], transcript: str) -> list[str]:
    heard = " " + " ".join(tokens(transcript)) + " "
    return [t for t in dict.fromkeys(terms) if f" {' '.join(tokens(t))} " not in heard]
