/// A name in every spelling a template may need, precomputed so that templates
/// stay free of logic: `todo item` -> `todoItem`, `TodoItem`, `todo_item`,
/// `todo-item`, `TODO_ITEM`, `Todo item`.
public struct Name: Sendable, Equatable {
    public let words: [String]

    /// Splits on `-`, `_`, spaces and lower-to-upper case changes.
    public init(_ raw: String) {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for character in raw {
            if character == "-" || character == "_" || character == " " || character == "." || character == "/" {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                if character.isUppercase, let previous, previous.isLowercase || previous.isNumber, !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                current.append(character)
            }
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        self.words = words.map { $0.lowercased() }
    }

    public var camel: String {
        guard let first = words.first else { return "" }
        return first + words.dropFirst().map(Self.capitalized).joined()
    }

    public var pascal: String { words.map(Self.capitalized).joined() }
    public var snake: String { words.joined(separator: "_") }
    public var kebab: String { words.joined(separator: "-") }
    public var screamingSnake: String { snake.uppercased() }
    /// Run together in lower case, as Go and Java package names want it.
    public var flat: String { words.joined() }
    public var sentence: String {
        guard let first = words.first else { return "" }
        return ([Self.capitalized(first)] + words.dropFirst()).joined(separator: " ")
    }

    private static func capitalized(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }
}
