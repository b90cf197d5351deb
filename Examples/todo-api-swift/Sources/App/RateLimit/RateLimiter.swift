import Synchronization

/// Counts requests per client in fixed one-minute windows.
///
/// A fixed window is the simplest algorithm that is exact across several
/// instances with one Redis INCR per request. Its known weakness (a client
/// may send up to twice the limit around a window boundary) is acceptable
/// for abuse protection.
protocol RateLimiter: Sendable {
    /// Counts one request for `key`; nil when it is allowed, otherwise the
    /// seconds until the window resets.
    func retryAfter(_ key: String, now: Timestamp) async throws -> Int?
}

enum RateWindow {
    static let seconds: Int64 = 60

    static func start(_ now: Timestamp) -> Int64 {
        let seconds = now.secondsSince1970
        return seconds - seconds % Self.seconds
    }

    /// Rounded up, so a client waiting that long is in a new window.
    static func retryAfter(_ now: Timestamp) -> Int {
        let end = (start(now) + seconds) * 1_000_000
        return Int((end - now.microseconds) / 1_000_000) + 1
    }
}

/// Limits requests within this process.
final class MemoryRateLimiter: RateLimiter {
    private struct State {
        var window: Int64 = 0
        var counts: [String: Int] = [:]
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = limit
    }

    func retryAfter(_ key: String, now: Timestamp) async throws -> Int? {
        let window = RateWindow.start(now)
        let count = state.withLock { state in
            // A new window forgets every old count at once, which keeps
            // memory bounded by the clients seen in the last minute.
            if state.window != window {
                state.window = window
                state.counts = [:]
            }
            state.counts[key, default: 0] += 1
            return state.counts[key]!
        }
        return count > limit ? RateWindow.retryAfter(now) : nil
    }
}

/// Limits requests across every instance sharing the Redis server.
struct RedisRateLimiter: RateLimiter {
    let redis: RedisClient
    /// Keeps the counters of different limiters apart.
    let prefix: String
    let limit: Int

    func retryAfter(_ key: String, now: Timestamp) async throws -> Int? {
        let counter = prefix + key + ":" + String(RateWindow.start(now))
        // MULTI makes INCR and EXPIRE one step: a crash between them would
        // otherwise leave a counter that never expires.
        let replies = try await redis.send([
            ["MULTI"], ["INCR", counter], ["EXPIRE", counter, String(2 * RateWindow.seconds)], ["EXEC"],
        ])
        guard case .array(let results?) = replies.last, case .integer(let count) = results.first else {
            throw RedisError.protocolError
        }
        return count > limit ? RateWindow.retryAfter(now) : nil
    }
}
