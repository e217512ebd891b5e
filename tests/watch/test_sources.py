from __future__ import annotations

import os
from pathlib import Path

import pytest

from pactwatch.watch.sources import normal_url, source_urls


def test_sources_normal_url_drops_tracking_fragment_and_case() -> None:
    assert normal_url("https://Example.com/a?utm_source=x&b=2#top") \
        == normal_url("https://example.com/a?b=2") == "https://example.com/a?b=2"
    assert normal_url("https://news.example.org/pact?fbclid=XYZ&gclid=1&utm_medium=rss") \
        == "https://news.example.org/pact"


def test_sources_normal_url_keeps_parameters_that_name_an_article() -> None:
    # courlan's strict mode would reduce both to "story.php" and lose the second story
    first = normal_url("https://news.example.org/story.php?story=1")
    second = normal_url("https://news.example.org/story.php?story=2")
    assert first != second
    assert normal_url("https://news.example.org/list?b=2&a=1") \
        == normal_url("https://news.example.org/list?a=1&b=2")


def test_sources_normal_url_drops_trailing_slash_and_default_port() -> None:
    assert normal_url("https://news.example.org/world/pact/") \
        == normal_url("https://news.example.org:443/world/pact") \
        == "https://news.example.org/world/pact"
    assert normal_url("https://news.example.org") == normal_url("https://news.example.org/")
    assert normal_url("http://127.0.0.1:8765/feed.xml") == "http://127.0.0.1:8765/feed.xml"


def test_sources_normal_url_keeps_scheme_and_host_distinct() -> None:
    assert normal_url("http://example.com/a") != normal_url("https://example.com/a")
    assert normal_url("https://www.example.com/a") != normal_url("https://example.com/a")
    assert normal_url("https://example.com/A") != normal_url("https://example.com/a")


def test_sources_urls_given_directly_keep_order_and_first_spelling() -> None:
    urls, problems = source_urls([
        "https://news.example.org/feeds/world.xml?utm_campaign=x",
        "https://gov.example/sitemap.xml",
        "https://NEWS.example.org/feeds/world.xml",
    ])
    assert urls == ["https://news.example.org/feeds/world.xml?utm_campaign=x",
                    "https://gov.example/sitemap.xml"]
    assert problems == []


def test_sources_list_file_with_comments_blanks_bad_line_and_duplicates(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        "# outlets we follow\n"
        "\n"
        "ftp://files.example.org/feed\n"
        "   https://news.example.org/feeds/world.xml   \n"
        "https://news.example.org/feeds/world.xml#latest\n"
        "\t\n"
        "  # a comment after spaces\n"
        "https://ministry.example/press/rss\r\n"
        "not a url at all\n",
        encoding="utf-8",
    )
    urls, problems = source_urls(
        ["https://ministry.example/press/rss/", str(listing), "https://gov.example/sitemap.xml"])
    assert urls == ["https://ministry.example/press/rss/",
                    "https://news.example.org/feeds/world.xml",
                    "https://gov.example/sitemap.xml"]
    assert [str(p) for p in problems] == [
        f"[PW070] {listing}: line 3: not an http(s) URL: 'ftp://files.example.org/feed'",
        f"[PW070] {listing}: line 9: not an http(s) URL: 'not a url at all'",
    ]


def test_sources_list_file_may_start_with_a_bom(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_bytes(b"\xef\xbb\xbfhttps://news.example.org/rss\n")
    assert source_urls([str(listing)]) == (["https://news.example.org/rss"], [])


def test_sources_missing_file_and_other_schemes_are_one_line_each(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.txt")
    urls, problems = source_urls([missing, "ftp://files.example.org/feed", "https://",
                                  "news.example.org/rss", "https://news.example.org/rss"])
    assert urls == ["https://news.example.org/rss"]
    assert [str(p) for p in problems] == [
        f"[PW070] {missing}: no such file, and not an http(s) URL",
        "[PW070] ftp://files.example.org/feed: not an http(s) URL (scheme ftp)",
        "[PW070] https://: not an http(s) URL (no host)",
        "[PW070] news.example.org/rss: no such file, and not an http(s) URL "
        "(did you mean https://news.example.org/rss?)",
    ]


def test_sources_list_file_must_be_utf8(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_bytes(b"https://news.example.org/rss\n# caf\xe9 feeds\n")
    urls, problems = source_urls([str(listing)])
    assert urls == []
    assert [str(p) for p in problems] == [f"[PW070] {listing}: invalid UTF-8 on line 2 (byte 34)"]


def test_sources_unusable_list_files_say_why(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n\n", encoding="utf-8")
    binary = tmp_path / "feeds.bin"
    binary.write_bytes(b"https://a.example/\x00\x01\x02")
    urls, problems = source_urls([str(empty), str(tmp_path), str(binary)])
    assert urls == []
    assert [str(p) for p in problems] == [
        f"[PW070] {empty}: lists no URLs",
        f"[PW070] {tmp_path}: is a directory, not a file of URLs",
        f"[PW070] {binary}: binary file, not a file of URLs",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_sources_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "feeds.txt"
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever
    urls, problems = source_urls([str(fifo)])
    assert urls == []
    assert [str(p) for p in problems] == [f"[PW070] {fifo}: not a regular file, not read"]
