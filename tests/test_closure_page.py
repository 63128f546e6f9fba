"""The closure page, from the practice's settings, and production's refusal to start while a
practice setting still holds a placeholder."""

import pytest

from records_app.config import PRACTICE_DEFAULTS, ConfigurationError, load_config

OWN_DETAILS = {
    "PRACTICE_NAME": "Willamette Vein Care",
    "PRACTICE_CLOSURE_DATE": "2024-06-28",
    "PRACTICE_CUSTODIAN_NAME": "Dana Keeper, Records Custodian",
    "PRACTICE_ADDRESS": "PO Box 4410, Salem, OR 97302",
    "PRACTICE_PHONE": "503-555-0177",
    "PRACTICE_EMAIL": "records@willamette-vein.example",
    "PRACTICE_FAX": "",
    "PRACTICE_RECORDS_HELD_AT": "a locked records store in Salem, Oregon",
    "PRACTICE_RECORDS_KEPT_FOR": "We keep adults' records for 10 years after the last visit.",
    "PRACTICE_RECORDS_AFTERWARDS": "After that, the paper is shredded and the files erased.",
    "PRACTICE_OTHER_CUSTODIANS": (
        "Hospital procedures|Salem Health, Health Information Management|503-555-0188; "
        "Care after June 2024|Valley Vascular Clinic|503-555-0199"
    ),
}


@pytest.fixture
def production_environment(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://records.example.org")
    for name, value in OWN_DETAILS.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_home_page_links_to_the_closure_page(client):
    assert 'href="/closure">About the closure' in client.get("/").text


def test_closure_page_says_who_keeps_the_records_where_and_for_how_long(client, app):
    app.config.update(
        PRACTICE_RECORDS_HELD_AT="a locked records store in Salem, Oregon",
        PRACTICE_RECORDS_KEPT_FOR="We keep adults' records for 10 years after the last visit.",
        PRACTICE_RECORDS_AFTERWARDS="After that, the paper is shredded and the files erased.",
    )
    page = client.get("/closure").text

    assert "closed on March 10, 2023" in page
    assert f"{app.config['PRACTICE_CUSTODIAN_NAME']} keeps the records" in page
    assert "kept at a locked records store in Salem, Oregon" in page
    assert "We keep adults&#39; records for 10 years after the last visit." in page
    assert "After that, the paper is shredded and the files erased." in page
    assert f'href="tel:{app.config["PRACTICE_PHONE"]}"' in page


def test_closure_page_names_the_other_custodians_from_the_settings(client, app):
    app.config["PRACTICE_OTHER_CUSTODIANS"] = (
        ("Hospital procedures", "Salem Health, Health Information Management", "503-555-0188"),
    )
    page = client.get("/closure").text

    assert "<dt>Hospital procedures</dt>" in page
    assert "<dd>Salem Health, Health Information Management, 503-555-0188</dd>" in page


def test_closure_page_says_when_no_other_place_holds_records(client, app):
    app.config["PRACTICE_OTHER_CUSTODIANS"] = ()

    assert "We know of no other place that holds records" in client.get("/closure").text


def test_production_starts_once_every_practice_setting_is_its_own(production_environment, tmp_path):
    config = load_config(str(tmp_path))

    assert config["PRACTICE_ADDRESS"] == "PO Box 4410, Salem, OR 97302"
    assert config["PRACTICE_OTHER_CUSTODIANS"] == (
        ("Hospital procedures", "Salem Health, Health Information Management", "503-555-0188"),
        ("Care after June 2024", "Valley Vascular Clinic", "503-555-0199"),
    )


@pytest.mark.parametrize("setting", sorted(PRACTICE_DEFAULTS))
def test_production_refuses_to_start_while_a_practice_setting_is_left_unset(
    production_environment, tmp_path, setting
):
    production_environment.delenv(setting)
    with pytest.raises(ConfigurationError, match=f"{setting} still hold a placeholder"):
        load_config(str(tmp_path))


def test_production_refuses_to_start_while_a_setting_still_says_set_me(
    production_environment, tmp_path
):
    production_environment.setenv("PRACTICE_ADDRESS", PRACTICE_DEFAULTS["PRACTICE_ADDRESS"])
    with pytest.raises(ConfigurationError, match="PRACTICE_ADDRESS still hold a placeholder"):
        load_config(str(tmp_path))


def test_production_refuses_an_empty_custodian_address(production_environment, tmp_path):
    production_environment.setenv("PRACTICE_ADDRESS", " ")
    with pytest.raises(ConfigurationError, match="PRACTICE_ADDRESS"):
        load_config(str(tmp_path))


def test_a_malformed_other_custodian_is_a_clear_start_up_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PRACTICE_OTHER_CUSTODIANS", "Salem Health 503-555-0188")
    with pytest.raises(ConfigurationError, match="PRACTICE_OTHER_CUSTODIANS takes entries"):
        load_config(str(tmp_path))
