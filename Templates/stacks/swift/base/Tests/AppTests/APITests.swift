import Foundation
import Synchronization
import Testing

@testable import App

/// The operational and account routes every tier shares, over HTTP.
@Suite struct APITests {
    @Test func backendsInUse() {
        if TestEnvironment.postgresURL == nil {
            print(
                "!!! PostgreSQL was NOT exercised: set TEST_DATABASE_URL=postgres://... to run the API tests against it"
            )
        }
        if TestEnvironment.redisURL == nil {
            print("!!! Redis was NOT exercised: set TEST_REDIS_URL=redis://... to run the API tests against it")
        }
    }

    @Test func operationalRoutes() async throws {
        try await withApp { client in
            #expect(try await client.request(.get, "/health").expect(200).json["status"]?.string == "ok")
            #expect(try await client.request(.get, "/ready").expect(200).json["status"]?.string == "ok")
            let openAPI = try await client.request(.get, "/openapi.json").expect(200).json
            #expect(openAPI["openapi"]?.string?.hasPrefix("3.1") == true)

            let docs = try await client.request(.get, "/docs").expect(200)
            #expect(docs.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(docs.text.contains("/openapi.json"))

            try await client.request(.get, "/api/v1/users/me")  // a 401, recorded under its route
            try await client.request(.get, "/nowhere-123456789")  // no route: one "unmatched" series
            let metrics = try await client.request(.get, "/metrics").expect(200).text
            #expect(metrics.contains(#"http_requests_total{method="GET",route="/health",status="200"}"#))
            #expect(metrics.contains(#"http_requests_total{method="GET",route="/api/v1/users/me",status="401"}"#))
            #expect(metrics.contains(#"http_request_duration_seconds_count{method="GET",route="unmatched"}"#))
            #expect(metrics.contains("db_queries_total "))
            #expect(!metrics.contains("123456789"), "a raw path is a label")
        }
    }

    @Test func commonHeaders() async throws {
        try await withApp { client in
            let response = try await client.request(.get, "/health", headers: ["X-Request-ID": "client-id-42"])
            #expect(response.header("X-Request-ID") == "client-id-42")
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.header("Server") == nil)
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")

            for insane in [String(repeating: "a", count: 129), "has space", "quote\"d"] {
                let generated = try await client.request(.get, "/health", headers: ["X-Request-ID": insane])
                #expect(generated.header("X-Request-ID").map { !$0.isEmpty && $0 != insane } == true)
            }
            #expect(try await client.request(.get, "/health").header("X-Request-ID")?.isEmpty == false)

            let envelope = try await client.request(.get, "/nowhere", headers: ["X-Request-ID": "trace-1"])
                .expectError(404, "NOT_FOUND")
            #expect(envelope["request_id"]?.string == "trace-1")
        }
    }

    @Test func cors() async throws {
        try await withApp { client in
            let preflight = try await client.request(
                .options, "/api/v1/users/me",
                headers: ["Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"]
            ).expect(204)
            #expect(preflight.header("Access-Control-Allow-Origin") == "http://localhost:3000")
            #expect(preflight.header("Access-Control-Allow-Credentials") == nil)
            let other = try await client.request(.get, "/health", headers: ["Origin": "https://evil.example"])
            #expect(other.header("Access-Control-Allow-Origin") == nil)
            // Error responses are readable by allowed origins too.
            let error = try await client.request(.get, "/api/v1/users/me", headers: ["Origin": "http://localhost:3000"])
            #expect(error.header("Access-Control-Allow-Origin") == "http://localhost:3000")
        }
    }

    @Test func unknownRoutesAndMethods() async throws {
        try await withApp { client in
            try await client.request(.get, "/api/v1/nothing-here").expectError(404, "NOT_FOUND")
            try await client.request(.get, "/api/v2/users/me").expectError(404, "NOT_FOUND")
            let wrongMethod = try await client.request(.delete, "/api/v1/users/me")
            try wrongMethod.expectError(405, "METHOD_NOT_ALLOWED")
            #expect(wrongMethod.header("Allow") == "GET, HEAD")
            let onLogin = try await client.request(.get, "/api/v1/auth/login")
            try onLogin.expectError(405, "METHOD_NOT_ALLOWED")
            #expect(onLogin.header("Allow") == "POST")
            let onHealth = try await client.request(.post, "/health", body: "{}")
            try onHealth.expectError(405, "METHOD_NOT_ALLOWED")
            #expect(onHealth.header("Allow") == "GET, HEAD")
        }
    }

    @Test func register() async throws {
        try await withApp { client in
            let email = "New.User-\(randomSuffix())@Example.COM"
            let response = try await client.request(
                .post, "/api/v1/auth/register",
                body: """
                    {"email": "  \(email) ", "password": "long enough", "name": " Ada ",
                     "role": "admin", "id": 999999, "created_at": "2000-01-01T00:00:00Z"}
                    """
            ).expect(201)
            #expect(response.header("Location") == "/api/v1/users/me")
            let created = try response.json
            #expect(created["email"]?.string == email.lowercased())
            #expect(created["name"]?.string == "Ada")
            #expect(created["role"]?.string == "user", "mass assignment applied")
            #expect(created["id"]?.int != 999999)
            #expect(created["created_at"]?.string?.hasPrefix("2000") == false)
            #expect(created["password_hash"] == nil)

            try await client.request(
                .post, "/api/v1/auth/register",
                body: #"{"email": "\#(email.uppercased())", "password": "long enough", "name": "Twin"}"#
            ).expectError(409, "CONFLICT")

            let invalid: [(String, String)] = [
                (#"{"email": "not-an-email", "password": "long enough", "name": "A"}"#, "email"),
                (#"{"password": "long enough", "name": "A"}"#, "email"),
                (#"{"email": "a@example.com", "password": "short", "name": "A"}"#, "password"),
                (
                    #"{"email": "a@example.com", "password": "\#(String(repeating: "p", count: 129))", "name": "A"}"#,
                    "password"
                ),
                (#"{"email": "a@example.com", "password": "long enough", "name": "   "}"#, "name"),
                (
                    #"{"email": "a@example.com", "password": "long enough", "name": "\#(String(repeating: "n", count: 101))"}"#,
                    "name"
                ),
                (#"{"email": 42, "password": "long enough", "name": "A"}"#, "email"),
            ]
            for (body, field) in invalid {
                try await client.request(.post, "/api/v1/auth/register", body: body)
                    .expectError(422, "VALIDATION_ERROR", fields: [field])
            }
            let envelope = try await client.request(.post, "/api/v1/auth/register", body: "{}")
                .expectError(422, "VALIDATION_ERROR", fields: ["email", "password", "name"])
            #expect(envelope["details"]?.array?.count == 3, "one detail per missing field")
        }
    }

    @Test func requestBodyErrors() async throws {
        try await withApp { client in
            for body in [#"{"email": "a@b.c","#, #"["not", "an", "object"]"#, #""string""#, "{} {}", ""] {
                try await client.request(.post, "/api/v1/auth/register", body: body).expectError(400, "BAD_REQUEST")
            }
            try await client.request(
                .post, "/api/v1/auth/register", body: "{}", headers: ["Content-Type": "text/plain"]
            )
            .expectError(415, "UNSUPPORTED_MEDIA_TYPE")
            try await client.request(
                .post, "/api/v1/auth/register", body: "email=a@b.c",
                headers: ["Content-Type": "application/x-www-form-urlencoded"]
            ).expectError(415, "UNSUPPORTED_MEDIA_TYPE")
            let huge = #"{"name": ""# + String(repeating: "x", count: 1 << 20) + #""}"#
            try await client.request(.post, "/api/v1/auth/register", body: huge).expectError(413, "PAYLOAD_TOO_LARGE")
        }
    }

    @Test func loginDoesNotRevealAccounts() async throws {
        try await withApp { client in
            let user = try await client.registerUser("login")
            let wrongPassword = try await client.request(
                .post, "/api/v1/auth/login", body: #"{"email": "\#(user.email)", "password": "wrong password"}"#
            ).expectError(401, "UNAUTHORIZED")
            let unknownEmail = try await client.request(
                .post, "/api/v1/auth/login",
                body: #"{"email": "nobody-\#(randomSuffix())@example.com", "password": "wrong password"}"#
            ).expectError(401, "UNAUTHORIZED")
            #expect(wrongPassword["message"]?.string == unknownEmail["message"]?.string)

            let tokens = try await client.request(
                .post, "/api/v1/auth/login",
                body: #"{"email": "  \#(user.email.uppercased())", "password": "\#(user.password)"}"#
            ).expect(200).json
            #expect(tokens["token_type"]?.string == "Bearer")
            #expect(tokens["expires_in"]?.int == 900)
            #expect(tokens["access_token"]?.string?.isEmpty == false)
            #expect(tokens["refresh_token"]?.string?.isEmpty == false)
            try await client.request(.post, "/api/v1/auth/login", body: #"{"email": "\#(user.email)"}"#)
                .expectError(422, "VALIDATION_ERROR", fields: ["password"])
        }
    }

    @Test func accessTokens() async throws {
        try await withApp { client in
            let user = try await client.registerUser("tokens")
            let me = try await client.withToken(user.accessToken).request(.get, "/api/v1/users/me").expect(200).json
            #expect(me["email"]?.string == user.email)
            #expect(me["role"]?.string == "user")
            #expect(me["id"]?.int == user.id)

            let issuer = await TokenIssuer(secret: Array(TestEnvironment.jwtSecret.utf8), ttl: .seconds(900))
            let expired = try await issuer.issue(
                userID: user.id, now: Timestamp.now().adding(.seconds(-(16 * 60 + 61))))
            let forger = await TokenIssuer(
                secret: Array("some other secret of enough length!!".utf8), ttl: .seconds(900))
            let forged = try await forger.issue(userID: user.id)
            let parts = user.accessToken.split(separator: ".").map(String.init)
            let algNone = base64URLEncode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + parts[1] + "."
            let tampered =
                parts[0] + "." + base64URLEncode(Array(#"{"sub":"1","exp":9999999999}"#.utf8)) + "." + parts[2]

            for token in ["", "not-a-jwt", expired, forged, algNone, tampered] {
                let response = try await client.withToken(token).request(.get, "/api/v1/users/me")
                try response.expectError(401, "UNAUTHORIZED")
                #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            }
            // Only the Bearer scheme is accepted.
            try await client.request(.get, "/api/v1/users/me", headers: ["Authorization": "Basic \(user.accessToken)"])
                .expectError(401, "UNAUTHORIZED")
        }
    }

    @Test func refreshTokenRotation() async throws {
        try await withApp { client in
            let user = try await client.registerUser("refresh")
            let rotated = try await client.request(
                .post, "/api/v1/auth/refresh", body: #"{"refresh_token": "\#(user.refreshToken)"}"#
            ).expect(200).json
            let newRefresh = try #require(rotated["refresh_token"]?.string)
            #expect(newRefresh != user.refreshToken, "refresh token not rotated")
            try await client.withToken(rotated["access_token"]?.string).request(.get, "/api/v1/users/me").expect(200)

            // The used token is dead, even though it has not expired.
            try await client.request(
                .post, "/api/v1/auth/refresh", body: #"{"refresh_token": "\#(user.refreshToken)"}"#
            )
            .expectError(401, "UNAUTHORIZED")
            try await client.request(.post, "/api/v1/auth/refresh", body: #"{"refresh_token": "made-up"}"#)
                .expectError(401, "UNAUTHORIZED")
            try await client.request(.post, "/api/v1/auth/refresh", body: "{}")
                .expectError(422, "VALIDATION_ERROR", fields: ["refresh_token"])

            try await client.request(.post, "/api/v1/auth/logout", body: #"{"refresh_token": "\#(newRefresh)"}"#)
                .expect(204)
            try await client.request(.post, "/api/v1/auth/refresh", body: #"{"refresh_token": "\#(newRefresh)"}"#)
                .expectError(401, "UNAUTHORIZED")
            try await client.request(.post, "/api/v1/auth/logout", body: #"{"refresh_token": "\#(newRefresh)"}"#)
                .expectError(401, "UNAUTHORIZED")
        }
    }

    @Test func refreshTokensExpire() async throws {
        try await withApp(["REFRESH_TTL_SECONDS": "1"]) { client in
            let user = try await client.registerUser("expiring")
            // Waiting out the one-second lifetime is the only way to observe
            // expiry from outside.
            try await Task.sleep(for: .milliseconds(1500))
            try await client.request(
                .post, "/api/v1/auth/refresh", body: #"{"refresh_token": "\#(user.refreshToken)"}"#
            )
            .expectError(401, "UNAUTHORIZED")
        }
    }

    @Test func adminBootstrap() async throws {
        try await withApp { client in
            let tokens = try await client.request(
                .post, "/api/v1/auth/login",
                body: #"{"email": "\#(TestEnvironment.adminEmail)", "password": "\#(TestEnvironment.adminPassword)"}"#
            ).expect(200).json
            let me = try await client.withToken(tokens["access_token"]?.string).request(.get, "/api/v1/users/me")
                .expect(200).json
            #expect(me["role"]?.string == "admin")
        }
    }

    @Test func rateLimits() async throws {
        try await withApp(["RATE_LIMIT_RPM": "5", "AUTH_RATE_LIMIT_RPM": "2"]) { client in
            // Windows are fixed minutes: one may end during the loop, so one
            // reset is allowed before a 429 is expected.
            func expectLimited(_ limit: Int, _ send: () async throws -> APIResponse) async throws {
                for _ in 0..<(2 * limit + 2) {
                    let response = try await send()
                    if response.status == 429 {
                        try response.expectError(429, "RATE_LIMITED")
                        let seconds = Int(response.header("Retry-After") ?? "") ?? 0
                        #expect((1...61).contains(seconds), "Retry-After \(seconds)")
                        return
                    }
                }
                Issue.record("no 429 after \(2 * limit + 2) requests with a limit of \(limit)")
            }
            // Empty logins fail validation before any password hashing, so
            // they are cheap, yet they count against the auth limit.
            try await expectLimited(2) { try await client.request(.post, "/api/v1/auth/login", body: "{}") }
            try await expectLimited(5) { try await client.request(.get, "/api/v1/users/me") }
            for _ in 0..<10 {
                try await client.request(.get, "/health").expect(200)  // probes are never throttled
            }
        }
    }

    @Test func firstLogLineStatesTheAddress() async throws {
        let lines = LockedLines()
        var environment = ["PORT": "0", "DATABASE_URL": "sqlite::memory:", "LOG_LEVEL": "info"]
        environment["JWT_SECRET"] = nil
        let app = try await buildApplication(try AppConfiguration.load(from: environment)) { lines.append($0) }
        try await app.test(.live) { client in
            _ = try await APIClient(client: client).request(.get, "/health").expect(200)
        }
        let first = try #require(lines.all.first.map { Array($0.utf8) })
        let line = try JSONDecoder().decode(JSONInput.self, from: Data(first))
        #expect(line["msg"]?.string == "listening")
        #expect(line["addr"]?.string?.contains(":") == true)
        let request = try #require(
            try lines.all.map { try JSONDecoder().decode(JSONInput.self, from: Data($0.utf8)) }
                .first { $0["msg"]?.string == "request" })
        for key in ["request_id", "method", "route", "status", "duration_ms"] {
            #expect(request[key] != nil, "request log line lacks \(key)")
        }
    }
}

final class LockedLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
