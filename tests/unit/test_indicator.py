"""The Indicator value object: the catalogue entry with its words translated once, by the store."""
from __future__ import annotations

import dataclasses

import pytest

from atlas.catalogue import load_indicators
from atlas.i18n import set_language
from atlas.indicator import Indicator

CATALOGUE = {entry["id"]: entry for entry in load_indicators()}


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_language("en")


def test_words_come_in_the_readers_language_and_codes_do_not():
    set_language("fr")
    ind = Indicator.from_catalogue(CATALOGUE["never_used_internet"])
    assert (ind.title, ind.unit) == ("N'ont jamais utilisé internet", "% des personnes")
    assert (ind.id, ind.source, ind.higher_is) == ("never_used_internet", "eurostat_iux", "worse")


def test_optional_fields_have_plain_defaults():
    ind = Indicator.from_catalogue(CATALOGUE["never_used_internet"])
    assert (ind.decimals, ind.scale_note, ind.answer_of, ind.answers, ind.target) == (1, "", "", (), None)
    skills = Indicator.from_catalogue(CATALOGUE["basic_digital_skills"])
    assert skills.target == 80


def test_a_survey_lists_its_answers_in_order():
    survey = Indicator.from_catalogue(CATALOGUE["egov_online_easy"])
    assert survey.answers[0] == "egov_online_strongly_agree"
    assert Indicator.from_catalogue(CATALOGUE[survey.answers[0]]).answer_of == "egov_online_easy"


def test_an_indicator_is_frozen_and_can_key_a_cache():
    every = [Indicator.from_catalogue(entry) for entry in CATALOGUE.values()]
    assert len({hash(ind) for ind in every}) == len(every)
    with pytest.raises(dataclasses.FrozenInstanceError):
        every[0].title = "changed"
