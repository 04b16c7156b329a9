import LiandongCore
import LiandongSync
import LiandongTransport
import Testing

/// The offline bundle's file format (Protocols/SPEC.md §19) in process: it round-trips, and no
/// truncation, changed byte or wrong key gets past the checks or crashes the reader.
@Suite struct BundleFormatTests {
    static let village = NodeID(rawValue: 441_702_001_201)
    static let town = NodeID(rawValue: 441_702_001_000)

    struct Fixture {
        var villageKey: NodeKeyFile
        var townKey: NodeKeyFile
        var chunks: [ChangeChunk]
        var header: OfflineBundle.Header
        var bytes: [UInt8]
    }

    func fixture() throws -> Fixture {
        let villageKey = NodeKeyFile(node: Self.village, pair: try CurveKeyPair.generate())
        let townKey = NodeKeyFile(node: Self.town, pair: try CurveKeyPair.generate())
        let version = CellVersion(hlc: HLC(millis: 1_764_633_600_000, counter: 0), origin: Self.village)
        let row = RowChange(table: 0, key: [.text("a")], causalLength: 1, values: [.text("代办"), .integer(7)], versions: CompactVersions(base: version))
        let chunks = [
            ChangeChunk(after: ChangeSeq(rawValue: 5), upTo: ChangeSeq(rawValue: 9), rows: [row], remaining: 1),
            ChangeChunk(after: ChangeSeq(rawValue: 9), upTo: ChangeSeq(rawValue: 12), rows: [], remaining: 0),
        ]
        let header = OfflineBundle.Header(
            sender: Self.village, recipient: Self.town, id: Array(0..<16), createdMillis: 1_764_633_600_000, after: ChangeSeq(rawValue: 5),
            upTo: ChangeSeq(rawValue: 12), holds: ChangeSeq(rawValue: 3), head: ChangeSeq(rawValue: 12), schemaName: "demo", schemaVersion: 1,
            schemaFingerprint: "e43fc5ad72590097", sealKey: villageKey.sealer.publicKey)
        let sealed = try OfflineBundle.seal(chunks, schemaVersion: 1, header: header, senderKey: villageKey, recipientKey: townKey.pair.publicKey)
        return Fixture(villageKey: villageKey, townKey: townKey, chunks: chunks, header: header, bytes: sealed.bytes)
    }

    @Test func aBundleRoundTrips() throws {
        let f = try fixture()
        let bundle = try OfflineBundle(decoding: f.bytes)
        #expect(bundle.header == f.header)
        #expect(bundle.isSignatureValid)
        let opened = try bundle.open(secret: f.townKey.pair.secretKey, senderKey: f.villageKey.pair.publicKey)
        #expect(opened.map(\.chunk) == f.chunks)
        #expect(opened.allSatisfy { $0.protocolVersion == 1 && $0.schemaVersion == 1 })
    }

    @Test func everyTruncationIsAFormatRefusal() throws {
        let f = try fixture()
        for length in 0..<f.bytes.count {
            #expect(throws: BundleError.self, "length \(length)") { try OfflineBundle(decoding: Array(f.bytes.prefix(length))) }
        }
        #expect(throws: BundleError.self) { try OfflineBundle(decoding: f.bytes + [0]) }
    }

    /// Every single changed byte is refused: by the format, or else by the signature.
    @Test func everyChangedByteIsRefused() throws {
        let f = try fixture()
        for position in f.bytes.indices {
            var changed = f.bytes
            changed[position] ^= 0x20
            guard let bundle = try? OfflineBundle(decoding: changed) else { continue }
            #expect(!bundle.isSignatureValid, "byte \(position)")
        }
    }

    /// Only the recipient's key with the sender's opens the box: not a third node's, nor the
    /// right node with another key.
    @Test func onlyTheEnrolledKeysOpenIt() throws {
        let f = try fixture()
        let bundle = try OfflineBundle(decoding: f.bytes)
        let stranger = try CurveKeyPair.generate()
        for (secret, sender) in [(stranger.secretKey, f.villageKey.pair.publicKey), (f.townKey.pair.secretKey, stranger.publicKey)] {
            #expect {
                _ = try bundle.open(secret: secret, senderKey: sender)
            } throws: { error in
                (error as? BundleError)?.rule == .decryption
            }
        }
        // The sender can open its own bundle too (X25519 is symmetric), as the SPEC says.
        #expect(try bundle.open(secret: f.villageKey.pair.secretKey, senderKey: f.townKey.pair.publicKey).count == 2)
    }
}
