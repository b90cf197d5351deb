/// What a collection endpoint lets clients sort by and select. Everything
/// else in the query is the resource's own filters.
struct ListSpec: Sendable {
    var sortable: [String]
    var defaultSort: String
    /// Per sort field; "asc" when absent.
    var defaultOrder: [String: String]
    var fields: [String]
}

/// The validated paging, sorting and projection parameters of a list.
struct ListQuery: Sendable, Equatable {
    static let defaultPageSize = 20
    static let maxPageSize = 100

    var page = 1
    var limit = defaultPageSize
    var sort: String
    var descending: Bool
    /// nil means every field.
    var fields: [String]?

    /// Rows before the first row of the page. Any page number is valid (a
    /// page past the end is empty), so the product saturates instead of
    /// overflowing.
    var offset: Int {
        let (product, overflow) = (page - 1).multipliedReportingOverflow(by: limit)
        return overflow ? Int.max : product
    }

    /// Validates page, limit, sort, order and fields, reporting problems
    /// under the parameter's name.
    init(_ query: QueryParameters, spec: ListSpec, validator: inout Validator) {
        sort = spec.defaultSort
        descending = false
        if query.has("page") {
            if let page = Int(query["page"]) {
                if page < 1 {
                    validator.add("page", "must be at least 1")
                } else {
                    self.page = page
                }
            } else {
                validator.add("page", "must be a whole number")
            }
        }
        if query.has("limit") {
            if let limit = Int(query["limit"]) {
                if limit < 1 {
                    validator.add("limit", "must be at least 1")
                } else {
                    // Clamping instead of rejecting keeps clients that ask
                    // for "everything" working while bounding the work.
                    self.limit = min(limit, Self.maxPageSize)
                }
            } else {
                validator.add("limit", "must be a whole number")
            }
        }
        if query.has("sort") {
            sort = query["sort"]
            validator.check(
                spec.sortable.contains(sort), "sort", "must be one of " + spec.sortable.joined(separator: ", "))
        }
        var order = spec.defaultOrder[sort] ?? "asc"
        if query.has("order") {
            order = query["order"]
            validator.check(order == "asc" || order == "desc", "order", "must be asc or desc")
        }
        descending = order == "desc"
        if query.has("fields") {
            var fields = ["id"]
            for raw in query["fields"].split(separator: ",", omittingEmptySubsequences: false) {
                let name = trimText(String(raw))
                guard spec.fields.contains(name) else {
                    validator.add(
                        "fields",
                        "unknown field \(goQuoted(name)); allowed: " + spec.fields.joined(separator: ", "))
                    continue
                }
                if !fields.contains(name) { fields.append(name) }
            }
            self.fields = fields
        }
    }

    /// Keeps only the requested fields of an item. List items have their
    /// keys in alphabetical order, as the reference implementation sends
    /// them, so every stack's lists (and their ETags) are byte-identical.
    func project(_ item: [(String, JSON)]) -> JSON {
        let kept = fields.map { fields in item.filter { fields.contains($0.0) } } ?? item
        return .object(kept.sorted { $0.0 < $1.0 })
    }

    /// `{"data", "meta", "links"}` for one page of `total` items.
    func response(data: [JSON], total: Int, path: String, query: QueryParameters) -> JSON {
        let totalPages = total == 0 ? 0 : (total - 1) / limit + 1
        // Every parameter but page and limit is kept, so following a link
        // keeps the filters and the sort.
        let rest = query.encoded(excluding: ["page", "limit"])
        func link(_ page: Int) -> String {
            "\(path)?page=\(page)&limit=\(limit)" + (rest.isEmpty ? "" : "&" + rest)
        }
        let lastPage = max(totalPages, 1)
        // A page past the end points back to the last real page.
        let prev: JSON = page > 1 ? .string(link(min(page - 1, lastPage))) : .null
        let next: JSON = page < totalPages ? .string(link(page + 1)) : .null
        return .object([
            ("data", .array(data)),
            (
                "meta",
                .object([
                    ("page", .int(Int64(page))), ("limit", .int(Int64(limit))), ("total", .int(Int64(total))),
                    ("total_pages", .int(Int64(totalPages))),
                ])
            ),
            (
                "links",
                .object([
                    ("self", .string(link(page))), ("first", .string(link(1))), ("prev", prev), ("next", next),
                    ("last", .string(link(lastPage))),
                ])
            ),
        ])
    }
}
