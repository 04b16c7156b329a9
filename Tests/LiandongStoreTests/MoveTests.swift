import LiandongCore
import LiandongStore
import LiandongTesting
import Testing

/// Re-parenting at the store (区划调整, Protocols/SPEC.md §20): scope filters follow the moved
/// node's new path; a node off that path purges the node's rows locally and records it.
@Suite struct MoveTests {
    static let district = NodeID(rawValue: 441_702_000_000)
    static let townA = NodeID(rawValue: 441_702_001_000)
    static let townB = NodeID(rawValue: 441_702_002_000)
    static let village = NodeID(rawValue: 441_702_001_201)
    static let sibling = NodeID(rawValue: 441_702_001_202)

    /// A catalogue that flows along root paths and a register that flows up, both scoped.
    static let schema = ReplicaSchema(
        name: "moves", version: 1,
        tables: [
            TableSpec(
                name: "item", primaryKey: [ColumnSpec("id", .text, notNull: true)],
                columns: [ColumnSpec("scope", .integer, notNull: true), ColumnSpec("note", .text)], scopeColumn: "scope"),
            TableSpec(
                name: "entry", primaryKey: [ColumnSpec("id", .text, notNull: true)],
                columns: [ColumnSpec("scope", .integer, notNull: true), ColumnSpec("note", .text)], scopeColumn: "scope", flow: .upward),
        ])

    func fill(_ replica: Replica) throws {
        for scope in [Self.village, Self.sibling, Self.townA, Self.townB, Self.district] {
            for table in ["item", "entry"] {
                _ = try replica.query("INSERT INTO \(table) (id, scope, note) VALUES ('\(table)-\(scope)-1', \(scope.rawValue), 'x'), ('\(table)-\(scope)-2', \(scope.rawValue), 'y')")
                _ = try replica.query("DELETE FROM \(table) WHERE id = '\(table)-\(scope)-2'")
            }
        }
    }

    func scopes(_ chunk: ChangeChunk) -> Set<String> {
        Set(chunk.rows.compactMap { row in row.isLive ? row.values.first.map { "\($0)" } : nil })
    }

    func count(_ replica: Replica, _ sql: String) throws -> Int64 { try replica.query(sql).rows.first?.first?.integerValue ?? -1 }

    @Test func theDecidingDistrictSendsTheVillageToItsNewTownAndKeepsItsRows() throws {
        let dir = TemporaryDirectory()
        let district = try Replica.temporary(Self.district.rawValue, in: dir, schema: Self.schema)
        try fill(district)
        func visible(to peer: NodeID) throws -> Int64 {
            let chunk = try district.readChunk(for: peer, after: .zero, limit: 1000)
            return Int64(chunk.rows.filter { row in row.values.first == .integer(Self.village.rawValue) || row.key == [.text("item-\(Self.village)-2")] || row.key == [.text("entry-\(Self.village)-2")] }.count)
        }
        #expect(try visible(to: Self.townB) == 0)
        #expect(try visible(to: Self.townA) == 4)
        let before = try district.digest(linkWith: Self.townB)
        let move = RegionMove(node: Self.village, parent: Self.townB, decidedMillis: 1000, decidedBy: Self.district)
        let outcome = try district.recordMove(move, nowMillis: 2000)
        #expect(outcome.adopted == [move] && outcome.purges.isEmpty)
        #expect(try count(district, "SELECT count(*) FROM item") == 5)
        // Both tables' rows and deleted keys of the village now go to town B, not town A.
        #expect(try visible(to: Self.townB) == 4)
        #expect(try visible(to: Self.townA) == 0)
        #expect(try district.digest(linkWith: Self.townB) != before)
        // A second decision for the same move is refused, naming the rule; so is one the district has no authority for.
        #expect(throws: StoreError.self) { try district.recordMove(move, nowMillis: 3000) }
        let across = RegionMove(node: Self.townA, parent: NodeID(rawValue: 441_703_000_000), decidedMillis: 1000, decidedBy: Self.district)
        #expect(throws: StoreError.self) { try district.recordMove(across, nowMillis: 3000) }
        // The move is durable.
        let reopened = try Replica.open(at: district.path, logger: testLogger())
        #expect(reopened.tree.parent(of: Self.village) == Self.townB)
        #expect(try reopened.readChunk(for: Self.townB, after: .zero, limit: 1000).rows.contains { $0.values.first == .integer(Self.village.rawValue) })
    }

    @Test func theOldTownPurgesTheVillagesRowsAndRecordsIt() throws {
        let dir = TemporaryDirectory()
        let town = try Replica.temporary(Self.townA.rawValue, in: dir, schema: Self.schema)
        try fill(town)
        try town.recordContact(peer: Self.village, role: .child, nowMillis: 1)
        try town.recordContact(peer: Self.sibling, role: .child, nowMillis: 1)
        try town.recordContact(peer: Self.district, role: .parent, nowMillis: 1)
        let head = try town.head()
        let move = RegionMove(node: Self.village, parent: Self.townB, decidedMillis: 1000, decidedBy: Self.district)
        let outcome = try town.adoptMoves([move], from: Self.district, nowMillis: 5000)
        #expect(outcome.adopted == [move])
        let purge = try #require(outcome.purges.first)
        // Each table: one live row and one deleted key of the village.
        #expect(purge.rows == ["item": 2, "entry": 2])
        #expect(purge.links == [Self.village])
        #expect(try count(town, "SELECT count(*) FROM item WHERE scope = \(Self.village.rawValue)") == 0)
        #expect(try count(town, "SELECT count(*) FROM item WHERE scope = \(Self.sibling.rawValue)") == 1)
        #expect(try count(town, "SELECT count(*) FROM item WHERE scope = \(Self.district.rawValue)") == 1)
        // A local removal: no stamp, nothing to send.
        #expect(try town.head() == head)
        #expect(try town.link(Self.village) == nil && town.link(Self.sibling) != nil && town.link(Self.district) != nil)
        // Recorded durably, and in the audit log.
        let reopened = try Replica.open(at: town.path, logger: testLogger())
        #expect(try reopened.purges().map(\.rows) == [["item": 2, "entry": 2]])
        #expect(try reopened.auditEntries(limit: 10).contains { $0.event == "purge" })
        // Adopting the same move again changes nothing.
        #expect(try reopened.adoptMoves([move], from: Self.district, nowMillis: 6000).adopted.isEmpty)
        #expect(try reopened.purges().count == 1)
    }

    @Test func aMoveWithoutAuthorityIsRefusedAndChangesNothing() throws {
        let dir = TemporaryDirectory()
        let town = try Replica.temporary(Self.townA.rawValue, in: dir, schema: Self.schema)
        try fill(town)
        let forged = RegionMove(node: Self.village, parent: Self.townB, decidedMillis: 1000, decidedBy: Self.townB)
        let outcome = try town.adoptMoves([forged], from: Self.district, nowMillis: 5000)
        #expect(outcome.adopted.isEmpty && outcome.refused.map(\.rule) == [.authority])
        #expect(try count(town, "SELECT count(*) FROM item WHERE scope = \(Self.village.rawValue)") == 1)
        #expect(town.tree == .prefix)
    }
}
