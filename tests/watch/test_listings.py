"""Feeds and sitemaps written here, in our own words, about a fictional security pact."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pactwatch.errors import FeedFailed
from pactwatch.watch.listings import Entry, Listing, parse_listing

FEED_URL = "https://gazette.example.org/feeds/world.xml"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
  <title>Harbour Gazette - World</title>
  <link>https://gazette.example.org/</link>
  <description>World news from the Harbour Gazette</description>
  <item>
    <title>Arvelia and Norland close in on a ten-year security pact</title>
    <link>https://gazette.example.org/world/arvelia-norland-pact?utm_source=rss&amp;utm_medium=feed</link>
    <pubDate>Tue, 11 Jun 2024 18:05:00 +0000</pubDate>
    <description><![CDATA[<p>Negotiators say the text is <b>nearly done</b>.</p>
      <p>Signing could follow this week.</p>]]></description>
  </item>
  <item>
    <title>Norland's parliament debates the pact</title>
    <link>/world/norland-parliament-debate</link>
    <pubDate>Wed, 12 Jun 2024 23:30:00 -0400</pubDate>
    <description>Members asked whether the pact binds future governments.</description>
  </item>
  <item>
    <title>Live: reactions from the region</title>
    <guid isPermaLink="false">live-blog-4411</guid>
    <pubDate>Wed, 12 Jun 2024 09:00:00 +0000</pubDate>
  </item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Ministry of Defence of Arvelia: press releases</title>
  <id>urn:uuid:6a1b7c1e-0000-4000-8000-000000000001</id>
  <updated>2024-06-13T10:00:00Z</updated>
  <entry>
    <title>Arvelia and Norland sign security agreement</title>
    <link rel="alternate" type="text/html" href="https://mod.example/press/2024/06/13/signing"/>
    <id>urn:uuid:6a1b7c1e-0000-4000-8000-000000000002</id>
    <published>2024-06-13T09:30:00+02:00</published>
    <updated>2024-06-13T11:00:00+02:00</updated>
    <summary type="html">&lt;p&gt;The minister signed the agreement in
      &lt;em&gt;Port Alder&lt;/em&gt;.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>Statement on training missions</title>
    <link href="../press/2024/06/10/training"/>
    <id>urn:uuid:6a1b7c1e-0000-4000-8000-000000000003</id>
    <updated>2024-06-10T08:00:00Z</updated>
  </entry>
  <entry>
    <title>Podcast without a web page</title>
    <link rel="enclosure" type="audio/mpeg" href="https://mod.example/audio/ep12.mp3"/>
    <id>urn:uuid:6a1b7c1e-0000-4000-8000-000000000004</id>
    <updated>2024-06-09T08:00:00Z</updated>
  </entry>
</feed>
"""
ATOM_URL = "https://mod.example/feeds/press.atom"

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://gazette.example.org/world/arvelia-norland-signing</loc>
    <lastmod>2024-06-14T07:00:00+00:00</lastmod>
    <news:news>
      <news:publication>
        <news:name>Harbour Gazette</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2024-06-13T16:20:00+02:00</news:publication_date>
      <news:title>Arvelia and Norland sign their pact</news:title>
    </news:news>
  </url>
  <url>
    <loc> https://gazette.example.org/world/norland-parliament-debate </loc>
    <lastmod>2024-06-12</lastmod>
  </url>
  <url>
    <loc>https://gazette.example.org/about</loc>
  </url>
  <url><lastmod>2024-06-01</lastmod></url>
</urlset>
"""
SITEMAP_URL = "https://gazette.example.org/sitemap-news.xml"

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://gazette.example.org/sitemap-news.xml</loc><lastmod>2024-06-14</lastmod></sitemap>
  <sitemap><loc>/sitemaps/2024-06.xml.gz</loc></sitemap>
  <sitemap><loc>https://gazette.example.org/sitemap-news.xml#again</loc></sitemap>
</sitemapindex>
"""

HTML_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour Gazette</title></head>
<body><h1>Harbour Gazette</h1><p>Our feeds have moved.</p></body></html>
"""


def _entity_bomb(root: bytes) -> bytes:
    """The "billion laughs": ten levels of entities, each ten of the one below."""
    levels = [b'<!ENTITY lol0 "lol">'] + [
        b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10)]
    return b'<?xml version="1.0"?>\n<!DOCTYPE bomb [\n' + b"\n".join(levels) + b"\n]>\n" + root


def test_listings_rss_items_become_entries() -> None:
    listing = parse_listing(FEED_URL, RSS, "application/rss+xml; charset=utf-8")
    assert listing.kind == "rss"
    assert listing.title == "Harbour Gazette - World"
    assert listing.sitemaps == []
    assert listing.entries == [
        Entry(
            url="https://gazette.example.org/world/arvelia-norland-pact",
            link="https://gazette.example.org/world/arvelia-norland-pact"
                 "?utm_source=rss&utm_medium=feed",
            title="Arvelia and Norland close in on a ten-year security pact",
            published=date(2024, 6, 11),
            summary="Negotiators say the text is nearly done. Signing could follow this week.",
        ),
        Entry(  # a relative link, made absolute against the feed's URL
            url="https://gazette.example.org/world/norland-parliament-debate",
            link="https://gazette.example.org/world/norland-parliament-debate",
            title="Norland's parliament debates the pact",
            # 23:30 at -04:00 is the 12th where it was written, though the 13th in UTC
            published=date(2024, 6, 12),
            summary="Members asked whether the pact binds future governments.",
        ),
    ]  # the live blog has no link (its guid is not a permalink): skipped


def test_listings_atom_entries_become_entries() -> None:
    listing = parse_listing(ATOM_URL, ATOM, "application/atom+xml")
    assert listing.kind == "atom"
    assert listing.title == "Ministry of Defence of Arvelia: press releases"
    assert [(e.link, e.title, e.published, e.summary) for e in listing.entries] == [
        ("https://mod.example/press/2024/06/13/signing",
         "Arvelia and Norland sign security agreement", date(2024, 6, 13),
         "The minister signed the agreement in Port Alder."),
        ("https://mod.example/press/2024/06/10/training",
         "Statement on training missions", date(2024, 6, 10), None),  # updated, no published
    ]  # the podcast's only link is an enclosure, not a page: skipped


def test_listings_duplicate_and_non_web_links_are_dropped() -> None:
    feed = b"""<rss version="2.0"><channel><title>Wire</title>
      <item><title>First spelling</title><link>https://wire.example/a/pact?utm_source=x</link></item>
      <item><title>Mail us</title><link>mailto:desk@wire.example</link></item>
      <item><title>Script</title><link>javascript:alert(1)</link></item>
      <item><title>Same story again</title><link>https://WIRE.example/a/pact/#comments</link></item>
      <item><title>Other story</title><link>https://wire.example/a/other</link></item>
    </channel></rss>"""
    listing = parse_listing("https://wire.example/rss", feed)
    assert [(e.title, e.url) for e in listing.entries] == [
        ("First spelling", "https://wire.example/a/pact"),
        ("Other story", "https://wire.example/a/other"),
    ]


def test_listings_slightly_broken_rss_still_gives_its_entries() -> None:
    broken = RSS.replace(b"close in on a ten-year", b"close in on a pact & a ten-year")
    listing = parse_listing(FEED_URL, broken)
    assert listing.kind == "rss"
    assert [e.title for e in listing.entries] == [
        "Arvelia and Norland close in on a pact & a ten-year security pact",
        "Norland's parliament debates the pact",
    ]
    assert listing.entries[0].published == date(2024, 6, 11)


def test_listings_empty_feed_is_a_listing_without_entries() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet desk</title>' \
            b"</channel></rss>"
    assert parse_listing(FEED_URL, empty) == Listing("rss", "Quiet desk", [], [])


@pytest.mark.parametrize(("body", "content_type", "reason"), [
    (b"", None, "empty response"),
    (b"  \r\n\t ", "application/rss+xml", "empty response"),
    (HTML_PAGE, "text/html; charset=utf-8", "not a feed or sitemap (text/html)"),
    (HTML_PAGE, None, "not a feed or sitemap (text/html)"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "application/json",
     "not a feed or sitemap (application/json)"),
    (b"<catalogue><book>Sea charts</book></catalogue>", "application/xml",
     "not a feed or sitemap (XML with root <catalogue>)"),
    # the parser's own message follows "malformed XML: " (libxml2 words it)
    (b"\x8b\x00\xffq\x13 not xml at all \x02", None, "malformed XML: Start tag expected"),
    (b'<rss version="2.0"><channel><title>Cut off', "application/rss+xml",
     "malformed XML: Premature end of data in tag title"),
    (b'<rss version="2.0"><channel><title>Cut off', None, "malformed XML: Premature end"),
])
def test_listings_unreadable_bodies_are_one_line(body: bytes, content_type: str | None,
                                                 reason: str) -> None:
    with pytest.raises(FeedFailed) as info:
        parse_listing(FEED_URL, body, content_type)
    assert str(info.value).startswith(f"[PW071] {FEED_URL}: {reason}")
    assert "\n" not in str(info.value)
    assert len(str(info.value)) < 200


def test_listings_feed_served_as_html_is_still_a_feed() -> None:
    listing = parse_listing(FEED_URL, RSS, "text/html")
    assert [e.title for e in listing.entries] == [
        "Arvelia and Norland close in on a ten-year security pact",
        "Norland's parliament debates the pact",
    ]


def test_listings_body_naming_a_local_file_is_not_opened(tmp_path: Path) -> None:
    # feedparser.parse(bytes) opens the file those bytes name: a server answering with
    # a path must not make pactwatch read that file
    local = tmp_path / "private.xml"
    local.write_bytes(RSS)
    with pytest.raises(FeedFailed, match="malformed XML"):
        parse_listing(FEED_URL, str(local).encode())


def test_listings_news_sitemap_gives_titles_and_publication_dates() -> None:
    listing = parse_listing(SITEMAP_URL, NEWS_SITEMAP, "application/xml")
    assert listing.kind == "sitemap"
    assert listing.title is None
    assert listing.entries == [
        Entry(url="https://gazette.example.org/world/arvelia-norland-signing",
              link="https://gazette.example.org/world/arvelia-norland-signing",
              title="Arvelia and Norland sign their pact",
              published=date(2024, 6, 13),  # the publication date, not the later lastmod
              summary=None),
        Entry(url="https://gazette.example.org/world/norland-parliament-debate",
              link="https://gazette.example.org/world/norland-parliament-debate",
              title=None, published=date(2024, 6, 12), summary=None),
        Entry(url="https://gazette.example.org/about", link="https://gazette.example.org/about",
              title=None, published=None, summary=None),
    ]  # the <url> without a <loc> is skipped


def test_listings_sitemap_with_bare_ampersands_is_read() -> None:
    broken = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://gazette.example.org/story.php?id=7&page=2</loc></url></urlset>"""
    listing = parse_listing(SITEMAP_URL, broken)
    assert [e.link for e in listing.entries] == ["https://gazette.example.org/story.php?id=7&page=2"]


def test_listings_sitemap_index_gives_child_sitemaps() -> None:
    listing = parse_listing("https://gazette.example.org/sitemap.xml", SITEMAP_INDEX)
    assert listing.kind == "sitemapindex"
    assert listing.entries == []
    assert listing.sitemaps == ["https://gazette.example.org/sitemap-news.xml",
                                "https://gazette.example.org/sitemaps/2024-06.xml.gz"]


def test_listings_gzipped_sitemap_is_inflated() -> None:
    listing = parse_listing(SITEMAP_URL + ".gz", gzip.compress(NEWS_SITEMAP), "application/gzip")
    assert [e.title for e in listing.entries][:1] == ["Arvelia and Norland sign their pact"]


def test_listings_gzip_bomb_is_refused_unexpanded(monkeypatch: pytest.MonkeyPatch) -> None:
    from pactwatch.watch import listings

    monkeypatch.setattr(listings, "MAX_UNZIPPED", 1024 * 1024)
    bomb = gzip.compress(b"<urlset>" + b" " * (8 * 1024 * 1024))
    with pytest.raises(FeedFailed) as info:
        parse_listing(SITEMAP_URL, bomb)
    assert str(info.value) == f"[PW071] {SITEMAP_URL}: gzip body expands past 1 MB"


@pytest.mark.parametrize("root", [
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<url><loc>https://gazette.example.org/&lol9;</loc></url></urlset>",
    b'<rss version="2.0"><channel><title>&lol9;</title>'
    b"<item><title>&lol9;</title><link>https://gazette.example.org/a</link></item>"
    b"</channel></rss>",
], ids=["sitemap", "rss"])
def test_listings_entity_bomb_does_not_expand_or_hang(root: bytes) -> None:
    """Run in a child process with a deadline: expanded, the bomb is 3 GB of "lol"."""
    script = (
        "import json, sys\n"
        "from pactwatch.errors import FeedFailed\n"
        "from pactwatch.watch.listings import parse_listing\n"
        "try:\n"
        "    body = sys.stdin.buffer.read()\n"
        "    found = parse_listing('https://gazette.example.org/bomb.xml', body)\n"
        "    texts = [found.title or ''] + [(e.title or '') + e.link for e in found.entries]\n"
        "    print(json.dumps({'longest': max(len(t) for t in texts)}))\n"
        "except FeedFailed as exc:\n"
        "    print(json.dumps({'failed': str(exc)}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], input=_entity_bomb(root),
                          capture_output=True, timeout=60, check=True)
    result = json.loads(done.stdout)
    if "failed" in result:
        assert result["failed"].startswith("[PW071] https://gazette.example.org/bomb.xml: ")
    else:
        assert result["longest"] < 200
