import Foundation
import Testing

@testable import App

@Suite struct AuthTests {
    private let secret = Array("0123456789abcdef0123456789abcdef".utf8)

    @Test func issuedTokensVerify() async throws {
        let issuer = await TokenIssuer(secret: secret, ttl: .seconds(900))
        let token = try await issuer.issue(userID: 42)
        #expect(await issuer.verify(token) == 42)
        let header = try #require(base64URLDecode(token.split(separator: ".")[0]))
        #expect(String(decoding: header, as: UTF8.self).contains(#""alg":"HS256""#))
    }

    @Test func expiryHasAShortLeeway() async throws {
        let issuer = await TokenIssuer(secret: secret, ttl: .seconds(60))
        let now = Timestamp.now()
        let token = try await issuer.issue(userID: 1, now: now)
        #expect(await issuer.verify(token, now: now.adding(.seconds(60 + TokenIssuer.clockSkewLeeway))) == 1)
        #expect(await issuer.verify(token, now: now.adding(.seconds(61 + TokenIssuer.clockSkewLeeway))) == nil)
    }

    @Test func rejectsForeignAndMalformedTokens() async throws {
        let issuer = await TokenIssuer(secret: secret, ttl: .seconds(900))
        let other = await TokenIssuer(secret: Array("another secret of at least 32 bytes".utf8), ttl: .seconds(900))
        let forged = try await other.issue(userID: 1)
        let parts = try await issuer.issue(userID: 1).split(separator: ".").map(String.init)
        let none = base64URLEncode(Array(#"{"alg":"none"}"#.utf8)) + "." + parts[1] + "."
        let hs512 = base64URLEncode(Array(#"{"alg":"HS512","typ":"JWT"}"#.utf8)) + "." + parts[1] + "." + parts[2]
        let zero = base64URLEncode(Array(#"{"sub":"0","iat":1,"exp":9999999999}"#.utf8))
        for token in [forged, none, hs512, "a.b.c", "", parts[0] + "." + zero + "." + parts[2]] {
            #expect(await issuer.verify(token) == nil, "\(token)")
        }
    }

    @Test func hashesPasswordsWithBcrypt() async throws {
        let hasher = PasswordHasher(cost: 4)
        let hash = try await hasher.hash("correct horse battery staple")
        #expect(hash.hasPrefix("$2"))
        #expect(try await hasher.verify("correct horse battery staple", hash: hash))
        #expect(try await !hasher.verify("wrong", hash: hash))
        // Past bcrypt's 72-byte limit every character still counts.
        let long = String(repeating: "p", count: 100)
        let longHash = try await hasher.hash(long)
        #expect(try await !hasher.verify(String(repeating: "p", count: 99) + "q", hash: longHash))
        #expect(try await hasher.hash("same") != hasher.hash("same"), "salted")
    }

    @Test func refreshTokensAreRandomAndStoredHashed() {
        let first = RefreshToken.generate()
        let second = RefreshToken.generate()
        #expect(first.token != second.token)
        #expect(first.hash == RefreshToken.hash(first.token))
        #expect(first.hash.count == 64 && first.hash != first.token)
    }
}
