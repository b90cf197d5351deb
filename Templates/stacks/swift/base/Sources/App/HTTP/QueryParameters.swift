/// The query string of a request as an ordered list of decoded pairs.
///
/// Parsed by hand rather than through `URLComponents` so that links can
/// repeat the request's parameters exactly: `+` is a space, invalid escapes
/// drop the pair, and repeated keys keep every value in order.
struct QueryParameters: Sendable {
    private(set) var pairs: [(key: String, value: String)] = []

    init(_ query: String) {
        for piece in query.split(separator: "&") where !piece.contains(";") {
            let key: Substring
            let value: Substring
            if let equals = piece.firstIndex(of: "=") {
                key = piece[..<equals]
                value = piece[piece.index(after: equals)...]
            } else {
                key = piece
                value = ""
            }
            guard let decodedKey = Self.unescape(key), let decodedValue = Self.unescape(value) else { continue }
            pairs.append((decodedKey, decodedValue))
        }
    }

    func has(_ key: String) -> Bool {
        pairs.contains { $0.key == key }
    }

    /// The first value of `key`, or "" when it is absent.
    subscript(key: String) -> String {
        pairs.first { $0.key == key }?.value ?? ""
    }

    /// The parameters other than `excluded`, sorted by key (values keep
    /// their order) and encoded for a URL, e.g. `order=asc&sort=title`.
    func encoded(excluding excluded: Set<String>) -> String {
        let kept = pairs.enumerated().filter { !excluded.contains($0.element.key) }
        let sorted = kept.sorted { lhs, rhs in
            lhs.element.key != rhs.element.key ? lhs.element.key < rhs.element.key : lhs.offset < rhs.offset
        }
        return sorted.map { Self.escape($0.element.key) + "=" + Self.escape($0.element.value) }
            .joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    static func unescape(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
