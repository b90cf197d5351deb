"""In-process (FastAPI's TestClient): no framework default body ever reaches a client."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.config import load_settings
from app.main import create_app


@pytest.fixture
def app() -> FastAPI:
    return create_app(load_settings(DATABASE_URL="sqlite::memory:", LOG_LEVEL="error"), b"k" * 32)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    def boom() -> None:
        raise RuntimeError("SELECT secret FROM somewhere")

    def typed(n: int) -> dict[str, int]:
        return {"n": n}

    app.add_api_route("/test/boom", boom)
    app.add_api_route("/test/typed", typed)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def envelope(response) -> dict:
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert "detail" not in response.json()
    body = response.json()["error"]
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def test_unknown_path_is_the_envelope(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert envelope(response) | {"request_id": ""} == {
        "code": "NOT_FOUND",
        "message": "Resource not found",
        "request_id": "",
    }


def test_wrong_method_is_the_envelope_with_allow(client: TestClient) -> None:
    response = client.put("/health")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert envelope(response)["code"] == "METHOD_NOT_ALLOWED"


def test_fastapi_validation_error_is_the_envelope(client: TestClient) -> None:
    response = client.get("/test/typed?n=seven")
    assert response.status_code == 422
    body = envelope(response)
    assert body["code"] == "VALIDATION_ERROR"
    assert [d["field"] for d in body["details"]] == ["n"]


def test_unexpected_errors_are_a_bare_500(client: TestClient) -> None:
    response = client.get("/test/boom")
    assert response.status_code == 500
    body = envelope(response)
    assert body["code"] == "INTERNAL_ERROR"
    assert "SELECT" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
