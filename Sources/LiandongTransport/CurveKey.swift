import CZeroMQ

/// A CURVE key (Curve25519, libzmq's CurveZMQ over libsodium) in its Z85 text form: 40
/// characters for 32 bytes (Protocols/SPEC.md §2.1). Public keys are shown to operators and
/// exchanged at enrolment; secret keys live only in a node's key file.
public struct CurveKey: Hashable, Sendable, CustomStringConvertible {
    /// The key in Z85, 40 characters.
    public let z85: String

    /// A key from its Z85 text; nil unless it is 40 Z85 characters that decode to 32 bytes.
    public init?(z85 text: String) {
        let trimmed = String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        guard trimmed.utf8.count == 40 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        guard zmq_z85_decode(&bytes, trimmed) != nil else { return nil }
        z85 = trimmed
    }

    /// A key from its 32 raw bytes (as ZAP hands a client's public key over).
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        var text = [CChar](repeating: 0, count: 41)
        guard zmq_z85_encode(&text, bytes, 32) != nil else { return nil }
        z85 = String(decoding: text.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String { z85 }

    /// The key's 32 bytes.
    public var bytes: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 32)
        _ = zmq_z85_decode(&bytes, z85)
        return bytes
    }

    /// A short form for logs and listings: the first 8 characters.
    public var short: String { String(z85.prefix(8)) }
}

/// A node's CURVE key pair.
public struct CurveKeyPair: Hashable, Sendable {
    public let publicKey: CurveKey
    public let secretKey: CurveKey

    /// A fresh key pair from libsodium's random source.
    public static func generate() throws(ZMQError) -> CurveKeyPair {
        var publicText = [CChar](repeating: 0, count: 41)
        var secretText = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicText, &secretText) == 0 else { throw ZMQError("curve_keypair") }
        let text = { (chars: [CChar]) in String(decoding: chars.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        guard let publicKey = CurveKey(z85: text(publicText)), let secretKey = CurveKey(z85: text(secretText)) else {
            throw ZMQError("curve_keypair", code: EINVAL)
        }
        return CurveKeyPair(publicKey: publicKey, secretKey: secretKey)
    }

    /// The pair for `secretKey` (the public key is derived from it); nil if it is not a key.
    public init?(secretKey: CurveKey) {
        var publicText = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&publicText, secretKey.z85) == 0,
            let publicKey = CurveKey(z85: String(decoding: publicText.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        else { return nil }
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    init(publicKey: CurveKey, secretKey: CurveKey) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }
}

/// How a socket secures its connections (Protocols/SPEC.md §2.1).
public enum SocketSecurity: Sendable {
    /// Plain ZMTP (`NULL` mechanism): no encryption, no authentication. Local experiments only.
    case insecure
    /// CURVE server (the parent's ROUTER): every client is authenticated by the context's ZAP
    /// handler (`ZAPHandler`), which must be bound before the socket binds.
    case curveServer(CurveKeyPair)
    /// CURVE client (the child's DEALER): encrypts to, and authenticates, the server with
    /// public key `server`.
    case curveClient(CurveKeyPair, server: CurveKey)
}

extension ZMQSocket {
    /// Applies `security`; before `bind` or `connect`.
    public func secure(_ security: SocketSecurity) throws(ZMQError) {
        switch security {
        case .insecure:
            return
        case .curveServer(let pair):
            try set(ZMQ_CURVE_SERVER, Int32(1))
            try set(ZMQ_CURVE_SECRETKEY, bytes: Array(pair.secretKey.z85.utf8))
            try set(ZMQ_ZAP_DOMAIN, bytes: Array(ZAPHandler.domain.utf8))
        case .curveClient(let pair, let server):
            try set(ZMQ_CURVE_SERVERKEY, bytes: Array(server.z85.utf8))
            try set(ZMQ_CURVE_PUBLICKEY, bytes: Array(pair.publicKey.z85.utf8))
            try set(ZMQ_CURVE_SECRETKEY, bytes: Array(pair.secretKey.z85.utf8))
        }
    }
}
