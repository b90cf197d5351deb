import Mustache
import Testing

@Suite("Indentation of standalone partials and blocks")
struct IndentationTests {
    @Test("sections inside an indented partial keep every line aligned")
    func sectionsInPartial() {
        #expect(rendered("  {{>p}}\n", data: ["xs": [1, 2]], partials: ["p": "{{#xs}}\n- {{.}}\n{{/xs}}\n"])
                == "  - 1\n  - 2\n")
    }

    @Test("a line that renders empty inside an indented partial stays empty")
    func emptyInterpolatedLine() {
        #expect(rendered("\t{{>p}}\n", data: ["a": "", "b": "B"], partials: ["p": "{{a}}\n{{b}}\n"]) == "\n\tB\n")
    }

    @Test("CRLF blank lines inside an indented partial get no indentation")
    func crlfBlankLines() {
        #expect(rendered("\t{{>p}}\r\n", data: [:], partials: ["p": "a\r\n\r\nb\r\n"]) == "\ta\r\n\r\n\tb\r\n")
    }

    @Test("a standalone partial inside an inline partial is indented only by its own tag")
    func inlineThenStandalone() {
        #expect(rendered("x {{>outer}}", data: [:], partials: ["outer": "o\n  {{>inner}}\n", "inner": "i\nj\n"])
                == "x o\n  i\n  j\n")
    }

    @Test("a standalone block keeps its override's lines at the block's indentation")
    func blockOverride() {
        let layout = "func main() {\n\t{{$body}}\n\treturn\n\t{{/body}}\n}\n"
        let page = "{{<layout}}\n{{$body}}\nfoo()\n{{#more}}\nbar()\n{{/more}}\n{{/body}}\n{{/layout}}\n"
        #expect(rendered(page, data: ["more": true], partials: ["layout": layout])
                == "func main() {\n\tfoo()\n\tbar()\n}\n")
        #expect(rendered("{{<layout}}{{/layout}}", data: [:], partials: ["layout": layout])
                == "func main() {\n\treturn\n}\n")
    }

    @Test("a partial inside an overriding block is indented at the block's position")
    func partialInBlock() {
        let layout = "begin\n    {{$body}}\n    {{/body}}\nend\n"
        let page = "{{<layout}}{{$body}}\n{{>row}}\n{{>row}}\n{{/body}}{{/layout}}\n"
        #expect(rendered(page, data: [:], partials: ["layout": layout, "row": "r\n"])
                == "begin\n    r\n    r\nend\n")
    }
}
