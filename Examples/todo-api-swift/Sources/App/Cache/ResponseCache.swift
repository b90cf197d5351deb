import Foundation
import Synchronization

/// Serialised values kept for a limited time: in Redis when the service runs
/// as several instances, in process memory otherwise. Errors mean the
/// backend did not answer; callers treat them as a miss, so a cache outage
/// slows the service down instead of breaking it.
protocol ResponseCache: Sendable {
    func get(_ key: String) async throws -> String?
    func set(_ key: String, _ value: String, ttl: Duration) async throws
    func delete(_ key: String) async throws
}

/// A process-local cache. Expired entries are dropped when read and by a
/// sweep on writes, so memory stays bounded by the live entries.
final class MemoryCache: ResponseCache {
    private struct Entry {
        var value: String
        var expiresAt: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var nextSweep: ContinuousClock.Instant
    }

    private let clock = ContinuousClock()
    private let state: Mutex<State>

    init() {
        state = Mutex(State(nextSweep: clock.now))
    }

    func get(_ key: String) async throws -> String? {
        let now = clock.now
        return state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            guard now < entry.expiresAt else {
                state.entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    func set(_ key: String, _ value: String, ttl: Duration) async throws {
        let now = clock.now
        state.withLock { state in
            if now > state.nextSweep {
                state.entries = state.entries.filter { now < $0.value.expiresAt }
                state.nextSweep = now.advanced(by: .seconds(60))
            }
            state.entries[key] = Entry(value: value, expiresAt: now.advanced(by: ttl))
        }
    }

    func delete(_ key: String) async throws {
        _ = state.withLock { $0.entries.removeValue(forKey: key) }
    }
}

/// A cache shared by every instance of the service.
struct RedisCache: ResponseCache {
    let redis: RedisClient

    func get(_ key: String) async throws -> String? {
        guard case .bulk(let bytes?) = try await redis.send("GET", key) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    func set(_ key: String, _ value: String, ttl: Duration) async throws {
        let milliseconds = ttl.components.seconds * 1000 + ttl.components.attoseconds / 1_000_000_000_000_000
        _ = try await redis.send("SET", key, value, "PX", String(milliseconds))
    }

    func delete(_ key: String) async throws {
        _ = try await redis.send("DEL", key)
    }
}
