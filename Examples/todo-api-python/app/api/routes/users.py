"""The signed-in user."""

from fastapi import APIRouter
from starlette.responses import Response

from app.api.deps import CurrentUserId, ServicesDep
from app.api.routes.auth import user_json
from app.core.errors import unauthorized
from app.core.responses import json_response
from app.store.users import user_by_id

router = APIRouter(prefix="/api/v1/users")


@router.get("/me")
def me(services: ServicesDep, user_id: CurrentUserId) -> Response:
    with services.engine.connect() as conn:
        user = user_by_id(conn, user_id)
    if user is None:
        # A valid token for an account that no longer exists.
        raise unauthorized("Unknown user")
    return json_response(user_json(user))
