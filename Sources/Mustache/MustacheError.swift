/// A parse or render failure, located at the opening delimiter of the offending tag
/// so that editors and CI logs can jump straight to it.
public struct MustacheError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The template's name, usually its file path.
    public let file: String
    /// 1-based line of the tag's opening delimiter.
    public let line: Int
    /// 1-based column (in Unicode scalars) of the tag's opening delimiter.
    public let column: Int
    /// The tag as written, e.g. `{{#items}}`.
    public let tag: String
    public let message: String

    public init(file: String, line: Int, column: Int, tag: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.tag = tag
        self.message = message
    }

    public var description: String {
        "\(file):\(line):\(column): error: \(message) (in tag \(tag))"
    }
}

extension MustacheError {
    /// Builds an error for the tag occupying `range` of `source`; line and column
    /// are computed only here, because errors are rare and nodes stay small.
    static func at(
        _ range: Range<Int>, in source: [UInt8], file: String, _ message: String
    ) -> MustacheError {
        var line = 1
        var lineStart = 0
        let end = min(range.lowerBound, source.count)
        for i in 0..<end where source[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        // Counting non-continuation bytes gives the column in Unicode scalars.
        var column = 1
        for i in lineStart..<end where source[i] & 0xC0 != 0x80 {
            column += 1
        }
        let upper = min(range.upperBound, source.count)
        let tag = String(decoding: source[end..<upper], as: UTF8.self)
        return MustacheError(file: file, line: line, column: column, tag: tag, message: message)
    }
}
