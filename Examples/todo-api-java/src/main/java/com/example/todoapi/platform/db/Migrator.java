package com.example.todoapi.platform.db;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Applies, in order, every migrations/DIALECT/NNNN_name.sql on the classpath that is not yet
 * recorded in schema_migrations. Each file runs in its own transaction together with its record,
 * so a failed migration leaves no trace and is retried on the next start.
 */
public final class Migrator {
  private Migrator() {}

  public static void migrate(Database db) throws SQLException, IOException {
    db.update("""
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TIMESTAMP NOT NULL
        )""");
    String folder = "migrations/" + db.dialect().folder();
    TreeMap<Integer, String> files = new TreeMap<>();
    for (String name : list(folder)) {
      if (!name.endsWith(".sql")) {
        continue;
      }
      int version;
      try {
        version = Integer.parseInt(name.substring(0, name.indexOf('_')));
      } catch (RuntimeException e) {
        throw new IOException("migration " + name + ": name must start with a number", e);
      }
      if (files.put(version, name) != null) {
        throw new IOException("two migrations with version " + version);
      }
    }
    for (var entry : files.entrySet()) {
      String script = read(folder + "/" + entry.getValue());
      try {
        apply(db, entry.getKey(), entry.getValue(), script);
      } catch (SQLException e) {
        throw new SQLException("migration " + entry.getValue() + ": " + e.getMessage(), e);
      }
    }
  }

  private static void apply(Database db, int version, String name, String script) throws SQLException {
    db.inTransaction(tx -> {
      if (tx.dialect() == Dialect.POSTGRES) {
        // Serialises instances that start together: the second waits, then sees it applied.
        tx.update("LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE");
      }
      if (tx.queryOne("SELECT version FROM schema_migrations WHERE version = ?", r -> r.getLong("version"), version)
          .isPresent()) {
        return null;
      }
      db.executeScript(tx, script);
      tx.update("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", version,
          "migrations/" + tx.dialect().folder() + "/" + name, Instant.now());
      return null;
    });
  }

  /** File names in a classpath folder, from the build output or from inside the jar. */
  private static List<String> list(String folder) throws IOException {
    URL url = Migrator.class.getClassLoader().getResource(folder);
    if (url == null) {
      throw new IOException(folder + " is missing from the classpath");
    }
    List<String> names = new ArrayList<>();
    if (url.getProtocol().equals("jar")) {
      JarURLConnection connection = (JarURLConnection) url.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          String entry = entries.nextElement().getName();
          if (entry.startsWith(folder + "/") && entry.length() > folder.length() + 1) {
            names.add(entry.substring(folder.length() + 1));
          }
        }
      }
    } else {
      try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
        files.forEach(p -> names.add(p.getFileName().toString()));
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
    }
    return names;
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
