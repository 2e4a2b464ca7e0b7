"""Text that cannot deceive: which characters a reader cannot see, and when two names look the same.

Pure functions over strings, no I/O. The loader uses `hidden_characters` (G023) on every string of
the front matter, the validator uses `skeleton` (G214) on every title, alias and id, and anything
that prints contributor text for a reviewer (the graph's diff) passes it through `visible` first.

Python's standard library has no table of Unicode confusables (Unicode's `confusables.txt` has
about 6,000 entries); `LOOKALIKES` below is a small one, written by hand, of the look-alikes that
matter for names written in Latin letters: the Cyrillic and Greek letters drawn like Latin ones,
and the digits and signs drawn like letters (0 and O, 1 and l and I). NFKC already folds the
compatibility forms (fullwidth letters, mathematical alphanumerics, ligatures, `ℓ`).
"""

from __future__ import annotations

import re
import unicodedata

# Bidirectional controls: they reorder how the text around them is drawn ('runc\u202egnp.exe' is
# drawn 'runcexe.png'), the trick of CVE-2021-42574 ("Trojan Source").
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Characters drawn as nothing (or as a blank) that are not format controls by category: Hangul
# fillers, the Mongolian vowel separator, the combining grapheme joiner, the braille blank.
INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0")

# Characters that separate words or lines as whitespace does; a value may hold them (a folded YAML
# block keeps its line breaks), a key or an id may not.
WHITESPACE = frozenset("\t\n")

# In ASCII text only the control characters (category Cc) are hidden: no bidirectional control,
# format character or invisible letter is ASCII. Most front matter is ASCII, so it is checked at
# once, not character by character.
_ASCII_CONTROL = re.compile("[\x00-\x1f\x7f]")


def hidden_kind(ch: str) -> str:
    """What is deceptive about `ch`, in words ("" when nothing is): a bidirectional control, an
    invisible character, or a control character. Tab and newline count as control characters here;
    callers that allow them skip them."""
    if ch in BIDI:
        return "a bidirectional control"
    category = unicodedata.category(ch)
    if category == "Cc":
        return "a control character"
    if category in ("Cf", "Zl", "Zp") or ch in INVISIBLE:  # Cf: zero-width spaces and joiners, BOM, tags
        return "an invisible character"
    return ""


def hidden_characters(text: str, allow: frozenset[str] = frozenset()) -> list[tuple[int, str, str]]:
    """(index, character, kind) of every character in `text` that a reader cannot see as written,
    except those in `allow`."""
    if text.isascii():
        return [(m.start(), m.group(), "a control character") for m in _ASCII_CONTROL.finditer(text)
                if m.group() not in allow]
    return [(i, ch, kind) for i, ch in enumerate(text) if ch not in allow and (kind := hidden_kind(ch))]


def any_hidden(text: str, allow: frozenset[str] = frozenset()) -> bool:
    """Whether `text` holds a character `hidden_characters` would report: quicker, each distinct character
    looked at once."""
    if text.isascii():
        return any(m.group() not in allow for m in _ASCII_CONTROL.finditer(text))
    return any(hidden_kind(ch) for ch in set(text) - allow)


def codepoint(ch: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`, or just `U+0007` when Unicode gives it no name."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def visible(text: str, allow: frozenset[str] = frozenset()) -> str:
    """`text` with every hidden character written out as `<U+202E>`, so that printing it shows what
    is there (in a terminal, a job summary, a diagnostic) instead of doing what it does."""
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return text
    if not any(hidden_kind(ch) for ch in text):
        return text
    return "".join(f"<U+{ord(ch):04X}>" if ch not in allow and hidden_kind(ch) else ch for ch in text)


# Look-alikes, folded to the Latin letter they are drawn like. Keys are single characters of the
# text after NFKC; the case-blind table is applied after case folding, the cased one before.
_CYRILLIC = {"а": "a", "в": "b", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i",
             "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ү": "y"}
_LATIN = {"ɡ": "g", "ɑ": "a", "ı": "i"}  # Latin letters of other alphabets (IPA, Turkish dotless i)
_GREEK = {"α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
          "χ": "x", "γ": "y", "ω": "w"}
_SIGNS = {"0": "o", "1": "l", "|": "l", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
          "\u2014": "-", "\u2212": "-"}
LOOKALIKES: dict[str, str] = {**_CYRILLIC, **_LATIN, **_GREEK, **_SIGNS}
_CASED = {"А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
          "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W",
          "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
          "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
          "0": "O", "1": "l", "I": "l", "|": "l"}  # capital I and small l are one stroke in most sans-serif fonts


_LOOKALIKES_TABLE = str.maketrans(LOOKALIKES)
_CASED_TABLE = str.maketrans(_CASED)
_ASCII_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # the ASCII control characters but tab and line break


def skeleton(text: str, cased: bool = False) -> str:
    """What `text` looks like: NFKC, hidden characters dropped, runs of whitespace made one space,
    then look-alikes folded, after case folding (`cased=False`) or keeping case (`cased=True`, which
    catches capital I for small l, lost by case folding). Two names with one skeleton are confusable."""
    if text.isascii():  # NFKC changes no ASCII text, and only its control characters are hidden
        text = _ASCII_HIDDEN.sub("", text)
    else:
        text = unicodedata.normalize("NFKC", text)
        text = "".join(ch for ch in text if not hidden_kind(ch) or ch in WHITESPACE)
    text = " ".join(text.split())
    return text.translate(_CASED_TABLE) if cased else text.casefold().translate(_LOOKALIKES_TABLE)


def plain(text: str) -> bool:
    """Whether `text` is written with no look-alike and nothing hidden: its own skeleton, case aside."""
    return skeleton(text) == " ".join(unicodedata.normalize("NFKC", text).casefold().split()) and \
        not hidden_characters(text, WHITESPACE)


def confusable(a: str, b: str) -> bool:
    """Whether `a` and `b` differ (beyond case and NFKC forms) yet look the same."""
    if " ".join(unicodedata.normalize("NFKC", a).casefold().split()) == \
            " ".join(unicodedata.normalize("NFKC", b).casefold().split()):
        return False
    return skeleton(a) == skeleton(b) or skeleton(a, cased=True) == skeleton(b, cased=True)
