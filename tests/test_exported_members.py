"""Each package's __all__ lists exactly its public names (after httpx's test of the same name)."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("package", ["ingest", "index", "assistant", "calculators", "ui"])
def test_all_lists_the_public_names(package):
    module = importlib.import_module(package)
    exported = set(module.__all__)
    public = {name for name in vars(module) if not name.startswith("_") and not _is_submodule(module, name)}
    assert exported == public
    assert sorted(module.__all__) == sorted(exported), "no duplicates in __all__"


def _is_submodule(module, name: str) -> bool:
    value = getattr(module, name)
    return getattr(value, "__name__", "").startswith(module.__name__ + ".") and type(value).__name__ == "module"
