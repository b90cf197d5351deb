import Foundation

/// Latency figures of an open-loop run, in milliseconds.
public struct LoadReport: Sendable {
    public let rate: Double
    public let requests: Int
    public let errors: Int
    public let p50: Double
    public let p95: Double
    public let p99: Double
    public let max: Double
    /// Requests completed per second over the measured window.
    public let achievedRate: Double

    public var errorRate: Double { requests == 0 ? 0 : Double(errors) / Double(requests) }

    public var summary: String {
        String(format: "%.0f req/s offered, %.0f achieved, %d requests, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, errors %.2f%%",
               rate, achievedRate, requests, p50, p95, p99, max, errorRate * 100)
    }
}

/// Sends requests at a constant arrival rate, whatever the server's speed:
/// request i is due at start + i / rate, and its latency is measured from
/// that due time, not from when a worker got round to sending it. A slow
/// server therefore shows up as latency instead of silently lowering the
/// rate (no coordinated omission). Workers keep their connections alive.
public struct OpenLoopLoad: Sendable {
    public let address: ServerAddress
    public let request: HTTPRequest
    public let rate: Double
    public let warmUp: Double
    public let duration: Double
    public let workers: Int

    public init(address: ServerAddress, request: HTTPRequest, rate: Double, warmUp: Double, duration: Double, workers: Int = 32) {
        self.address = address
        self.request = request
        self.rate = rate
        self.warmUp = warmUp
        self.duration = duration
        self.workers = workers
    }

    public func run(expectStatus: Int = 200) -> LoadReport {
        let total = Int((warmUp + duration) * rate)
        let measuredFrom = Int(warmUp * rate)
        let state = LoadState(capacity: total)
        let start = DispatchTime.now().uptimeNanoseconds + 50_000_000
        let host = "\(address.host):\(address.port)"
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                var connection: HTTPConnection?
                while let index = state.claim(below: total) {
                    let due = start + UInt64(Double(index) / rate * 1e9)
                    let current = DispatchTime.now().uptimeNanoseconds
                    if due > current { usleep(useconds_t((due - current) / 1000)) }
                    var ok = false
                    do {
                        if connection == nil || connection?.isOpen == false { connection = try HTTPConnection(to: address, timeout: 10) }
                        let response = try connection!.send(request, host: host)
                        ok = response.status == expectStatus
                    } catch {
                        connection = nil
                    }
                    let done = DispatchTime.now().uptimeNanoseconds
                    if index >= measuredFrom { state.record(latency: Double(done - due) / 1e6, ok: ok, at: done) }
                }
                connection?.close()
            }
        }
        group.wait()
        return state.report(rate: rate, measuredStart: start + UInt64(warmUp * 1e9))
    }
}

private final class LoadState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var latencies: [Double]
    private var errors = 0
    private var lastDone: UInt64 = 0

    init(capacity: Int) { latencies = []; latencies.reserveCapacity(capacity) }

    func claim(below total: Int) -> Int? {
        lock.withLock {
            guard next < total else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func record(latency: Double, ok: Bool, at time: UInt64) {
        lock.withLock {
            latencies.append(latency)
            if !ok { errors += 1 }
            lastDone = max(lastDone, time)
        }
    }

    func report(rate: Double, measuredStart: UInt64) -> LoadReport {
        lock.withLock {
            let sorted = latencies.sorted()
            func percentile(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                return sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
            }
            let window = Double(lastDone > measuredStart ? lastDone - measuredStart : 1) / 1e9
            return LoadReport(rate: rate, requests: sorted.count, errors: errors, p50: percentile(0.50), p95: percentile(0.95),
                              p99: percentile(0.99), max: sorted.last ?? 0, achievedRate: Double(sorted.count) / window)
        }
    }
}
