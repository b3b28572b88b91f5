"""The normalisation steps. Each is pure and idempotent, and says which characters it changes."""

from __future__ import annotations

import re
import unicodedata

# Vietnamese vowels and finals a syllable starting with "đ" may continue with; an eth followed by
# anything else (Icelandic "Sigurðsson", IPA "ðə") is left alone.
_VI_AFTER_D = "aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
_D_LOOKALIKE = re.compile(
    r"(?<![^\W\d_])([\u00d0\u0189\u00f0\u0256])(?=[" + _VI_AFTER_D + _VI_AFTER_D.upper() + r"])"
)
_D_MAP = {"\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ", "\u0256": "đ"}

# Format characters with no visible meaning in running text. ZWJ (U+200D) and variation selectors
# are kept: they hold emoji sequences together.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)

# Every Unicode space but "\n" (paragraph and line breaks belong to the layout, not to this step).
_SPACES = re.compile("[ \t\r\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_EDGES = re.compile(r"[ ]*\n[ ]*")


def compose_nfc(text: str) -> str:
    """Compose decomposed letters and marks (NFD "a\\u0301") into NFC ("á")."""
    return unicodedata.normalize("NFC", text)


def fix_d_lookalikes(text: str) -> str:
    """Replace Ð/ð (eth) and Ɖ/ɖ (African D) by Đ/đ where a Vietnamese syllable starts."""
    return _D_LOOKALIKE.sub(lambda m: _D_MAP[m.group(1)], text)


def drop_invisibles(text: str) -> str:
    """Remove zero-width and format characters, the soft hyphen, and C0/C1 control characters."""
    return _INVISIBLE.sub("", text)


def collapse_spaces(text: str) -> str:
    """Turn NBSP, tabs and runs of Unicode spaces into one space; trim each line and the text."""
    text = _SPACES.sub(" ", text)
    return _LINE_EDGES.sub("\n", text).strip(" ")
