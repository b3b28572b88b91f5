"""A generated news site in the demo site's markup, as large as a test needs: N articles with
distinct Vietnamese text, a sitemap listing them all, and robots.txt pointing to it. Served by
crawler.demo.server.DemoServer ({{BASE}} is its address); crawled by the `demo` spider."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from crawler.extraction.dates import VIETNAM

SECTIONS = ("thoi-su", "kinh-te", "xay-dung-dang")
_PLACES = ("Hà Nội", "Đà Nẵng", "Cần Thơ", "Huế", "Hải Phòng", "Nghệ An", "Lâm Đồng", "Cà Mau")
_TOPICS = (
    "sửa chữa tuyến đường liên xã",
    "xây mới trường mầm non",
    "nâng cấp trạm y tế",
    "mở rộng chợ dân sinh",
    "cải tạo hệ thống thoát nước",
    "trồng rừng phòng hộ ven biển",
)
_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{title} | Báo Đời Sống Chính Trị</title>
<link rel="canonical" href="{{{{BASE}}}}{path}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
</head>
<body class="page-detail">
<header class="site-header"><a href="{{{{BASE}}}}/">Báo Đời Sống Chính Trị</a></header>
<main class="container">
  <div class="breadcrumb"><a href="/">Trang chủ</a> <a href="/{section}/">{section_name}</a></div>
  <h1 class="detail-title">{title}</h1>
  <div class="detail-time">{shown_date}</div>
  <div class="detail-sapo">{sapo}</div>
  <div class="detail-content">
{paragraphs}
    <p style="text-align:right"><strong>Phóng viên {reporter}</strong></p>
  </div>
  <div class="box-comment"><h3>Ý kiến bạn đọc</h3><p>Chưa có ý kiến nào.</p></div>
</main>
</body>
</html>
"""
_NAMES = {"thoi-su": "Thời sự", "kinh-te": "Kinh tế", "xay-dung-dang": "Xây dựng Đảng"}
_REPORTERS = ("Trần Minh", "Lê Hoa", "Phạm Quang Vinh", "Nguyễn Thu Hà")


def article_path(i: int) -> str:
    section = SECTIONS[i % len(SECTIONS)]
    return f"/{section}/ban-tin-dia-phuong-so-{i}-{6000 + i:04d}.html"


def generate(root: Path, count: int) -> list[str]:
    """Write the site under `root`; return the article paths."""
    if count > 3999:
        raise ValueError("the demo spider's article pattern allows 4-digit ids: at most 3999")
    start = datetime(2026, 9, 1, 7, 0, tzinfo=VIETNAM)
    paths = []
    for i in range(count):
        path = article_path(i)
        section = path.split("/")[1]
        place = _PLACES[i % len(_PLACES)]
        topic = _TOPICS[(i // len(_PLACES)) % len(_TOPICS)]
        published = start + timedelta(hours=3 * i)
        title = f"{place} khởi công dự án {topic} số {i}"
        paragraphs = "\n".join(
            f"    <p>{sentence}</p>"
            for sentence in (
                f"Sáng {published:%d/%m}, chính quyền {place} tổ chức lễ khởi công dự án {topic},"
                f" công trình mang số hiệu {i} trong kế hoạch đầu tư công năm nay của địa phương.",
                f"Theo ban quản lý dự án, tổng mức đầu tư khoảng {12 + i % 37} tỷ đồng, thời gian"
                f" thi công dự kiến {6 + i % 9} tháng, hoàn thành trước mùa mưa bão năm sau.",
                "Người dân khu vực cho biết họ mong công trình sớm được đưa vào sử dụng, giúp"
                " việc đi lại, học tập và khám chữa bệnh thuận tiện hơn; đợt vận động lần thứ"
                f" {i % 5 + 1} đã có nhiều hộ tự nguyện hiến đất.",
            )
        )
        html = _PAGE.format(
            title=title,
            path=path,
            published=published.isoformat(),
            section=section,
            section_name=_NAMES[section],
            shown_date=f"{published:%d/%m/%Y %H:%M} GMT+7",
            sapo=f"Dự án {topic} tại {place} được kỳ vọng cải thiện đời sống người dân"
            f" (bản tin {i}).",
            paragraphs=paragraphs,
            reporter=_REPORTERS[i % len(_REPORTERS)],
        )
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        paths.append(path)
    urls = "\n".join(
        f"  <url><loc>{{{{BASE}}}}{p}</loc><lastmod>2026-10-01T08:00:00+07:00</lastmod></url>"
        for p in paths
    )
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}\n</urlset>\n",
        encoding="utf-8",
    )
    (root / "robots.txt").write_text(
        "User-agent: *\nAllow: /\nSitemap: {{BASE}}/sitemap.xml\n", encoding="utf-8"
    )
    return paths
