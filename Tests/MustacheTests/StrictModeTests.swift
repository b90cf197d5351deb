import Mustache
import Testing

@Suite("Strict mode")
struct StrictModeTests {
    @Test("missing key in strict mode names file, line and column")
    func missingInterpolation() {
        expectError(renderError("Title:\n  {{title}}\n", data: [:]),
                    file: "main.mustache", line: 2, column: 3, tag: "{{title}}", message: "missing key 'title'")
    }

    @Test("missing keys render empty in lenient mode")
    func lenient() {
        #expect(rendered("[{{title}}][{{#a}}x{{/a}}][{{^a}}y{{/a}}][{{>nope}}]", data: [:]) == "[][][y][]")
    }

    @Test("missing section and inverted section names are errors")
    func missingSections() {
        expectError(renderError("{{#items}}x{{/items}}", data: [:]),
                    file: "main.mustache", line: 1, column: 1, tag: "{{#items}}", message: "missing key 'items'")
        expectError(renderError("a\n{{^items}}x{{/items}}", data: [:]),
                    file: "main.mustache", line: 2, column: 1, tag: "{{^items}}", message: "missing key 'items'")
    }

    @Test("dotted names fail when any link of the chain is missing")
    func dottedChain() {
        let data: Value = ["a": ["b": ["c": "deep"]], "s": "text"]
        #expect(rendered("{{a.b.c}}", data: data, strict: true) == "deep")
        expectError(renderError("{{a.x.c}}", data: data),
                    file: "main.mustache", line: 1, column: 1, tag: "{{a.x.c}}", message: "missing key 'a.x.c'")
        expectError(renderError("{{a.b.c.d}}", data: data),
                    file: "main.mustache", line: 1, column: 1, tag: "{{a.b.c.d}}", message: "missing key 'a.b.c.d'")
        expectError(renderError("{{s.length}}", data: data),
                    file: "main.mustache", line: 1, column: 1, tag: "{{s.length}}", message: "missing key 's.length'")
    }

    @Test("a key that is present but null is not missing")
    func nullIsPresent() {
        #expect(rendered("[{{v}}{{#v}}x{{/v}}{{^v}}empty{{/v}}]", data: ["v": nil], strict: true) == "[empty]")
    }

    @Test("names resolve through the context stack in strict mode too")
    func contextStack() {
        let data: Value = ["owner": "me", "items": [["n": 1], ["n": 2]]]
        #expect(rendered("{{#items}}{{n}}:{{owner}} {{/items}}", data: data, strict: true) == "1:me 2:me ")
    }

    @Test("missing partial is an error in strict mode only")
    func missingPartial() {
        expectError(renderError("x\n  {{> footer}}\n", data: [:]),
                    file: "main.mustache", line: 2, column: 3, tag: "{{> footer}}", message: "missing partial 'footer'")
        #expect(rendered("x\n  {{> footer}}\n", data: [:]) == "x\n")
    }

    @Test("missing key inside a partial names the partial's file, line and column")
    func errorInsidePartial() {
        expectError(renderError("{{#rows}}\n{{> row}}\n{{/rows}}", data: ["rows": [["id": 1]]],
                                partials: ["row": "id: {{id}}\n  name: {{name}}\n"]),
                    file: "partials/row.mustache", line: 2, column: 9, tag: "{{name}}", message: "missing key 'name'")
    }

    @Test("dynamic partial names must resolve in strict mode")
    func dynamicNames() {
        expectError(renderError("{{>*kind}}", data: [:]),
                    file: "main.mustache", line: 1, column: 1, tag: "{{>*kind}}", message: "missing key 'kind'")
        expectError(renderError("{{>*kind}}", data: ["kind": 3]),
                    file: "main.mustache", line: 1, column: 1, tag: "{{>*kind}}",
                    message: "dynamic name 'kind' is not a string")
        expectError(renderError("{{>*kind}}", data: ["kind": "table"]),
                    file: "main.mustache", line: 1, column: 1, tag: "{{>*kind}}", message: "missing partial 'table'")
        #expect(rendered("{{>*kind}}", data: ["kind": "table"], partials: ["table": "T"], strict: true) == "T")
    }

    @Test("missing parent template is an error in strict mode")
    func missingParent() {
        expectError(renderError("{{<layout}}{{$body}}b{{/body}}{{/layout}}", data: [:]),
                    file: "main.mustache", line: 1, column: 1, tag: "{{<layout}}", message: "missing partial 'layout'")
    }

    @Test("interpolating a list or object is an error in strict mode and empty otherwise")
    func containers() {
        expectError(renderError("{{items}}", data: ["items": [1]]),
                    file: "main.mustache", line: 1, column: 1, tag: "{{items}}",
                    message: "cannot interpolate 'items': it is a list")
        #expect(rendered("[{{items}}{{obj}}]", data: ["items": [1], "obj": [:]]) == "[]")
    }

    @Test("unbounded partial recursion is an error, not a crash")
    func recursion() {
        let error = renderError("{{>self}}", data: [:], partials: ["self": "x{{>self}}"], strict: false)
        #expect(error?.file == "partials/self.mustache")
        #expect(error?.message.contains("deeper than") == true)
    }
}
