"""The examples in docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "geoevents",
    "geoevents.contract",
    "geoevents.testing",
    "geoevents.inputs",
    "geoevents.webtext",
    "geoevents.dataset_run",
    "geoevents.extraction",
    "geoevents.extraction.text",
    "geoevents.extraction.dates",
    "geoevents.extraction.numbers",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failed, _attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failed == 0
