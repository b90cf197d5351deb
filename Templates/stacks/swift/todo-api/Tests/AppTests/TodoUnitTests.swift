import Testing

@testable import App

@Suite struct TodoUnitTests {
    @Test func escapesLikeWildcards() {
        #expect(TodoRepository.escapeLike(#"100%_\"#) == #"100\%\_\\"#)
    }

    @Test func sortsOnlyByWhitelistedColumns() {
        #expect(Set(TodoRepository.sortColumns.keys) == Set(TodoController.listSpec.sortable))
    }

    @Test func appliesFieldsWithDefaultsAndNulls() throws {
        var todo = Todo(userID: 1)
        let body = JSONBody(members: [
            "title": .string("  Write  "), "description": .null, "completed": .bool(true),
            "due_date": .string("2030-01-31"),
        ])
        try TodoController.apply(body, to: &todo, requireTitle: true)
        #expect(todo.title == "Write" && todo.description == nil && todo.completed && todo.priority == .medium)
        #expect(todo.dueDate?.description == "2030-01-31")

        var untouched = todo
        try TodoController.apply(JSONBody(members: [:]), to: &untouched, requireTitle: false)
        #expect(untouched == todo, "PATCH without fields changes nothing")
        #expect(throws: APIError.self) {
            try TodoController.apply(JSONBody(members: [:]), to: &untouched, requireTitle: true)
        }
    }
}
