-- Accounts and the refresh tokens issued to them.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT      NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
    name          TEXT      NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    password_hash TEXT      NOT NULL,
    role          TEXT      NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    created_at    TIMESTAMP NOT NULL
);

-- Only a SHA-256 hash of each token is stored; revoked_at marks a token as
-- used (rotation) or logged out.
CREATE TABLE refresh_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT      NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);
