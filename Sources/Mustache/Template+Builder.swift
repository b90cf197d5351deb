extension Parser {
    mutating func parse() throws(MustacheError) -> Program {
        try tokenize()
        try matchSections()
        markStandalone()
        var builder = Builder()
        builder.text.reserveCapacity(source.count)
        builder.nodes.reserveCapacity(tokens.count)
        build(into: &builder)
        return Program(
            name: name, source: source, nodes: builder.nodes, text: builder.text, paths: builder.paths,
            tags: builder.tags, partials: builder.partials, blocks: builder.blocks, parents: builder.parents)
    }

    struct Builder {
        var nodes: [Node] = []
        var text: [UInt8] = []
        var paths: [NamePath] = []
        var tags: [Range<Int>] = []
        var partials: [PartialInfo] = []
        var blocks: [BlockInfo] = []
        var parents: [PartialInfo] = []
    }

    private struct Open {
        let node: Int
        let dedent: [UInt8]
        let isParent: Bool
    }

    func build(into b: inout Builder) {
        var stack: [Open] = []
        // Leading whitespace removed from every line inside the innermost
        // standalone block (its "intrinsic" indentation, re-added at expansion).
        var dedent: [UInt8] = []
        var insideParent = false
        for i in tokens.indices {
            let token = tokens[i]
            let tag = Int32(b.tags.count)
            if token.kind != .text {
                b.tags.append(token.start..<token.end)
            }
            switch token.kind {
            case .text:
                // Text directly inside a parent tag is not rendered anywhere.
                if token.start < token.end && !insideParent {
                    appendText(token.start..<token.end, dedent: dedent, into: &b)
                }
            case .variable:
                b.nodes.append(.variable(path: addPath(token, into: &b), tag: tag))
            case .unescaped:
                b.nodes.append(.unescaped(path: addPath(token, into: &b), tag: tag))
            case .comment, .setDelimiter:
                break
            case .section, .inverted:
                stack.append(Open(node: b.nodes.count, dedent: dedent, isParent: insideParent))
                let path = addPath(token, into: &b)
                b.nodes.append(
                    token.kind == .section
                        ? .section(path: path, end: 0, tag: tag) : .inverted(path: path, end: 0, tag: tag))
                insideParent = false
            case .partial, .parent:
                let info = PartialInfo(
                    name: name(of: token),
                    dynamicPath: token.dynamic ? addPath(token, into: &b) : -1,
                    standalone: token.standalone,
                    indent: token.standalone ? relative(Array(source[token.indentStart..<token.start]), to: dedent) : [])
                if token.kind == .partial {
                    b.nodes.append(.partial(info: Int32(b.partials.count), tag: tag))
                    b.partials.append(info)
                } else {
                    stack.append(Open(node: b.nodes.count, dedent: dedent, isParent: insideParent))
                    b.nodes.append(.parent(info: Int32(b.parents.count), end: 0, tag: tag))
                    b.parents.append(info)
                    insideParent = true
                }
            case .block:
                stack.append(Open(node: b.nodes.count, dedent: dedent, isParent: insideParent))
                var indent: [UInt8] = []
                if token.standalone {
                    let intrinsic = intrinsicIndent(ofBlock: i)
                    indent = relative(intrinsic.isEmpty ? Array(source[token.indentStart..<token.start]) : intrinsic, to: dedent)
                    if !intrinsic.isEmpty { dedent = intrinsic }
                }
                b.nodes.append(.block(info: Int32(b.blocks.count), end: 0, tag: tag))
                b.blocks.append(BlockInfo(name: name(of: token), standalone: token.standalone, indent: indent))
                insideParent = false
            case .close:
                let open = stack.removeLast()
                let end = Int32(b.nodes.count)
                switch b.nodes[open.node] {
                case .section(let p, _, let t): b.nodes[open.node] = .section(path: p, end: end, tag: t)
                case .inverted(let p, _, let t): b.nodes[open.node] = .inverted(path: p, end: end, tag: t)
                case .block(let info, _, let t): b.nodes[open.node] = .block(info: info, end: end, tag: t)
                case .parent(let info, _, let t): b.nodes[open.node] = .parent(info: info, end: end, tag: t)
                default: break
                }
                dedent = open.dedent
                insideParent = open.isParent
            }
        }
    }

    func addPath(_ token: Token, into b: inout Builder) -> Int32 {
        let name = name(of: token)
        var path = NamePath(isImplicit: name == ".", first: name, rest: [])
        // Splitting bytes directly: this runs for every tag of every parse.
        if !path.isImplicit, let dot = source[token.nameStart..<token.nameEnd].firstIndex(of: UInt8(ascii: ".")) {
            var keys: [String] = []
            var start = token.nameStart
            var p = dot
            while true {
                keys.append(String(decoding: source[start..<p], as: UTF8.self))
                guard p < token.nameEnd else { break }
                start = p + 1
                p = source[start..<token.nameEnd].firstIndex(of: UInt8(ascii: ".")) ?? token.nameEnd
            }
            path = NamePath(isImplicit: false, first: keys[0], rest: Array(keys.dropFirst()))
        }
        b.paths.append(path)
        return Int32(b.paths.count - 1)
    }

    /// Copies literal text into the shared pool, removing `dedent` from the
    /// start of each source line it covers.
    func appendText(_ range: Range<Int>, dedent: [UInt8], into b: inout Builder) {
        let start = b.text.count
        if dedent.isEmpty {
            b.text.append(contentsOf: source[range])
        } else {
            var p = range.lowerBound
            while p < range.upperBound {
                if p == 0 || source[p - 1] == 0x0A {
                    var k = 0
                    while k < dedent.count && p < range.upperBound && source[p] == dedent[k] { p += 1; k += 1 }
                }
                guard p < range.upperBound else { break }
                b.text.append(source[p])
                p += 1
            }
        }
        if b.text.count > start {
            b.nodes.append(.text(start: Int32(start), end: Int32(b.text.count)))
        }
    }

    /// Indentation relative to the enclosing block's dedent, since that dedent
    /// is re-added by the block's own expansion.
    func relative(_ indent: [UInt8], to dedent: [UInt8]) -> [UInt8] {
        if indent.starts(with: dedent) { return Array(indent.dropFirst(dedent.count)) }
        return dedent.starts(with: indent) ? [] : indent
    }

    /// The whitespace prefix common to all non-blank lines of a standalone
    /// block's content (its tag lines included), as written.
    func intrinsicIndent(ofBlock i: Int) -> [UInt8] {
        let close = tokens[i].partner
        guard close > i + 1 else { return [] }
        let first = tokens[i + 1], last = tokens[close - 1]
        let start = first.kind == .text ? first.start : tokens[i].end
        let end = last.end
        var common: [UInt8]?
        var p = start
        while p < end {
            var q = p
            while q < end && (source[q] == 0x20 || source[q] == 0x09) { q += 1 }
            var r = q
            while r < end && source[r] != 0x0A { r += 1 }
            let blank = source[q..<r].allSatisfy { $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }
            if !blank {
                let prefix = source[p..<q]
                if let c = common {
                    var n = 0
                    while n < c.count && n < prefix.count && c[n] == prefix[prefix.startIndex + n] { n += 1 }
                    common = Array(c.prefix(n))
                } else {
                    common = Array(prefix)
                }
            }
            p = r + 1
        }
        return common ?? []
    }
}
