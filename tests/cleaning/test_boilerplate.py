"""Boilerplate rules, one snippet each: the block goes, the article stays, the removal is counted
under the rule's name. Then the look-alikes that are content and must stay."""

from __future__ import annotations

import pytest

from crawler.cleaning.boilerplate import RULES, Cleaned, Rule, strip_boilerplate
from crawler.cleaning.dom import parse_fragment, text_of

LEAD = "Sáng nay, thành phố khởi công tuyến đường ven sông dài gần tám cây số."
TAIL = "Dự kiến tuyến đường hoàn thành vào cuối năm sau."
# A body long enough (over 400 characters) for the guard against over-wide class matches.
LONG_BODY = (
    "Con đường mới sẽ nối khu dân cư phía bắc với trung tâm hành chính. "
    "Người dân trong vùng đã chờ công trình này suốt nhiều năm. "
    "Theo ban quản lý dự án, phần lớn mặt bằng đã được bàn giao đúng hẹn. "
    "Các hộ phải di dời được bố trí tái định cư ngay trong phường. "
    "Nhà thầu cam kết làm việc cả ngày lẫn đêm để kịp tiến độ. "
    "Trong thời gian thi công, xe tải nặng không được đi vào khu vực chợ. "
    "Chính quyền sẽ lắp thêm đèn chiếu sáng và trồng cây xanh dọc bờ kè."
)


def clean(
    snippet: str, site_noise: tuple[str, ...] = (), rules: tuple[Rule, ...] = RULES
) -> tuple[str, Cleaned]:
    """The snippet between two article paragraphs, cleaned; the text that is left."""
    cleaned = strip_boilerplate(
        f"<p>{LEAD}</p>{snippet}<p>{TAIL}</p>", site_noise=site_noise, rules=rules
    )
    return text_of(parse_fragment(cleaned.html)), cleaned


@pytest.mark.parametrize(
    ("snippet", "gone", "rule"),
    [
        # scripts
        pytest.param(
            '<script>window.box = "Khung quảng bá";</script>',
            "Khung quảng bá",
            "scripts",
            id="script-element",
        ),
        pytest.param(
            "<noscript>Bật JavaScript để xem video</noscript>",
            "Bật JavaScript",
            "scripts",
            id="noscript-element",
        ),
        # comments
        pytest.param(
            '<div class="box-comment"><h3>Bình luận</h3><p>Bài viết hay quá!</p></div>',
            "Bài viết hay quá",
            "comments",
            id="comment-class",
        ),
        pytest.param(
            "<div><h3>Ý kiến bạn đọc</h3><p>Mong đường sớm xong để đi làm đỡ kẹt xe.</p></div>",
            "đỡ kẹt xe",
            "comments",
            id="y-kien-ban-doc-comment-box",
        ),
        # feedback
        pytest.param(
            '<div class="binh-chon"><h3>Phản hồi</h3><form action="#">'
            "<p><label>Họ và tên</label> <input name='ten'></p>"
            "<p><label>Nội dung</label> <textarea></textarea></p></form></div>",
            "Họ và tên",
            "feedback",
            id="phan-hoi-feedback-form",
        ),
        pytest.param(
            '<div class="box-phanhoi"><p>Gửi góp ý cho tòa soạn</p></div>',
            "Gửi góp ý",
            "feedback",
            id="feedback-class",
        ),
        # related_news
        pytest.param(
            '<div class="box"><h3>Các tin khác</h3><ul>'
            '<li><a href="/a">Mở rộng cầu qua sông</a> <span>(12/5)</span></li>'
            '<li><a href="/b">Làm mới chợ trung tâm</a> <span>(10/5)</span></li></ul></div>',
            "Mở rộng cầu",
            "related_news",
            id="cac-tin-khac-list",
        ),
        pytest.param(
            "<section><h4>Tin cùng chuyên mục</h4><ul>"
            '<li><a href="/c">Thêm tuyến xe buýt mới</a></li>'
            '<li><a href="/d">Sửa đường ngập nước</a></li></ul></section>',
            "Thêm tuyến xe buýt",
            "related_news",
            id="tin-cung-chuyen-muc-list",
        ),
        pytest.param(  # a template's indentation: longer than a heading, but only in spaces
            "<section><h4>\n" + " " * 40 + "Tin cùng chuyên mục\n" + " " * 36 + "</h4><ul>"
            '<li><a href="/c">Thêm tuyến xe buýt mới</a></li>'
            '<li><a href="/d">Sửa đường ngập nước</a></li></ul></section>',
            "Thêm tuyến xe buýt",
            "related_news",
            id="heading-indented-in-the-markup",
        ),
        pytest.param(
            "<p><strong>Tin liên quan</strong></p>"
            '<p><a href="/e">Giá đất ven sông tăng nhanh</a></p>'
            '<p><a href="/f">Bờ kè mới chống sạt lở</a></p>',
            "Bờ kè mới",
            "related_news",
            id="tin-lien-quan-lone-heading-then-link-paragraphs",
        ),
        pytest.param(
            '<p><strong>Xem thêm:</strong> <a href="/g">Hà Nội cấm xe tải giờ cao điểm</a></p>',
            "cấm xe tải",
            "related_news",
            id="xem-them-lead-in-paragraph",
        ),
        pytest.param(
            '<div class="box-tinlienquanv2"><a href="/h">Khánh thành cầu mới</a></div>',
            "Khánh thành",
            "related_news",
            id="long-rule-word-inside-class-name",
        ),
        pytest.param(
            '<p><b>TIN LIÊN QUAN:</b></p><ul><li><a href="/o">Cầu tạm được tháo dỡ</a></li></ul>',
            "Cầu tạm",
            "related_news",
            id="heading-in-capitals-with-colon",
        ),
        pytest.param(
            '<div><span>» Đọc thêm</span> <a href="/p">Phố cổ cấm xe máy</a></div>',
            "Phố cổ",
            "related_news",
            id="heading-with-leading-guillemet",
        ),
        # related_news: another story's card set in the text
        pytest.param(
            '<a href="/cau-song-han-123.htm">'
            "<h3>Cầu mới qua sông Hàn sẽ khởi công tháng tới</h3></a>",
            "Cầu mới qua sông Hàn",
            "related_news",
            id="link-around-a-heading",
        ),
        pytest.param(
            '<div class="inline-news"><a href="/cau-song-han-123.htm"><img src="/cau.jpg">'
            "<h3>Cầu mới qua sông Hàn sẽ khởi công</h3><p>Cây cầu dài gần một cây số.</p>"
            "</a></div>",
            "một cây số",
            "related_news",
            id="card-with-picture-and-summary-inside-the-link",
        ),
        pytest.param(
            '<table class="article"><tbody><tr><td><a href="/cau-song-han-123.htm">'
            "<h3>Cầu mới qua sông Hàn sẽ khởi công</h3></a></td></tr></tbody></table>",
            "Cầu mới qua sông Hàn",
            "related_news",
            id="card-in-a-table-insert",
        ),
        pytest.param(
            '<div class="tin-chen"><a href="/cau-song-han-123.htm"><img src="/cau.jpg"></a>'
            '<a href="/cau-song-han-123.htm"><h4>Cầu mới qua sông Hàn sẽ khởi công</h4></a></div>',
            "Cầu mới qua sông Hàn",
            "related_news",
            id="picture-link-beside-the-headline-link",
        ),
        pytest.param(
            '<div class="tin-chen"><article class="horizontalPost">'
            '<a href="/cau-song-han-123.htm"><img src="/cau.jpg"></a>'
            '<div><h3><a href="/cau-song-han-123.htm">Cầu mới qua sông Hàn sẽ khởi công</a></h3>'
            "</div></article></div>",
            "Cầu mới qua sông Hàn",
            "related_news",
            id="heading-wrapping-its-link-beside-a-thumbnail",
        ),
        # related_news: a paragraph that is one link to another story
        pytest.param(
            '<p>&gt;&gt; <a href="/nong-dan-say-nam-123.html">Ông nông dân sấy nấm bằng lò tự'
            " chế</a></p>",
            "Ông nông dân sấy nấm",
            "related_news",
            id="arrow-and-a-story-link-alone-in-a-paragraph",
        ),
        pytest.param(
            '<p>» Xem thêm: <a href="/cau-moi-456.html">Cầu mới qua sông Hàn sẽ khởi công</a></p>',
            "Cầu mới qua sông Hàn",
            "related_news",
            id="xem-them-and-a-story-link-alone-in-a-paragraph",
        ),
        # sidebar
        pytest.param(
            '<div class="box"><h3>Mới nhất</h3><ul>'
            '<li><a href="/i">Mưa lớn ở miền Trung</a></li>'
            '<li><a href="/j">Giá vàng giảm nhẹ</a></li></ul></div>',
            "Mưa lớn",
            "sidebar",
            id="moi-nhat-box",
        ),
        pytest.param(
            '<div class="box"><h3>Xem nhiều nhất</h3><ol>'
            '<li><a href="/k">Lịch nghỉ lễ năm nay</a></li>'
            '<li><a href="/l">Điểm chuẩn đại học</a></li></ol></div>',
            "Lịch nghỉ lễ",
            "sidebar",
            id="xem-nhieu-nhat-box",
        ),
        pytest.param(
            "<aside><p>Chuyên trang du lịch mùa hè</p></aside>",
            "Chuyên trang du lịch",
            "sidebar",
            id="aside-element",
        ),
        # share
        pytest.param(
            '<div class="social-share"><a href="#">Facebook</a> <a href="#">Zalo</a></div>',
            "Zalo",
            "share",
            id="share-class",
        ),
        pytest.param(
            '<div class="content-share-wrapper"><a href="#">Facebook</a> <span>In bài</span></div>',
            "Facebook",
            "share",
            id="share-wrapper-around-buttons-only",
        ),
        # ads
        pytest.param(
            '<div class="banner-qc"><a href="/ad"><img src="/ad.jpg"></a>'
            "<p>Ưu đãi mùa hè</p></div>",
            "Ưu đãi mùa hè",
            "ads",
            id="ad-class",
        ),
        pytest.param(
            '<div class="box-promo-online"><p><i>Đón xem bản tin thời tiết sau chương trình'
            " Thời sự 19h trên VTV1.</i></p></div>",
            "Đón xem bản tin thời tiết",
            "ads",
            id="promo-class",
        ),
        pytest.param(
            "<div><p>Nội dung tài trợ</p><p>Căn hộ ven sông giá tốt</p></div>",
            "Căn hộ ven sông",
            "ads",
            id="noi-dung-tai-tro-heading",
        ),
        # pagination
        pytest.param(
            '<p class="next-page"><em>Mời quý độc giả xem tiếp trang 2: La bàn</em></p>',
            "xem tiếp trang 2",
            "pagination",
            id="next-page-class",
        ),
        pytest.param(
            "<p>Mời bạn đọc xem tiếp phần 2 vào số báo ngày mai.</p>",
            "xem tiếp phần 2",
            "pagination",
            id="continued-on-the-next-part",
        ),
        pytest.param(
            "<p><b>XEM TIẾP KỲ 3: Những chuyến đò cuối năm</b></p>",
            "Những chuyến đò cuối năm",
            "pagination",
            id="continued-in-capitals",
        ),
        pytest.param(
            "<p>Đoàn khảo sát tiếp tục đi dọc bờ sông.</p><p>Đọc tiếp Phần 2: Người giữ đò</p>",
            "Người giữ đò",
            "pagination",
            id="continued-after-another-tiep",
        ),
        # embeds
        pytest.param(
            '<blockquote class="twitter-tweet"><p lang="en">Pre-orders open today.</p>'
            '&mdash; Vexa (@vexa) <a href="https://twitter.com/vexa/status/1">March 16</a>'
            "</blockquote>",
            "Pre-orders open today",
            "embeds",
            id="embedded-tweet",
        ),
        # tags
        pytest.param(
            '<div class="tag-list"><a href="/t/1">giao thông</a> <a href="/t/2">đô thị</a></div>',
            "đô thị",
            "tags",
            id="tag-class",
        ),
        pytest.param(
            '<div><strong>Từ khóa:</strong> <a href="/t/3">bờ kè</a>, <a href="/t/4">ven sông</a>'
            "</div>",
            "bờ kè",
            "tags",
            id="tu-khoa-heading",
        ),
        # newsletter
        pytest.param(
            '<div class="newsletter-box"><p>Nhận tin nóng mỗi sáng</p></div>',
            "Nhận tin nóng",
            "newsletter",
            id="newsletter-class",
        ),
        pytest.param(
            "<div><h4>Đăng ký nhận bản tin</h4><p>Mỗi sáng một thư tóm tắt</p></div>",
            "thư tóm tắt",
            "newsletter",
            id="dang-ky-nhan-ban-tin-heading",
        ),
        pytest.param(
            "<div><h3>Ý kiến bạn đọc (3)</h3><p>Mong thành phố sớm làm cầu mới.</p></div>",
            "sớm làm cầu",
            "comments",
            id="comment-heading-with-count",
        ),
        # link density: no class, no heading, just links
        pytest.param(
            '<ul><li><a href="/m">Chợ đêm mở cửa lại</a></li>'
            '<li><a href="/n">Phố đi bộ cuối tuần</a></li></ul>',
            "Chợ đêm",
            "link_density",
            id="bare-link-list",
        ),
        pytest.param(
            '<div><a href="/m"><img src="/m.jpg"></a><a href="/m">Chợ đêm mở cửa lại</a>'
            '<a href="/n">Phố đi bộ cuối tuần</a></div>',
            "Chợ đêm",
            "link_density",
            id="linked-thumbnails-are-no-article-picture",
        ),
    ],
)
def test_rule_removes_its_block(snippet: str, gone: str, rule: str) -> None:
    text, cleaned = clean(snippet)
    assert gone not in text
    assert LEAD in text and TAIL in text
    assert cleaned.removed[rule] == 1


def test_site_noise_selector_removes_its_block() -> None:
    text, cleaned = clean(
        '<div class="box-promo"><p>Mua báo giấy giảm giá</p></div>', site_noise=("div.box-promo",)
    )
    assert "Mua báo giấy" not in text
    assert LEAD in text and TAIL in text
    assert cleaned.removed["site_noise"] == 1


@pytest.mark.parametrize(
    ("snippet", "kept"),
    [
        pytest.param(
            "<h3>Ý kiến</h3><p>Theo tôi, làm đường ven sông là việc nên làm từ lâu.</p>",
            "Theo tôi, làm đường ven sông",
            id="y-kien-opinion-heading-is-content",
        ),
        pytest.param(
            '<div><p>Theo <a href="/so-gtvt">Sở Giao thông</a>, tuyến đường sẽ có bốn làn xe và '
            'một làn dành cho <a href="/xe-dap">xe đạp</a> ở hai bên.</p></div>',
            "tuyến đường sẽ có bốn làn xe",
            id="inline-links-in-running-text",
        ),
        pytest.param(
            f'<div class="content-share-wrapper"><p>{LONG_BODY}</p></div>',
            LONG_BODY,
            id="share-class-wrapping-whole-body-is-guarded",
        ),
        pytest.param(
            '<p>Chi tiết xem <a href="/van-ban.pdf">tại đây</a>.</p>',
            "Chi tiết xem",
            id="short-link-in-a-sentence",
        ),
        pytest.param(
            '<p><a href="/quyet-dinh.pdf">Toàn văn Quyết định số 12/QĐ-UBND</a> của tỉnh.</p>',
            "Toàn văn Quyết định",
            id="link-with-words-of-the-paragraph-beside-it",
        ),
        pytest.param(
            "<p>Người dân có thể xem thêm thông tin về dự án trên cổng dịch vụ công.</p>",
            "xem thêm thông tin",
            id="xem-them-mid-sentence",
        ),
        pytest.param(
            "<p>Bạn đọc có thể <strong>xem thêm</strong> bản đồ tuyến đường của quận.</p>",
            "bản đồ tuyến đường",
            id="bold-xem-them-mid-sentence",
        ),
        pytest.param(
            "<h2>Bình luận của chuyên gia về quy hoạch ven sông</h2>"
            "<p>Ông Nam cho rằng cần thêm cây.</p>",
            "Bình luận của chuyên gia",
            id="heading-word-starts-a-longer-heading",
        ),
        pytest.param(
            '<a name="vi-sao"><h2>Vì sao phải làm đường ven sông</h2></a>'
            "<p>Đoạn sông này sạt lở nặng mỗi mùa mưa.</p>",
            "Vì sao phải làm đường ven sông",
            id="named-anchor-around-a-subheading",
        ),
    ],
)
def test_content_that_looks_like_boilerplate_stays(snippet: str, kept: str) -> None:
    text, cleaned = clean(snippet)
    assert kept in text
    assert not cleaned.removed


def test_heading_link_beside_running_text_goes_alone() -> None:
    running = "Theo sở Giao thông, cây cầu mới sẽ giảm tải cho hai cầu cũ vào giờ cao điểm."
    text, cleaned = clean(
        '<div><a href="/cau-song-han-123.htm"><h3>Cầu mới qua sông Hàn</h3></a>'
        f"<p>{running}</p></div>"
    )
    assert "Cầu mới qua sông Hàn" not in text
    assert running in text
    assert cleaned.removed == {"related_news": 1}


SHARE_AND_COMMENT = (
    '<div class="share comment"><a href="#">Facebook</a> <p>Gửi bình luận của bạn</p></div>'
)


@pytest.mark.parametrize(
    ("snippet", "rules", "counted"),
    [
        pytest.param(
            SHARE_AND_COMMENT,
            RULES,
            {"comments": 1},
            id="class-words-of-two-rules-count-under-the-first",
        ),
        pytest.param(
            SHARE_AND_COMMENT,
            tuple(reversed(RULES)),
            {"share": 1},
            id="rules-in-reverse-count-under-the-other",
        ),
        pytest.param(
            '<div class="box-share"><h3>Bình luận</h3><p>Bài viết hay quá!</p></div>',
            RULES,
            {"comments": 1},
            id="earlier-rule-by-heading-takes-the-later-rules-block",
        ),
        pytest.param(
            '<div class="tags"><ins class="adsbygoogle"></ins><a href="/t/1">giao thông</a></div>',
            RULES,
            {"ads": 1, "tags": 1},
            id="block-inside-another-rules-block-counts-for-its-own-rule",
        ),
        pytest.param(
            "<div><h3>Ý kiến bạn đọc <button>Gửi ý kiến</button></h3>"
            "<p>Mong đường sớm xong để đi làm đỡ kẹt xe.</p></div>",
            RULES,
            {"scripts": 1, "comments": 1},
            id="heading-read-after-an-earlier-rule-removed-its-button",
        ),
        pytest.param(
            '<div><h3><span class="title">Ý kiến bạn đọc <b><button>Gửi</button></b></span></h3>'
            "<p>Mong đường sớm xong để đi làm đỡ kẹt xe.</p></div>",
            RULES,
            {"scripts": 1, "comments": 1},
            id="heading-read-without-a-button-held-deeper-down",
        ),
    ],
)
def test_rules_count_in_rule_order(
    snippet: str, rules: tuple[Rule, ...], counted: dict[str, int]
) -> None:
    text, cleaned = clean(snippet, rules=rules)
    assert LEAD in text and TAIL in text
    assert cleaned.removed == counted
