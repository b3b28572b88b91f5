from __future__ import annotations

import pytest
from scrapy.settings import Settings


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/sites/fixtures/*/*/expected.json from the current output; "
        "read the diff before committing it",
    )


@pytest.fixture(scope="session")
def project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return settings
