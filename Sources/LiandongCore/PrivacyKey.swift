import Crypto

/// The city-wide privacy key (个人信息脱敏密钥): 32 random bytes that key the repeat-applicant
/// hash (HMAC-SHA256, Protocols/SPEC.md §17.4). Every district of a city holds the same key, in a
/// file outside its replica (`deploy/README.md`); the city never holds it. Without the key, a
/// masked ID number and its hash do not give the ID number back, however few birth dates remain.
///
/// Its description never shows the key, so that logging it leaks nothing.
public struct PrivacyKey: Hashable, Sendable, CustomStringConvertible {
    /// The key's length in bytes.
    public static let byteCount = 32

    let bytes: [UInt8]

    /// A key from exactly 32 bytes.
    public init(bytes: [UInt8]) throws(PrivacyKeyError) {
        guard bytes.count == Self.byteCount else {
            throw PrivacyKeyError("a privacy key is \(Self.byteCount) bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// A key from its file form: 64 hex digits (either case), surrounding white space ignored.
    public init(hex text: String) throws(PrivacyKeyError) {
        let trimmed = Array(text.utf8.drop { Self.isSpace($0) }.reversed().drop { Self.isSpace($0) }.reversed())
        guard trimmed.count == Self.byteCount * 2 else {
            throw PrivacyKeyError("a privacy key file holds \(Self.byteCount * 2) hex digits (\(Self.byteCount) random bytes), not \(trimmed.count) characters")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount)
        for pair in stride(from: 0, to: trimmed.count, by: 2) {
            guard let high = Self.nibble(trimmed[pair]), let low = Self.nibble(trimmed[pair + 1]) else {
                throw PrivacyKeyError("a privacy key file holds hex digits (0-9, a-f) only")
            }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// A new key from the system's cryptographic random source.
    public static func random() -> PrivacyKey {
        let key = SymmetricKey(size: .bits256)
        return try! PrivacyKey(bytes: key.withUnsafeBytes { Array($0) })
    }

    /// The file form: 64 lowercase hex digits.
    public var hex: String { Self.hex(bytes) }

    public var description: String { "PrivacyKey(\(Self.byteCount) bytes, not shown)" }

    /// HMAC-SHA256 of `message` under this key, as 64 lowercase hex digits.
    public func authenticationCode(_ message: String) -> String {
        Self.hex(Array(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: bytes))))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 97...102: byte - 87
        case 65...70: byte - 55
        default: nil
        }
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }
}

/// A privacy key that cannot be used as given (个人信息脱敏密钥).
public struct PrivacyKeyError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "privacy key 个人信息脱敏密钥: \(message)" }
}
