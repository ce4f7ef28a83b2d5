"""English phones as the learner is judged on them: ARPAbet's 39 (CMUdict's alphabet), each with
the IPA the learner reads, the symbols of the phone recogniser that count as it, and a tip.

The recogniser (hama's IPA CTC model) writes a phone in more than one way: an unstressed "the"
as /ðə/ or /ðʌ/, an American "water" with a flap /ɾ/, /r/ as ɹ or r. A phone class sums the
recogniser's probability over all of its spellings, so the judgement is on the phone a teacher
would name, not on a transcription convention. Classes overlap only where English does (the
flap is a /t/ and a /d/).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..i18n import QT_TRANSLATE_NOOP, translate

# ARPAbet -> (IPA shown to the learner, recogniser symbols that count as it)
PHONES: dict[str, tuple[str, tuple[str, ...]]] = {
    "AA": ("ɑ", ("ɑ", "a", "ä", "ɒ")), "AE": ("æ", ("æ",)), "AH": ("ʌ", ("ʌ", "ə", "ɐ", "ᵊ")),
    "AO": ("ɔ", ("ɔ",)), "AW": ("aʊ", ("aʊ",)), "AY": ("aɪ", ("aɪ",)), "B": ("b", ("b", "β")),
    "CH": ("tʃ", ("t͡ʃ",)), "D": ("d", ("d", "ɖ", "ɾ")), "DH": ("ð", ("ð",)), "EH": ("ɛ", ("ɛ", "eə")),
    "ER": ("ɝ", ("ɝ", "ɚ", "ɜ")), "EY": ("eɪ", ("eɪ", "e")), "F": ("f", ("f", "ɸ")), "G": ("g", ("ɡ", "g")),
    "HH": ("h", ("h", "ɦ")), "IH": ("ɪ", ("ɪ", "ɨ")), "IY": ("i", ("i",)), "JH": ("dʒ", ("d͡ʒ",)),
    "K": ("k", ("k", "kʰ")), "L": ("l", ("l", "ɫ")), "M": ("m", ("m",)), "N": ("n", ("n",)),
    "NG": ("ŋ", ("ŋ",)), "OW": ("oʊ", ("oʊ", "o")), "OY": ("ɔɪ", ("ɔɪ",)), "P": ("p", ("p", "pʰ")),
    "R": ("r", ("ɹ", "r", "ɻ", "ɾ")), "S": ("s", ("s",)), "SH": ("ʃ", ("ʃ",)), "T": ("t", ("t", "tʰ", "ɾ")),
    "TH": ("θ", ("θ",)), "UH": ("ʊ", ("ʊ",)), "UW": ("u", ("u", "ʉ")), "V": ("v", ("v", "ʋ")), "W": ("w", ("w",)),
    "Y": ("j", ("j",)), "Z": ("z", ("z",)), "ZH": ("ʒ", ("ʒ",)),
}
NAMES: tuple[str, ...] = tuple(PHONES)
# what the recogniser writes between phones, at word ends and for length: none of it is a phone
FILLER_SYMBOLS = ("<blank>", "<wb>", " ", "ː", "ˑ", "ʰ", "ʔ", "ˀ")

# A line for the phones Japanese (and most) learners of English are coached on.
TIPS: dict[str, str] = {
    "TH": QT_TRANSLATE_NOOP("Tips", "th /θ/: tongue tip lightly between the teeth, blow air; not /s/"),
    "DH": QT_TRANSLATE_NOOP("Tips", "th /ð/: tongue between the teeth with voice; not /z/ or /d/"),
    "R": QT_TRANSLATE_NOOP("Tips", "r /r/: curl the tongue back without touching the roof of the mouth; lips a little round"),
    "L": QT_TRANSLATE_NOOP("Tips", "l /l/: press the tongue tip on the ridge behind the upper teeth"),
    "V": QT_TRANSLATE_NOOP("Tips", "v /v/: upper teeth on the lower lip, with voice; not /b/"),
    "F": QT_TRANSLATE_NOOP("Tips", "f /f/: upper teeth on the lower lip, blow air; not /h/"),
    "AE": QT_TRANSLATE_NOOP("Tips", "a /æ/: open the mouth wide and spread the lips, between 'e' and 'a'"),
    "AH": QT_TRANSLATE_NOOP("Tips", "u /ʌ/: short and relaxed, mouth half open, as in 'cup'"),
    "AA": QT_TRANSLATE_NOOP("Tips", "o /ɑ/: mouth wide open, tongue low and back, as in 'hot' (US)"),
    "ER": QT_TRANSLATE_NOOP("Tips", "er /ɝ/: one sound with the tongue curled, not 'a-a'"),
    "IH": QT_TRANSLATE_NOOP("Tips", "i /ɪ/: short and relaxed, not the long /i/ of 'see'"),
    "IY": QT_TRANSLATE_NOOP("Tips", "ee /i/: long, lips spread, as in 'see'"),
    "UH": QT_TRANSLATE_NOOP("Tips", "oo /ʊ/: short and relaxed, as in 'book'"),
    "UW": QT_TRANSLATE_NOOP("Tips", "oo /u/: long, lips rounded, as in 'food'"),
    "W": QT_TRANSLATE_NOOP("Tips", "w /w/: round the lips tightly first"),
    "B": QT_TRANSLATE_NOOP("Tips", "b /b/: close both lips, then release with voice"),
    "S": QT_TRANSLATE_NOOP("Tips", "s /s/: tongue behind the teeth, a thin stream of air; not /ʃ/ or /θ/"),
    "Z": QT_TRANSLATE_NOOP("Tips", "z /z/: like /s/ with voice"),
    "SH": QT_TRANSLATE_NOOP("Tips", "sh /ʃ/: lips pushed out, a wide stream of air"),
    "N": QT_TRANSLATE_NOOP("Tips", "n /n/: tongue tip on the ridge behind the teeth"),
    "NG": QT_TRANSLATE_NOOP("Tips", "ng /ŋ/: back of the tongue on the soft palate, no /g/ after it"),
    "HH": QT_TRANSLATE_NOOP("Tips", "h /h/: just breath, not /f/ in 'who'"),
}


# Articulation of the consonants (place, manner, voiced): which substitutions a speaker can make
# by changing one thing, the likeliest explanations of a phone heard as another.
_PLACE = {"P": "lips", "B": "lips", "M": "lips", "W": "lips", "F": "teeth-lip", "V": "teeth-lip", "TH": "teeth",
          "DH": "teeth", "T": "ridge", "D": "ridge", "S": "ridge", "Z": "ridge", "N": "ridge", "L": "ridge",
          "R": "post", "SH": "post", "ZH": "post", "CH": "post", "JH": "post", "Y": "palate", "K": "velum",
          "G": "velum", "NG": "velum", "HH": "glottis"}
_MANNER = {"P": "stop", "B": "stop", "T": "stop", "D": "stop", "K": "stop", "G": "stop", "F": "fricative",
           "V": "fricative", "TH": "fricative", "DH": "fricative", "S": "fricative", "Z": "fricative",
           "SH": "fricative", "ZH": "fricative", "HH": "fricative", "CH": "affricate", "JH": "affricate",
           "M": "nasal", "N": "nasal", "NG": "nasal", "L": "approximant", "R": "approximant",
           "W": "approximant", "Y": "approximant"}
_VOICED = frozenset("B D G V DH Z ZH JH M N NG L R W Y".split())
# what learners of English are known to put in place of a phone, whatever the features say
_LEARNER_SWAPS = {frozenset(p) for p in (("R", "L"), ("TH", "S"), ("TH", "T"), ("TH", "F"), ("DH", "Z"),
                                         ("DH", "D"), ("F", "HH"), ("V", "B"), ("V", "W"), ("S", "SH"),
                                         ("Z", "JH"))}


def learner_swap(expected: str, heard: str) -> bool:
    """Whether ``heard`` for ``expected`` is one of the swaps learners of English are known for."""
    return frozenset((expected, heard)) in _LEARNER_SWAPS


def plausible_swap(expected: str, heard: str) -> bool:
    """Whether ``heard`` in place of ``expected`` is a substitution speakers make: vowel for
    vowel, a consonant one feature away (place, manner or voicing), a known learner swap, or
    a phone left out."""
    if heard == "":
        return True
    vowels = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
    if expected in vowels or heard in vowels:
        return expected in vowels and heard in vowels
    if learner_swap(expected, heard):
        return True
    return ((_PLACE[expected] != _PLACE[heard]) + (_MANNER[expected] != _MANNER[heard])
            + ((expected in _VOICED) != (heard in _VOICED))) <= 1


def ipa(phone: str) -> str:
    return PHONES[phone][0] if phone in PHONES else phone


_BY_IPA = {shown: name for name, (shown, _) in PHONES.items()}


def tip(phone: str) -> str | None:
    """The coaching line for a phone, named in ARPAbet ("TH") or as the learner sees it ("θ")."""
    line = TIPS.get(phone) or TIPS.get(_BY_IPA.get(phone, ""))
    return translate("Tips", line) if line else None


@lru_cache(maxsize=1)
def _cmudict() -> dict[str, tuple[str, ...]]:
    """CMUdict as shipped in pocketsphinx's wheel: every pronunciation of each word, the usual first."""
    import pocketsphinx

    path = Path(pocketsphinx.__file__).parent / "model" / "en-us" / "cmudict-en-us.dict"
    out: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, _, phones = line.strip().partition(" ")
            if word:
                out.setdefault(word.split("(")[0], []).append(phones.strip())
    return {w: tuple(p) for w, p in out.items()}


@lru_cache(maxsize=8192)
def pronunciations(word: str) -> tuple[tuple[tuple[str, ...], ...], bool]:
    """The ways a displayed word may be said (ARPAbet; "the" as /ðə/ and as /ði/) and whether
    they come from the dictionary (True) or were guessed (False: a name the G2P guessed is shown,
    never flagged). A number is spelled out into dictionary words first. Empty if nothing can
    pronounce it."""
    from ..alignment.lexicon import guessed_phones, spoken_tokens

    ways: list[tuple[str, ...]] = [()]
    known = True
    for token in spoken_tokens(word):
        found = _cmudict().get(token)
        if found is None:
            guess = guessed_phones(token)
            if not guess:
                return (), False
            found, known = (guess,), False
        options = [tuple(p for p in f.split() if p in PHONES) for f in found[:3]]
        ways = [w + o for w in ways for o in options][:6]
    ways = [w for w in dict.fromkeys(ways) if w]
    return tuple(ways), known
