"""Changes out: `GET /api/changes` (the log, paged) and `GET /changes.atom` (the latest
changes as an Atom feed for feed readers).

Pages follow the change ids, not offsets: ``next`` asks for the changes after the last
id of this page, so a page never repeats or skips a change while new ones arrive (they
have higher ids and come on a later page).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, Query, Request, Response
from markupsafe import Markup
from pydantic import BaseModel, Field

from pactwatch.changes import parse_since
from pactwatch.store.repository import Store
from pactwatch.web.change_text import for_people, with_summary
from pactwatch.web.labels import field_label, shown, web_url, words

PAGE = 50  # changes in a page of the API, unless ?limit= says otherwise
MOST = 500  # the largest ?limit=
FEED = 50  # entries in the Atom feed
MAX_CHANGE_ID = 2**31 - 1  # the id column is a 32-bit integer on PostgreSQL
ATOM = "application/atom+xml"
FEED_TITLE = "pactwatch: changes to agreement records"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# An agreement id as the records spell them (UA-US-2024, NATO-1949), in any case; one
# that is not in the records has no changes.
Agreement = Annotated[str | None, Query(min_length=1, max_length=200,
                                        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                                        description="Only changes to this agreement "
                                                    "(any case), e.g. UA-US-2024.")]


class ChangeOut(BaseModel):
    """One change, as `pactwatch changes --json` prints it."""

    id: int
    time: str = Field(description="When it was recorded (ISO 8601, UTC).")
    kind: str = Field(description="agreement_new, status_changed, field_set, "
                                  "field_changed, field_conflicting, provision_added, ...")
    agreement: str | None
    subject: str | None
    field: str | None
    old: Any = None
    new: Any = None
    claims: list[str] = Field(description="The claims behind the new value.")
    documents: list[str] = Field(description="The documents of those claims "
                                             "(see /api/sources/{id}).")
    source: str | None = Field(description="The watched source a source change is about.")
    summary: str = Field(description="The change in one sentence for people.")


class ChangesPage(BaseModel):
    changes: list[ChangeOut]
    total: int = Field(description="How many changes match the filters, on every page.")
    next: str | None = Field(description="The URL of the next page; null on the last one "
                                         "(poll it again later for newer changes).")


def install(app: FastAPI, store: Callable[[], AbstractContextManager[Store]]) -> None:
    @app.get("/api/changes", tags=["changes"], response_model=ChangesPage,
             responses={422: {"description": "A since that is not an ISO 8601 date or "
                                             "time (code PW075), or a limit out of range."}})
    def changes(request: Request,
                since: str | None = Query(default=None, max_length=64,
                                          description="Only changes at or after this ISO "
                                                      "8601 date or time (UTC unless it "
                                                      "has an offset)."),
                agreement: Agreement = None,
                after: int | None = Query(default=None, ge=0, le=MAX_CHANGE_ID,
                                          description="Only changes with a higher id: the "
                                                      "last id of the previous page."),
                limit: int = Query(default=PAGE, ge=1, le=MOST)) -> Any:
        """Changes to the agreement records and to watched sources, oldest first, each
        with the claims and documents behind it and a one-sentence summary. An unknown
        agreement has no changes (it may be one that was removed)."""
        start = parse_since(since, "since") if since is not None else None  # bad: a 422
        with store() as s:
            rows = s.changes(since=start, agreement=agreement, after=after, limit=limit + 1)
            total = s.count_changes(since=start, agreement=agreement)
        page = [with_summary(row) for row in rows[:limit]]
        more = len(rows) > limit
        following = str(request.url.include_query_params(after=page[-1]["id"])) \
            if more else None
        return {"changes": page, "total": total, "next": following}

    @app.get("/changes.atom", tags=["changes"], response_class=Response,
             responses={200: {"content": {ATOM: {}}, "description": "An Atom 1.0 feed."},
                        304: {"description": "Not modified since the ETag given."}})
    def feed(request: Request, agreement: Agreement = None) -> Response:
        """The latest changes, newest first, as an Atom feed: subscribe to it in a feed
        reader. Each entry links to the agreement's page."""
        with store() as s:
            rows = for_people(s, s.changes(agreement=agreement, limit=FEED,
                                           newest_first=True))
        body = atom(rows, str(request.base_url), str(request.url), agreement)
        tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {"ETag": tag, "Cache-Control": "no-cache"}
        if _matches(request.headers.get("if-none-match"), tag):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=ATOM, headers=headers)


def _matches(if_none_match: str | None, tag: str) -> bool:
    """Whether an If-None-Match header names ``tag`` (weak or strong) or is ``*``."""
    given = [t.strip().removeprefix("W/") for t in (if_none_match or "").split(",")]
    return tag in given or "*" in given


def atom(rows: list[dict[str, Any]], base: str, self_url: str,
         agreement: str | None = None) -> bytes:
    """An Atom 1.0 feed of ``rows`` (changes for people, newest first); ``base`` is the
    server's URL ending in a slash, which links are made absolute against."""
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    generator.id("urn:pactwatch:changes" + (f":{agreement.upper()}" if agreement else ""))
    generator.title(FEED_TITLE + (f" ({agreement.upper()})" if agreement else ""))
    generator.author({"name": "pactwatch"})
    generator.link(href=self_url, rel="self", type=ATOM)
    generator.link(href=base + "changes" + (f"?agreement={quote(agreement)}" if agreement
                                            else ""), rel="alternate", type="text/html")
    generator.updated(_time(rows[0]["time"]) if rows else datetime.now(UTC))
    for row in rows:
        entry = generator.add_entry(order="append")
        entry.id(f"urn:pactwatch:change:{row['id']}")
        entry.title(_xml(row["summary"]))
        entry.updated(_time(row["time"]))
        entry.published(_time(row["time"]))
        entry.link(href=_page(row, base), rel="alternate", type="text/html")
        entry.content(_xml(str(_content(row, base))), type="html")
    return bytes(generator.atom_str(pretty=True))


def _xml(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters a document
    may have carried into a title), which would make the whole feed unwritable."""
    return _NOT_XML.sub("", text)


def _time(text: str) -> datetime:
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _page(row: dict[str, Any], base: str) -> str:
    """The page a change is about: its agreement's (while it is in the records), else the
    watched source's own URL, else the dashboard's list of changes."""
    if row.get("agreement") and row["kind"] != "agreement_removed":
        return base + "agreements/" + quote(row["agreement"])
    return web_url(row.get("source")) or base + "changes"


def _stated(value: Any) -> str:
    """A value before or after a change: "nothing", or its parts by name ("title: ...;
    status: signed") for a record's headline or a provision's detail."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        parts = [f"{words(k)}: {shown(v)}" for k, v in value.items() if v not in (None, [], {})]
        return "; ".join(parts) or "nothing"
    return shown(value)


def _content(row: dict[str, Any], base: str) -> Markup:
    """The entry's body: the change, the values before and after, and its sources with
    links to them. Every value is escaped."""
    items = [Markup("<li>Agreement: <a href=\"{}\">{}</a></li>").format(
        _page(row, base), row["agreement"])] if row.get("agreement") else []
    if row.get("source"):
        items.append(Markup("<li>Watched source: {}</li>").format(row["source"]))
    if row.get("field"):
        items.append(Markup("<li>Field: {}</li>").format(field_label(row["field"])))
    items.append(Markup("<li>Before: {}</li>").format(_stated(row.get("old"))))
    items.append(Markup("<li>Now: {}</li>").format(_stated(row.get("new"))))
    cited = [Markup("<a href=\"{}\">{}</a>").format(base + "sources/" + quote(d["id"]),
                                                   d["label"]) for d in row["sources"]]
    if cited:
        items.append(Markup("<li>Sources: {}</li>").format(Markup(", ").join(cited)))
    return Markup("<p>{}</p><ul>{}</ul>").format(row["summary"], Markup("").join(items))
