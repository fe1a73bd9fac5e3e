"""The unit tier runs without a built store, in seconds: a test here that asks for one fails and
says where it belongs (tests/build/, which builds the synthetic store once per session)."""
from __future__ import annotations

import pytest


def _belongs_in_build(request) -> None:
    pytest.fail(f"{request.node.nodeid} needs a built store: unit tests run without one; "
                "move it to tests/build/", pytrace=False)


@pytest.fixture
def synthetic_store(request):
    _belongs_in_build(request)


@pytest.fixture
def real_store(request):
    _belongs_in_build(request)
