"""The token functions of saleor/core/jwt.py, same names and payload shape."""

import datetime
from typing import Any

import graphene
import jwt
from django.conf import settings

from ..account.models import User

JWT_ACCESS_TYPE = "access"
JWT_REFRESH_TYPE = "refresh"
JWT_THIRDPARTY_ACCESS_TYPE = "thirdparty"
JWT_REFRESH_TOKEN_COOKIE_NAME = "refreshToken"
JWT_SALEOR_OWNER_NAME = "saleor"
JWT_OWNER_FIELD = "owner"
JWT_ALGORITHM = "HS256"


def jwt_base_payload(exp_delta: datetime.timedelta | None, token_owner: str) -> dict[str, Any]:
    utc_now = datetime.datetime.now(tz=datetime.UTC)
    payload: dict[str, Any] = {"iat": utc_now, JWT_OWNER_FIELD: token_owner, "iss": "test-host"}
    if exp_delta:
        payload["exp"] = utc_now + exp_delta
    return payload


def jwt_user_payload(
    user: User,
    token_type: str,
    exp_delta: datetime.timedelta | None,
    additional_payload: dict[str, Any] | None = None,
    token_owner: str = JWT_SALEOR_OWNER_NAME,
) -> dict[str, Any]:
    payload = jwt_base_payload(exp_delta, token_owner)
    payload.update(
        {
            "token": user.jwt_token_key,
            "email": user.email,
            "type": token_type,
            "user_id": graphene.Node.to_global_id("User", user.id),
            "is_staff": user.is_staff,
        }
    )
    if additional_payload:
        payload.update(additional_payload)
    return payload


def jwt_encode(payload: dict[str, Any]) -> str:
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=JWT_ALGORITHM)


def jwt_decode(token: str, verify_aud: bool = False) -> dict[str, Any]:
    return jwt.decode(
        token,
        settings.SECRET_KEY,
        algorithms=[JWT_ALGORITHM],
        options={"verify_aud": verify_aud},
    )


def create_access_token(user: User, additional_payload: dict[str, Any] | None = None) -> str:
    payload = jwt_user_payload(user, JWT_ACCESS_TYPE, settings.JWT_TTL_ACCESS, additional_payload)
    return jwt_encode(payload)


def create_refresh_token(user: User, additional_payload: dict[str, Any] | None = None) -> str:
    payload = jwt_user_payload(user, JWT_REFRESH_TYPE, settings.JWT_TTL_REFRESH, additional_payload)
    return jwt_encode(payload)


def get_user_from_payload(payload: dict[str, Any], request=None) -> User | None:
    user = User.objects.filter(email=payload["email"], is_active=True).first()
    user_jwt_token = payload.get("token")
    if not user_jwt_token or not user:
        raise jwt.InvalidTokenError("Invalid token. Create new one by using tokenCreate mutation.")
    if user.jwt_token_key != user_jwt_token:
        raise jwt.InvalidTokenError("Invalid token. Create new one by using tokenCreate mutation.")
    return user


def is_saleor_token(token: str) -> bool:
    try:
        payload = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return False
    return payload.get(JWT_OWNER_FIELD) == JWT_SALEOR_OWNER_NAME


def get_user_from_access_payload(payload: dict, request=None) -> User | None:
    if payload.get("type") not in [JWT_ACCESS_TYPE, JWT_THIRDPARTY_ACCESS_TYPE]:
        raise jwt.InvalidTokenError("Invalid token. Create new one by using tokenCreate mutation.")
    user = get_user_from_payload(payload, request)
    if user and payload.get("is_staff"):
        user.is_staff = True
    return user
