import Testing
@testable import Verification

@Suite("SHA-256 and HMAC")
struct CryptoTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test("SHA-256 matches the FIPS 180-4 examples", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256(_ input: String, _ digest: String) {
        #expect(Self.hex(SHA256.hash(Array(input.utf8))) == digest)
    }

    @Test("SHA-256 of a million 'a' crosses many blocks")
    func longInput() {
        let digest = SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(Self.hex(digest) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("HMAC-SHA256 matches RFC 4231 test cases 2 and 6")
    func hmac() {
        #expect(Self.hex(SHA256.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let longKey = [UInt8](repeating: 0xaa, count: 131)
        #expect(Self.hex(SHA256.hmac(key: longKey, message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test("a minted HS256 token matches the jwt.io example signature")
    func mintedToken() {
        // Header and payload chosen so the signing input is the well-known
        // {"alg":"HS256","typ":"JWT"} with a fixed payload; the signature is
        // recomputed with the RFC 4231 HMAC above, so only the framing is new.
        let token = TokenMinter(secret: "secret").hs256(subject: "1", issuedAt: 0, expiresAt: 60)
        let parts = token.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        #expect(decodeBase64URL(parts[0]) == #"{"alg":"HS256","typ":"JWT"}"#)
        #expect(decodeBase64URL(parts[1]) == #"{"sub":"1","iat":0,"exp":60}"#)
        let expected = Base64URL.encode(SHA256.hmac(key: Array("secret".utf8), message: Array((parts[0] + "." + parts[1]).utf8)))
        #expect(parts[2] == expected)
        #expect(!parts[2].contains("=") && !parts[2].contains("+") && !parts[2].contains("/"))
    }

    @Test("an unsigned token says alg none and has an empty signature")
    func unsignedToken() {
        let token = TokenMinter.unsigned(subject: "7", issuedAt: 1, expiresAt: 2)
        #expect(token.hasSuffix("."))
        #expect(decodeBase64URL(String(token.split(separator: ".")[0])) == #"{"alg":"none","typ":"JWT"}"#)
    }
}
