import Crypto
import Foundation
import LiandongCore
import LiandongTransport
import LiandongWire

/// An offline bundle (离线数据包): the change chunks one node holds for its parent or an enrolled
/// child, carried on a USB stick instead of a link, signed by the sender and encrypted to the
/// recipient. The file format is Protocols/SPEC.md §19; this type reads and writes it.
///
/// ```
/// "LDBUNDLE" · format u16 · header length u32 · header · sealed length u64 · sealed · signature (64)
/// ```
/// The header travels in clear (the recipient reads it before decrypting) and is authenticated
/// twice: as the associated data of the ChaChaPoly box and under the Ed25519 signature.
public struct OfflineBundle: Sendable, Hashable {
    /// The file format version this build writes and reads.
    public static let formatVersion: UInt16 = 1
    /// The first 8 bytes of every bundle.
    public static let magic = Array("LDBUNDLE".utf8)
    /// The most bytes a bundle file may have (a month of a village is far less).
    public static let maxFileBytes = 1 << 31
    /// The most bytes one envelope inside a bundle may have: the wire's frame bound (SPEC §2).
    public static let maxFrameBytes = 16 << 20

    /// What the header says, in clear.
    public struct Header: Sendable, Hashable {
        /// The node that wrote the bundle.
        public var sender: NodeID
        /// The node the bundle is for.
        public var recipient: NodeID
        /// 16 random bytes naming this bundle: the recipient imports a bundle once (rule `replay`).
        public var id: [UInt8]
        /// When the sender wrote it, milliseconds since 1970 (its corrected time).
        public var createdMillis: Int64
        /// The sender's changes in the bundle: stamps in `(after, upTo]`.
        public var after: ChangeSeq
        public var upTo: ChangeSeq
        /// The sender's cursor on the recipient: it holds the recipient's changes up to this stamp.
        /// This is how acknowledgements travel (SPEC §19.4).
        public var holds: ChangeSeq
        /// The sender's head when it wrote the bundle.
        public var head: ChangeSeq
        public var schemaName: String
        public var schemaVersion: UInt32
        public var schemaFingerprint: String
        /// The sender's seal key (Ed25519, SPEC §18.1), which signed the bundle.
        public var sealKey: SealPublicKey
        /// A district's bundle for the city: the seal keys its operator registered for the towns
        /// and villages below it, as its hello carries them (SPEC §18.1). Empty otherwise.
        public var sealKeys: [SealKeyEntry] = []

        public init(
            sender: NodeID, recipient: NodeID, id: [UInt8], createdMillis: Int64, after: ChangeSeq, upTo: ChangeSeq, holds: ChangeSeq, head: ChangeSeq,
            schemaName: String, schemaVersion: UInt32, schemaFingerprint: String, sealKey: SealPublicKey
        ) {
            self.sender = sender
            self.recipient = recipient
            self.id = id
            self.createdMillis = createdMillis
            self.after = after
            self.upTo = upTo
            self.holds = holds
            self.head = head
            self.schemaName = schemaName
            self.schemaVersion = schemaVersion
            self.schemaFingerprint = schemaFingerprint
            self.sealKey = sealKey
        }

        /// The bundle id as 32 lowercase hex digits.
        public var idHex: String { id.map { String(format: "%02x", $0) }.joined() }

        func encoded() -> [UInt8] {
            var out = BundleBytes()
            out.u64(UInt64(sender.rawValue))
            out.u64(UInt64(recipient.rawValue))
            out.bytes(id)
            out.i64(createdMillis)
            out.i64(after.rawValue)
            out.i64(upTo.rawValue)
            out.i64(holds.rawValue)
            out.i64(head.rawValue)
            out.u32(schemaVersion)
            out.bytes(sealKey.bytes)
            out.text(schemaName)
            out.text(schemaFingerprint)
            out.u32(UInt32(sealKeys.count))
            for entry in sealKeys {
                out.u64(UInt64(entry.node.rawValue))
                out.bytes(entry.key.bytes)
            }
            return out.buffer
        }

        init(decoding bytes: [UInt8]) throws(BundleError) {
            var reader = BundleReader(bytes)
            sender = NodeID(rawValue: Int64(bitPattern: try reader.u64("sender")))
            recipient = NodeID(rawValue: Int64(bitPattern: try reader.u64("recipient")))
            id = try reader.bytes(16, "bundle id")
            createdMillis = try reader.i64("creation time")
            after = ChangeSeq(rawValue: try reader.i64("after"))
            upTo = ChangeSeq(rawValue: try reader.i64("up_to"))
            holds = ChangeSeq(rawValue: try reader.i64("holds"))
            head = ChangeSeq(rawValue: try reader.i64("head"))
            schemaVersion = try reader.u32("schema version")
            guard let key = SealPublicKey(bytes: try reader.bytes(32, "seal key")) else {
                throw BundleError(.format, "the header's seal key is not an Ed25519 public key")
            }
            sealKey = key
            schemaName = try reader.text("schema name")
            schemaFingerprint = try reader.text("schema fingerprint")
            let count = Int(try reader.u32("seal key count"))
            guard count <= Hello.maxSealKeys, count * 40 <= reader.remaining else {
                throw BundleError(.format, "the header lists \(count) seal keys, more than it holds or than a hello may carry (\(Hello.maxSealKeys))")
            }
            for _ in 0..<count {
                let node = NodeID(rawValue: Int64(bitPattern: try reader.u64("seal key node")))
                guard let key = SealPublicKey(bytes: try reader.bytes(32, "seal key")) else {
                    throw BundleError(.format, "the seal key listed for node \(node) is not an Ed25519 public key")
                }
                sealKeys.append(SealKeyEntry(node: node, key: key))
            }
            guard reader.isAtEnd else { throw BundleError(.format, "the header has \(reader.remaining) bytes after its last field") }
            for (name, code) in [("sender", sender), ("recipient", recipient)] where !NodeID.isRegionCode(code.rawValue) {
                throw BundleError(.format, "the header's \(name) \(code.rawValue) is not a region code (区划代码)")
            }
            guard after.rawValue >= 0, upTo >= after else { throw BundleError(.format, "the header's range (\(after), \(upTo)] is empty or negative") }
        }
    }

    public var header: Header
    /// The header's bytes as written (what the box authenticates and the signature covers).
    let headerBytes: [UInt8]
    /// The ChaChaPoly box: 12-byte nonce, ciphertext, 16-byte tag.
    let sealed: [UInt8]
    let signature: [UInt8]
    /// Every byte before the signature.
    let signedPart: [UInt8]

    /// Reads a bundle file's bytes; refuses (rule `format`) anything that is not one.
    public init(decoding bytes: [UInt8]) throws(BundleError) {
        guard bytes.count <= Self.maxFileBytes else { throw BundleError(.format, "\(bytes.count) bytes is more than a bundle may have (\(Self.maxFileBytes))") }
        var reader = BundleReader(bytes)
        guard bytes.count >= 8, Array(bytes[0..<8]) == Self.magic else {
            throw BundleError(.format, "not an offline bundle: it does not start with LDBUNDLE")
        }
        _ = try reader.bytes(8, "magic")
        let version = try reader.u16("format version")
        guard version == Self.formatVersion else {
            throw BundleError(.format, "bundle format version \(version); this build reads version \(Self.formatVersion)")
        }
        let headerLength = Int(try reader.u32("header length"))
        headerBytes = try reader.bytes(headerLength, "header")
        header = try Header(decoding: headerBytes)
        let sealedLength = try reader.u64("sealed length")
        guard sealedLength <= UInt64(reader.remaining) else { throw BundleError(.format, "the file is truncated (the encrypted part runs past its end)") }
        sealed = try reader.bytes(Int(sealedLength), "encrypted part")
        guard sealed.count >= 28 else { throw BundleError(.format, "the encrypted part is shorter than a nonce and a tag") }
        signedPart = Array(bytes[0..<(bytes.count - reader.remaining)])
        signature = try reader.bytes(64, "signature")
        guard reader.isAtEnd else { throw BundleError(.format, "\(reader.remaining) bytes follow the signature") }
    }

    /// Builds and signs a bundle of `chunks` from `key`'s node for `recipient` (its CURVE public
    /// key `recipientKey`), with the header's other fields as given.
    public static func seal(
        _ chunks: [ChangeChunk], schemaVersion: UInt32, header: Header, senderKey key: NodeKeyFile, recipientKey: CurveKey
    ) throws(BundleError) -> (bundle: OfflineBundle, bytes: [UInt8]) {
        var plain = BundleBytes()
        for chunk in chunks {
            let frame = Envelope(schemaVersion: schemaVersion, message: .changes(chunk)).encoded()
            guard frame.count <= maxFrameBytes else { throw BundleError(.content, "a chunk of \(chunk.rows.count) rows encodes to \(frame.count) bytes, above the frame bound") }
            plain.u32(UInt32(frame.count))
            plain.bytes(frame)
        }
        let headerBytes = header.encoded()
        var file = BundleBytes()
        file.bytes(magic)
        file.u16(formatVersion)
        file.u32(UInt32(headerBytes.count))
        file.bytes(headerBytes)
        let box: [UInt8]
        do {
            let symmetric = try sharedKey(secret: key.pair.secretKey, peer: recipientKey, header: header)
            box = Array(try ChaChaPoly.seal(plain.buffer, using: symmetric, nonce: ChaChaPoly.Nonce(), authenticating: file.buffer).combined)
        } catch {
            throw BundleError(.decryption, "cannot encrypt to node \(header.recipient)'s key: \(error)")
        }
        file.u64(UInt64(box.count))
        file.bytes(box)
        file.bytes(key.sealer.signature(over: signedMessage(file.buffer)))
        let bytes = file.buffer
        return (try OfflineBundle(decoding: bytes), bytes)
    }

    /// True when the signature verifies with the header's seal key.
    public var isSignatureValid: Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: header.sealKey.bytes) else { return false }
        return key.isValidSignature(signature, for: Self.signedMessage(signedPart))
    }

    /// Decrypts the chunks with this node's secret key and the sender's enrolled public key;
    /// a box that does not open (another key, a changed byte) is refused (rule `decryption`), and
    /// anything inside that is not a well-formed envelope of a chunk (rule `format`).
    public func open(secret: CurveKey, senderKey: CurveKey) throws(BundleError) -> [(protocolVersion: UInt32, schemaVersion: UInt32, chunk: ChangeChunk)] {
        let plain: [UInt8]
        do {
            let symmetric = try Self.sharedKey(secret: secret, peer: senderKey, header: header)
            let box = try ChaChaPoly.SealedBox(combined: sealed)
            plain = Array(try ChaChaPoly.open(box, using: symmetric, authenticating: Array(signedPart[0..<(signedPart.count - sealed.count - 8)])))
        } catch {
            throw BundleError(
                .decryption,
                "the bundle does not decrypt with node \(header.sender)'s enrolled key and this node's key: it was made with another key, or changed on the way")
        }
        var reader = BundleReader(plain)
        var chunks: [(UInt32, UInt32, ChangeChunk)] = []
        while !reader.isAtEnd {
            let length = Int(try reader.u32("frame length"))
            guard length <= Self.maxFrameBytes else { throw BundleError(.format, "frame \(chunks.count + 1) has \(length) bytes, above the frame bound") }
            let frame = try reader.bytes(length, "frame \(chunks.count + 1)")
            let envelope: Envelope
            do { envelope = try Envelope(decoding: frame) } catch { throw BundleError(.format, "frame \(chunks.count + 1): \(error)") }
            guard case .changes(let chunk) = envelope.message else {
                throw BundleError(.format, "frame \(chunks.count + 1) carries a \(envelope.message.kind), not a change chunk")
            }
            chunks.append((envelope.protocolVersion, envelope.schemaVersion, chunk))
        }
        return chunks.map { (protocolVersion: $0.0, schemaVersion: $0.1, chunk: $0.2) }
    }

    static func signedMessage(_ bytes: [UInt8]) -> [UInt8] { Array("liandong bundle v1".utf8) + bytes }

    /// X25519 between the two CURVE keys, then HKDF-SHA256 (salt: the bundle id; info:
    /// `liandong bundle key v1`, sender and recipient as 8 little-endian bytes each).
    static func sharedKey(secret: CurveKey, peer: CurveKey, header: Header) throws -> SymmetricKey {
        let mine = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: secret.bytes)
        let theirs = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: peer.bytes)
        let shared = try mine.sharedSecretFromKeyAgreement(with: theirs)
        var info = BundleBytes()
        info.bytes(Array("liandong bundle key v1".utf8))
        info.u64(UInt64(header.sender.rawValue))
        info.u64(UInt64(header.recipient.rawValue))
        return shared.hkdfDerivedSymmetricKey(using: SHA256.self, salt: header.id, sharedInfo: info.buffer, outputByteCount: 32)
    }
}

/// Why an offline bundle was refused: the rule (SPEC §19.5) and what was wrong. Nothing of a
/// refused bundle is applied.
public struct BundleError: Error, Sendable, CustomStringConvertible {
    /// The rule a bundle broke.
    public enum Rule: String, Sendable {
        /// Not a bundle, truncated, an unknown format version, or garbage inside.
        case format = "format 格式"
        /// The signature does not verify: a byte was changed.
        case signature = "signature 签名"
        /// The bundle is for another node.
        case recipient = "recipient 收件节点"
        /// The sender is neither this node's parent nor an enrolled (active) child.
        case enrolment = "enrolment 登记"
        /// Another schema, version or fingerprint than this replica's.
        case schema = "schema 数据结构"
        /// The box does not open with the enrolled key.
        case decryption = "decryption 解密"
        /// This bundle was imported before.
        case replay = "replay 重放"
        /// A chunk breaks the wire's rules (SPEC §9.2), or the chunks do not cover the header's range.
        case content = "content 内容"
    }

    public var rule: Rule
    public var message: String

    public init(_ rule: Rule, _ message: String) {
        self.rule = rule
        self.message = message
    }

    public var description: String { "offline bundle (离线数据包) refused [rule: \(rule.rawValue)]: \(message)" }
}

/// Little-endian bytes, for the bundle's own framing.
struct BundleBytes {
    var buffer: [UInt8] = []
    mutating func u16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
    mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }
    mutating func bytes(_ value: [UInt8]) { buffer += value }
    /// A u16 length, then UTF-8 (at most 65 535 bytes).
    mutating func text(_ value: String) {
        let utf8 = Array(value.utf8.prefix(Int(UInt16.max)))
        u16(UInt16(utf8.count))
        buffer += utf8
    }
}

/// Reads `BundleBytes`; every read past the end is a clear `format` refusal.
struct BundleReader {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset == bytes.count }

    mutating func bytes(_ count: Int, _ what: String) throws(BundleError) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw BundleError(.format, "the file is truncated (\(what) runs past its end)") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }
    mutating func little(_ count: Int, _ what: String) throws(BundleError) -> UInt64 {
        var value: UInt64 = 0
        for (i, byte) in try bytes(count, what).enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
        return value
    }
    mutating func u16(_ what: String) throws(BundleError) -> UInt16 { UInt16(try little(2, what)) }
    mutating func u32(_ what: String) throws(BundleError) -> UInt32 { UInt32(try little(4, what)) }
    mutating func u64(_ what: String) throws(BundleError) -> UInt64 { try little(8, what) }
    mutating func i64(_ what: String) throws(BundleError) -> Int64 { Int64(bitPattern: try little(8, what)) }
    mutating func text(_ what: String) throws(BundleError) -> String {
        let length = Int(try u16(what))
        let utf8 = try bytes(length, what)
        guard let text = String(validating: utf8, as: UTF8.self) else { throw BundleError(.format, "\(what) is not UTF-8") }
        return text
    }
}
