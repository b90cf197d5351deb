import Mustache
import Testing

/// Parses `source` expecting failure and returns the error, recording an issue
/// at the caller when parsing succeeds.
func parseError(
    _ source: String, name: String = "t.mustache", sourceLocation: SourceLocation = #_sourceLocation
) -> MustacheError? {
    do {
        _ = try Template(source, name: name)
        Issue.record("expected a parse error for \(source.debugDescription)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Renders expecting failure and returns the error.
func renderError(
    _ source: String, data: Value, partials: [String: String] = [:], strict: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> MustacheError? {
    do {
        let renderer = try Renderer(partials: templates(partials), strict: strict)
        let output = try renderer.render(Template(source, name: "main.mustache"), data: data)
        Issue.record("expected a render error, got \(output.debugDescription)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Partials are named `partials/NAME.mustache`, as a file-based loader would.
func templates(_ sources: [String: String]) throws(MustacheError) -> [String: Template] {
    var result: [String: Template] = [:]
    for (name, source) in sources {
        result[name] = try Template(source, name: "partials/\(name).mustache")
    }
    return result
}

func rendered(
    _ source: String, data: Value, partials: [String: String] = [:], strict: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) -> String? {
    do {
        return try Renderer(partials: templates(partials), strict: strict)
            .render(Template(source, name: "main.mustache"), data: data)
    } catch {
        Issue.record("unexpected error: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Asserts every located field of an error at once, reporting at the caller.
func expectError(
    _ error: MustacheError?, file: String, line: Int, column: Int, tag: String, message: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let error else { return }
    #expect(
        error == MustacheError(file: file, line: line, column: column, tag: tag, message: message),
        sourceLocation: sourceLocation)
}
