"""The dashboard's filters write values the way people read them."""

from __future__ import annotations

from datetime import date, datetime

from pactwatch import vocab
from pactwatch.web import labels


def test_labels_source_is_outlet_and_iso_date() -> None:
    source = {"id": "0123456789abcdef", "outlet": "Fjord Wire", "url": None,
              "published": date(2024, 6, 13)}
    assert labels.source_label(source) == "Fjord Wire · 2024-06-13"


def test_labels_source_without_outlet_is_its_host_and_without_date_says_so() -> None:
    source = {"id": "0123456789abcdef", "outlet": None, "published": None,
              "url": "https://www.fjordpost.example.net/news/1"}
    assert labels.source_label(source) == "fjordpost.example.net · date not stated"
    assert labels.source_label({"id": "x"}) == "unknown outlet · date not stated"


def test_labels_values_are_words_not_python() -> None:
    assert [labels.shown(v) for v in (True, False, None)] == ["yes", "no", "not stated"]
    assert labels.shown("executive_agreement") == "executive agreement"
    assert labels.shown("G7 Joint Declaration (Vilnius, 12 July 2023)") == (
        "G7 Joint Declaration (Vilnius, 12 July 2023)")
    assert labels.shown(["GB", "UA"]) == "GB, UA"
    assert labels.iso_date(datetime(2024, 6, 13, 9, 30)) == "2024-06-13"
    assert labels.iso_date("2024-06-13T09:30:00+00:00") == "2024-06-13"


def test_labels_every_kind_reads_as_its_vocabulary_label() -> None:
    for kind in vocab.provision_kinds():
        assert labels.kind_label(kind.id) == kind.label
    assert labels.kind_label("not_in_the_vocabulary") == "not in the vocabulary"


def test_labels_only_web_urls_become_links() -> None:
    assert labels.web_url("https://example.org/a") == "https://example.org/a"
    assert labels.web_url("javascript:alert(1)") is None
    assert labels.web_url(None) is None
