"""The search key (R10): one spelling per word for matching, never shown or stored as the text.

Case, Unicode compatibility forms, tone-mark convention, tones and accents are all folded:
"Khánh Hoà", "KHÁNH HÒA" and "Khanh Hoa" share the key "khanh hoa". Curly quotes fold to ASCII.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"}
)
_WHITESPACE = re.compile(r"\s+")


def search_key(text: str, *, accents: bool = False) -> str:
    """Casefolded NFKC text; without `accents`, every mark is removed and đ becomes d.

    With `accents=True` tones and shapes stay ("khánh hòa"); the tone convention must then
    already be one (normalize() does that), since "hoà" and "hòa" differ.
    """
    key = unicodedata.normalize("NFKC", text).casefold()
    if not accents:
        decomposed = unicodedata.normalize("NFD", key)
        # Đ/đ have no decomposition, so stripping marks leaves them: fold them by hand.
        key = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
    key = key.translate(_QUOTES)
    return _WHITESPACE.sub(" ", key).strip()
