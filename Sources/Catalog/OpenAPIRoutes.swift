import Mustache

/// Reads the operations out of a tier's OpenAPI document, so that routes are
/// written once (in the contract) and listed everywhere else from it.
enum OpenAPIRoutes {
    private static let methods = ["get", "post", "put", "patch", "delete"]

    struct InvalidDocument: Error, CustomStringConvertible {
        let description: String
    }

    static func routes(in document: Value) throws -> [Route] {
        guard case .object(let root) = document, case .object(let paths)? = root["paths"] else {
            throw InvalidDocument(description: "no 'paths' object")
        }
        let globalSecurity = isSecured(root["security"])
        var routes: [Route] = []
        for path in paths.keys.sorted() {
            guard case .object(let item)? = paths[path] else { continue }
            for method in methods {
                guard case .object(let operation)? = item[method] else { continue }
                guard case .string(let operationID)? = operation["operationId"] else {
                    throw InvalidDocument(description: "\(method.uppercased()) \(path) has no operationId")
                }
                let summary: String
                if case .string(let text)? = operation["summary"] { summary = text } else { summary = "" }
                let secured = operation["security"].map { isSecured($0) } ?? globalSecurity
                routes.append(Route(
                    method: method.uppercased(), path: path, operationID: operationID,
                    summary: summary, requiresAuth: secured
                ))
            }
        }
        return routes
    }

    /// An operation is protected when its security list names a scheme; an
    /// empty list, or one holding only `{}`, means public.
    private static func isSecured(_ security: Value?) -> Bool {
        guard case .array(let requirements)? = security else { return false }
        return requirements.contains { requirement in
            if case .object(let schemes) = requirement { return !schemes.isEmpty }
            return false
        }
    }
}
