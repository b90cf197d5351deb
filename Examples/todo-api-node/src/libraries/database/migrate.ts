import { readdir, readFile } from "node:fs/promises";
import type { Database } from "./database.ts";

/**
 * Applies, in order, every NNNN_name.sql file of the dialect's folder that is
 * not yet recorded in schema_migrations. Each file runs in its own
 * transaction together with its record, so a failed migration leaves no
 * trace and is retried on the next start.
 */
export async function migrate(db: Database, migrationsRoot: URL): Promise<void> {
  await db.executeScript(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL
  )`);

  const folder = new URL(`${db.dialect}/`, migrationsRoot);
  const files = (await readdir(folder)).filter((name) => name.endsWith(".sql")).sort();
  for (const file of files) {
    const version = Number.parseInt(file.split("_", 1)[0] ?? "", 10);
    if (!/^\d+_/.test(file) || Number.isNaN(version)) {
      throw new Error(`migration ${file}: name must start with a number`);
    }
    const body = await readFile(new URL(file, folder), "utf8");
    try {
      await db.transaction(async (q) => {
        if (q.dialect === "postgres") {
          // Serialises instances that start at the same time: the second
          // waits here, then sees the migration as applied.
          await q.executeScript("LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE");
        }
        const applied = await q.query("SELECT version FROM schema_migrations WHERE version = ?", [
          version,
        ]);
        if (applied.length > 0) return;
        await q.executeScript(body);
        await q.execute(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
          [version, file, new Date()],
        );
      });
    } catch (error) {
      throw new Error(`migration ${file}: ${(error as Error).message}`, { cause: error });
    }
  }
}
