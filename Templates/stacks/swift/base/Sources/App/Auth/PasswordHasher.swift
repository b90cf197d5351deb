import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// bcrypt through hummingbird-auth, run on the thread pool because a hash
/// takes tens of milliseconds of CPU by design.
struct PasswordHasher: Sendable {
    /// OWASP's minimum work factor for bcrypt. Each step doubles the cost.
    static let productionCost: UInt8 = 10

    let cost: UInt8

    init(cost: UInt8 = PasswordHasher.productionCost) {
        self.cost = cost
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive {
            Bcrypt.hash(Self.prehash(password), cost: cost)
        }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive {
            Bcrypt.verify(Self.prehash(password), hash: hash)
        }
    }

    /// bcrypt reads at most 72 bytes and stops at a NUL byte; the contract
    /// allows 128 characters (up to 512 bytes). Hashing with SHA-256 first and
    /// encoding in base64 (44 ASCII bytes) makes every character count.
    private static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }
}
