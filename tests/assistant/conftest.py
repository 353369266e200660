"""Fixtures of the assistant tests: the question reader and vocabulary of the index over the shipped documents."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.query import Query
from assistant.vocabulary import Vocabulary


@pytest.fixture(scope="session")
def vocabulary(seed_assistant) -> Vocabulary:
    """What the shipped documents name (titles, boards, own organisation, words), as the assistant reads it."""
    return seed_assistant.vocabulary


@pytest.fixture(scope="session")
def read(seed_assistant) -> Callable[[str], Query]:
    """The assistant's one question reader (``Assistant.read``)."""
    return seed_assistant.read
