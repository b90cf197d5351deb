import time

import jwt
import pytest

from app.core.security import (
    InvalidToken,
    TokenIssuer,
    check_password,
    hash_password,
    hash_refresh_token,
    new_refresh_token,
)

SECRET = b"unit-test-secret-0123456789abcdef012345"


def test_passwords_are_argon2id_and_salted() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first.startswith("$argon2id$")
    assert first != second
    assert check_password(first, "correct horse")
    assert not check_password(first, "wrong horse")
    assert not check_password("not a hash", "correct horse")
    # An unknown account still costs a verification, and always fails.
    assert not check_password(None, "correct horse")


def test_tokens_round_trip_with_the_contract_claims() -> None:
    issuer = TokenIssuer(SECRET, 900)
    token = issuer.issue(42)
    assert issuer.verify(token) == 42
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert header["alg"] == "HS256"
    assert claims["sub"] == "42"
    assert claims["exp"] - claims["iat"] == 900


@pytest.mark.parametrize(
    "token",
    [
        "not-a-jwt",
        jwt.encode({"sub": "1", "exp": int(time.time()) + 60}, b"another secret of at least 32 bytes!!", "HS256"),
        jwt.encode({"sub": "1", "exp": int(time.time()) + 60}, SECRET * 2, "HS512"),
        jwt.encode({"sub": "1"}, SECRET, "HS256"),
        jwt.encode({"sub": "0", "exp": int(time.time()) + 60}, SECRET, "HS256"),
        jwt.encode({"sub": "abc", "exp": int(time.time()) + 60}, SECRET, "HS256"),
        jwt.encode({"sub": "1", "exp": int(time.time()) - 31}, SECRET, "HS256"),
        jwt.encode({"sub": "1", "exp": int(time.time()) + 60}, None, "none"),
    ],
)
def test_rejects_every_token_it_did_not_issue(token: str) -> None:
    with pytest.raises(InvalidToken):
        TokenIssuer(SECRET, 900).verify(token)


def test_expiry_has_a_small_leeway() -> None:
    issuer = TokenIssuer(SECRET, 10)
    assert issuer.verify(issuer.issue(7, now=time.time() - 20)) == 7  # 10 s late, within 30 s
    with pytest.raises(InvalidToken):
        issuer.verify(issuer.issue(7, now=time.time() - 45))


def test_refresh_tokens_are_random_and_stored_hashed() -> None:
    token, stored = new_refresh_token()
    assert len(token) >= 43
    assert stored == hash_refresh_token(token) != token
    assert new_refresh_token()[0] != token
