import Foundation
import Hummingbird

/// The todo routes. Todos belong to the authenticated user; another user's
/// todo is a 404 like a missing one.
struct TodoController {
    let dependencies: AppDependencies

    static let listSpec = ListSpec(
        sortable: ["created_at", "updated_at", "due_date", "priority", "title"],
        defaultSort: "created_at",
        defaultOrder: ["created_at": "desc", "updated_at": "desc"],
        fields: ["id", "title", "description", "completed", "priority", "due_date", "created_at", "updated_at"]
    )

    /// How long GET /api/v1/todos/{id} stays cached; writes invalidate it
    /// sooner.
    static let cacheTTL = Duration.seconds(300)

    private var todos: TodoRepository { TodoRepository(database: dependencies.database) }

    func addRoutes(to routes: Routes, authenticated: AuthenticationMiddleware) {
        routes.add(.get, "/api/v1/todos", through: [authenticated], list)
        routes.add(.post, "/api/v1/todos", through: [authenticated], create)
        routes.add(.get, "/api/v1/todos/{id}", through: [authenticated], get)
        routes.add(.put, "/api/v1/todos/{id}", through: [authenticated], replace)
        routes.add(.patch, "/api/v1/todos/{id}", through: [authenticated], patch)
        routes.add(.delete, "/api/v1/todos/{id}", through: [authenticated], delete)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request.uri.query ?? "")
        var validator = Validator()
        let page = ListQuery(query, spec: Self.listSpec, validator: &validator)
        var filter = TodoFilter(
            sort: page.sort, descending: page.descending, limit: page.limit, offset: page.offset)
        if query.has("completed") {
            switch query["completed"] {
            case "true": filter.completed = true
            case "false": filter.completed = false
            default: validator.add("completed", "must be true or false")
            }
        }
        if query.has("priority") {
            filter.priority = Todo.Priority(rawValue: query["priority"])
            validator.check(filter.priority != nil, "priority", "must be one of low, medium, high")
        }
        if query.has("due_before") {
            filter.dueBefore = CalendarDate(parsing: query["due_before"])
            validator.check(filter.dueBefore != nil, "due_before", "must be a date in YYYY-MM-DD format")
        }
        if query.has("due_after") {
            filter.dueAfter = CalendarDate(parsing: query["due_after"])
            validator.check(filter.dueAfter != nil, "due_after", "must be a date in YYYY-MM-DD format")
        }
        filter.search = query["q"]
        try validator.validate()

        let (items, total) = try await todos.list(userID: try context.requireUserID, filter: filter)
        let body = page.response(
            data: items.map { page.project($0.fields) }, total: total, path: request.uri.path, query: query)
        return .withETag(body: body.serialized(), request: request)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(request, limit: dependencies.configuration.maxBodyBytes)
        var todo = Todo(userID: try context.requireUserID)
        try Self.apply(body, to: &todo, requireTitle: true)
        todo = try await todos.create(todo)
        return .json(.created, body: todo.body, headers: [.location: "/api/v1/todos/\(todo.id)"])
    }

    /// What the cache holds for GET /api/v1/todos/{id}. The owner is kept so
    /// a hit for another user's id still answers 404.
    private struct CachedTodo: Codable {
        var userID: Int64
        var body: String

        enum CodingKeys: String, CodingKey {
            case userID = "user_id"
            case body
        }
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.todoID(context)
        let userID = try context.requireUserID
        if let cached = await readCache(id) {
            guard cached.userID == userID else { throw APIError.notFound }
            return .withETag(body: Array(cached.body.utf8), request: request, headers: [.xCache: "HIT"])
        }
        guard let todo = try await todos.find(id: id, userID: userID) else { throw APIError.notFound }
        let body = todo.body
        do {
            let entry = try JSONEncoder().encode(
                CachedTodo(userID: userID, body: String(decoding: body, as: UTF8.self)))
            try await dependencies.cache.set(
                Self.cacheKey(id), String(decoding: entry, as: UTF8.self), ttl: Self.cacheTTL)
        } catch {
            dependencies.logger.warning("cache write failed", metadata: ["error": "\(error)"])
        }
        return .withETag(body: body, request: request, headers: [.xCache: "MISS"])
    }

    /// PUT: every writable field is set; absent optional fields take their
    /// defaults.
    @Sendable func replace(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await update(request, context) { current, body in
            var replaced = Todo(id: current.id, userID: current.userID, createdAt: current.createdAt)
            try Self.apply(body, to: &replaced, requireTitle: true)
            return replaced
        }
    }

    /// PATCH: only the fields present change.
    @Sendable func patch(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await update(request, context) { current, body in
            var patched = current
            try Self.apply(body, to: &patched, requireTitle: false)
            return patched
        }
    }

    /// What PUT and PATCH share: ownership, validation, If-Match, the write
    /// and the cache invalidation.
    private func update(
        _ request: Request, _ context: AppRequestContext, change: (Todo, JSONBody) throws -> Todo
    ) async throws -> Response {
        let id = try Self.todoID(context)
        let body = try await JSONBody.decode(request, limit: dependencies.configuration.maxBodyBytes)
        guard let current = try await todos.find(id: id, userID: try context.requireUserID) else {
            throw APIError.notFound
        }
        // Validation answers before the precondition: a body that could
        // never be applied is a 422 whatever If-Match says.
        let changed = try change(current, body)
        if ETag.ifMatchFails(request, current: ETag.of(current.body)) {
            throw APIError.preconditionFailed
        }
        guard let updated = try await todos.update(changed) else { throw APIError.notFound }
        await invalidate(id)
        let updatedBody = updated.body
        return .json(.ok, body: updatedBody, headers: [.eTag: ETag.of(updatedBody)])
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.todoID(context)
        let userID = try context.requireUserID
        if let ifMatch = request.headers[.ifMatch], !ifMatch.isEmpty {
            guard let current = try await todos.find(id: id, userID: userID) else { throw APIError.notFound }
            if ETag.ifMatchFails(request, current: ETag.of(current.body)) {
                throw APIError.preconditionFailed
            }
        }
        guard try await todos.delete(id: id, userID: userID) else { throw APIError.notFound }
        await invalidate(id)
        return Response(status: .noContent)
    }

    private static func cacheKey(_ id: Int64) -> String { "todo:\(id)" }

    private func readCache(_ id: Int64) async -> CachedTodo? {
        do {
            guard let raw = try await dependencies.cache.get(Self.cacheKey(id)) else { return nil }
            return try? JSONDecoder().decode(CachedTodo.self, from: Data(raw.utf8))
        } catch {
            dependencies.logger.warning("cache read failed", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Runs after every successful write so the next read misses the cache
    /// and sees the new row.
    private func invalidate(_ id: Int64) async {
        do {
            try await dependencies.cache.delete(Self.cacheKey(id))
        } catch {
            dependencies.logger.error(
                "cache invalidation failed; reads may be stale until the entry expires",
                metadata: ["todo_id": "\(id)", "error": "\(error)"])
        }
    }

    /// The {id} of the path. Anything but a positive integer cannot name a
    /// todo, so it is a 404 like any other missing todo.
    private static func todoID(_ context: AppRequestContext) throws(APIError) -> Int64 {
        guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else { throw APIError.notFound }
        return id
    }

    /// Validates the writable fields of `body` and copies them into `todo`.
    /// With `requireTitle` (POST and PUT) the title must be present; absent
    /// fields keep `todo`'s values, the defaults for POST and PUT and the
    /// current values for PATCH. id, user_id, created_at and unknown fields
    /// are never read, which makes mass assignment impossible.
    static func apply(_ body: JSONBody, to todo: inout Todo, requireTitle: Bool) throws(APIError) {
        var validator = Validator()

        let title = body.string("title", &validator)
        if title.invalid {
        } else if !title.present {
            validator.check(!requireTitle, "title", "is required")
        } else if title.null {
            validator.add("title", "must not be null")
        } else if let value = title.value {
            let trimmed = trimText(value)
            let length = characterCount(trimmed)
            validator.check(length >= 1, "title", "must not be empty")
            validator.check(length <= 200, "title", "must be at most 200 characters")
            todo.title = trimmed
        }

        let description = body.string("description", &validator)
        if description.null {
            todo.description = nil
        } else if let value = description.value {
            validator.check(characterCount(value) <= 2000, "description", "must be at most 2000 characters")
            todo.description = value
        }

        let completed = body.bool("completed", &validator)
        if completed.null {
            validator.add("completed", "must not be null")
        } else if let value = completed.value {
            todo.completed = value
        }

        let priority = body.string("priority", &validator)
        if priority.null {
            validator.add("priority", "must not be null")
        } else if let value = priority.value {
            let parsed = Todo.Priority(rawValue: value)
            validator.check(parsed != nil, "priority", "must be one of low, medium, high")
            todo.priority = parsed ?? todo.priority
        }

        let dueDate = body.string("due_date", &validator)
        if dueDate.null {
            todo.dueDate = nil
        } else if let value = dueDate.value {
            let parsed = CalendarDate(parsing: value)
            validator.check(parsed != nil, "due_date", "must be a date in YYYY-MM-DD format")
            todo.dueDate = parsed
        }

        try validator.validate()
    }
}
