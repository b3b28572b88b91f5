"""Vietnamese bylines and source lines, found at the end of an article's body.

Conventions handled (each with a test):
  "Tin Trần Thủy, ảnh Hồng Phúc"   "Bài và ảnh: Minh Anh"   "Nhóm PV"
  "Tâm Giao / Ảnh: Cao Trung Hiếu"   "Thanh Tâm/VOV-ĐBSCL" (reporter/desk)
  a right-aligned or bold last paragraph holding only names ("Võ Hải", "XUÂN LONG")
  source lines: "Theo TTXVN", "Nguồn: Bộ Y tế", "(Theo Reuters)", "(TTXVN/Vietnam+)",
    "Nguồn: [Link nguồn]" (a link to the original, no name)
  a writer and where the story came from: "Theo Minh Hải (Báo Giao thông)",
    "Khánh Linh (theo Reuters)", "Thu Hằng (TTXVN)"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.cleaning.paragraphs import Block
from crawler.text.syllables import is_syllable

_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_WORD = rf"[{_UPPER}][^\s,;/()\[\]:!?\"“”]*"
_NAME = re.compile(rf"^{_WORD}(?:\s+{_WORD}){{0,5}}$")
# What the writers did, in brackets after their names: compiled, translated, interviewed.
_ROLE_NOTE = re.compile(
    r"\s*\((?:tổng hợp|lược dịch|biên dịch|dịch|thực hiện|biên soạn|ghi)\)\s*$", re.I
)
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|\s-\s|\s–\s|\s/\s|\svà\s|\s&\s)\s*")

_PREFIXES = (
    "tin",
    "bài",
    "bài viết",
    "tin và ảnh",
    "bài và ảnh",
    "tin, ảnh",
    "bài, ảnh",
    "ảnh và bài",
    "thực hiện",
    "tin, bài",
    "nhóm phóng viên",
    "nhóm pv",
    "pv",
    "phóng viên",
    "ctv",
    "tác giả",
)
# longest first, so that "bài và ảnh" wins over "bài"
_PREFIX = re.compile(
    r"^(?:(?:"
    + "|".join(sorted(map(re.escape, _PREFIXES), key=len, reverse=True))
    + r")\s*[:：]?\s+)",
    re.I,
)
# "…, ảnh X" / "… / Ảnh: X" / "Ảnh: X"; after a bare space only with a colon ("Nguồn ảnh: X"),
# so that a phrase such as "Hình ảnh Hà Nội" is never read as a credit
_PHOTO = re.compile(
    r"(?:(?:^|[,;/\-–(]\s*)(?:ảnh|photo|video)\s*[:：]?|\s(?:ảnh|photo|video)\s*[:：])\s*(.+?)\)?$",
    re.I,
)
_NOT_WRITER = frozenset({"nguồn", "hình", "hình ảnh"})  # "Nguồn ảnh: X" credits only a photo
_COLLECTIVE = re.compile(r"^(?:nhóm pv|nhóm phóng viên|pv|nhóm tác giả)\.?$", re.I)
_SOURCE = re.compile(r"^\(?\s*(?:theo|nguồn)\s*[:：]?\s*(?P<src>[^()]{2,80}?)\s*\)?\s*\.?$", re.I)
_SOURCE_NAME = re.compile(rf"^(?:(?:báo|tạp chí|trang|đài|kênh|cổng)\s+)?[{_UPPER}0-9]")
# A source line that only links to the original: "Nguồn: [Link nguồn]", "Link bài gốc".
_LINK_ONLY = re.compile(
    r"^(?:nguồn\s*[:：]\s*)?\[?\s*(?:link(?:\s+bài)?(?:\s+(?:gốc|nguồn))?|xem bài gốc)\s*\]?\s*$",
    re.I,
)
# "Theo Minh Hải (Báo Giao thông)": the writer of the original, and the paper it ran in.
_WRITER_AND_PAPER = re.compile(
    r"^\(?\s*theo\s+(?P<names>[^()]{2,60}?)\s*\(\s*(?P<paper>[^()]{2,60}?)\s*\)\s*\)?\s*\.?$", re.I
)
# "Khánh Linh (theo Reuters)", "Thu Hằng (TTXVN)": the writer, then where the story came from.
_WRITER_THEN_SOURCE = re.compile(r"^(?P<names>[^()]{2,60}?)\s*(?P<source>\([^()]{2,60}\))\s*\.?$")
# An agency alone in brackets, as TTXVN's papers end a story: "(TTXVN)", "(TTXVN/Vietnam+)".
# Its first word is an acronym; bracketed capitals that are no agency are listed.
_AGENCY = re.compile(rf"^\(\s*(?P<src>[{_UPPER}0-9]{{2,}}(?:\s*[/-]\s*[^()]{{1,40}}?)?)\s*\)\.?$")
_NOT_AGENCIES = frozenset({"HẾT", "PV", "CTV", "BTV", "TG", "ẢNH", "VIDEO", "CLIP"})
_MAX_BYLINE = 90
_LEADING = re.compile(
    r"^(?:by\s+|(?:bài|tin|bài và ảnh|tin và ảnh|tin, ảnh|bài, ảnh|thực hiện|nhóm phóng viên"
    r"|phóng viên|tác giả)\s*[:：]\s*)(?P<names>.+)$",
    re.I,
)
_DESK = re.compile(rf"^(?P<names>[^/]+?)\s*/\s*[{_UPPER}0-9][{_UPPER}0-9.\-–]{{1,20}}$")


@dataclass
class Byline:
    authors: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    source: str | None = None
    removed: int = 0  # blocks taken off the end of the body


def without_desk(text: str) -> str:
    """ "Thanh Tâm/VOV-ĐBSCL" -> "Thanh Tâm": the reporters, without the desk or agency they
    file for."""
    desk = _DESK.match(text)
    return desk.group("names") if desk else text


def split_names(text: str) -> list[str] | None:
    """Names from "Trần Thủy - Minh Anh" (and "Minh Khuê (tổng hợp)": a compiler's note after
    them); None when any part is not a name."""
    text = _ROLE_NOTE.sub("", text.strip())
    parts = [p.strip(" .") for p in _SPLIT_NAMES.split(text) if p.strip(" .")]
    if not parts or not all(_NAME.match(p) for p in parts):
        return None
    return parts


def parse_byline(text: str, *, trusted: bool = False) -> Byline | None:
    """Read one line as a byline. `trusted` lines (right-aligned, bold) may be bare names."""
    line = text.strip()
    if not line or len(line) > _MAX_BYLINE:
        return None
    if _COLLECTIVE.match(line):
        return Byline(authors=[line.rstrip(".")])
    line = without_desk(line)
    prefixed = _PREFIX.match(line)
    rest = line[prefixed.end() :] if prefixed else line
    # "Bài và ảnh: X" / "Tin, ảnh: X": the writer took the photos too
    both = bool(prefixed and "ảnh" in prefixed.group(0).lower())
    photo = None if both else _PHOTO.search(rest)
    if photo:
        writer_part, photo_part = rest[: photo.start()].strip(" ,;/-–("), photo.group(1)
    else:
        writer_part, photo_part = rest, None
    if not (prefixed or photo or trusted):
        return None
    if writer_part.lower() in _NOT_WRITER:
        writer_part = ""
    authors = split_names(writer_part) if writer_part else []
    photographers = split_names(photo_part) if photo_part else []
    if authors is None or photographers is None or not (authors or photographers):
        return None
    return Byline(authors=authors, photographers=list(authors) if both else photographers)


def parse_writer_and_paper(text: str) -> Byline | None:
    """ "Theo Minh Hải (Báo Giao thông)" -> authors ["Minh Hải"], source "Báo Giao thông";
    "Khánh Linh (theo Reuters)" -> ["Khánh Linh"], "Reuters"; "Thu Hằng (TTXVN)" likewise.

    Only Vietnamese names are read as writers: "Theo Reuters (Anh)" credits an agency. After
    the names, the brackets must hold a source line ("theo …", "nguồn: …", an agency's
    acronym): "Hà Nội (Việt Nam)" and "Lan Anh (HẾT)" are no bylines."""
    line = text.strip()
    match = _WRITER_AND_PAPER.match(line)
    if match is not None:
        names_text, paper = match.group("names"), match.group("paper")
    else:
        match = _WRITER_THEN_SOURCE.match(line)
        source = parse_source(match.group("source")) if match else None
        if match is None or source is None:
            return None
        names_text, paper = match.group("names"), source
    names = split_names(names_text)
    if not names or not _SOURCE_NAME.match(paper) or len(paper.split()) > 8:
        return None
    if not all(is_syllable(word) for name in names for word in name.split()):
        return None
    return Byline(authors=names, source=paper)


def parse_source(text: str) -> str | None:
    """The agency of a source line: "Theo TTXVN" -> "TTXVN", "(TTXVN/Vietnam+)" -> itself."""
    match = _SOURCE.match(text.strip())
    if not match:
        agency = _AGENCY.match(text.strip())
        if agency and re.split(r"[\s/-]", agency.group("src"))[0] not in _NOT_AGENCIES:
            return agency.group("src")
        return None
    src = match.group("src").strip()
    # a sentence that starts with "Theo" ("Theo kế hoạch, …", "Theo dự báo trời sẽ mưa.") is
    # text: a credit names an agency or a paper, capitalised, in a few words
    if "," in src or len(src.split()) > 8 or not _SOURCE_NAME.match(src):
        return None
    return re.sub(r"^báo\s+", "", src)  # "Theo báo Thanh Niên" credits Thanh Niên


def take_leading_byline(blocks: list[Block]) -> tuple[list[Block], Byline]:
    """Take a byline off the start of the body: "By Minh Thu" (English pages), "Bài: Lan Anh",
    "Thực hiện: …". Only a line that says it is one, with a prefix and a colon: a short first
    paragraph of names alone ("Hà Nội") is as likely a dateline."""
    if not blocks:
        return blocks, Byline()
    match = _LEADING.match(blocks[0].text.strip())
    names = split_names(without_desk(match.group("names"))) if match else None
    if not names or len(blocks[0].text) > _MAX_BYLINE:
        return blocks, Byline()
    return blocks[1:], Byline(authors=names, removed=1)


def take_byline(blocks: list[Block]) -> tuple[list[Block], Byline]:
    """Take byline and source lines off the end of the body (the last three blocks at most)."""
    found = Byline()
    kept = list(blocks)
    for _ in range(3):
        if not kept:
            break
        last = kept[-1]
        source = parse_source(last.text)
        credited = None if source else parse_writer_and_paper(last.text)
        if source and found.source is None:
            found.source = source
        elif _LINK_ONLY.match(last.text.strip()):
            pass  # a link to the original names no source: the line just goes
        elif credited is not None and not found.authors:
            found.authors = credited.authors
            found.source = found.source or credited.source
        else:
            byline = parse_byline(last.text, trusted=last.right or last.bold)
            if byline is None or (found.authors and byline.authors):
                break
            # "Hà Thu" / "Ảnh: Đức Minh" on two lines: one byline
            found.authors = found.authors or byline.authors
            found.photographers = byline.photographers + found.photographers
        kept.pop()
        found.removed += 1
    return kept, found
