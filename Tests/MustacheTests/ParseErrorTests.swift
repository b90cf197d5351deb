import Mustache
import Testing

@Suite("Parse errors")
struct ParseErrorTests {
    @Test("unclosed section names file, line and column of its opening tag")
    func unclosedSection() {
        expectError(parseError("line one\n  {{#items}}\n  - {{name}}\n"),
                    file: "t.mustache", line: 2, column: 3, tag: "{{#items}}", message: "unclosed section 'items'")
    }

    @Test("the innermost unclosed section is reported")
    func innermostUnclosed() {
        expectError(parseError("{{#a}}\n{{^b}}x"),
                    file: "t.mustache", line: 2, column: 1, tag: "{{^b}}", message: "unclosed inverted section 'b'")
    }

    @Test("mismatched close tag is reported at the close tag")
    func mismatchedClose() {
        expectError(parseError("{{#a}}{{#b}}{{/a}}"),
                    file: "t.mustache", line: 1, column: 13, tag: "{{/a}}",
                    message: "closing tag 'a' does not match open section 'b'")
    }

    @Test("close tag without an open section")
    func strayClose() {
        expectError(parseError("ok\n\t{{/a}}"),
                    file: "t.mustache", line: 2, column: 2, tag: "{{/a}}", message: "unexpected closing tag 'a'")
    }

    @Test("unclosed tag reports the rest of its line as the tag")
    func unclosedTag() {
        expectError(parseError("hello {{name\nworld"),
                    file: "t.mustache", line: 1, column: 7, tag: "{{name", message: "unclosed tag")
    }

    @Test("unclosed triple mustache")
    func unclosedTriple() {
        expectError(parseError("a {{{name}}"),
                    file: "t.mustache", line: 1, column: 3, tag: "{{{", message: "unclosed tag")
    }

    @Test("set-delimiter tag needs exactly two delimiters without '='")
    func badDelimiters() {
        let message = "invalid set-delimiter tag: expected two delimiters separated by whitespace"
        expectError(parseError("{{=<% =}}"), file: "t.mustache", line: 1, column: 1, tag: "{{=<% =}}", message: message)
        expectError(parseError("{{=a= b=}}"), file: "t.mustache", line: 1, column: 1, tag: "{{=a= b=}}", message: message)
        expectError(parseError("x {{=<% %>"), file: "t.mustache", line: 1, column: 3, tag: "{{=", message: "unclosed set-delimiter tag")
    }

    @Test("empty tag names are rejected for every tag kind")
    func emptyNames() {
        expectError(parseError("{{ }}"), file: "t.mustache", line: 1, column: 1, tag: "{{ }}", message: "empty tag name")
        expectError(parseError("a{{#}}{{/}}"), file: "t.mustache", line: 1, column: 2, tag: "{{#}}", message: "empty tag name")
        expectError(parseError("{{> }}"), file: "t.mustache", line: 1, column: 1, tag: "{{> }}", message: "empty tag name")
        expectError(parseError("{{>*}}"), file: "t.mustache", line: 1, column: 1, tag: "{{>*}}", message: "empty dynamic name")
    }

    @Test("errors after a delimiter change quote the tag with the new delimiters")
    func customDelimiterLocation() {
        expectError(parseError("{{=<% %>=}}\n<%#list%>\n"),
                    file: "t.mustache", line: 2, column: 1, tag: "<%#list%>", message: "unclosed section 'list'")
    }

    @Test("columns count Unicode scalars, not bytes")
    func unicodeColumns() {
        expectError(parseError("héllo → {{#x}}"),
                    file: "t.mustache", line: 1, column: 9, tag: "{{#x}}", message: "unclosed section 'x'")
    }

    @Test("unclosed blocks and parents are named as such")
    func inheritanceErrors() {
        expectError(parseError("{{<layout}}\n{{$body}}\n{{/layout}}"),
                    file: "t.mustache", line: 3, column: 1, tag: "{{/layout}}",
                    message: "closing tag 'layout' does not match open block 'body'")
        expectError(parseError("{{<layout}}"),
                    file: "t.mustache", line: 1, column: 1, tag: "{{<layout}}", message: "unclosed parent 'layout'")
    }

    @Test("description reads FILE:LINE:COL: error: MESSAGE (in tag TAG)")
    func description() {
        let error = parseError("\n\n   {{#items}}", name: "Templates/handler.mustache")
        #expect(error?.description == "Templates/handler.mustache:3:4: error: unclosed section 'items' (in tag {{#items}})")
    }

    @Test("a partial's parse error names the partial's own file")
    func partialParseError() {
        do {
            _ = try templates(["row": "ok\n{{#x}}"])
            Issue.record("expected a parse error")
        } catch {
            #expect(error.file == "partials/row.mustache")
            #expect(error.line == 2)
            #expect(error.column == 1)
        }
    }
}
