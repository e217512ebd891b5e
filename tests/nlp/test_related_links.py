"""The links a copied page lists to its other stories are not part of the article."""

import pytest

from pactwatch.nlp.related_links import linked_stories


def test_bullets_and_headlines_under_a_links_heading_are_cut_and_prose_after_is_kept() -> None:
    text = ("The two leaders signed the pact on Monday.\n"
            "Read more:\n"
            "- Danes send more shells to the front\n"
            "A Short Headline About Drones\n"
            "The pact also covers training, the ministry said.\n")
    [(start, end)] = linked_stories(text)
    assert text[start:end].startswith("Read more:")
    assert "Drones" in text[start:end]
    assert "training" not in text[start:end]


def test_a_text_without_such_a_heading_has_none() -> None:
    assert linked_stories("Related talks went on for months.\nNothing more.") == []


@pytest.mark.parametrize("heading", ["Most Popular", "Selections for you", "Most read"])
def test_a_pages_lists_of_popular_stories_are_links_too(heading: str) -> None:
    text = (f"The two leaders signed the pact on Monday.\n{heading}\n"
            "  1. Two banks sign a lending pact\n  2. A museum opens in the capital\n")
    [(start, end)] = linked_stories(text)
    assert "banks" in text[start:end]
