import CommandLineSupport
import Testing

@Suite("Arguments")
struct ArgumentsTests {
    let spec = ArgumentSpec(valueOptions: ["--stack", "--out"], flags: ["--force"])

    @Test("options take their value after a space or an equals sign")
    func optionForms() throws {
        let parsed = try spec.parse(["todo-api", "--stack", "go", "--out=dir", "--force"])
        #expect(parsed.positionals == ["todo-api"])
        #expect(parsed.value("--stack") == "go")
        #expect(parsed.value("--out") == "dir")
        #expect(parsed.has("--force"))
    }

    @Test("every problem is reported together, with a suggestion for a typo")
    func allProblems() {
        #expect(throws: UsageError("unknown option --stak (did you mean --stack?)\n--out needs a value")) {
            try spec.parse(["--stak", "go", "--out"])
        }
    }

    @Test("an option given twice is an error unless it is repeatable")
    func repeated() throws {
        #expect(throws: UsageError("--stack given more than once")) { try spec.parse(["--stack", "a", "--stack", "b"]) }
        let repeatable = ArgumentSpec(repeatableOptions: ["--checkpoint"])
        #expect(try repeatable.parse(["--checkpoint", "a", "--checkpoint=b"]).allValues("--checkpoint") == ["a", "b"])
    }

    @Test("after -- everything is positional")
    func doubleDash() throws {
        #expect(try spec.parse(["--", "--force"]).positionals == ["--force"])
    }
}

@Suite("Suggestion")
struct SuggestionTests {
    @Test("a typo or a prefix finds the intended name", arguments: [
        ("todo", "todo-api"), ("todo-apu", "todo-api"), ("pyhton", "python"), ("rustt", "rust"),
    ])
    func finds(_ input: String, _ expected: String) {
        #expect(Suggestion.closest(to: input, among: ["todo-api", "blog-api", "python", "rust", "go"]) == expected)
    }

    @Test("nothing is suggested for an unrelated word")
    func unrelated() {
        #expect(Suggestion.closest(to: "kubernetes", among: ["go", "rust"]) == nil)
    }
}
