import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// Nodes of two versions of `gov` in one tree (Protocols/SPEC.md §12.1): what a version may add,
/// how rows are narrowed for the older peer and widened from it, and why a column an upgrade
/// appends is never written in the rows the file already held (so what a newer node wrote there
/// always wins, however late the older node's own changes are).
@Suite struct SchemaBridgeTests {
    static let district = NodeID(rawValue: 441_702_000_000)
    static let town = NodeID(rawValue: 441_702_001_000)
    static let village = NodeID(rawValue: 441_702_001_201)
    static let v6 = GovernmentSchema.schema
    static func declaration(_ version: Int) throws -> ReplicaSchema {
        try #require(try GovernmentHistory.history().steps.first { $0.version == version }).declaration
    }
    static let caseTable = GovernmentSchema.schema.tableIndex(named: "case_accept")!
    static let licenseTable = GovernmentSchema.schema.tableIndex(named: "e_license")!
    static let window = GovernmentSchema.schema.tables[caseTable].columns.firstIndex { $0.name == "window_no" }!

    @Test func onlyAdditiveVersionsAreBridged() throws {
        let v5 = try Self.declaration(5)
        #expect(SchemaBridge.additive(v5, Self.v6) == nil)
        #expect(SchemaBridge(older: v5, newer: Self.v6)?.changedTables == [Self.caseTable, Self.licenseTable])
        // v5 appended a personal column (a revisit's words): no bridge from v4.
        #expect(SchemaBridge.additive(try Self.declaration(4), v5)?.contains("personal") == true)
        var reordered = Self.v6
        reordered.tables[Self.caseTable].columns.swapAt(0, 1)
        #expect(SchemaBridge.additive(v5, reordered) != nil)
        var notNull = Self.v6
        notNull.tables[Self.caseTable].columns[Self.window].notNull = true
        #expect(SchemaBridge.additive(v5, notNull)?.contains("NOT NULL") == true)
        var newStatus = Self.v6
        newStatus.version = 7
        let status = newStatus.tables[Self.caseTable].columns.firstIndex { $0.name == "status" }!
        newStatus.tables[Self.caseTable].columns[status].lattice!.order.insert("QUEUED", at: 1)
        #expect(SchemaBridge.additive(Self.v6, newStatus) == nil, "a status value between the old ones keeps their order")
        newStatus.tables[Self.caseTable].columns[status].lattice!.order.swapAt(2, 3)
        #expect(SchemaBridge.additive(Self.v6, newStatus) != nil)
    }

    /// A district (v6) holding a case whose window it wrote, and a licence; a town (v5) below it.
    func district(_ dir: TemporaryDirectory) throws -> (district: Replica, village: Replica) {
        let village = try Replica.temporary(Self.village.rawValue, in: dir, schema: try Self.declaration(5))
        let district = try Replica.temporary(Self.district.rawValue, in: dir, schema: Self.v6, privacyKey: PrivacyKey.random())
        try village.write { db in
            try db.execute(
                sql: """
                    INSERT INTO case_accept (project_no, task_handle_item, task_name, project_type, apply_channel, apply_date, status, scope)
                    VALUES ('C-1', 'I-1', '低保', '1', 'window', '2026-11-02', 'SUBMITTED', \(Self.village.rawValue))
                    """)
        }
        try transfer(from: village, to: district, role: .child, bridge: try #require(SchemaBridge(older: try Self.declaration(5), newer: Self.v6)))
        try district.write { db in
            try db.execute(sql: "UPDATE case_accept SET window_no = 'W-07', status = 'RECEIVED', receive_date = '2026-11-03' WHERE project_no = 'C-1'")
            try db.execute(
                sql: "INSERT INTO e_license (license_no, project_no, license_name, issue_date, scope) VALUES ('L-1', 'C-1', '低保证', '2026-11-05', \(Self.village.rawValue))")
        }
        return (district, village)
    }

    /// What the engine does on a bridged link, replica to replica: the newer side narrows what it
    /// sends and widens what it receives.
    /// `refill`: the tables an upgraded receiver could not hold, read again from the start up to
    /// its cursor, as the engine's sender does when a child comes back upgraded.
    func transfer(from sender: Replica, to receiver: Replica, role: LinkRole, bridge: SchemaBridge?, refill: Set<Int>? = nil, now: Int64 = 1_800_000_000_000) throws {
        let after = try receiver.cursor(on: sender.node)
        var chunk =
            if let refill {
                try sender.readChunk(for: receiver.node, after: .zero, limit: 512, tables: refill, through: after)
            } else {
                try sender.readChunk(for: receiver.node, after: after, limit: 512)
            }
        if let bridge {
            chunk.rows = sender.schema.version > receiver.schema.version ? chunk.rows.compactMap(bridge.narrowed) : chunk.rows.map(bridge.widened)
        }
        let outcome = try receiver.apply(chunk, from: sender.node, role: role, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(outcome.rejected.isEmpty, "\(outcome.rejected)")
    }

    @Test func theOlderPeerGetsWhatItsVersionHoldsAndTheNewerKeepsItsCells() throws {
        let dir = TemporaryDirectory()
        let (district, village) = try district(dir)
        let bridge = try #require(SchemaBridge(older: try Self.declaration(5), newer: Self.v6))
        let chunk = try district.readChunk(for: Self.village, suppressEchoes: false, after: .zero, limit: 512)
        let narrowed = chunk.rows.compactMap(bridge.narrowed)
        #expect(chunk.rows.contains { $0.table == Self.licenseTable })
        #expect(!narrowed.contains { $0.table == Self.licenseTable }, "no table the older version lacks")
        let held = try #require(narrowed.first { $0.table == Self.caseTable })
        #expect(held.values.count == bridge.older.tables[Self.caseTable].columns.count)
        #expect(held.versions.exceptions.allSatisfy { $0.column < held.values.count })
        for row in narrowed { try row.validate(against: bridge.older.tables[row.table]) }

        // The village takes the new status; its own later change comes back widened and leaves
        // the district's window as it was.
        try transfer(from: district, to: village, role: .parent, bridge: bridge)
        #expect(try village.query("SELECT status FROM case_accept").rows == [[.text("RECEIVED")]])
        try village.write { db in try db.execute(sql: "UPDATE case_accept SET apply_channel = 'proxy' WHERE project_no = 'C-1'") }
        try transfer(from: village, to: district, role: .child, bridge: bridge)
        #expect(try district.query("SELECT window_no, apply_channel FROM case_accept").rows == [[.text("W-07"), .text("proxy")]])
    }

    @Test func aWidenedRowIsNeverWrittenWhereTheOlderVersionHasNoColumn() throws {
        let bridge = try #require(SchemaBridge(older: try Self.declaration(5), newer: Self.v6))
        let version = CellVersion(hlc: HLC(rawValue: 1_800_000_000_000 << 16), origin: Self.village)
        let count = bridge.older.tables[Self.caseTable].columns.count
        var values: [ColumnValue] = Array(repeating: .text("x"), count: count)
        values[bridge.older.tables[Self.caseTable].columns.firstIndex { $0.name == "status" }!] = .text("SUBMITTED")
        let row = RowChange(table: Self.caseTable, key: [.text("C-9")], causalLength: 1, values: values, versions: CompactVersions(base: version), scope: Self.village)
        let widened = bridge.widened(row)
        #expect(widened.values.count == Self.v6.tables[Self.caseTable].columns.count)
        #expect(widened.values[Self.window] == .null)
        #expect(widened.versions.expanded(columnCount: widened.values.count)[Self.window] == SchemaBridge.neverWritten)
        #expect(bridge.narrowed(widened) == row, "narrowing undoes widening")
        // Merged over a state that holds the column, it changes nothing there, whatever its clock.
        var local = widened
        local.values[Self.window] = .text("W-1")
        local.versions = CompactVersions(base: CellVersion(hlc: HLC(rawValue: 1_700_000_000_000 << 16), origin: Self.district))
        var later = row
        later.values[0] = .text("y")
        later.versions = CompactVersions(base: CellVersion(hlc: HLC(rawValue: 1_900_000_000_000 << 16), origin: Self.village))
        let merged = try #require(RowMerge.merge(local: local, incoming: bridge.widened(later)))
        #expect(merged.values[Self.window] == .text("W-1") && merged.values[0] == .text("y"))
    }

    /// A town upgraded in place: its rows read the appended column as never written, so the
    /// district's window wins although the town's own change of the row is later than it.
    @Test func anUpgradeInPlaceLeavesTheAppendedColumnNeverWritten() throws {
        let dir = TemporaryDirectory()
        let (district, village) = try district(dir)
        let bridge = try #require(SchemaBridge(older: try Self.declaration(5), newer: Self.v6))
        try transfer(from: district, to: village, role: .parent, bridge: bridge)
        // The village changes the case after the district wrote the window, then upgrades.
        try village.write { db in try db.execute(sql: "UPDATE case_accept SET apply_channel = 'proxy' WHERE project_no = 'C-1'") }
        let upgraded = try village.upgrading(through: [SchemaMigration(version: 6, declaration: Self.v6)]).replica
        #expect(try upgraded.query("SELECT window_no FROM case_accept").rows == [[.null]])
        let state = try #require(try upgraded.rowStates(tables: [Self.caseTable]).first)
        #expect(state.versions.expanded(columnCount: state.values.count)[Self.window] == SchemaBridge.neverWritten)
        let districtWindow = try #require(try district.rowStates(tables: [Self.caseTable]).first).versions.expanded(columnCount: state.values.count)[Self.window]
        #expect(state.versions.expanded(columnCount: state.values.count).max()! > districtWindow, "the village's change is later than the district's window")

        // Both ways at v6 now: the window arrives (with the tables v5 could not hold, sent again
        // from the start), the village's channel goes up, and they agree.
        let district2 = district
        try transfer(from: upgraded, to: district2, role: .child, bridge: nil)
        #expect(try district2.query("SELECT window_no, apply_channel FROM case_accept").rows == [[.text("W-07"), .text("proxy")]])
        try transfer(from: district2, to: upgraded, role: .parent, bridge: nil, refill: Set(bridge.changedTables))
        #expect(try upgraded.query("SELECT license_no FROM e_license").rows == [[.text("L-1")]])
        try transfer(from: district2, to: upgraded, role: .parent, bridge: nil)
        #expect(try upgraded.query("SELECT window_no, apply_channel FROM case_accept").rows == [[.text("W-07"), .text("proxy")]])
        #expect(try upgraded.digest(linkWith: Self.district) == district2.digest(linkWith: Self.village))

        // A local update after the upgrade keeps the never-written version of columns it leaves
        // alone, through a reopen.
        try upgraded.write { db in try db.execute(sql: "UPDATE case_accept SET apply_channel = 'mail' WHERE project_no = 'C-1'") }
        let reopened = try Replica.open(at: upgraded.path, logger: testLogger())
        let after = try #require(try reopened.rowStates(tables: [Self.caseTable]).first)
        #expect(after.values[Self.window] == .text("W-07"))
    }

    @Test func aNeverWrittenCellMustBeEmptyInANullableColumn() throws {
        let dir = TemporaryDirectory()
        let (district, _) = try district(dir)
        let town = try Replica.temporary(Self.town.rawValue, in: dir, schema: Self.v6)
        var chunk = try district.readChunk(for: Self.town, suppressEchoes: false, after: .zero, limit: 512)
        let index = try #require(chunk.rows.firstIndex { $0.table == Self.caseTable })
        var versions = chunk.rows[index].versions.expanded(columnCount: chunk.rows[index].values.count)
        versions[Self.window] = SchemaBridge.neverWritten
        chunk.rows[index].versions = CompactVersions(versions, fallback: chunk.rows[index].versions.base)
        let outcome = try town.apply(chunk, from: Self.district, role: .parent, drift: ClockDriftPolicy(), nowMillis: 1_800_000_000_000)
        #expect(outcome.rejected.contains { $0.rule == .withheld && $0.column == "window_no" }, "\(outcome.rejected)")
    }
}
