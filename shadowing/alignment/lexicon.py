"""How a written word is pronounced, as ARPAbet phones (the aligner's and CMUdict's alphabet).

Order of trust: CMUdict (shipped with pocketsphinx, 134k words, hand-checked); numbers and
symbols spelled out as a speaker says them ("10" -> "ten", "3.5" -> "three point five",
"42%" -> "forty two percent"); hyphenated and apostrophe'd compounds from their parts; then a
learned grapheme-to-phoneme model (hama's English G2P, IPA mapped to ARPAbet) for the rest:
product names and jargon ("kubernetes"). A token none of these can pronounce gets ``None``,
and the aligner leaves its times alone rather than guess.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = [(10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred")]
_ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
            "nine": "ninth", "twelve": "twelfth"}
_SYMBOLS = {"%": "percent", "&": "and", "+": "plus", "$": "dollars", "€": "euros", "£": "pounds", "@": "at"}


def number_words(n: int) -> list[str]:
    """An integer as spoken: 1961 -> nineteen sixty one (a year), 2003 -> two thousand three."""
    if n < 0:
        return ["minus", *number_words(-n)]
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([_ONES[n % 10]] if n % 10 else [])
    if 1100 <= n < 2000 or (2010 <= n < 2100):  # years are said in pairs
        high, low = divmod(n, 100)
        return number_words(high) + (["hundred"] if low == 0 else number_words(low) if low >= 10 else ["oh", _ONES[low]])
    for value, name in _SCALES:
        if n >= value:
            high, rest = divmod(n, value)
            return number_words(high) + [name] + (number_words(rest) if rest else [])
    return [str(n)]


def spoken_tokens(text: str) -> list[str]:
    """A displayed word ("10,", "3.5%", "o'clock", "well-known") as the lowercase words a speaker says."""
    token = text.strip().lower().strip("\"'“”‘’()[]{}«»,.;:!?…")
    token = token.replace("’", "'")
    if not token:
        return []
    match = re.fullmatch(r"([$€£]?)(\d[\d,]*)(?:\.(\d+))?(st|nd|rd|th|s)?(%?)", token)
    if match:
        currency, whole, decimals, suffix, percent = match.groups()
        words = number_words(int(whole.replace(",", "")))
        if suffix in ("st", "nd", "rd", "th"):
            last = words[-1]
            words[-1] = _ORDINAL.get(last, last[:-1] + "ieth" if last.endswith("y") else last + "th")
        elif suffix == "s":
            words[-1] = words[-1][:-1] + "ies" if words[-1].endswith("y") else words[-1] + "s"
        if decimals:
            words += ["point", *(_ONES[int(d)] for d in decimals)]
        if percent:
            words.append("percent")
        if currency:
            words.append(_SYMBOLS[currency])
        return words
    parts = [p for p in re.split(r"[-–—/_]+", token) if p]
    out: list[str] = []
    for part in parts:
        if part in _SYMBOLS:
            out.append(_SYMBOLS[part])
        elif re.fullmatch(r"\d+", part):
            out += number_words(int(part))
        else:
            cleaned = re.sub(r"[^a-z0-9']", "", part).strip("'")
            if cleaned:
                out.append(cleaned)
    return out


# hama's English G2P speaks IPA; the acoustic model knows ARPAbet (39 phones, no stress marks here)
_IPA_TO_ARPABET = {
    "p": "P", "b": "B", "t": "T", "d": "D", "k": "K", "ɡ": "G", "g": "G", "f": "F", "v": "V", "θ": "TH",
    "ð": "DH", "s": "S", "z": "Z", "ʃ": "SH", "ʒ": "ZH", "h": "HH", "tʃ": "CH", "dʒ": "JH", "m": "M",
    "n": "N", "ŋ": "NG", "l": "L", "ɫ": "L", "r": "R", "ɹ": "R", "ɾ": "T", "w": "W", "j": "Y",
    "i": "IY", "iː": "IY", "ɪ": "IH", "e": "EY", "eɪ": "EY", "eː": "EY", "ɛ": "EH", "æ": "AE", "a": "AA",
    "ɑ": "AA", "ɑː": "AA", "ɒ": "AA", "ɔ": "AO", "ɔː": "AO", "o": "OW", "oʊ": "OW", "əʊ": "OW", "oː": "OW",
    "ʊ": "UH", "u": "UW", "uː": "UW", "ʌ": "AH", "ə": "AH", "ɐ": "AH", "ɚ": "ER", "ɝ": "ER", "ɜ": "ER",
    "ɜː": "ER", "aɪ": "AY", "aʊ": "AW", "ɔɪ": "OY", "ᵻ": "IH", "ɨ": "IH", "ʔ": "",
    "ɪə": "IH R", "ɛə": "EH R", "ʊə": "UH R", "n̩": "AH N", "l̩": "AH L", "x": "K",
}


def ipa_to_arpabet(ipa: str) -> str | None:
    """Space-separated IPA phonemes (hama's output) as ARPAbet, or None if one is unknown."""
    out = []
    for phone in ipa.split():
        phone = phone.replace("ˈ", "").replace("ˌ", "")
        mapped = _IPA_TO_ARPABET.get(phone)
        if mapped is None:
            mapped = _IPA_TO_ARPABET.get(phone.rstrip("ː"))
        if mapped is None:
            return None
        if mapped:
            out.append(mapped)
    return " ".join(out) or None


class _G2P:
    """hama's G2P, loaded on first use (70 ms a word; most words never need it)."""

    _lock = threading.Lock()
    _model = None
    _failed = False

    @classmethod
    def phones(cls, word: str) -> str | None:
        with cls._lock:
            if cls._failed:
                return None
            if cls._model is None:
                try:
                    import hama

                    cls._model = hama.G2PModel()
                except Exception:  # not installed or no native library for this platform
                    cls._failed = True
                    return None
            try:
                return ipa_to_arpabet(cls._model.predict(word).ipa)
            except Exception:
                return None


@lru_cache(maxsize=4096)
def guessed_phones(word: str) -> str | None:
    return _G2P.phones(word) if re.fullmatch(r"[a-z']+", word) else None
