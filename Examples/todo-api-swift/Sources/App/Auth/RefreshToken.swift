import Crypto
import Foundation

/// Opaque refresh tokens. Only a SHA-256 hash reaches the database, so a
/// leaked table cannot be replayed; a fast hash is enough, unlike for
/// passwords, because the token has 256 bits of entropy.
enum RefreshToken {
    /// A new token for the client and the hash to store.
    static func generate() -> (token: String, hash: String) {
        let token = base64URLEncode(randomBytes(32))
        return (token, hash(token))
    }

    /// The lookup key of a refresh token.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// Bytes from the system's cryptographically secure generator.
func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
}
