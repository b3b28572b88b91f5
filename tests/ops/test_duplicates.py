"""Near-duplicates: syndicated copies are linked, other articles about the same event are not."""

from __future__ import annotations

import sqlite3
import zlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.duplicates import (
    BUCKET_CAP,
    NUM_PERM,
    SEED,
    Checked,
    Match,
    NearDuplicateIndex,
    Signer,
    _SQLiteStore,
    cluster_id,
    shingles,
    similarity,
)
from crawler.items import Article
from crawler.pipelines.duplicates import NearDuplicate, NearDuplicatePipeline
from crawler.text import search_key

# A story as an agency sends it, four paragraphs.
STORY = [
    "Sáng 12-11, Ủy ban nhân dân tỉnh Bình Hòa tổ chức hội nghị tổng kết năm học và triển khai"
    " nhiệm vụ đổi mới chương trình giáo dục phổ thông tại hội trường trung tâm hội nghị tỉnh.",
    "Báo cáo tại hội nghị cho biết, toàn tỉnh hiện có hơn 480 trường học với gần 260.000 học"
    " sinh, tỷ lệ phòng học kiên cố đạt 86%, tăng 5 điểm phần trăm so với năm học trước.",
    "Phát biểu chỉ đạo, Phó Chủ tịch tỉnh đề nghị ngành giáo dục tập trung bồi dưỡng đội ngũ giáo"
    " viên, rà soát cơ sở vật chất và bảo đảm đủ sách giáo khoa cho học sinh vùng khó khăn.",
    "Dịp này, 35 tập thể và 62 cá nhân có thành tích xuất sắc trong năm học được tặng bằng khen"
    " của Chủ tịch Ủy ban nhân dân tỉnh, trong đó có nhiều giáo viên ở các xã miền núi.",
]
EXTRA = (
    "Phụ huynh có thể tra cứu kế hoạch năm học mới trên cổng thông tin của Sở Giáo dục và Đào"
    " tạo hoặc liên hệ trực tiếp với nhà trường nơi con em mình đang theo học."
)
# Another paper's own report of the same conference: the same names and figures, its own words.
SAME_EVENT = [
    "Hội nghị tổng kết năm học của tỉnh Bình Hòa diễn ra trong sáng 12-11 với sự tham dự của"
    " lãnh đạo tỉnh, Sở Giáo dục và Đào tạo cùng đại diện các phòng giáo dục cấp huyện.",
    "Theo số liệu được công bố, tỉnh có 480 trường và khoảng 260.000 em đang đi học; số phòng"
    " học kiên cố chiếm 86%, cao hơn năm ngoái nhưng vẫn thấp ở các huyện miền núi phía tây.",
    "Nhiều ý kiến tại hội nghị lo ngại tình trạng thiếu giáo viên tiếng Anh và tin học, nhất là"
    " ở bậc tiểu học, khi chương trình mới đòi hỏi dạy hai môn này từ lớp ba.",
    "Lãnh đạo tỉnh yêu cầu ngành giáo dục sớm có phương án tuyển dụng, đồng thời khen thưởng 35"
    " tập thể và 62 cá nhân tiêu biểu trong phong trào thi đua dạy tốt, học tốt.",
]
OTHER = [
    "Tuyến đường liên xã dài 12 km nối trung tâm huyện với các thôn vùng cao vừa được đưa vào sử"
    " dụng sau hơn một năm thi công, giúp người dân đi lại thuận tiện trong mùa mưa.",
    "Theo ban quản lý dự án, công trình có tổng vốn 48 tỷ đồng, mặt đường rộng 6,5 m, hai bên có"
    " rãnh thoát nước và hệ thống cọc tiêu, biển báo được lắp đặt đầy đủ.",
]


def key(paragraphs: list[str]) -> str:
    return search_key("\n\n".join(paragraphs))


@pytest.fixture(params=["memory", "sqlite"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> NearDuplicateIndex:
    """Both stores: one run's in memory, and the file crawls share."""
    path = "" if request.param == "memory" else tmp_path / "index.sqlite"
    return NearDuplicateIndex(path, Signer(0.5))


def test_shingles_are_five_word_runs_with_stable_hashes() -> None:
    text = " ".join(f"tu{n}" for n in range(400))
    runs = []
    words = text.encode().split()
    for start in range(len(words) - 4):  # each run: a polynomial of its words' CRC-32s
        value = 0
        for word in words[start : start + 5]:
            value = (value * 1_000_003 + zlib.crc32(word)) & 0xFFFFFFFF
        runs.append(value)
    # crc32-based: the same on every run and machine, so stored signatures stay comparable;
    # the quarter kept is the runs whose bits 7 and 8 are clear
    assert shingles(text).tolist() == [r for r in runs if not r & 0x180]
    assert 60 < len(shingles(text)) < 140
    assert len(shingles("mot hai")) == 1  # shorter than a run: one run of all its words
    assert shingles("").size == 0


@pytest.mark.parametrize(
    ("copy", "linked"),
    [
        pytest.param(STORY, True, id="verbatim-copy"),
        pytest.param([*STORY, EXTRA], True, id="copy-with-an-extra-paragraph"),
        pytest.param([*STORY[:3], STORY[3].replace("62 cá nhân", "sáu mươi hai cá nhân")], True,
                     id="copy-with-an-edited-sentence"),
        pytest.param(SAME_EVENT, False, id="another-article-about-the-same-event"),
        pytest.param(OTHER, False, id="an-unrelated-article"),
    ],
)  # fmt: skip
def test_syndicated_copies_are_linked_and_other_articles_are_not(
    index: NearDuplicateIndex, copy: list[str], linked: bool
) -> None:
    first = index.add("https://a.vn/tin-1.html", key(STORY), "2026-11-12T09:00:00+07:00")
    assert first.duplicate_of is None and first.cluster_id == cluster_id("https://a.vn/tin-1.html")
    second = index.add("https://b.vn/bai-9.html", key(copy), "2026-11-12T11:30:00+07:00")
    if linked:
        assert second.duplicate_of == "https://a.vn/tin-1.html"
        assert second.cluster_id == first.cluster_id and second.similarity >= 0.5
    else:
        assert second.duplicate_of is None and second.cluster_id != first.cluster_id


def test_the_similarity_estimate_follows_the_share_of_common_runs() -> None:
    signer = Signer(0.5)
    copy = similarity(signer.signature(key(STORY)), signer.signature(key([*STORY, EXTRA])))
    other = similarity(signer.signature(key(STORY)), signer.signature(key(SAME_EVENT)))
    assert copy > 0.6 and other < 0.1  # the threshold, 0.5, between them


def test_duplicate_of_names_the_earliest_published_record(index: NearDuplicateIndex) -> None:
    # the copy is crawled first; the original, published earlier, comes later
    copy = index.add("https://b.vn/bai-9.html", key([*STORY, EXTRA]), "2026-11-12T11:30:00+07:00")
    original = index.add("https://a.vn/tin-1.html", key(STORY), "2026-11-12T09:00:00+07:00")
    assert copy.duplicate_of is None  # exported before the original was known
    assert original.duplicate_of is None  # it is the earliest of its cluster
    assert original.cluster_id == copy.cluster_id  # what links them
    third = index.add("https://c.vn/x-3.html", key(STORY), "2026-11-13T08:00:00+07:00")
    assert third.duplicate_of == "https://a.vn/tin-1.html" and third.cluster_id == copy.cluster_id


def test_a_record_exported_again_keeps_its_cluster(index: NearDuplicateIndex) -> None:
    first = index.add("https://a.vn/tin-1.html", key(STORY), "2026-11-12T09:00:00+07:00")
    again = index.add("https://a.vn/tin-1.html", key([*STORY, EXTRA]), "2026-11-12T09:00:00+07:00")
    assert again.cluster_id == first.cluster_id and again.duplicate_of is None
    assert len(index) == 1


def test_the_index_outlives_the_run(tmp_path: Path) -> None:
    path = tmp_path / "duplicates.sqlite"
    first = NearDuplicateIndex(path, Signer(0.5))
    first.add("https://a.vn/tin-1.html", key(STORY), "2026-11-12T09:00:00+07:00")
    first.close()
    later = NearDuplicateIndex(path, Signer(0.5))
    match = later.add("https://b.vn/bai-9.html", key(STORY), "2026-11-14T09:00:00+07:00")
    assert match.duplicate_of == "https://a.vn/tin-1.html"


def test_a_crawl_sharing_the_file_sees_another_s_records_once_their_group_is_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "duplicates.sqlite"
    clock = [100.0]
    monkeypatch.setattr("crawler.duplicates.time.monotonic", lambda: clock[0])
    writer, reader = NearDuplicateIndex(path, Signer(0.5)), NearDuplicateIndex(path, Signer(0.5))
    writer.add("https://a.vn/tin-1.html", key(STORY), "2026-11-12T09:00:00+07:00")
    assert len(reader) == 0  # the group is open: the other crawl neither sees it nor waits
    clock[0] += 0.5
    writer.flush()
    assert len(reader) == 0
    clock[0] += 0.5  # a second after the group began, flush commits it
    writer.flush()
    assert len(reader) == 1
    match = reader.add("https://b.vn/bai-9.html", key(STORY), "2026-11-14T09:00:00+07:00")
    assert match.duplicate_of == "https://a.vn/tin-1.html"
    reader.close()
    writer.close()


def test_a_text_another_crawl_changed_is_compared_as_changed(tmp_path: Path) -> None:
    # the reading crawl keeps the signatures it read; another crawl's commit makes it read again
    path = tmp_path / "duplicates.sqlite"
    writer = NearDuplicateIndex(path, Signer(0.5))
    writer.add("https://a.vn/tin-1.html", key(STORY), None)
    writer.store.flush()
    writer.close()
    reader = NearDuplicateIndex(path, Signer(0.5))
    assert reader.check("https://b.vn/bai-1.html", key(STORY), None).match.similarity == 1.0
    writer = NearDuplicateIndex(path, Signer(0.5))
    # exported again with a paragraph added: a candidate still, no longer the same text
    writer.add("https://a.vn/tin-1.html", key([*STORY, EXTRA, *OTHER]), None)
    writer.close()
    assert reader.check("https://b.vn/bai-2.html", key(STORY), None).match.similarity < 1.0
    reader.close()


def test_an_index_file_from_before_the_key_tree_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "duplicates.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE records (id INTEGER PRIMARY KEY, url TEXT UNIQUE NOT NULL,"
        " cluster TEXT NOT NULL, published_at TEXT, signature BLOB NOT NULL);"
        "CREATE INDEX records_cluster ON records (cluster);"
        "CREATE TABLE bands (key INTEGER NOT NULL, record INTEGER NOT NULL);"
        "CREATE INDEX bands_key ON bands (key, record);"
    )
    signer = Signer(0.5)
    signature = signer.signature(key(STORY))
    old.execute(
        "INSERT INTO records VALUES (1, 'https://a.vn/tin-1.html', 'c1', NULL, ?)",
        (signature.astype("<u4").tobytes(),),
    )
    old.executemany("INSERT INTO bands VALUES (?, 1)", [(k,) for k in signer.band_keys(signature)])
    old.commit()
    old.close()
    index = NearDuplicateIndex(path, signer)
    match = index.add("https://b.vn/bai-9.html", key(STORY), None)
    assert (match.cluster_id, match.duplicate_of) == ("c1", "https://a.vn/tin-1.html")
    index.close()
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    assert {name for (name,) in tables} == {"records", "record_bands"}


def test_a_record_exported_again_replaces_its_band_keys(tmp_path: Path) -> None:
    path = tmp_path / "duplicates.sqlite"
    index = NearDuplicateIndex(path, Signer(0.5))
    index.add("https://a.vn/tin-1.html", key(STORY), None)
    index.add("https://a.vn/tin-1.html", key(OTHER), None)  # the page changed
    index.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM record_bands").fetchone()[0] == 15
    again = NearDuplicateIndex(path, Signer(0.5))
    assert again.check("https://b.vn/bai-1.html", key(STORY), None).match.similarity == 0.0
    again.close()


def test_the_signature_cache_changes_no_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a cache of four records, halved again and again, against the index in memory
    monkeypatch.setattr(_SQLiteStore, "CACHE_SIZE", 4)
    cached = NearDuplicateIndex(tmp_path / "duplicates.sqlite", Signer(0.5))
    memory = NearDuplicateIndex("", Signer(0.5))
    texts = [STORY, SAME_EVENT, OTHER, [*STORY, EXTRA], STORY[1:], [*OTHER, EXTRA], SAME_EVENT[:3]]
    for n in range(30):
        text = [*texts[n % len(texts)], f"Cập nhật lần thứ {n // len(texts)}."]
        url = f"https://{'abc'[n % 3]}.vn/{n}.html"
        assert cached.add(url, key(text), None) == memory.add(url, key(text), None)
    assert len(cached.store._cache) <= 4  # type: ignore[union-attr]
    cached.close()


def test_a_full_group_is_committed_at_once(tmp_path: Path) -> None:
    path = tmp_path / "duplicates.sqlite"
    writer, reader = NearDuplicateIndex(path, Signer(0.5)), NearDuplicateIndex(path, Signer(0.5))
    group = _SQLiteStore.COMMIT_RECORDS
    for n in range(group + 1):
        writer.add(f"https://a.vn/{n}.html", key([*OTHER, f"Bản tin số {n} trong ngày."]), None)
    assert len(reader) == group
    writer.close()  # closing commits the rest
    assert len(reader) == group + 1
    reader.close()


def test_a_crawl_holds_the_write_lock_only_while_it_writes(tmp_path: Path) -> None:
    # crawls sharing the file wait for the lock in their event loop: none may keep it between
    # records, or the others starve (three distributed workers froze for seconds)
    path = tmp_path / "duplicates.sqlite"
    index = NearDuplicateIndex(path, Signer(0.5))
    index.add("https://a.vn/tin-1.html", key(STORY), None)  # in an unwritten group
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # would raise "database is locked" if it were held
    other.execute("COMMIT")
    other.close()
    index.close()


def test_a_url_two_crawls_wrote_is_one_record(tmp_path: Path) -> None:
    path = tmp_path / "duplicates.sqlite"
    first, second = NearDuplicateIndex(path, Signer(0.5)), NearDuplicateIndex(path, Signer(0.5))
    # both check the page before either has written it; the second read a newer version
    checked = first.check("https://a.vn/tin-1.html", key(STORY), None)
    newer = second.check("https://a.vn/tin-1.html", key(OTHER), None)
    first.record(checked)
    first.close()
    second.record(newer)
    second.close()  # the URL was written meanwhile: updated, not refused
    again = NearDuplicateIndex(path, Signer(0.5))
    assert len(again) == 1
    assert again.check("https://b.vn/bai-1.html", key(OTHER), None).match.similarity == 1.0
    # the first crawl's band keys went with its version
    assert again.check("https://b.vn/bai-1.html", key(STORY), None).match.similarity == 0.0
    again.close()
    assert sqlite3.connect(path).execute("SELECT count(*) FROM record_bands").fetchone()[0] == 15


def article(url: str, paragraphs: list[str], published: str) -> Article:
    text = "\n\n".join(paragraphs)
    return Article(
        url=url, canonical_url=url, title="Tổng kết năm học", summary="Tin ngắn.",
        published_at=published, search_key=search_key(f"Tổng kết năm học\n\nTin ngắn.\n\n{text}"),
    ).with_paragraphs(paragraphs)  # fmt: skip


def pipeline(**settings: object) -> NearDuplicatePipeline:
    crawler = get_crawler(settings_dict={"NEWS_DUPLICATES_PATH": "", **settings})
    return NearDuplicatePipeline.from_crawler(crawler)


def test_mark_mode_links_the_copy_and_counts_it() -> None:
    pipe = pipeline()
    first = pipe.process_item(article("https://a.vn/1.html", STORY, "2026-11-12T09:00:00+07:00"))
    copy = pipe.process_item(article("https://b.vn/2.html", STORY, "2026-11-12T10:00:00+07:00"))
    assert first.duplicate_of is None and first.cluster_id
    assert copy.duplicate_of == "https://a.vn/1.html" and copy.cluster_id == first.cluster_id
    assert pipe.stats.get_value("duplicates/linked") == 1


def test_drop_mode_drops_the_copy_by_name_and_keeps_the_original() -> None:
    pipe = pipeline(NEWS_DUPLICATES="drop")
    pipe.process_item(article("https://a.vn/1.html", STORY, "2026-11-12T09:00:00+07:00"))
    with pytest.raises(NearDuplicate, match=r"near_duplicate: https://b\.vn/2\.html"):
        pipe.process_item(article("https://b.vn/2.html", STORY, "2026-11-12T10:00:00+07:00"))
    assert len(pipe.index) == 1  # the dropped copy is not recorded


def test_the_title_and_sapo_are_left_out_of_the_comparison() -> None:
    pipe = pipeline()
    pipe.process_item(article("https://a.vn/1.html", STORY, "2026-11-12T09:00:00+07:00"))
    retitled = article("https://b.vn/2.html", STORY, "2026-11-12T10:00:00+07:00")
    retitled = replace(retitled, title="Bình Hòa khen thưởng 97 tập thể, cá nhân ngành giáo dục")
    assert pipe.process_item(retitled).duplicate_of == "https://a.vn/1.html"


def test_a_failing_index_leaves_the_record_unlinked_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linking = pipeline(NEWS_DUPLICATES_PATH=str(tmp_path / "duplicates.sqlite"))

    def locked(*args: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(linking.index.store, "find", locked)
    item = linking.process_item(article("https://a.vn/tin-1.html", STORY, "2026-11-12"))
    assert item.cluster_id == cluster_id("https://a.vn/tin-1.html") and item.duplicate_of is None
    assert linking.stats.get_value("duplicates/index_error") == 1
    linking.close_spider()


def test_modes_and_thresholds_are_checked() -> None:
    with pytest.raises(NotConfigured):
        pipeline(NEWS_DUPLICATES="off")
    with pytest.raises(ValueError, match="NEWS_DUPLICATES must be one of"):
        pipeline(NEWS_DUPLICATES="merge")
    with pytest.raises(ValueError, match="NEWS_DUPLICATES_THRESHOLD"):
        pipeline(NEWS_DUPLICATES_THRESHOLD=1.5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["mưa", "lũ", "Huế", "đê", "xã", "tin", "12", "bão"]), max_size=40))
def test_signatures_are_datasketch_minhashes(words: list[str]) -> None:
    # computed in array steps, they must stay datasketch's, value for value: signatures stored
    # by earlier runs are compared with this run's
    signer = Signer(0.5)
    text = key([" ".join(words)])
    reference = MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        hashfunc=int,
        permutations=MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations,
        scheme="affine32",
    )
    reference.update_batch(shingles(text).tolist())
    assert signer.signature(text).tolist() == reference.hashvalues.tolist()


def test_signatures_have_one_value_per_permutation() -> None:
    signer = Signer(0.5)
    signature = signer.signature(key(STORY))
    assert signature.dtype == np.uint32 and len(signature) == 64
    assert len(signer.band_keys(signature)) == signer.bands == 15


def test_a_band_value_many_records_share_compares_only_the_most_recent(
    index: NearDuplicateIndex,
) -> None:
    signature = np.zeros(64, dtype=np.uint32)
    for n in range(BUCKET_CAP + 8):  # every record in the hot bucket 7, each also in its own
        url = f"https://a.vn/{n}.html"
        checked = Checked(
            url, None, signature, [7, 1000 + n], Match(cluster_id(url), None, 0.0), None
        )
        index.record(checked)
    hot, signatures = index.store.candidates([7])
    assert signatures.shape == (BUCKET_CAP, 64)
    assert hot == [cluster_id(f"https://a.vn/{n}.html") for n in range(8, BUCKET_CAP + 8)]
    # an old record is still found through a band it shares with few others
    clusters, _ = index.store.candidates([7, 1000])
    assert clusters[0] == cluster_id("https://a.vn/0.html")
