import Foundation
import Testing

@testable import App

@Suite struct InfrastructureTests {
    @Test func memoryRateLimiterCountsPerWindow() async throws {
        let limiter = MemoryRateLimiter(limit: 2)
        let start = Timestamp(microseconds: 1_800_000_000 * 1_000_000)
        #expect(try await limiter.retryAfter("a", now: start) == nil)
        #expect(try await limiter.retryAfter("a", now: start) == nil)
        #expect(try await limiter.retryAfter("a", now: start.adding(.seconds(30))) == 31)
        #expect(try await limiter.retryAfter("b", now: start) == nil, "keys have budgets of their own")
        #expect(try await limiter.retryAfter("a", now: start.adding(.seconds(60))) == nil, "a new window")
    }

    @Test func metricsUseRoutePatternsAndCumulativeBuckets() {
        let metrics = HTTPMetrics()
        metrics.observe(method: "GET", route: "/api/v1/items/{id}", status: 200, seconds: 0.003)
        metrics.observe(method: "GET", route: "/api/v1/items/{id}", status: 200, seconds: 0.3)
        metrics.countQuery()
        let text = metrics.exposition()
        #expect(text.contains(#"http_requests_total{method="GET",route="/api/v1/items/{id}",status="200"} 2"#))
        #expect(
            text.contains(
                #"http_request_duration_seconds_bucket{method="GET",route="/api/v1/items/{id}",le="0.005"} 1"#))
        #expect(
            text.contains(#"http_request_duration_seconds_bucket{method="GET",route="/api/v1/items/{id}",le="0.5"} 2"#))
        #expect(text.contains(#"http_request_duration_seconds_count{method="GET",route="/api/v1/items/{id}"} 2"#))
        #expect(text.contains("db_queries_total 1\n"))
    }

    @Test func memoryCacheExpiresAndDeletes() async throws {
        let cache = MemoryCache()
        try await cache.set("k", "v", ttl: .seconds(60))
        #expect(try await cache.get("k") == "v")
        try await cache.delete("k")
        #expect(try await cache.get("k") == nil)
        try await cache.set("short", "v", ttl: .milliseconds(1))
        try await Task.sleep(for: .milliseconds(5))
        #expect(try await cache.get("short") == nil)
    }

    @Test func timestampsRoundTripAtMicrosecondPrecision() throws {
        let instant = Timestamp(microseconds: 1_795_996_638_120_000)
        #expect(instant.rfc3339 == "2026-11-29T23:57:18.12Z")
        #expect(instant.canonical == "2026-11-29T23:57:18.120000Z")
        #expect(Timestamp(parsing: instant.canonical) == instant)
        #expect(Timestamp(parsing: "2026-11-29T23:57:18Z")?.rfc3339 == "2026-11-29T23:57:18Z")
        #expect(Timestamp(parsing: "yesterday") == nil)
    }

    @Test func calendarDatesAreRealDates() {
        #expect(CalendarDate(parsing: "2030-01-31")?.description == "2030-01-31")
        #expect(CalendarDate(parsing: "2028-02-29") != nil)
        for invalid in ["2030-02-30", "2030-13-01", "31/01/2030", "2030-1-31", "tomorrow", "2030-01-31T00:00:00Z"] {
            #expect(CalendarDate(parsing: invalid) == nil, "\(invalid)")
        }
        let date = CalendarDate(parsing: "1999-12-31")!
        #expect(CalendarDate(daysSince1970: date.daysSince1970) == date)
    }

    @Test func splitsMigrationsIntoStatements() {
        let statements = Migrator.splitStatements(
            """
            -- a comment; with a semicolon
            CREATE TABLE a (x TEXT DEFAULT 'a;b');
            CREATE INDEX a_x ON a (x); -- trailing
            """)
        #expect(statements == ["CREATE TABLE a (x TEXT DEFAULT 'a;b')", "CREATE INDEX a_x ON a (x)"])
    }

    @Test func migrationsAreNumberedForEveryDialect() throws {
        for dialect in [SQLDialect.sqlite, .postgres] {
            let migrations = try Migrator.bundled(for: dialect)
            #expect(migrations.map(\.version) == Array(1...migrations.count), "\(dialect)")
        }
    }

    @Test func migrationsApplyOnceAndAreRecorded() async throws {
        let database = try await SQLiteDatabase.open(path: nil, metrics: HTTPMetrics(), logger: .init(label: "test"))
        let migrations = try Migrator.bundled(for: .sqlite)
        try await Migrator.migrate(database, migrations)
        try await Migrator.migrate(database, migrations)
        let recorded = try await database.query("SELECT COUNT(*) AS n FROM schema_migrations")
        #expect(try recorded[0].int("n") == Int64(migrations.count))
        let foreignKeys = try await database.query("PRAGMA foreign_keys")
        #expect(try foreignKeys[0].int("foreign_keys") == 1)
        await database.close()
    }
}
