import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// Offline bundles up a village → town → district chain carry the village's seals and meet the
/// district's seal check (Protocols/SPEC.md §18.4, §19.4): a town that alters a village's cell in
/// a bundle it signs itself has that row refused (`seal`), and the honest row gets through.
@Suite struct BundleSealTests {
    struct Node {
        var replica: Replica
        var key: NodeKeyFile
        var enrolled = EnrolledKeys()
        func exchange() throws -> OfflineBundleExchange { try OfflineBundleExchange(replica: replica, key: key, enrolled: enrolled, logger: testLogger()) }
    }

    func node(_ code: Int64, in dir: TemporaryDirectory) throws -> Node {
        let replica = try Replica.temporary(code, in: dir)
        return Node(replica: replica, key: NodeKeyFile(node: replica.node, pair: try CurveKeyPair.generate()))
    }

    func value(_ replica: Replica, _ id: String) throws -> ColumnValue? {
        try replica.query("SELECT name FROM record WHERE id = '\(id)'").rows.first?.first
    }

    @Test func aTownForgingAVillagesCellInABundleIsCaughtAtTheDistrict() throws {
        let dir = TemporaryDirectory()
        var district = try node(441_702_000_000, in: dir)
        var town = try node(441_702_001_000, in: dir)
        var village = try node(441_702_001_201, in: dir)
        village.enrolled.parent = EnrolledKeys.Parent(node: town.replica.node, key: town.key.pair.publicKey)
        try town.enrolled.enrol(village.replica.node, key: village.key.pair.publicKey, at: .now)
        town.enrolled.parent = EnrolledKeys.Parent(node: district.replica.node, key: district.key.pair.publicKey)
        try district.enrolled.enrol(town.replica.node, key: town.key.pair.publicKey, at: .now)
        district.enrolled.sealers[village.replica.node] = village.key.sealPublicKey

        try village.replica.insertRecords(3, prefix: "v")
        let now = wallClockMillis()
        let up = try village.exchange().export(for: town.replica.node, wallMillis: now)
        #expect(up.rows == 3 && up.seals == 1)
        #expect(try town.exchange().importBundle(up.bytes, wallMillis: now).changed == 3)

        let relayed = try town.exchange().export(for: district.replica.node, wallMillis: now)
        #expect(relayed.rows == 3 && relayed.seals >= 1, "the village's seal is relayed with its rows")

        // The town alters one of the village's cells, keeping the village's version, and signs
        // and encrypts the result with its own (enrolled) key.
        let bundle = try OfflineBundle(decoding: relayed.bytes)
        var chunks = try bundle.open(secret: district.key.pair.secretKey, senderKey: town.key.pair.publicKey).map(\.chunk)
        let forgedID = try #require(chunks[0].rows[0].key.first)
        chunks[0].rows[0].values[0] = .text("伪造 forged")
        var header = bundle.header
        header.id = Array(repeating: 7, count: 16)
        let forged = try OfflineBundle.seal(chunks, schemaVersion: header.schemaVersion, header: header, senderKey: town.key, recipientKey: district.key.pair.publicKey)

        let caught = try district.exchange().importBundle(forged.bytes, wallMillis: now)
        #expect(caught.rejected.count == 1 && caught.rejected.first?.rule == .seal, "\(caught.rejected)")
        #expect(caught.changed == 2)
        guard case .text(let id) = forgedID else { Issue.record("key \(forgedID)"); return }
        #expect(try value(district.replica, id) == nil, "the forged row is not merged")

        let honest = try district.exchange().importBundle(relayed.bytes, wallMillis: now)
        #expect(honest.rejected.isEmpty && honest.changed == 1, "\(honest.rejected)")
        #expect(try value(district.replica, id) == value(village.replica, id))
    }
}
