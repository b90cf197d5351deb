extension Parser {
    /// Pairs every opener with its close tag, so later passes can reason about
    /// structure (inheritance standalone pairs need it) without a tree.
    mutating func matchSections() throws(MustacheError) {
        var open: [Int] = []
        for i in tokens.indices {
            let token = tokens[i]
            if token.isOpener {
                open.append(i)
            } else if token.kind == .close {
                guard let o = open.popLast() else {
                    throw error(token.start..<token.end, "unexpected closing tag '\(name(of: token))'")
                }
                let opener = tokens[o]
                guard opener.dynamic == token.dynamic,
                    source[opener.nameStart..<opener.nameEnd].elementsEqual(source[token.nameStart..<token.nameEnd])
                else {
                    throw error(
                        token.start..<token.end,
                        "closing tag '\(name(of: token))' does not match open \(Parser.noun(opener.kind)) '\(name(of: opener))'"
                    )
                }
                tokens[o].partner = i
                tokens[i].partner = o
            }
        }
        if let o = open.last {
            let opener = tokens[o]
            throw error(opener.start..<opener.end, "unclosed \(Parser.noun(opener.kind)) '\(name(of: opener))'")
        }
    }

    static func noun(_ kind: Token.Kind) -> String {
        switch kind {
        case .inverted: return "inverted section"
        case .block: return "block"
        case .parent: return "parent"
        default: return "section"
        }
    }

    /// Whether only blanks separate the tag at `i` from the previous line break
    /// (or the template start); returns where that leading whitespace begins.
    func blankBefore(_ i: Int) -> Int? {
        guard i > 0 else { return tokens[i].start }
        let prev = tokens[i - 1]
        guard prev.kind == .text else { return nil }
        var p = prev.end
        while p > prev.start {
            let b = source[p - 1]
            if b == 0x0A { return p }
            if b != 0x20 && b != 0x09 { return nil }
            p -= 1
        }
        return i - 1 == 0 ? prev.start : nil
    }

    /// Whether only blanks separate the tag at `i` from the next line break (or
    /// the template end). Trailing blanks are tolerated: a tag is "alone on a
    /// line" in the mustache(5) sense even if an editor left spaces behind it.
    func blankAfter(_ i: Int) -> Bool {
        guard i + 1 < tokens.count else { return true }
        let next = tokens[i + 1]
        guard next.kind == .text else { return false }
        for p in next.start..<next.end {
            let b = source[p]
            if b == 0x0A { return true }
            if b != 0x20 && b != 0x09 && b != 0x0D { return false }
        }
        return i + 1 == tokens.count - 1
    }

    /// Inheritance tags may share a line and still be standalone, as long as
    /// they form one of these structural pairs. Returns nil when they do not,
    /// otherwise whether the line break must survive (adjacent block open/close:
    /// the block's content takes the place of the tags within the line).
    func inheritancePair(_ i: Int) -> Bool? {
        let a = tokens[i], b = tokens[i + 1]
        switch (a.kind, b.kind) {
        case (.parent, .block): return false
        case (.parent, .close) where b.partner == i: return false
        case (.block, .close) where b.partner == i: return true
        case (.close, .close) where tokens[a.partner].kind == .block && tokens[b.partner].kind == .parent:
            return false
        default: return nil
        }
    }

    /// Marks standalone tags and trims the whitespace and line break they stand
    /// on from the neighbouring text tokens. Decisions are made on the original
    /// ranges first so that one trim cannot influence another line's verdict.
    mutating func markStandalone() {
        var heads: [(token: Int, newStart: Int)] = []
        var tails: [(token: Int, newEnd: Int)] = []
        var i = 0
        let count = tokens.count
        while i < count {
            let token = tokens[i]
            guard token.kind != .text else { i += 1; continue }
            var last = i
            var keepNewline = false
            var indentStart: Int?
            if token.canBeStandalone, let s = blankBefore(i), blankAfter(i) {
                indentStart = s
            } else if i + 1 < count, tokens[i + 1].kind != .text, let keep = inheritancePair(i),
                let s = blankBefore(i), blankAfter(i + 1)
            {
                indentStart = s
                last = i + 1
                keepNewline = keep
            }
            guard let indentStart else { i += 1; continue }
            for t in i...last {
                tokens[t].standalone = true
                tokens[t].indentStart = indentStart
            }
            if i > 0 { tails.append((i - 1, indentStart)) }
            if last + 1 < count {
                let next = tokens[last + 1]
                var p = next.start
                if keepNewline {
                    while p < next.end && (source[p] == 0x20 || source[p] == 0x09) { p += 1 }
                } else {
                    while p < next.end && source[p] != 0x0A { p += 1 }
                    if p < next.end { p += 1 }
                }
                heads.append((last + 1, p))
            }
            i = last + 1
        }
        for (t, newEnd) in tails { tokens[t].end = newEnd }
        for (t, newStart) in heads { tokens[t].start = min(newStart, tokens[t].end) }
    }
}
