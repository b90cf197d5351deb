/// One lexical piece of a template: a run of literal text or a tag.
struct Token {
    enum Kind: UInt8 {
        case text, variable, unescaped, section, inverted, close
        case comment, partial, setDelimiter, block, parent
    }

    var kind: Kind
    /// Whole tag including delimiters; for text, the (possibly trimmed) literal range.
    var start: Int
    var end: Int
    /// Trimmed name, after the sigil and after `*` for dynamic names.
    var nameStart = 0
    var nameEnd = 0
    var dynamic = false
    /// Index of the matching close tag (for openers) or opener (for close tags).
    var partner = -1
    var standalone = false
    /// Start of the whitespace that preceded a standalone tag on its line.
    var indentStart = 0

    var canBeStandalone: Bool { kind != .text && kind != .variable && kind != .unescaped }
    var isOpener: Bool { kind == .section || kind == .inverted || kind == .block || kind == .parent }
}

struct Parser {
    let source: [UInt8]
    let name: String
    var tokens: [Token] = []

    init(source: [UInt8], name: String) {
        self.source = source
        self.name = name
    }

    func error(_ range: Range<Int>, _ message: String) -> MustacheError {
        MustacheError.at(range, in: source, file: name, message)
    }

    func name(of token: Token) -> String {
        String(decoding: source[token.nameStart..<token.nameEnd], as: UTF8.self)
    }

    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    /// First occurrence of `needle` at or after `from`; delimiters are tiny, so a
    /// first-byte scan beats anything cleverer.
    func find(_ needle: [UInt8], from: Int) -> Int? {
        let n = source.count, m = needle.count
        guard m > 0, n >= m else { return nil }
        let first = needle[0]
        var i = from
        while i <= n - m {
            if source[i] == first {
                var k = 1
                while k < m && source[i + k] == needle[k] { k += 1 }
                if k == m { return i }
            }
            i += 1
        }
        return nil
    }

    mutating func tokenize() throws(MustacheError) {
        var open: [UInt8] = Array("{{".utf8)
        var close: [UInt8] = Array("}}".utf8)
        var pos = 0
        let n = source.count
        tokens.reserveCapacity(n / 16)
        while pos < n {
            guard let tagStart = find(open, from: pos) else {
                tokens.append(Token(kind: .text, start: pos, end: n))
                break
            }
            if tagStart > pos {
                tokens.append(Token(kind: .text, start: pos, end: tagStart))
            }
            var p = tagStart + open.count
            var kind = Token.Kind.variable
            var contentEnd: Int
            var tagEnd: Int
            let sigil: UInt8 = p < n ? source[p] : 0
            switch sigil {
            case UInt8(ascii: "{"), UInt8(ascii: "="):
                // Triple mustache and set-delimiter tags close with their sigil's
                // partner right before the closing delimiter.
                let partner = sigil == UInt8(ascii: "{") ? UInt8(ascii: "}") : sigil
                kind = sigil == UInt8(ascii: "{") ? .unescaped : .setDelimiter
                p += 1
                guard let c = find([partner] + close, from: p) else {
                    let what = kind == .unescaped ? "unclosed tag" : "unclosed set-delimiter tag"
                    throw error(tagStart..<min(n, tagStart + open.count + 1), what)
                }
                contentEnd = c
                tagEnd = c + 1 + close.count
            default:
                switch sigil {
                case UInt8(ascii: "#"): kind = .section
                case UInt8(ascii: "^"): kind = .inverted
                case UInt8(ascii: "/"): kind = .close
                case UInt8(ascii: "!"): kind = .comment
                case UInt8(ascii: ">"): kind = .partial
                case UInt8(ascii: "&"): kind = .unescaped
                case UInt8(ascii: "$"): kind = .block
                case UInt8(ascii: "<"): kind = .parent
                default: kind = .variable
                }
                if kind != .variable { p += 1 }
                guard let c = find(close, from: p) else {
                    let lineEnd = source[tagStart...].firstIndex(of: 0x0A) ?? n
                    throw error(tagStart..<lineEnd, "unclosed tag")
                }
                contentEnd = c
                tagEnd = c + close.count
            }
            var token = Token(kind: kind, start: tagStart, end: tagEnd)
            var s = p, e = contentEnd
            while s < e && Parser.isSpace(source[s]) { s += 1 }
            while e > s && Parser.isSpace(source[e - 1]) { e -= 1 }
            if kind == .partial || kind == .parent || kind == .close, s < e, source[s] == UInt8(ascii: "*") {
                token.dynamic = true
                s += 1
                while s < e && Parser.isSpace(source[s]) { s += 1 }
            }
            token.nameStart = s
            token.nameEnd = e
            if kind == .setDelimiter {
                (open, close) = try parseDelimiters(s..<e, tag: tagStart..<tagEnd)
            } else if kind != .comment && s == e {
                throw error(tagStart..<tagEnd, token.dynamic ? "empty dynamic name" : "empty tag name")
            }
            tokens.append(token)
            pos = tagEnd
        }
    }

    /// `{{=<% %>=}}`: exactly two whitespace-separated delimiters, neither empty
    /// nor containing `=` (which would make the closing `=` ambiguous).
    func parseDelimiters(_ content: Range<Int>, tag: Range<Int>) throws(MustacheError) -> ([UInt8], [UInt8]) {
        var parts: [[UInt8]] = []
        var current: [UInt8] = []
        for b in source[content] {
            if Parser.isSpace(b) {
                if !current.isEmpty { parts.append(current); current = [] }
            } else {
                current.append(b)
            }
        }
        if !current.isEmpty { parts.append(current) }
        guard parts.count == 2, !parts[0].contains(UInt8(ascii: "=")), !parts[1].contains(UInt8(ascii: "=")) else {
            throw error(tag, "invalid set-delimiter tag: expected two delimiters separated by whitespace")
        }
        return (parts[0], parts[1])
    }
}
