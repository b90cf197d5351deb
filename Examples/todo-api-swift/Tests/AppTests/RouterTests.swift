import Testing

@testable import App

/// The middleware chain in process, without sockets (HummingbirdTesting's
/// `.router` setup): fast checks that every answer carries the contract's
/// headers and envelope.
@Suite struct RouterTests {
    @Test func everyAnswerCarriesTheCommonHeaders() async throws {
        try await withApp(setup: .router) { client in
            for path in ["/health", "/nowhere", "/api/v1/users/me"] {
                let response = try await client.request(.get, path)
                #expect(response.header("X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.header("X-Request-ID")?.count == 32, "\(path)")
                #expect(response.header("Server") == nil, "\(path)")
            }
        }
    }

    @Test func headFollowsGet() async throws {
        try await withApp(setup: .router) { client in
            let response = try await client.request(.head, "/health").expect(200)
            #expect(response.body.isEmpty)
            try await client.request(.head, "/api/v1/users/me").expect(401)
        }
    }

    @Test func wrongMethodsNameTheAllowedOnes() async throws {
        try await withApp(setup: .router) { client in
            let response = try await client.request(.put, "/api/v1/users/me")
            try response.expectError(405, "METHOD_NOT_ALLOWED")
            #expect(response.header("Allow") == "GET, HEAD")
        }
    }
}
