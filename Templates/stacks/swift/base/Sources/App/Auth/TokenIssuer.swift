import Foundation
import JWTKit

/// Issues and verifies HS256 access tokens with jwt-kit.
struct TokenIssuer: Sendable {
    /// Tolerates small clock differences between machines without keeping
    /// expired tokens alive for long.
    static let clockSkewLeeway: Int64 = 30

    let ttl: Duration
    private let keys: JWTKeyCollection

    init(secret: [UInt8], ttl: Duration) async {
        self.ttl = ttl
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var iat: IssuedAtClaim
        var exp: ExpirationClaim

        /// Expiry is checked by `TokenIssuer.verify` against its own clock,
        /// with the leeway.
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// A signed token whose subject is `userID`.
    func issue(userID: Int64, now: Timestamp = .now()) async throws -> String {
        let issuedAt = now.secondsSince1970
        let claims = Claims(
            sub: SubjectClaim(value: String(userID)),
            iat: IssuedAtClaim(value: Date(timeIntervalSince1970: Double(issuedAt))),
            exp: ExpirationClaim(value: Date(timeIntervalSince1970: Double(issuedAt + ttl.components.seconds))))
        return try await keys.sign(claims)
    }

    /// The user id of a valid token, nil for any reason to reject it:
    /// callers answer 401 whatever the reason.
    func verify(_ token: String, now: Timestamp = .now()) async -> Int64? {
        // The service issues HS256 tokens only, so a header that claims
        // anything else (including "none") was not issued here, whatever its
        // signature says.
        guard Self.algorithm(of: token) == "HS256",
            let claims = try? await keys.verify(token, as: Claims.self),
            Int64(claims.exp.value.timeIntervalSince1970) + Self.clockSkewLeeway >= now.secondsSince1970,
            let userID = Int64(claims.sub.value), userID > 0
        else { return nil }
        return userID
    }

    private static func algorithm(of token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = base64URLDecode(parts[0]),
            let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any]
        else { return nil }
        return object["alg"] as? String
    }
}

func base64URLDecode(_ text: some StringProtocol) -> Data? {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    return Data(base64Encoded: base64)
}

func base64URLEncode(_ bytes: some Sequence<UInt8>) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}
