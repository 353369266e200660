"""Settings from PA_* variables: conversion, validation, and documentation in the README."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from assistant.errors import SettingsError
from assistant.settings import Settings
from index import Strategy
from tests.conftest import ROOT


def test_defaults_without_environment():
    settings = Settings.from_env({})
    assert settings.model == "all-MiniLM-L6-v2"
    assert settings.search.strategy is Strategy.HYBRID
    assert settings.chunking.chunk_size == settings.chunk_size


def test_environment_is_converted_to_field_types():
    settings = Settings.from_env({"PA_TOP_K": "7", "PA_DENSE_WEIGHT": "0.5", "PA_INDEX_DIR": "/tmp/x", "PA_STRATEGY": "bm25"})
    assert settings.top_k == 7
    assert settings.dense_weight == 0.5
    assert settings.index_dir == Path("/tmp/x")
    assert settings.search.strategy is Strategy.LEXICAL


def test_overrides_win_over_environment_and_none_is_ignored():
    settings = Settings.from_env({"PA_TOP_K": "7"}, top_k=3, model=None)
    assert settings.top_k == 3
    assert settings.model == "all-MiniLM-L6-v2"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PA_TOP_K", "tre", "väntade int"),
        ("PA_DENSE_WEIGHT", "hög", "väntade float"),
        ("PA_STRATEGY", "magi", "giltiga värden: hybrid, bm25, dense"),
        ("PA_CHUNK_SIZE", "0", "minst 1"),
        ("PA_NEIGHBOURS", "-1", "får inte vara negativ"),
    ],
)
def test_bad_values_fail_with_the_variable_named(variable, value, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({variable: value})


@pytest.mark.parametrize("field", [field.name for field in dataclasses.fields(Settings)])
def test_every_setting_is_documented_in_the_readme(field):
    assert f"PA_{field.upper()}" in (ROOT / "README.md").read_text(encoding="utf-8")
