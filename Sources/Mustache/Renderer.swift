/// Renders parsed templates against `Value` data. Holds the partials (and
/// parents) that `{{>name}}` / `{{<name}}` tags refer to, keyed by name.
public struct Renderer: Sendable {
    public let partials: [String: Template]
    /// When true, every failed name lookup (variable, section, inverted section,
    /// dynamic name) and every missing partial or parent is an error instead of
    /// rendering as empty.
    public let strict: Bool

    /// Nesting guard against templates that include themselves unconditionally.
    static let maxDepth = 256

    public init(partials: [String: Template] = [:], strict: Bool = false) {
        self.partials = partials
        self.strict = strict
    }

    public func render(_ template: Template, data: Value) throws(MustacheError) -> String {
        let program = template.program
        var state = RenderState(capacity: max(1024, program.text.count * 2))
        state.stack.append(data)
        try render(program, from: 0, to: program.nodes.count, &state)
        return String(decoding: state.out, as: UTF8.self)
    }
}

extension Template {
    /// Convenience for one-off renders.
    public func render(_ data: Value, partials: [String: Template] = [:], strict: Bool = false)
        throws(MustacheError) -> String
    {
        try Renderer(partials: partials, strict: strict).render(self, data: data)
    }
}

/// Everything that changes while rendering, kept in one struct passed `inout`
/// so the hot loop touches no reference-counted or exclusivity-checked state.
struct RenderState {
    var out: [UInt8] = []
    /// Context stack, innermost last.
    var stack: [Value] = []
    /// Indentation of the standalone partial or block being rendered.
    var indent: [UInt8] = []
    /// A template line has started but nothing has been written on it yet. The
    /// indentation is written lazily, with the first byte of the line, so lines
    /// that stay empty (and partials that render nothing) get no indentation.
    var pending = false
    /// Block overrides in scope; the first entry for a name wins, so the most
    /// derived template's argument beats those of the templates it inherits.
    var overrides: [Override] = []
    var depth = 0

    init(capacity: Int) {
        out.reserveCapacity(capacity)
        stack.reserveCapacity(16)
    }
}

struct Override {
    let name: String
    let program: Program
    let node: Int
    /// Indentation in effect where the parent tag was rendered; used when the
    /// block expands inline rather than standalone.
    let indent: [UInt8]
}
