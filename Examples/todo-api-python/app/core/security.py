"""Security primitives: argon2id password hashes, HS256 access tokens, refresh tokens."""

import hashlib
import secrets
import time

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2id with the OWASP Password Storage Cheat Sheet's first configuration
# (19 MiB, 2 passes, 1 lane): a login costs tens of milliseconds, not the
# whole CPU. The parameters are stored in each hash, so raising them later
# keeps old hashes verifiable.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

# Verified when a login names an unknown email, so that it takes as long as a
# wrong password and response times do not reveal which emails exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(32))

# Tolerates small clock differences between machines without keeping expired
# tokens alive for long.
CLOCK_SKEW_LEEWAY_SECONDS = 30


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(encoded: str | None, password: str) -> bool:
    """Whether password matches; None (no such account) costs the same and fails."""
    try:
        return _hasher.verify(encoded or _DUMMY_HASH, password) and encoded is not None
    except (VerificationError, InvalidHashError):
        return False


class InvalidToken(Exception):
    """Every reason to reject an access token: callers answer 401 whatever it is."""


class TokenIssuer:
    """Creates and verifies HS256 access tokens."""

    def __init__(self, secret: bytes, ttl_seconds: int) -> None:
        self._secret = secret
        self.ttl_seconds = ttl_seconds

    def issue(self, user_id: int, now: float | None = None) -> str:
        issued = int(time.time() if now is None else now)
        claims = {"sub": str(user_id), "iat": issued, "exp": issued + self.ttl_seconds}
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def verify(self, token: str) -> int:
        """The user id of a valid token. Only HS256 is accepted, which rules out
        "none" and algorithm-confusion tokens whatever their signature."""
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                leeway=CLOCK_SKEW_LEEWAY_SECONDS,
                options={"require": ["exp", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken from exc
        subject = claims["sub"]
        if not subject.isascii() or not subject.isdigit() or not 0 < int(subject) < 1 << 63:
            raise InvalidToken
        return int(subject)


def new_refresh_token() -> tuple[str, str]:
    """An opaque token for the client and the hash to store. A fast hash is
    enough, unlike for passwords: 256 random bits cannot be guessed."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    """Only this reaches the database, so a leaked table cannot be replayed."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
