package com.example.todoapi.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseTest {
  @Test
  void scriptsSplitOnStatementEnds() {
    assertEquals(List.of("CREATE TABLE a (\n    x TEXT\n);", "CREATE INDEX i ON a (x);"),
        Database.splitStatements("-- comment\nCREATE TABLE a (\n    x TEXT\n);\n\nCREATE INDEX i ON a (x);\n"));
  }

  @Test
  void migrationsApplyOnceInMemory() throws Exception {
    try (Database db = Database.open("sqlite::memory:")) {
      Migrator.migrate(db);
      long applied = db.queryOne("SELECT COUNT(*) AS n FROM schema_migrations", r -> r.getLong("n")).orElseThrow();
      Migrator.migrate(db);
      assertEquals(applied, db.queryOne("SELECT COUNT(*) AS n FROM schema_migrations", r -> r.getLong("n")).orElseThrow());
      assertEquals(1, db.queryOne("PRAGMA foreign_keys", r -> r.getLong("foreign_keys")).orElseThrow());
      // A user that does not exist cannot own a token: the foreign key is enforced.
      assertThrows(java.sql.SQLException.class, () -> db.update(
          "INSERT INTO refresh_tokens (user_id, token_hash, expires_at, created_at) VALUES (999, 'h', 'x', 'x')"));
    }
  }
}
