"""The syllable model (SPEC §10.1-10.3): the parser, where each nucleus puts its tone under both
conventions, and `retone`, which moves one run's tone mark there."""

from __future__ import annotations

import pytest

from crawler.text.syllables import Syllable, is_syllable, parse, retone, tone_index


@pytest.mark.parametrize(
    ("bare", "expected"),
    [
        pytest.param("nghiêng", Syllable("ngh", "iê", "ng"), id="ngh-is-the-longest-onset"),
        pytest.param("nhanh", Syllable("nh", "a", "nh"), id="nh-onset-and-nh-coda"),
        pytest.param("ghe", Syllable("gh", "e", ""), id="gh-onset"),
        pytest.param("trong", Syllable("tr", "o", "ng"), id="tr-onset-ng-coda"),
        pytest.param("phach", Syllable("ph", "a", "ch"), id="ph-onset-ch-coda"),
        pytest.param("đêm", Syllable("đ", "ê", "m"), id="d-stroke-onset-m-coda"),
        pytest.param("ăn", Syllable("", "ă", "n"), id="no-onset"),
        pytest.param("quôc", Syllable("qu", "ô", "c"), id="qu-takes-the-u"),
        pytest.param("quy", Syllable("qu", "y", ""), id="qu-before-y-leaves-y-as-nucleus"),
        pytest.param("quyên", Syllable("qu", "yê", "n"), id="qu-before-ye"),
        pytest.param("cua", Syllable("c", "ua", ""), id="c-before-ua-keeps-the-u"),
        pytest.param("giưa", Syllable("gi", "ưa", ""), id="gi-onset-before-another-vowel"),
        pytest.param("giêng", Syllable("gi", "ê", "ng"), id="gi-onset-before-e-circumflex"),
        pytest.param("gi", Syllable("g", "i", ""), id="gi-alone-i-is-the-nucleus"),
        pytest.param("gin", Syllable("g", "i", "n"), id="gin-of-gin-giu-i-is-the-nucleus"),
        pytest.param("sooc", Syllable("s", "oo", "c"), id="oo-with-coda"),
        pytest.param("khuyu", Syllable("kh", "uyu", ""), id="triphthong-uyu"),
        pytest.param("thuyêt", Syllable("th", "uyê", "t"), id="triphthong-uye-with-coda"),
        pytest.param("ương", Syllable("", "ươ", "ng"), id="horned-diphthong-no-onset"),
    ],
)
def test_parse_splits_onset_nucleus_coda(bare: str, expected: Syllable) -> None:
    assert parse(bare) == expected


@pytest.mark.parametrize(
    "bare",
    [
        pytest.param("cafe", id="cafe-f-is-not-vietnamese"),
        pytest.param("jose", id="jose-j-is-not-an-onset"),
        pytest.param("hue", id="hue-ue-is-not-a-nucleus"),
        pytest.param("iphone", id="iphone"),
        pytest.param("sow", id="sow-w-is-not-a-coda"),
        pytest.param("mbappe", id="mbappe-mb-is-not-an-onset"),
        pytest.param("đăk", id="dak-k-is-not-a-coda"),
        pytest.param("qu", id="qu-without-a-vowel"),
        pytest.param("ngh", id="onset-only"),
        pytest.param("", id="empty-run"),
        pytest.param("tiê", id="ie-needs-a-coda"),
        pytest.param("xoo", id="oo-needs-a-coda"),
        pytest.param("hain", id="ai-takes-no-coda"),
        pytest.param("ngoain", id="oai-takes-no-coda"),
        pytest.param("strong", id="english-consonant-cluster"),
    ],
)
def test_parse_rejects_what_is_not_a_vietnamese_syllable(bare: str) -> None:
    assert parse(bare) is None


# One example per row of the SPEC §10.1 table; indexes count from the start of the run.
@pytest.mark.parametrize(
    ("bare", "old", "new"),
    [
        pytest.param("ma", 1, 1, id="single-vowel-open"),
        pytest.param("tăc", 1, 1, id="single-vowel-closed"),
        pytest.param("ky", 1, 1, id="single-vowel-y"),
        pytest.param("tai", 1, 1, id="ai-first-vowel"),
        pytest.param("sao", 1, 1, id="ao-first-vowel"),
        pytest.param("rau", 1, 1, id="au-first-vowel"),
        pytest.param("may", 1, 1, id="ay-first-vowel"),
        pytest.param("đâu", 1, 1, id="au-circumflex-first-vowel"),
        pytest.param("mây", 1, 1, id="ay-circumflex-first-vowel"),
        pytest.param("kheo", 2, 2, id="eo-first-vowel"),
        pytest.param("kêu", 1, 1, id="eu-circumflex-first-vowel"),
        pytest.param("chia", 2, 2, id="ia-first-vowel"),
        pytest.param("xiu", 1, 1, id="iu-first-vowel"),
        pytest.param("đôi", 1, 1, id="oi-circumflex-first-vowel"),
        pytest.param("bơi", 1, 1, id="oi-horn-first-vowel"),
        pytest.param("tui", 1, 1, id="ui-first-vowel"),
        pytest.param("gưi", 1, 1, id="ui-horn-first-vowel"),
        pytest.param("hưu", 1, 1, id="uu-horn-first-vowel"),
        pytest.param("mua", 1, 1, id="ua-first-vowel"),
        pytest.param("mưa", 1, 1, id="ua-horn-first-vowel"),
        pytest.param("hoa", 1, 2, id="oa-open-differs-between-styles"),
        pytest.param("khoe", 2, 3, id="oe-open-differs-between-styles"),
        pytest.param("thuy", 2, 3, id="uy-open-differs-between-styles"),
        pytest.param("hoan", 2, 2, id="oa-closed-second-vowel"),
        pytest.param("khoet", 3, 3, id="oe-closed-second-vowel"),
        pytest.param("huynh", 2, 2, id="uy-closed-second-vowel"),
        pytest.param("sooc", 2, 2, id="oo-closed-second-vowel"),
        pytest.param("tiêng", 2, 2, id="ie-on-the-circumflex"),
        pytest.param("yên", 1, 1, id="ye-on-the-circumflex"),
        pytest.param("muôn", 2, 2, id="uo-on-the-circumflex"),
        pytest.param("nương", 2, 2, id="uo-horn-on-the-o-horn"),
        pytest.param("tuân", 2, 2, id="ua-circumflex-on-the-circumflex"),
        pytest.param("thuê", 3, 3, id="ue-circumflex-open"),
        pytest.param("huêch", 2, 2, id="ue-circumflex-closed"),
        pytest.param("thuơ", 3, 3, id="uo-horn-open"),
        pytest.param("hoăc", 2, 2, id="oa-breve-on-the-breve"),
        pytest.param("hiêu", 2, 2, id="ieu-middle-vowel"),
        pytest.param("yêu", 1, 1, id="yeu-middle-vowel"),
        pytest.param("ngoai", 3, 3, id="oai-middle-vowel"),
        pytest.param("xoay", 2, 2, id="oay-middle-vowel"),
        pytest.param("ngoao", 3, 3, id="oao-middle-vowel"),
        pytest.param("ngoeo", 3, 3, id="oeo-middle-vowel"),
        pytest.param("khuây", 3, 3, id="uay-middle-vowel"),
        pytest.param("tuôi", 2, 2, id="uoi-middle-vowel"),
        pytest.param("ngươi", 3, 3, id="uoi-horn-middle-vowel"),
        pytest.param("rươu", 2, 2, id="uou-horn-middle-vowel"),
        pytest.param("khuya", 3, 3, id="uya-middle-vowel"),
        pytest.param("khuyu", 3, 3, id="uyu-middle-vowel"),
        pytest.param("nguyên", 4, 4, id="uye-on-the-circumflex"),
        pytest.param("quyêt", 3, 3, id="qu-then-ye-on-the-circumflex"),
        pytest.param("qua", 2, 2, id="qu-then-single-vowel"),
        pytest.param("gia", 2, 2, id="gi-then-single-vowel"),
        pytest.param("gin", 1, 1, id="gin-tone-on-the-i"),
    ],
)
def test_tone_index_old_and_new(bare: str, old: int, new: int) -> None:
    syllable = parse(bare)
    assert syllable is not None
    assert (tone_index(syllable, "old"), tone_index(syllable, "new")) == (old, new)


@pytest.mark.parametrize(
    ("run", "style", "expected", "change"),
    [
        # misplaced: at neither convention's position
        pytest.param("ngòai", "old", "ngoài", "moved", id="misplaced-on-first-vowel-of-oai"),
        pytest.param("khỏan", "new", "khoản", "moved", id="misplaced-oa-with-coda"),
        pytest.param("tíêng", "old", "tiếng", "moved", id="misplaced-before-circumflex"),
        pytest.param("qủa", "old", "quả", "moved", id="misplaced-on-the-u-of-qu"),
        pytest.param("gĩa", "new", "giã", "moved", id="misplaced-on-the-i-of-gi"),
        pytest.param("chuỵên", "old", "chuyện", "moved", id="misplaced-in-uye"),
        pytest.param("rựơu", "old", "rượu", "moved", id="misplaced-in-uou-horn"),
        pytest.param("họăc", "old", "hoặc", "moved", id="misplaced-before-breve"),
        pytest.param("ngòai", "keep", "ngoài", "moved", id="keep-still-repairs-misplaced"),
        # convention: oa/oe/uy without a coda
        pytest.param("hoà", "old", "hòa", "style", id="oa-new-to-old"),
        pytest.param("xóa", "new", "xoá", "style", id="oa-old-to-new"),
        pytest.param("khoẻ", "old", "khỏe", "style", id="oe-new-to-old"),
        pytest.param("hòe", "new", "hoè", "style", id="oe-old-to-new"),
        pytest.param("tuỳ", "old", "tùy", "style", id="uy-new-to-old"),
        pytest.param("thủy", "new", "thuỷ", "style", id="uy-old-to-new"),
        pytest.param("hoà", "keep", "hoà", None, id="keep-leaves-new-style"),
        pytest.param("hòa", "keep", "hòa", None, id="keep-leaves-old-style"),
        pytest.param("hòa", "old", "hòa", None, id="already-old"),
        pytest.param("hoàng", "old", "hoàng", None, id="oa-with-coda-is-the-same-in-both"),
        # two tones
        pytest.param("hỏà", "old", "hỏà", "conflict", id="two-different-tones-left"),
        pytest.param("ngừới", "new", "ngừới", "conflict", id="two-different-tones-triphthong"),
        pytest.param("mùà", "old", "mùa", "moved", id="same-tone-twice-kept-once"),
        pytest.param("ngườì", "keep", "người", "moved", id="same-tone-twice-keep-style"),
        # case is kept letter by letter
        pytest.param("HOÀ", "old", "HÒA", "style", id="all-caps-style"),
        pytest.param("Uỷ", "old", "Ủy", "style", id="capital-u-takes-the-tone"),
        pytest.param("Thuý", "old", "Thúy", "style", id="title-case-name"),
        pytest.param("ĐAỌ", "old", "ĐẠO", "moved", id="all-caps-misplaced"),
        pytest.param("TÒAN", "new", "TOÀN", "moved", id="all-caps-misplaced-with-coda"),
        pytest.param("Ngừơi", "old", "Người", "moved", id="title-case-misplaced"),
        # not Vietnamese, or nothing to do
        pytest.param("café", "old", "café", None, id="cafe"),
        pytest.param("José", "old", "José", None, id="jose"),
        pytest.param("Hué", "old", "Hué", None, id="hue-french-spelling"),
        pytest.param("Mbappé", "old", "Mbappé", None, id="mbappe"),
        pytest.param("Đắk", "new", "Đắk", None, id="dak-lak-k-coda"),
        pytest.param("iPhòne", "old", "iPhòne", None, id="mixed-case-brand"),
        pytest.param("HoàBình", "old", "HoàBình", None, id="two-syllables-run-together"),
        pytest.param("Nguyen", "old", "Nguyen", None, id="no-tone"),
        pytest.param("gìn", "new", "gìn", None, id="gin-already-right"),
    ],
)
def test_retone(run: str, style: str, expected: str, change: str | None) -> None:
    assert retone(run, style) == (expected, change)


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        pytest.param("Nguyễn", True, id="toned-name"),
        pytest.param("NGƯỜI", True, id="all-caps"),
        pytest.param("gìn", True, id="gin"),
        pytest.param("quốc", True, id="qu"),
        pytest.param("ăn", True, id="no-onset"),
        pytest.param("Thanh", True, id="no-tone"),
        pytest.param("đaọ", True, id="misplaced-tone-still-a-syllable"),
        pytest.param("hỏà", False, id="two-tones"),
        pytest.param("café", False, id="french-word"),
        pytest.param("Sigurðsson", False, id="icelandic-name"),
        pytest.param("bank", False, id="english-word"),
        pytest.param("k", False, id="consonant-alone"),
        pytest.param("", False, id="empty"),
    ],
)
def test_is_syllable(run: str, expected: bool) -> None:
    assert is_syllable(run) is expected
