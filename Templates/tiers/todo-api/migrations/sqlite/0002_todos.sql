-- Todos belong to one user and disappear with them.
CREATE TABLE todos (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       TEXT      NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description TEXT      CHECK (description IS NULL OR length(description) <= 2000),
    completed   BOOLEAN   NOT NULL DEFAULT FALSE CHECK (completed IN (0, 1)),
    priority    TEXT      NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
    -- SQLite has no date type: the CHECK keeps the text a real YYYY-MM-DD date.
    due_date    DATE      CHECK (due_date IS NULL OR date(due_date) = due_date),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- Every list query filters on user_id first, so each index leads with it and
-- also serves the foreign key; the second column serves one filter or sort.
CREATE INDEX todos_user_id_created_at_idx ON todos (user_id, created_at);
CREATE INDEX todos_user_id_updated_at_idx ON todos (user_id, updated_at);
CREATE INDEX todos_user_id_due_date_idx ON todos (user_id, due_date);
CREATE INDEX todos_user_id_priority_idx ON todos (user_id, priority);
CREATE INDEX todos_user_id_title_idx ON todos (user_id, title);
CREATE INDEX todos_user_id_completed_idx ON todos (user_id, completed);
