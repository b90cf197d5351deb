import Foundation
import Mustache
import Testing

@Suite("Rendering values")
struct RenderingTests {
    @Test("scalars interpolate as text")
    func scalars() {
        let data: Value = ["i": 42, "n": -7, "z": 0, "d": 1.21, "whole": .double(2), "t": true, "f": false, "nul": nil]
        #expect(rendered("{{i}} {{n}} {{z}} {{d}} {{whole}} {{t}} {{f}} [{{nul}}]", data: data)
                == "42 -7 0 1.21 2.0 true false []")
    }

    @Test("escaping covers & < > \" but not the apostrophe")
    func escaping() {
        #expect(rendered("{{v}}|{{&v}}", data: ["v": "<a href=\"x\">'&'</a>"])
                == "&lt;a href=&quot;x&quot;&gt;'&amp;'&lt;/a&gt;|<a href=\"x\">'&'</a>")
    }

    @Test("non-ASCII text passes through unchanged")
    func unicode() {
        #expect(rendered("« {{v}} » ✓", data: ["v": "ünïcødé 🚀 <"]) == "« ünïcødé 🚀 &lt; » ✓")
    }

    @Test("0, \"\", null, false and [] are falsy; {} and non-empty values are truthy")
    func truthiness() {
        let data: Value = ["zero": 0, "empty": "", "nul": nil, "no": false, "list": [], "obj": [:], "s": "x", "one": 1]
        let template = "{{#zero}}a{{/zero}}{{#empty}}b{{/empty}}{{#nul}}c{{/nul}}{{#no}}d{{/no}}{{#list}}e{{/list}}"
            + "{{#obj}}F{{/obj}}{{#s}}G{{.}}{{/s}}{{#one}}H{{.}}{{/one}}"
        #expect(rendered(template, data: data) == "FGxH1")
    }

    @Test("a parsed template renders many times with different data")
    func reuse() throws {
        let template = try Template("{{#xs}}{{.}},{{/xs}}", name: "t")
        let renderer = Renderer()
        #expect(try renderer.render(template, data: ["xs": [1, 2]]) == "1,2,")
        #expect(try renderer.render(template, data: ["xs": ["a"]]) == "a,")
    }

    @Test("template-level render convenience")
    func convenience() throws {
        let t = try Template("{{>p}}!", name: "t")
        #expect(try t.render(["v": "hi"], partials: ["p": Template("{{v}}", name: "p")]) == "hi!")
    }
}

@Suite("Value")
struct ValueTests {
    @Test("JSON integral numbers decode as int, others as double")
    func numbers() throws {
        let value = try Value(jsonString: #"{"a": 1, "b": 1.5, "c": -3, "d": 1e3, "e": [true, null, "s"]}"#)
        #expect(value == ["a": 1, "b": .double(1.5), "c": -3, "d": 1000, "e": [true, nil, "s"]])
    }

    @Test("JSON round trip through Codable")
    func roundTrip() throws {
        let value: Value = ["list": [1, 2.5, "x", false, nil], "obj": ["k": "v"], "empty": [:]]
        let data = try JSONEncoder().encode(value)
        #expect(try Value(jsonData: data) == value)
        #expect(try Value(jsonString: "[1,\"a\"]").jsonString() == #"[1,"a"]"#)
    }

    @Test("malformed JSON throws")
    func malformed() {
        #expect(throws: (any Error).self) { try Value(jsonString: "{") }
    }

    @Test("literals build the expected cases")
    func literals() {
        let v: Value = ["s": "x", "i": 1, "b": true, "a": [1], "n": nil, "d": 2.5]
        #expect(v["s"] == .string("x"))
        #expect(v["i"] == .int(1))
        #expect(v["b"] == .bool(true))
        #expect(v["a"] == .array([.int(1)]))
        #expect(v["n"] == .null)
        #expect(v["d"] == .double(2.5))
        #expect(v["missing"] == nil)
    }
}
