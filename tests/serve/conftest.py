"""The service the tests ask: every bundled rule set, compiled once for the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from coopeval.serve import create_app
from tests.serve import AUTH, TOKEN


@pytest.fixture(scope="session")
def app() -> FastAPI:
    return create_app(token=TOKEN)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client that sends the token (as ``Authorization: Bearer``)."""
    with TestClient(app, headers=AUTH, raise_server_exceptions=False) as found:
        yield found


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    """A client that sends no token."""
    with TestClient(app, raise_server_exceptions=False) as found:
        yield found
