/// A parsed Mustache template. Parsing happens once, in `init`; rendering only
/// walks the flat node array it produced.
public struct Template: Sendable {
    /// Used in error locations; usually the file path the source came from.
    public let name: String
    let program: Program

    /// Parses `source`; every syntax error is reported with `name` and the
    /// line and column of the offending tag.
    public init(_ source: String, name: String) throws(MustacheError) {
        self.name = name
        var parser = Parser(source: Array(source.utf8), name: name)
        self.program = try parser.parse()
    }
}

/// Immutable compiled form of a template. A class so that templates, partial
/// tables and inheritance overrides can share it without copying arrays.
final class Program: @unchecked Sendable {
    let name: String
    /// Kept only to describe error locations.
    let source: [UInt8]
    /// Pre-order flattening of the tag tree; containers store the index just past
    /// their last descendant, so skipping a falsy section is a single jump.
    let nodes: [Node]
    /// Every literal text run, with standalone lines and block dedent already
    /// applied, so rendering copies bytes without deciding anything.
    let text: [UInt8]
    let paths: [NamePath]
    let tags: [Range<Int>]
    /// Unchecked views of `nodes` and `text` for the render loop. Sound because
    /// both arrays are immutable and owned by this object for its lifetime.
    let nodeBase: UnsafeMutableBufferPointer<Node>
    let textBase: UnsafeMutableBufferPointer<UInt8>
    let partials: [PartialInfo]
    let blocks: [BlockInfo]
    let parents: [PartialInfo]

    init(
        name: String, source: [UInt8], nodes: [Node], text: [UInt8], paths: [NamePath],
        tags: [Range<Int>], partials: [PartialInfo], blocks: [BlockInfo], parents: [PartialInfo]
    ) {
        self.name = name
        self.source = source
        self.nodes = nodes
        self.text = text
        self.paths = paths
        self.tags = tags
        self.partials = partials
        self.blocks = blocks
        self.parents = parents
        self.nodeBase = .allocate(capacity: max(1, nodes.count))
        _ = self.nodeBase.initialize(from: nodes)
        self.textBase = .allocate(capacity: max(1, text.count))
        _ = self.textBase.initialize(from: text)
    }

    deinit {
        nodeBase.deallocate()
        textBase.deallocate()
    }

    func error(tag: Int32, _ message: String) -> MustacheError {
        MustacheError.at(tags[Int(tag)], in: source, file: name, message)
    }
}

/// Payloads are small integers indexing side tables of `Program`, which keeps
/// the node trivially copyable (no reference counting while walking).
enum Node {
    case text(start: Int32, end: Int32)
    case variable(path: Int32, tag: Int32)
    case unescaped(path: Int32, tag: Int32)
    case section(path: Int32, end: Int32, tag: Int32)
    case inverted(path: Int32, end: Int32, tag: Int32)
    case partial(info: Int32, tag: Int32)
    case block(info: Int32, end: Int32, tag: Int32)
    case parent(info: Int32, end: Int32, tag: Int32)

    /// Index of the next sibling for a node at `index`.
    @inline(__always)
    func next(after index: Int) -> Int {
        switch self {
        case .section(_, let end, _), .inverted(_, let end, _),
            .block(_, let end, _), .parent(_, let end, _):
            return Int(end)
        default:
            return index + 1
        }
    }
}

/// A tag name split once at parse time: `a.b.c` becomes `["a", "b", "c"]`.
struct NamePath: Sendable {
    /// `.` — the current context.
    let isImplicit: Bool
    let first: String
    /// Empty for the common single-component name.
    let rest: [String]

    /// As written (trimmed); rebuilt on demand because only errors need it and
    /// a smaller struct is cheaper to read on every lookup.
    var name: String { rest.isEmpty ? first : ([first] + rest).joined(separator: ".") }
}

/// A partial or parent tag.
struct PartialInfo: Sendable {
    let name: String
    /// For `{{>*name}}`: the path whose value names the partial; -1 otherwise.
    let dynamicPath: Int32
    let standalone: Bool
    /// Whitespace that preceded a standalone tag; prefixed to each rendered line.
    let indent: [UInt8]
}

struct BlockInfo: Sendable {
    let name: String
    /// Standalone blocks are re-indented: their content was dedented at parse
    /// time and `indent` is added back wherever the block ends up rendering.
    let standalone: Bool
    let indent: [UInt8]
}
