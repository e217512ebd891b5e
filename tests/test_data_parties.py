"""Validate the bundled party alias data file (src/pactwatch/data/parties.yaml)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "pactwatch" / "data" / "parties.yaml"
ORG_CODES = {"EU", "NATO", "G7"}
STRING_FIELDS = ("aliases", "demonyms", "capitals")


@pytest.fixture(scope="module")
def data() -> dict:
    with DATA.open(encoding="utf-8") as fh:
        loaded = yaml.safe_load(fh)
    assert isinstance(loaded, dict)
    return loaded


def _entries(data: dict):
    for section in ("parties", "organisations"):
        for code, entry in (data.get(section) or {}).items():
            yield section, code, entry


def test_party_codes_are_valid_alpha2(data: dict) -> None:
    parties = data["parties"]
    assert parties, "no parties defined"
    for code in parties:
        assert isinstance(code, str) and code == code.upper(), code
        assert len(code) == 2, code
        assert pycountry.countries.get(alpha_2=code) is not None \
            or code in data["user_assigned"], f"not an ISO alpha-2 code: {code}"


def test_organisation_codes(data: dict) -> None:
    assert set(data["organisations"]) == ORG_CODES


def test_every_entry_has_a_name_and_string_lists(data: dict) -> None:
    for section, code, entry in _entries(data):
        assert isinstance(entry, dict), f"{section}.{code} is not a mapping"
        name = entry.get("name")
        assert isinstance(name, str) and name.strip(), f"{section}.{code} has no name"
        for field in STRING_FIELDS:
            values = entry.get(field, [])
            assert isinstance(values, list), f"{section}.{code}.{field} is not a list"
            for value in values:
                where = f"{section}.{code}.{field}"
                assert isinstance(value, str) and value.strip(), f"{where}: {value!r}"
                assert value == value.strip(), f"{where}: stray whitespace {value!r}"


def _owners(data: dict) -> dict[str, set[str]]:
    """Every alias, demonym and capital of parties.yaml, and the codes it is given."""
    owners: dict[str, set[str]] = defaultdict(set)
    for _section, code, entry in _entries(data):
        for field in STRING_FIELDS:
            for value in entry.get(field, []) or []:
                owners[value].add(code)
    return owners


def test_no_alias_assigned_to_two_codes(data: dict) -> None:
    owners = _owners(data)
    clashes = {alias: sorted(codes) for alias, codes in owners.items() if len(codes) > 1}
    assert not clashes, f"aliases assigned to more than one code: {clashes}"


def test_required_parties_present(data: dict) -> None:
    eu_members = {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
    others = {
        "GB", "US", "UA", "RU", "CA", "JP", "NO", "IS", "CH", "AU", "NZ", "KR", "TR", "MD",
        "GE", "BY", "CN", "IR", "KP", "IL", "AL", "ME",
    }
    missing = (eu_members | others) - set(data["parties"])
    assert not missing, f"missing parties: {sorted(missing)}"


def test_key_aliases(data: dict) -> None:
    p = data["parties"]
    assert {"UK", "U.K.", "Britain", "Great Britain", "United Kingdom"} <= set(p["GB"]["aliases"])
    assert {"British", "Briton", "Britons"} <= set(p["GB"]["demonyms"])
    assert "London" in p["GB"]["capitals"]
    assert {"Kyiv", "Kiev"} <= set(p["UA"]["capitals"])
    assert {"Moscow", "Kremlin"} <= set(p["RU"]["capitals"])
    assert "Washington" in p["US"]["capitals"]
    assert "Brussels" in data["organisations"]["EU"]["capitals"]


def test_ambiguous_list(data: dict) -> None:
    ambiguous = data["ambiguous"]
    assert isinstance(ambiguous, list) and ambiguous
    assert "Washington" not in ambiguous
    assert "Brussels" not in ambiguous
    known: set[str] = set()
    for _section, _code, entry in _entries(data):
        for field in STRING_FIELDS:
            known.update(entry.get(field, []) or [])
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                known.add(value)
    unknown = [a for a in ambiguous if a not in known]
    assert not unknown, f"ambiguous entries that no party uses: {unknown}"


def test_role_abbreviations_and_titles(data: dict) -> None:
    roles = data["role_abbreviations"]
    assert roles["National Security Council"] == "NSC"
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in roles.items())
    titles = data["official_titles"]
    for required in (
        "President", "Prime Minister", "Chancellor", "Minister", "Foreign Minister",
        "Defence Minister", "Defense Minister", "Secretary of State", "Secretary",
        "National Security Adviser", "spokesperson", "spokesman", "spokeswoman",
        "Ambassador", "Envoy", "Chief of Staff",
    ):
        assert required in titles, required
    assert any(t.startswith("Deputy ") for t in titles)
    assert len(titles) == len(set(titles)), "duplicate official titles"


def test_an_ambiguous_country_name_counts_only_in_a_list_of_states() -> None:
    from pactwatch.nlp.parties import resolver

    def codes(text: str) -> list[str]:
        return [m.code for m in resolver().find(text)]

    assert codes("The leaders of Mali, Chad and Niger met in Niamey.") == ["ML", "TD", "NE"]
    assert codes("Chad and Niger signed a pact.") == ["TD", "NE"]
    assert codes("Chad said the pact was signed.") == []


DEMONYMS = DATA.with_name("demonyms.yaml")


def test_demonyms_name_states_that_parties_yaml_does_not_list(data: dict) -> None:
    demonyms = yaml.safe_load(DEMONYMS.read_text(encoding="utf-8"))["demonyms"]
    for code, forms in demonyms.items():
        assert pycountry.countries.get(alpha_2=code) is not None, f"not ISO alpha-2: {code}"
        assert code not in data["parties"], f"{code} is listed in parties.yaml already"
        assert forms and all(isinstance(f, str) and f == f.strip() and f for f in forms), code
    owners = _owners(data)
    for code, forms in demonyms.items():
        for form in forms:
            owners[form].add(code)
    clashes = {form: sorted(codes) for form, codes in owners.items() if len(codes) > 1}
    assert not clashes, f"demonyms assigned to more than one code: {clashes}"


def test_a_demonym_names_a_state_of_any_pact() -> None:
    from pactwatch.nlp.parties import resolver

    def codes(text: str) -> list[str]:
        return [m.code for m in resolver().find(text)]

    assert codes("Uzbek and Kyrgyz defence ministers met in Tashkent.") == ["UZ", "KG"]
    assert codes("the Philippine coast guard and Vietnamese officials") == ["PH", "VN"]
    assert codes("a Papua New Guinean minister") == ["PG"]


def test_a_sea_named_after_a_state_names_no_party(data: dict) -> None:
    import re

    from pactwatch.nlp.parties import resolver

    forms = list(_owners(data))
    forms += [getattr(c, a) for c in pycountry.countries for a in ("name", "common_name")
              if hasattr(c, a)]
    forms += [f for listed in yaml.safe_load(DEMONYMS.read_text(encoding="utf-8"))[
        "demonyms"].values() for f in listed]
    for place in data["places"]:  # each holds a party's name, or it need not be listed
        assert any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", place) for f in forms), place
    assert [m.code for m in resolver().find("patrols in the South China Sea and the "
                                            "Taiwan Strait near China")] == ["CN"]
