import Catalog
import Testing

@Suite("Name")
struct NameTests {
    @Test("kebab, snake, camel, Pascal and spaced inputs split into the same words", arguments: [
        "todo-item", "todo_item", "todoItem", "TodoItem", "todo item", "TODO_ITEM",
    ])
    func splitsEveryConvention(_ raw: String) {
        #expect(Name(raw).words == ["todo", "item"])
    }

    @Test("every spelling a template needs is precomputed")
    func spellings() {
        let name = Name("order-item")
        #expect(name.camel == "orderItem")
        #expect(name.pascal == "OrderItem")
        #expect(name.snake == "order_item")
        #expect(name.kebab == "order-item")
        #expect(name.screamingSnake == "ORDER_ITEM")
        #expect(name.flat == "orderitem")
        #expect(name.sentence == "Order item")
    }

    @Test("digits stay with the word before them and start no new word")
    func digits() {
        #expect(Name("api2Server").words == ["api2", "server"])
        #expect(Name("v1").kebab == "v1")
    }
}
