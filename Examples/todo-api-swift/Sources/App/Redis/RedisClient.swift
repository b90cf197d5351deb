import NIOCore
import NIOPosix

/// A small Redis client speaking RESP2 over one pipelined SwiftNIO
/// connection: enough for the cache and the rate limiter (GET, SET, DEL,
/// INCR, EXPIRE, MULTI/EXEC). The connection is opened on first use and
/// again after a failure.
final class RedisClient: Sendable {
    private let url: RedisURL
    private let connection: ConnectionHolder

    init(url: RedisURL) {
        self.url = url
        self.connection = ConnectionHolder()
    }

    /// Sends `commands` back to back in one write, so a MULTI ... EXEC
    /// block is never interleaved with another caller's commands, and
    /// returns one reply per command.
    func send(_ commands: [[String]]) async throws -> [RESPValue] {
        let channel = try await connection.channel(url: url)
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        channel.writeAndFlush(RESPRequest(commands: commands, promise: promise), promise: nil)
        let replies = try await promise.futureResult.get()
        for reply in replies {
            if case .error(let message) = reply { throw RedisError.server(message) }
        }
        return replies
    }

    func send(_ command: String...) async throws -> RESPValue {
        try await send([command])[0]
    }

    func close() async {
        await connection.close()
    }
}

enum RedisError: Error, CustomStringConvertible {
    case server(String)
    case connectionClosed
    case protocolError

    var description: String {
        switch self {
        case .server(let message): "redis: \(message)"
        case .connectionClosed: "redis: connection closed"
        case .protocolError: "redis: malformed reply"
        }
    }
}

/// A RESP2 reply.
enum RESPValue: Sendable, Equatable {
    case simple(String)
    case error(String)
    case integer(Int64)
    case bulk([UInt8]?)
    case array([RESPValue]?)
}

private actor ConnectionHolder {
    private var current: (any Channel)?

    func channel(url: RedisURL) async throws -> any Channel {
        if let current, current.isActive { return current }
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(2))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder()))
                    try channel.pipeline.syncOperations.addHandler(RESPHandler())
                }
            }
            .connect(host: url.host, port: url.port).get()
        var setup: [[String]] = []
        if let password = url.password { setup.append(["AUTH", password]) }
        if url.database != 0 { setup.append(["SELECT", String(url.database)]) }
        if !setup.isEmpty {
            let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
            channel.writeAndFlush(RESPRequest(commands: setup, promise: promise), promise: nil)
            for reply in try await promise.futureResult.get() {
                if case .error(let message) = reply {
                    try? await channel.close()
                    throw RedisError.server(message)
                }
            }
        }
        current = channel
        return channel
    }

    func close() async {
        try? await current?.close()
        current = nil
    }
}

private struct RESPRequest: Sendable {
    var commands: [[String]]
    var promise: EventLoopPromise<[RESPValue]>
}

/// Matches replies to requests in order: Redis answers commands of one
/// connection in the order it received them.
private final class RESPHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RESPRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var expected: Int
        var replies: [RESPValue]
        var promise: EventLoopPromise<[RESPValue]>
    }

    private var pending: [Pending] = []

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        var buffer = context.channel.allocator.buffer(capacity: 64)
        for command in request.commands {
            buffer.writeString("*\(command.count)\r\n")
            for argument in command {
                buffer.writeString("$\(argument.utf8.count)\r\n")
                buffer.writeString(argument)
                buffer.writeString("\r\n")
            }
        }
        pending.append(Pending(expected: request.commands.count, replies: [], promise: request.promise))
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !pending.isEmpty else { return }
        pending[0].replies.append(unwrapInboundIn(data))
        if pending[0].replies.count == pending[0].expected {
            let done = pending.removeFirst()
            done.promise.succeed(done.replies)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisError.connectionClosed)
        context.fireChannelInactive()
    }

    private func failAll(_ error: any Error) {
        let failed = pending
        pending = []
        for request in failed { request.promise.fail(error) }
    }
}

/// Parses RESP2 replies; waits for more bytes while a reply is incomplete.
private struct RESPDecoder: ByteToMessageDecoder {
    typealias InboundOut = RESPValue

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        var view = buffer
        guard let value = try Self.parse(&view) else { return .needMoreData }
        buffer = view
        context.fireChannelRead(wrapInboundOut(value))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    private static func line(_ buffer: inout ByteBuffer) -> String? {
        guard let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\r")),
            end + 1 < buffer.writerIndex
        else { return nil }
        let length = end - buffer.readerIndex
        let text = buffer.readString(length: length)
        buffer.moveReaderIndex(forwardBy: 2)
        return text
    }

    private static func parse(_ buffer: inout ByteBuffer) throws -> RESPValue? {
        guard let marker = buffer.readInteger(as: UInt8.self), let text = line(&buffer) else { return nil }
        switch marker {
        case UInt8(ascii: "+"): return .simple(text)
        case UInt8(ascii: "-"): return .error(text)
        case UInt8(ascii: ":"):
            guard let value = Int64(text) else { throw RedisError.protocolError }
            return .integer(value)
        case UInt8(ascii: "$"):
            guard let length = Int(text) else { throw RedisError.protocolError }
            if length < 0 { return .bulk(nil) }
            guard buffer.readableBytes >= length + 2, let bytes = buffer.readBytes(length: length) else { return nil }
            buffer.moveReaderIndex(forwardBy: 2)
            return .bulk(bytes)
        case UInt8(ascii: "*"):
            guard let count = Int(text) else { throw RedisError.protocolError }
            if count < 0 { return .array(nil) }
            var items: [RESPValue] = []
            for _ in 0..<count {
                guard let item = try parse(&buffer) else { return nil }
                items.append(item)
            }
            return .array(items)
        default:
            throw RedisError.protocolError
        }
    }
}
