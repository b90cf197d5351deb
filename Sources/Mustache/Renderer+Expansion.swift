// Partials, parents and blocks: everything that renders nodes of one template
// in place of a tag of another, and so has to manage indentation.
extension Renderer {
    /// Resolves the template a partial or parent tag names, applying dynamic
    /// names; nil means "render nothing" (lenient mode only).
    func resolve(_ info: PartialInfo, of program: Program, tag: Int32, _ s: inout RenderState)
        throws(MustacheError) -> Program?
    {
        var name = info.name
        if info.dynamicPath >= 0 {
            let path = program.paths[Int(info.dynamicPath)]
            switch lookup(path, in: s.stack) {
            case .string(let resolved)?:
                name = resolved
            case nil:
                if strict { throw program.error(tag: tag, "missing key '\(path.name)'") }
                return nil
            case _?:
                if strict { throw program.error(tag: tag, "dynamic name '\(path.name)' is not a string") }
                return nil
            }
        }
        guard let template = partials[name] else {
            if strict { throw program.error(tag: tag, "missing partial '\(name)'") }
            return nil
        }
        guard s.depth < Renderer.maxDepth else {
            throw program.error(tag: tag, "partials nested deeper than \(Renderer.maxDepth) levels (recursive partial?)")
        }
        return template.program
    }

    func renderPartial(_ info: PartialInfo, of program: Program, tag: Int32, _ s: inout RenderState)
        throws(MustacheError)
    {
        guard let partial = try resolve(info, of: program, tag: tag, &s) else { return }
        try renderExpansion(partial, from: 0, to: partial.nodes.count, standalone: info.standalone,
                            indent: info.indent, inlineIndent: [], &s)
    }

    /// Renders another template's nodes in place of a tag. A standalone tag
    /// extends the current indentation for every line of the expansion; an
    /// inline one splices the output in, re-indenting nothing.
    @inline(__always)
    func renderExpansion(
        _ program: Program, from: Int, to: Int, standalone: Bool, indent: [UInt8],
        inlineIndent: [UInt8], _ s: inout RenderState
    ) throws(MustacheError) {
        s.depth += 1
        if standalone {
            let saved = s.indent.count
            s.indent.append(contentsOf: indent)
            s.pending = !s.indent.isEmpty
            try render(program, from: from, to: to, &s)
            s.indent.removeSubrange(saved...)
            // The tag consumed its whole line, so whatever follows starts a line.
            s.pending = !s.indent.isEmpty
        } else {
            let saved = s.indent
            s.indent = inlineIndent
            s.pending = false
            try render(program, from: from, to: to, &s)
            s.indent = saved
            s.pending = false
        }
        s.depth -= 1
    }
}

extension Renderer {
    /// `{{<parent}}…{{/parent}}`: the direct block children become overrides,
    /// then the parent template renders like a partial.
    func renderParent(
        _ program: Program, at index: Int, info: PartialInfo, end: Int, tag: Int32, _ s: inout RenderState
    ) throws(MustacheError) {
        guard let parent = try resolve(info, of: program, tag: tag, &s) else { return }
        let mark = s.overrides.count
        var j = index + 1
        while j < end {
            let node = program.nodes[j]
            if case .block(let block, _, _) = node {
                s.overrides.append(Override(
                    name: program.blocks[Int(block)].name, program: program, node: j, indent: s.indent))
            }
            j = node.next(after: j)
        }
        try renderExpansion(parent, from: 0, to: parent.nodes.count, standalone: info.standalone,
                            indent: info.indent, inlineIndent: [], &s)
        s.overrides.removeSubrange(mark...)
    }

    /// `{{$block}}…{{/block}}`: renders the outermost override for this name,
    /// or the default content, with the block's indentation re-applied.
    func renderBlock(_ program: Program, at index: Int, info: BlockInfo, end: Int, _ s: inout RenderState)
        throws(MustacheError)
    {
        if let override = s.overrides.first(where: { $0.name == info.name }) {
            let source = override.program
            guard case .block(_, let overrideEnd, _) = source.nodes[override.node] else { return }
            try renderExpansion(source, from: override.node + 1, to: Int(overrideEnd), standalone: info.standalone,
                                indent: info.indent, inlineIndent: override.indent, &s)
        } else if info.standalone {
            try renderExpansion(program, from: index + 1, to: end, standalone: true,
                                indent: info.indent, inlineIndent: [], &s)
        } else {
            // Inline default content is ordinary text of this template.
            try render(program, from: index + 1, to: end, &s)
        }
    }
}
