extension Renderer {
    /// Renders nodes `from..<to` of `program`: the single loop every template,
    /// section body, partial and block goes through.
    func render(_ program: Program, from: Int, to: Int, _ s: inout RenderState) throws(MustacheError) {
        let nodes = program.nodeBase
        let pool = UnsafeBufferPointer(program.textBase)
        var i = from
        while i < to {
            switch nodes[i] {
            case .text(let start, let end):
                s.writeText(UnsafeBufferPointer(rebasing: pool[Int(start)..<Int(end)]))
                i += 1

            case .variable(let path, let tag):
                try interpolate(program, path: path, tag: tag, escape: true, &s)
                i += 1

            case .unescaped(let path, let tag):
                try interpolate(program, path: path, tag: tag, escape: false, &s)
                i += 1

            case .section(let path, let end, let tag):
                let value = lookup(program.paths[Int(path)], in: s.stack)
                guard let value else {
                    if strict { throw program.error(tag: tag, "missing key '\(program.paths[Int(path)].name)'") }
                    i = Int(end)
                    continue
                }
                switch value {
                case .array(let items):
                    for item in items {
                        s.stack.append(item)
                        try render(program, from: i + 1, to: Int(end), &s)
                        s.stack.removeLast()
                    }
                default:
                    if value.isTruthy {
                        s.stack.append(value)
                        try render(program, from: i + 1, to: Int(end), &s)
                        s.stack.removeLast()
                    }
                }
                i = Int(end)

            case .inverted(let path, let end, let tag):
                let value = lookup(program.paths[Int(path)], in: s.stack)
                if value == nil && strict {
                    throw program.error(tag: tag, "missing key '\(program.paths[Int(path)].name)'")
                }
                if !(value?.isTruthy ?? false) {
                    try render(program, from: i + 1, to: Int(end), &s)
                }
                i = Int(end)

            case .partial(let info, let tag):
                try renderPartial(program.partials[Int(info)], of: program, tag: tag, &s)
                i += 1

            case .block(let info, let end, _):
                try renderBlock(program, at: i, info: program.blocks[Int(info)], end: Int(end), &s)
                i = Int(end)

            case .parent(let info, let end, let tag):
                try renderParent(program, at: i, info: program.parents[Int(info)], end: Int(end), tag: tag, &s)
                i = Int(end)
            }
        }
    }

    @inline(__always)
    func interpolate(
        _ program: Program, path: Int32, tag: Int32, escape: Bool, _ s: inout RenderState
    ) throws(MustacheError) {
        let namePath = program.paths[Int(path)]
        guard let value = lookup(namePath, in: s.stack) else {
            if strict { throw program.error(tag: tag, "missing key '\(namePath.name)'") }
            return
        }
        switch value {
        case .string(let string): s.writeValue(string, escape: escape)
        case .int(let int): s.writeInt(int)
        case .double(let double): s.writeValue(double.description, escape: false)
        case .bool(let bool): s.writeValue(bool ? "true" : "false", escape: false)
        case .null: break
        case .array, .object:
            // No textual form is obviously right for containers; lenient mode
            // renders nothing (like null), strict mode refuses.
            if strict {
                let kind = if case .array = value { "a list" } else { "an object" }
                throw program.error(tag: tag, "cannot interpolate '\(namePath.name)': it is \(kind)")
            }
        }
    }

    /// Spec name resolution: the first name component is searched up the context
    /// stack; the remaining components must then resolve inside that value, with
    /// no further stack search (a broken chain is a miss).
    @inline(__always)
    func lookup(_ path: NamePath, in stack: [Value]) -> Value? {
        if path.isImplicit { return stack.last }
        let found: Value? = stack.withUnsafeBufferPointer { frames in
            var i = frames.count - 1
            while i >= 0 {
                if case .object(let dict) = frames[i], let value = dict[path.first] {
                    return value
                }
                i -= 1
            }
            return nil
        }
        guard var value = found else { return nil }
        if path.rest.isEmpty { return value }
        for key in path.rest {
            guard case .object(let dict) = value, let next = dict[key] else { return nil }
            value = next
        }
        return value
    }
}
