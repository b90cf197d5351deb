import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing

@testable import App

/// Start-up and shutdown as a process manager sees them.
@Suite struct LifecycleTests {
    @Test func gracefulShutdownLetsInFlightRequestsFinish() async throws {
        let lines = LockedLines()
        let configuration = try AppConfiguration.load(from: [
            "PORT": "0", "DATABASE_URL": "sqlite::memory:", "JWT_SECRET": TestEnvironment.jwtSecret,
            "LOG_LEVEL": "info",
        ])
        let app = try await buildApplication(configuration) { lines.append($0) }
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await Self.listeningPort(lines)

            // A request whose body is still arriving when shutdown starts
            // must still get its normal answer.
            let body = #"{"email": "slow@example.com", "password": "x"}"#
            let head =
                "POST /api/v1/auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n"
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            let response = try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: head + body.prefix(20)))
                try await Task.sleep(for: .milliseconds(200))
                await group.triggerGracefulShutdown()
                try await Task.sleep(for: .milliseconds(200))
                try await outbound.write(ByteBuffer(string: String(body.dropFirst(20))))
                var received = ""
                for try await chunk in inbound {
                    received += String(buffer: chunk)
                }
                return received
            }
            #expect(response.hasPrefix("HTTP/1.1 422"), "in-flight request got: \(response.prefix(80))")
            // The service group returns normally, which is exit code 0.
            try await tasks.next()
        }
    }

    /// The port of the first log line, which the service promises is the
    /// "listening" line.
    static func listeningPort(_ lines: LockedLines) async throws -> Int {
        for _ in 0..<200 {
            if let first = lines.all.first {
                let line = try JSONDecoder().decode(JSONInput.self, from: Data(first.utf8))
                guard line["msg"]?.string == "listening", let address = line["addr"]?.string,
                    let port = address.split(separator: ":").last.flatMap({ Int($0) })
                else { throw TestFailure("first log line is not the listening line: \(first)") }
                return port
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw TestFailure("no listening line within 5 s")
    }
}
