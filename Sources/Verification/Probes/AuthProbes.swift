import Foundation
import Mustache

/// `auth`: registration, login, refresh rotation, logout and token checks.
enum AuthProbes {
    static func expectUnauthorized(_ c: ProbeContext, _ exchange: Exchange) throws {
        try c.expectError(exchange, status: 401, code: "UNAUTHORIZED")
        let challenge = exchange.response.header("WWW-Authenticate") ?? ""
        try c.expect(challenge.lowercased().hasPrefix("bearer"), "WWW-Authenticate: Bearer", actual: challenge.isEmpty ? "no WWW-Authenticate header" : "WWW-Authenticate: \(challenge)", exchange)
    }

    static let all: [Probe] = [
        Probe("auth.register-creates-a-user", "register is 201 with Location /api/v1/users/me; email trimmed and lower-cased; no password in the body") { c in
            let email = c.unique("Mixed.Case").uppercased() + "@Example.TEST"
            let exchange = try c.json("POST", "/api/v1/auth/register", #"{"email":"  \#(email)  ","password":"long enough password","name":"Reg"}"#)
            try c.expect(exchange, status: 201, "register")
            try c.expectHeader(exchange, "Location", "/api/v1/users/me")
            let body = exchange.response.json
            try c.expect(body?.at("email")?.stringValue == email.lowercased(), "email \"\(email.lowercased())\"", actual: "\(body?.at("email")?.compact ?? "missing")", exchange)
            try c.expect(body?.at("role")?.stringValue == "user" && body?.at("id")?.intValue != nil && body?.at("name")?.stringValue == "Reg",
                         "id, name, role \"user\"", actual: exchange.response.text.truncated(), exchange)
            let text = exchange.response.text.lowercased()
            try c.expect(!text.contains("password"), "no password or hash in the body", actual: exchange.response.text.truncated(), exchange)
        },
        Probe("auth.duplicate-email-is-409", "registering the same email again (any case) is 409 CONFLICT") { c in
            let user = try c.sharedUser("alice")
            let exchange = try c.json("POST", "/api/v1/auth/register", #"{"email":"\#(user.email.uppercased())","password":"another password","name":"Dup"}"#)
            try c.expectError(exchange, status: 409, code: "CONFLICT")
        },
        Probe("auth.register-validation", "short password, bad email and empty name are 422 per field") { c in
            for (body, field) in [
                (#"{"email":"\#(c.unique("v"))@example.test","password":"short","name":"V"}"#, "password"),
                (#"{"email":"\#(c.unique("v"))@example.test","password":"\#(String(repeating: "p", count: 129))","name":"V"}"#, "password"),
                (#"{"email":"not-an-email","password":"long enough password","name":"V"}"#, "email"),
                (#"{"email":"\#(c.unique("v"))@example.test","password":"long enough password","name":""}"#, "name"),
            ] {
                try c.expectValidation(try c.json("POST", "/api/v1/auth/register", body), field: field)
            }
        },
        Probe("auth.login-returns-tokens", "login is 200 with a Bearer HS256 access token, expires_in and a refresh token") { c in
            let user = try c.sharedUser("alice")
            let exchange = try c.json("POST", "/api/v1/auth/login", #"{"email":\#(jsonQuote(user.email)),"password":\#(jsonQuote(user.password))}"#)
            try c.expect(exchange, status: 200, "login")
            let body = exchange.response.json
            try c.expect(body?.at("token_type")?.stringValue == "Bearer" && (body?.at("expires_in")?.intValue ?? 0) > 0,
                         "token_type \"Bearer\" and a positive expires_in", actual: exchange.response.text.truncated(), exchange)
            let token = body?.at("access_token")?.stringValue ?? ""
            let header = token.split(separator: ".").first.flatMap { decodeBase64URL(String($0)) } ?? ""
            try c.expect(token.split(separator: ".", omittingEmptySubsequences: false).count == 3 && header.contains("HS256"),
                         "a JWT whose header says HS256", actual: "header \(header)", exchange)
        },
        Probe("auth.me-returns-the-caller", "GET /users/me returns the authenticated user") { c in
            let user = try c.sharedUser("alice")
            let exchange = try c.get("/api/v1/users/me", token: user.accessToken)
            try c.expect(exchange, status: 200, "users/me")
            try c.expect(exchange.response.json?.at("id")?.intValue == user.id && exchange.response.json?.at("email")?.stringValue == user.email,
                         "user \(user.id) <\(user.email)>", actual: exchange.response.text.truncated(), exchange)
        },
        Probe("auth.refresh-rotates", "refresh returns a new pair; the used refresh token is then 401") { c in
            let user = try c.newUser("rotate")
            let refreshed = try c.json("POST", "/api/v1/auth/refresh", #"{"refresh_token":\#(jsonQuote(user.refreshToken))}"#)
            try c.expect(refreshed, status: 200, "refresh")
            let newRefresh = refreshed.response.json?.at("refresh_token")?.stringValue
            let newAccess = refreshed.response.json?.at("access_token")?.stringValue
            try c.expect(newRefresh != nil && newRefresh != user.refreshToken && newAccess != nil, "a new access and refresh token", actual: refreshed.response.text.truncated(), refreshed)
            try c.expect(try c.get("/api/v1/users/me", token: newAccess), status: 200, "the new access token works")
            let reused = try c.json("POST", "/api/v1/auth/refresh", #"{"refresh_token":\#(jsonQuote(user.refreshToken))}"#)
            try c.expectError(reused, status: 401, code: "UNAUTHORIZED")
            try c.expectError(try c.json("POST", "/api/v1/auth/refresh", #"{"refresh_token":"\#(c.unique("made-up"))"}"#), status: 401, code: "UNAUTHORIZED")
        },
        Probe("auth.logout-revokes", "logout is 204 and its refresh token no longer works") { c in
            let user = try c.newUser("logout")
            let out = try c.json("POST", "/api/v1/auth/logout", #"{"refresh_token":\#(jsonQuote(user.refreshToken))}"#, token: user.accessToken)
            try c.expect(out, status: 204, "logout")
            let after = try c.json("POST", "/api/v1/auth/refresh", #"{"refresh_token":\#(jsonQuote(user.refreshToken))}"#)
            try c.expectError(after, status: 401, code: "UNAUTHORIZED")
        },
        Probe("auth.missing-token-is-401", "no token, or not a Bearer token, is 401 with WWW-Authenticate") { c in
            try expectUnauthorized(c, try c.get("/api/v1/todos"))
            try expectUnauthorized(c, try c.send(HTTPRequest("GET", "/api/v1/users/me", headers: [("Authorization", "Basic dXNlcjpwYXNz")])))
        },
        Probe("auth.malformed-token-is-401", "a malformed token is 401 with WWW-Authenticate") { c in
            for token in ["abc", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30", String(repeating: "x", count: 2000)] {
                try expectUnauthorized(c, try c.get("/api/v1/todos", token: token))
            }
        },
        Probe("auth.tampered-token-is-401", "a real token with a changed payload or signature is 401") { c in
            let user = try c.sharedUser("alice")
            let parts = user.accessToken.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            try c.expect(parts.count == 3, "a three-part JWT from login", actual: user.accessToken.truncated(60))
            let payload = Base64URL.encode(Array(#"{"sub":"\#(user.id + 1)","iat":\#(now()),"exp":\#(now() + 600)}"#.utf8))
            try expectUnauthorized(c, try c.get("/api/v1/todos", token: parts[0] + "." + payload + "." + parts[2]))
            var signature = Array(parts[2])
            signature[signature.count / 2] = signature[signature.count / 2] == "A" ? "B" : "A"
            try expectUnauthorized(c, try c.get("/api/v1/todos", token: parts[0] + "." + parts[1] + "." + String(signature)))
            let foreign = TokenMinter(secret: "not-the-server-secret-\(c.unique("k"))").hs256(subject: String(user.id), issuedAt: now(), expiresAt: now() + 600)
            try expectUnauthorized(c, try c.get("/api/v1/todos", token: foreign))
        },
        Probe("auth.alg-none-rejected", "an unsigned token (alg: none) for a real user is 401") { c in
            let user = try c.sharedUser("alice")
            let token = TokenMinter.unsigned(subject: String(user.id), issuedAt: now(), expiresAt: now() + 600)
            try expectUnauthorized(c, try c.get("/api/v1/todos", token: token))
            let hs512Header = Base64URL.encode(Array(#"{"alg":"HS512","typ":"JWT"}"#.utf8))
            let other = hs512Header + "." + token.split(separator: ".")[1] + ".c2lnbmF0dXJl"
            try expectUnauthorized(c, try c.get("/api/v1/todos", token: other))
        },
        Probe("auth.expired-token-is-401", "a correctly signed token that expired 2 minutes ago is 401", needs: [.secret]) { c in
            let user = try c.sharedUser("alice")
            let minter = TokenMinter(secret: c.secret!)
            let fresh = minter.hs256(subject: String(user.id), issuedAt: now(), expiresAt: now() + 600)
            try c.expect(try c.get("/api/v1/users/me", token: fresh), status: 200, "a token minted with the secret works (so the secret is right)")
            let expired = minter.hs256(subject: String(user.id), issuedAt: now() - 1000, expiresAt: now() - 120)
            try expectUnauthorized(c, try c.get("/api/v1/users/me", token: expired))
        },
        Probe("auth.admin-is-bootstrapped", "ADMIN_EMAIL/ADMIN_PASSWORD create an admin at start-up", needs: [.ownProcess]) { c in
            guard let email = c.server.environment["ADMIN_EMAIL"], let password = c.server.environment["ADMIN_PASSWORD"] else { return }
            let (access, _) = try c.login(email: email, password: password)
            let me = try c.get("/api/v1/users/me", token: access)
            try c.expect(me, status: 200, "users/me as the admin")
            try c.expect(me.response.json?.at("role")?.stringValue == "admin", "role \"admin\"", actual: me.response.text.truncated(), me)
        },
    ]
}

func now() -> Int { Int(Date().timeIntervalSince1970) }

func decodeBase64URL(_ text: String) -> String? {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    return Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) }
}
