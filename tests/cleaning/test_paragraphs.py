"""Paragraph building: pictures leave the text with their captions, and the rest is cut into the
blocks a reader sees (lines, headings, list items, table rows), with alignment and bold noted."""

from __future__ import annotations

import pytest

from crawler.cleaning.paragraphs import Block, Picture, build_paragraphs, caption_credit

BASE = "https://bao.example.vn/thoi-su/bai-viet-1.html"
LEAD = "Chợ quê những ngày cuối năm đông vui hơn thường lệ."
TAIL = "Nhiều người mua hoa về bày trong nhà đón Tết."
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("picture_html", "picture"),
    [
        pytest.param(
            '<figure><img src="https://anh.example.vn/cho.jpg">'
            "<figcaption>Người bán hoa đào bên đường. Ảnh: Võ Hải</figcaption></figure>",
            Picture(
                "https://anh.example.vn/cho.jpg",
                "Người bán hoa đào bên đường. Ảnh: Võ Hải",
                "Võ Hải",
            ),
            id="figure-figcaption",
        ),
        pytest.param(
            '<table class="tplCaption" align="center"><tbody>'
            '<tr><td><img src="https://anh.example.vn/cau.jpg" alt=""></td></tr>'
            '<tr><td><p class="Image">Cây cầu mới bắc qua sông. Ảnh: <em>Lê Vy</em></p></td></tr>'
            "</tbody></table>",
            Picture(
                "https://anh.example.vn/cau.jpg", "Cây cầu mới bắc qua sông. Ảnh: Lê Vy", "Lê Vy"
            ),
            id="vnexpress-caption-table",
        ),
        pytest.param(
            '<table><tr><td><img src="/images/cau.jpg"></td></tr>'
            "<tr><td>Cây cầu mới bắc qua sông. Ảnh: Lê Vy</td></tr></table>",
            Picture(
                "https://bao.example.vn/images/cau.jpg",
                "Cây cầu mới bắc qua sông. Ảnh: Lê Vy",
                "Lê Vy",
            ),
            id="caption-table-plain-cell",
        ),
        pytest.param(
            '<div class="VCSortableInPreviewMode"><div><img src="https://anh.example.vn/pho.jpg">'
            '</div><div class="PhotoCMS_Caption"><p>Phố đi bộ sáng cuối tuần.</p></div></div>',
            Picture("https://anh.example.vn/pho.jpg", "Phố đi bộ sáng cuối tuần.", None),
            id="caption-classed-box",
        ),
        pytest.param(
            f'<p style="text-align: center;">{NBSP * 12}<img src="/images/hop-cho.jpg" alt=""></p>'
            f'<p style="text-align: center;"><em>{NBSP * 8}Phiên chợ họp từ sáng sớm.</em></p>',
            Picture(
                "https://bao.example.vn/images/hop-cho.jpg", "Phiên chợ họp từ sáng sớm.", None
            ),
            id="bare-image-in-centred-nbsp-line-then-italic-caption",
        ),
        pytest.param(
            '<p><img src="/images/hoa.jpg"></p><p style="text-align:center">Hoa mai nở sớm.</p>',
            Picture("https://bao.example.vn/images/hoa.jpg", "Hoa mai nở sớm.", None),
            id="bare-image-then-centred-caption",
        ),
        pytest.param(
            '<p><img src="/images/hoa.jpg"></p>',
            Picture("https://bao.example.vn/images/hoa.jpg", None, None),
            id="bare-image-without-caption",
        ),
        pytest.param(
            '<figure><amp-img src="https://anh.example.vn/xe.jpg" width="800" height="450">'
            '<noscript><img src="https://anh.example.vn/xe.jpg"></noscript></amp-img>'
            "<figcaption>Xe buýt chạy thử qua đèo.</figcaption></figure>",
            Picture("https://anh.example.vn/xe.jpg", "Xe buýt chạy thử qua đèo.", None),
            id="amp-img-with-its-noscript-fallback",
        ),
        pytest.param(
            '<p><img src="/images/ho.jpg"></p><p class="img_chu_thich_0407">Hồ lúc sáng sớm.</p>',
            Picture("https://bao.example.vn/images/ho.jpg", "Hồ lúc sáng sớm.", None),
            id="vietnamese-caption-class-chu-thich",
        ),
    ],
)
def test_picture_leaves_the_text_with_its_caption(picture_html: str, picture: Picture) -> None:
    body = build_paragraphs(f"<p>{LEAD}</p>{picture_html}<p>{TAIL}</p>", base_url=BASE)
    assert body.pictures == [picture]
    assert body.blocks == [Block(LEAD), Block(TAIL)]


@pytest.mark.parametrize(
    ("img", "url"),
    [
        pytest.param(
            '<img data-original="/o.jpg" data-src="/s.jpg" src="/p.gif">',
            "https://bao.example.vn/o.jpg",
            id="data-original-before-data-src",
        ),
        pytest.param(
            '<img data-src="/s.jpg" src="/p.gif">',
            "https://bao.example.vn/s.jpg",
            id="data-src-before-src",
        ),
        pytest.param(
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/s.jpg">',
            "https://bao.example.vn/s.jpg",
            id="data-uri-placeholder-skipped",
        ),
        pytest.param(
            '<img data-original="data:image/png;base64,iVBORw0=" data-src="/s.jpg">',
            "https://bao.example.vn/s.jpg",
            id="data-uri-in-preferred-attribute-skipped",
        ),
        pytest.param(
            '<img data-srcset="/nho.jpg 480w, /lon.jpg 960w" src="/p.gif">',
            "https://bao.example.vn/nho.jpg",
            id="first-srcset-candidate",
        ),
        pytest.param(
            '<img src="anh/1.jpg">',
            "https://bao.example.vn/thoi-su/anh/1.jpg",
            id="relative-to-page",
        ),
        pytest.param(
            '<img src="/anh/1.jpg">', "https://bao.example.vn/anh/1.jpg", id="relative-to-root"
        ),
        pytest.param(
            '<img src="//cdn.example.vn/1.jpg">',
            "https://cdn.example.vn/1.jpg",
            id="scheme-relative",
        ),
        pytest.param(
            '<img src="http://khac.example.vn/1.jpg">',
            "http://khac.example.vn/1.jpg",
            id="absolute-kept",
        ),
    ],
)
def test_image_url(img: str, url: str) -> None:
    body = build_paragraphs(f"<figure>{img}</figure>", base_url=BASE)
    assert [p.url for p in body.pictures] == [url]


def test_picture_ending_a_run_of_text_takes_the_caption_line_after_it() -> None:
    # tinhte.vn (XenForo): paragraphs are runs in a <span>, the picture ends one, and its
    # caption is a centred italic line after the span
    img = '<a class="LbTrigger" href="/a.jpg"><img src="/images/may.jpg" width="2400"></a>'
    html = (
        f'<span class="xf-body-paragraph">{LEAD}<br><br>{img}<br></span>'
        '<div style="text-align: center"><i>Mặt lưng kính mờ của máy.</i></div>'
        f'<span class="xf-body-paragraph">{TAIL}</span>'
    )
    body = build_paragraphs(html, base_url=BASE)
    assert body.pictures == [
        Picture("https://bao.example.vn/images/may.jpg", "Mặt lưng kính mờ của máy.", None)
    ]
    assert body.blocks == [Block(LEAD), Block(TAIL)]


def test_icon_ending_a_paragraph_leaves_the_italic_line_after_it() -> None:
    quote = "Ông nói thêm rằng mọi việc sẽ ổn."
    html = f'<p>{LEAD} <img src="/images/like.png" width="16"></p><p><i>{quote}</i></p>'
    body = build_paragraphs(html, base_url=BASE)
    assert body.blocks == [Block(LEAD), Block(quote)]


def test_last_picture_box_is_not_the_whole_body() -> None:
    # Two pictures, each a bare image above a caption-classed line. Once the first is taken,
    # the body holds one image and one caption: it must not be read as that picture's box.
    pictures = "".join(
        f'<p><img src="/images/{n}.jpg"></p><p class="img_chu_thich">Ảnh số {n} của bài.</p>'
        for n in (1, 2)
    )
    body = build_paragraphs(
        f"<article><p>{LEAD}</p>{pictures}<p>{TAIL}</p></article>", base_url=BASE
    )
    assert [p.caption for p in body.pictures] == ["Ảnh số 1 của bài.", "Ảnh số 2 của bài."]
    assert body.blocks == [Block(LEAD), Block(TAIL)]


def test_inline_image_leaves_its_sentence_whole() -> None:
    body = build_paragraphs('<p>Cô bán hàng <img src="/x.jpg"> đang cười.</p>', base_url=BASE)
    assert body.pictures == [Picture("https://bao.example.vn/x.jpg", None, None)]
    assert body.blocks == [Block("Cô bán hàng đang cười.")]


def test_image_with_only_a_data_uri_gives_no_picture() -> None:
    body = build_paragraphs(f'<p>{LEAD}</p><p><img src="data:image/gif;base64,R0lGOD="></p>')
    assert body.pictures == []
    assert body.blocks == [Block(LEAD)]


@pytest.mark.parametrize(
    ("html", "blocks"),
    [
        pytest.param(
            "<p>Trời rét đậm.</p><p>Học sinh được nghỉ học.</p>",
            [Block("Trời rét đậm."), Block("Học sinh được nghỉ học.")],
            id="paragraphs",
        ),
        pytest.param(
            "<p>Dòng thứ nhất<br>Dòng thứ hai<br/>Dòng thứ ba</p>",
            [Block("Dòng thứ nhất"), Block("Dòng thứ hai"), Block("Dòng thứ ba")],
            id="br-splits-lines",
        ),
        pytest.param(
            '<p style="text-align: right;">Minh Châu<br>Hà Nội</p>',
            [Block("Minh Châu", right=True), Block("Hà Nội", right=True)],
            id="br-lines-take-right-alignment",
        ),
        pytest.param(
            '<p style="text-align: right;"><strong>Tin, ảnh: Thu Hà</strong></p>',
            [Block("Tin, ảnh: Thu Hà", right=True, bold=True)],
            id="right-aligned-bold-byline",
        ),
        pytest.param(
            '<p align="right">Thu Hà</p><div class="author">Minh Châu</div>',
            [Block("Thu Hà", right=True), Block("Minh Châu", right=True)],
            id="right-by-align-attribute-and-author-class",
        ),
        pytest.param(
            "<p><b>Giá rau tăng mạnh</b></p>",
            [Block("Giá rau tăng mạnh", bold=True)],
            id="bold-only-paragraph",
        ),
        pytest.param(
            "<p><strong>Hà Nội</strong> - Sáng nay trời mưa nhỏ.</p>",
            [Block("Hà Nội - Sáng nay trời mưa nhỏ.")],
            id="bold-lead-in-is-not-bold-paragraph",
        ),
        pytest.param(
            "<p><strong>Câu hỏi của bạn đọc</strong><br>Tôi muốn đổi giấy phép lái xe.</p>",
            [Block("Câu hỏi của bạn đọc", bold=True), Block("Tôi muốn đổi giấy phép lái xe.")],
            id="bold-line-cut-by-br",
        ),
        pytest.param(
            "<h2>Giá cả ổn định</h2><p>Chợ vẫn đủ hàng.</p><h3>Người bán vui vẻ</h3>",
            [
                Block("Giá cả ổn định", heading=True),
                Block("Chợ vẫn đủ hàng."),
                Block("Người bán vui vẻ", heading=True),
            ],
            id="h2-h3-are-headings",
        ),
        pytest.param(
            '<ul><li>Rau xanh</li><li>Thịt <a href="/heo">heo</a> tươi</li></ul>',
            [Block("Rau xanh"), Block("Thịt heo tươi")],
            id="list-items-are-blocks",
        ),
        pytest.param(
            "<blockquote><p>Năm nay buôn bán khá hơn.</p></blockquote>",
            [Block("Năm nay buôn bán khá hơn.")],
            id="quotation-is-a-block",
        ),
        pytest.param(
            "<table><tr><th>Mặt hàng</th><th>Giá cũ</th><th>Giá mới</th></tr>"
            "<tr><td>Cà chua</td><td>20.000</td><td>25.000</td></tr>"
            "<tr><td>Hành lá</td><td></td><td>30.000</td></tr></table>",
            [
                Block("Mặt hàng | Giá cũ | Giá mới"),
                Block("Cà chua | 20.000 | 25.000"),
                Block("Hành lá | 30.000"),
            ],
            id="data-table-rows-joined-by-bars",
        ),
        pytest.param(
            "<table><tr><td><div>Chợ mở cửa từ sáng.</div><div>Đóng cửa lúc tối.</div></td></tr>"
            "</table>",
            [Block("Chợ mở cửa từ sáng."), Block("Đóng cửa lúc tối.")],
            id="layout-table-read-as-paragraphs",
        ),
        pytest.param(
            f"<p>{NBSP}</p><p>Trời rét.</p><p>{NBSP * 3}</p><p> </p>",
            [Block("Trời rét.")],
            id="nbsp-only-paragraphs-dropped",
        ),
        pytest.param(
            f"<p>Giá{NBSP}tăng   nhẹ\n vào cuối tuần.</p>",
            [Block(f"Giá{NBSP}tăng nhẹ vào cuối tuần.")],
            id="html-spaces-squashed-nbsp-left-to-normaliser",
        ),
        pytest.param(
            "<div>Chữ rời<p>Đoạn trong</p>chữ sau</div>",
            [Block("Chữ rời"), Block("Đoạn trong"), Block("chữ sau")],
            id="loose-text-around-a-paragraph",
        ),
        pytest.param(
            '<p style="text-align:right"><strong>Minh Châu<br>Hà Nội</strong></p>',
            [Block("Minh Châu", right=True, bold=True), Block("Hà Nội", right=True, bold=True)],
            id="bold-run-cut-by-br-is-bold-on-each-line",
        ),
        pytest.param(
            '<div style="text-align:right"><p>Thu Hà</p></div>',
            [Block("Thu Hà", right=True)],
            id="right-alignment-of-a-wrapping-block",
        ),
    ],
)
def test_blocks(html: str, blocks: list[Block]) -> None:
    assert build_paragraphs(html).blocks == blocks


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        pytest.param("Người dân đi lễ chùa đầu năm. Ảnh: Võ Hải.", "Võ Hải", id="anh-colon-end"),
        pytest.param("Hoa đào nở rộ (Ảnh: Thanh Tùng).", "Thanh Tùng", id="anh-in-parentheses"),
        pytest.param("Hoa đào nở rộ. (Ảnh: Thanh Tùng)", "Thanh Tùng", id="parentheses-no-dot"),
        pytest.param("Ảnh: Lan Anh", "Lan Anh", id="credit-only"),
        pytest.param("Xe buýt điện - Ảnh:Minh Đức", "Minh Đức", id="after-dash-no-space"),
        pytest.param("Lớp học vùng cao. Ảnh minh họa: Lan Anh", "Lan Anh", id="anh-minh-hoa"),
        pytest.param("Khói bốc lên cao. Nguồn ảnh: Reuters", "Reuters", id="nguon-anh"),
        pytest.param("Cầu Rồng về đêm. Photo: Minh Quân", "Minh Quân", id="photo-english"),
        pytest.param("Lễ thượng cờ. Ảnh: Thanh Hà/TTXVN", "Thanh Hà/TTXVN", id="agency-suffix"),
        pytest.param("Cây cầu mới trên sông Hàn.", None, id="no-credit"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="none"),
    ],
)
def test_caption_credit(caption: str | None, credit: str | None) -> None:
    assert caption_credit(caption) == credit
