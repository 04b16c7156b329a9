import Foundation
import GRDB
import LiandongCore
import LiandongStore
import LiandongTesting
import Testing

/// Chunks a peer written from the spec sent into a real replica: versions no node can have
/// written, causal lengths at the edge of `Int64`, NaN, two versions for one column, a cursor
/// moved past every stamp (Protocols/SPEC.md §5.2, §9.2, §17.3). Each test failed (or trapped)
/// before its fix; in each the replica holds nothing of a refused chunk.
@Suite struct HostileChunkTests {
    let village = NodeID(rawValue: 441_702_001_201)
    let town = NodeID(rawValue: 441_702_001_000)
    var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A table with a NOT NULL real column, for the NaN findings.
    static let measured = ReplicaSchema(
        name: "measured", version: 1,
        tables: [
            TableSpec(
                name: "reading", primaryKey: [ColumnSpec("id", .text, notNull: true)],
                columns: [ColumnSpec("amount", .real, notNull: true), ColumnSpec("note", .text)])
        ])

    /// A good row from `village` for the demo `record` table, every column at its own version.
    func record(_ id: String, baseOrigin: Int64 = 441_702_001_201, cl: Int64 = 1) -> RowChange {
        let values: [ColumnValue] = [.text("n"), .text("v"), .text("k"), .integer(1), .integer(2), .integer(3), .real(0.5), .text("x"), .integer(0)]
        let exceptions = values.indices.map { (column: $0, version: CellVersion(hlc: HLC(millis: now - 1000, counter: Int64($0)), origin: village)) }
        return RowChange(
            table: 0, key: [.text(id)], causalLength: cl, values: values,
            versions: CompactVersions(base: CellVersion(hlc: HLC(millis: now - 2000), origin: NodeID(rawValue: baseOrigin)), exceptions: exceptions))
    }

    func chunk(_ rows: [RowChange], upTo: Int64? = nil) -> ChangeChunk {
        ChangeChunk(after: .zero, upTo: ChangeSeq(rawValue: upTo ?? HLC(millis: now).rawValue), rows: rows, remaining: 0)
    }

    /// Applies and returns the error's text, or nil when the chunk applied.
    func refusal(_ chunk: ChangeChunk, to replica: Replica, from peer: NodeID? = nil) -> String? {
        do {
            _ = try replica.apply(chunk, from: peer ?? village, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
            return nil
        } catch {
            #expect(error.code == .invalidChange)
            return error.description
        }
    }

    /// F1: a base origin of −1 (unused by any column) was stored, and the encoder trapped on it
    /// every time the town relayed the row.
    @Test func aVersionWhoseOriginIsNoRegionCodeIsRefused() throws {
        let dir = TemporaryDirectory()
        let town = try Replica.temporary(self.town.rawValue, in: dir)
        let message = try #require(refusal(chunk([record("a", baseOrigin: -1)]), to: town))
        #expect(message.contains("origin -1 is not a 12-digit region code") && message.contains("rule: version"))
        for origin: Int64 in [0, 999_999_999, 1_000_000_000_000, Int64.min] {
            #expect(refusal(chunk([record("a", baseOrigin: origin)]), to: town) != nil)
        }
        #expect(try town.dump(table: "record").isEmpty)
        #expect(try town.cursor(on: village) == .zero)
        #expect(refusal(chunk([record("a")]), to: town) == nil)
        #expect(try town.dump(table: "record").count == 1)
    }

    /// F2: a clock of `Int64.min` reached `_ld_cc`, and every later read of the row trapped.
    @Test func clocksMustBePositiveAndStoredVersionsNeverTrap() throws {
        let dir = TemporaryDirectory()
        let town = try Replica.temporary(self.town.rawValue, in: dir)
        for (clock, origin) in [(Int64.min, village.rawValue), (0, village.rawValue), (-1, village.rawValue), (HLC(millis: now).rawValue, Int64.min)] {
            var row = record("a")
            row.versions.exceptions[3].version = CellVersion(hlc: HLC(rawValue: clock), origin: NodeID(rawValue: origin))
            let message = try #require(refusal(chunk([row]), to: town))
            #expect(message.contains("rule: version"))
        }
        #expect(try town.dump(table: "record").isEmpty)
        // Whatever text another program leaves in `_ld_cc`, reading the row does not trap.
        #expect(refusal(chunk([record("a")]), to: town) == nil)
        for text in [
            #"{"name":[-9223372036854775808,-9223372036854775808]}"#, #"{"name":[99999999999999999999,1]}"#, #"{"name":[1"#, "", "{",
        ] {
            try town.write { db in try db.execute(sql: "UPDATE record SET _ld_cc = ?", arguments: [text]) }
            let sent = try town.readChunk(for: NodeID(rawValue: 441_702_000_000), after: .zero, limit: 10)
            #expect(sent.rows.count == 1)
        }
    }

    /// F3: a causal length of `Int64.max` made the row undeletable (a local delete overflowed the
    /// trigger into a REAL tombstone, relayed with causal length 0).
    @Test func causalLengthsBeyondTwoToTheFortyAreRefused() throws {
        let dir = TemporaryDirectory()
        let town = try Replica.temporary(self.town.rawValue, in: dir)
        for length in [Int64.max, Int64.max - 1, RowChange.maxCausalLength + 1] {
            let message = try #require(refusal(chunk([record("a", cl: length)]), to: town))
            #expect(message.contains("rule: causal length"))
        }
        #expect(try town.dump(table: "record").isEmpty)
        // Within the bound but a jump of more than 2^20 in one change: refused row by row.
        #expect(refusal(chunk([record("a")]), to: town) == nil)
        let outcome = try town.apply(chunk([record("a", cl: 3 + RowChange.maxCausalLengthJump)]), from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(outcome.rejected.first?.rule == .causalLength)
        // A local delete of the row still works and is relayed with its causal length.
        try town.write { db in try db.execute(sql: "DELETE FROM record WHERE id = 'a'") }
        let sent = try town.readChunk(for: NodeID(rawValue: 441_702_000_000), after: .zero, limit: 10)
        #expect(sent.rows.map(\.causalLength) == [2])
    }

    /// F4: a NaN in a NOT NULL column passed validation, SQLite stored NULL, the upsert failed
    /// and the whole chunk was answered as a storage error and resent forever. Now the row is
    /// refused (`shape`) and the rest of the chunk applies; a NaN key refuses the chunk.
    @Test func aNaNIsRefusedBeforeItReachesSQLite() throws {
        let dir = TemporaryDirectory()
        let town = try Replica.temporary(self.town.rawValue, in: dir, schema: Self.measured)
        let version = CompactVersions(base: CellVersion(hlc: HLC(millis: now - 1000), origin: village))
        let good = RowChange(table: 0, key: [.text("good")], causalLength: 1, values: [.real(1.5), .text("ok")], versions: version)
        let nan = RowChange(table: 0, key: [.text("nan")], causalLength: 1, values: [.real(.nan), .null], versions: version)
        let infinite = RowChange(table: 0, key: [.text("inf")], causalLength: 1, values: [.real(-.infinity), .null], versions: version)
        let outcome = try town.apply(chunk([good, nan, infinite]), from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(outcome.changed == 2)
        let refused = try #require(outcome.rejected.first)
        #expect(refused.rule == .shape && refused.column == "amount" && refused.detail.contains("NaN"))
        #expect(try town.cursor(on: village) != .zero)
        #expect(Set(try town.dump(table: "reading").map { $0[0] }) == [.text("good"), .text("inf")])
        var nanKey = good
        nanKey.key = [.real(.nan)]
        #expect(try #require(refusal(chunk([nanKey]), to: town)).contains("rule: primary key"))
    }

    /// F7: two versions for one column: admitted under one, stored under the other, so a
    /// duplicate delivery changed the replica. One version per column, in column order.
    @Test func aColumnWithTwoVersionsIsRefused() throws {
        let dir = TemporaryDirectory()
        let town = try Replica.temporary(self.town.rawValue, in: dir)
        var twice = record("a")
        twice.versions.exceptions.insert((column: 2, version: CellVersion(hlc: HLC(millis: now), origin: town.node)), at: 3)
        #expect(try #require(refusal(chunk([twice]), to: town)).contains("rule: one version per column"))
        var unordered = record("a")
        unordered.versions.exceptions.swapAt(0, 1)
        #expect(try #require(refusal(chunk([unordered]), to: town)).contains("rule: one version per column"))
        var deletion = record("a", cl: 2)
        deletion.values = []
        #expect(try #require(refusal(chunk([deletion]), to: town)).contains("rule: one version per column"))
        #expect(try town.dump(table: "record").isEmpty)
    }

    /// S3: one empty chunk with `up_to` = 2^62 moved the town's cursor on the village to 2^62,
    /// and the village never uploaded again.
    @Test func aCursorBeyondAnyStampTheSenderCanHaveIssuedIsRefused() throws {
        let dir = TemporaryDirectory()
        let town = try Replica.temporary(self.town.rawValue, in: dir)
        for upTo in [Int64(1) << 62, HLC(millis: now + 32 * 86_400_000).rawValue] {
            let message = try #require(refusal(ChangeChunk(after: .zero, upTo: ChangeSeq(rawValue: upTo), rows: [], remaining: 0), to: town))
            #expect(message.contains("rule: change stamp") && message.contains("up_to"))
        }
        #expect(try #require(refusal(ChangeChunk(after: ChangeSeq(rawValue: 1 << 62), upTo: ChangeSeq(rawValue: 1 << 62), rows: [], remaining: 0), to: town)).contains("after"))
        #expect(try town.cursor(on: village) == .zero)
        // A village whose PC runs a day fast stamps a day ahead, and is not cut off.
        let dayAhead = HLC(millis: now + 86_400_000).rawValue
        #expect(refusal(chunk([record("a")], upTo: dayAhead), to: town) == nil)
        #expect(try town.cursor(on: village).rawValue == dayAhead)
    }

    /// The fuzz target found a drift error naming the base version's origin (here the withheld
    /// `000000000000`) instead of the node whose clock is ahead (SPEC §11).
    @Test func aClockTooFarAheadNamesTheNodeWhoseClockItIs() throws {
        let dir = TemporaryDirectory()
        let town = try Replica.temporary(self.town.rawValue, in: dir)
        var row = record("a")
        let fast = NodeID(rawValue: 441_702_001_202)
        row.versions.exceptions[4].version = CellVersion(hlc: HLC(millis: now + 3_600_000), origin: fast)
        #expect { try town.apply(chunk([row]), from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now) } throws: { error in
            (error as? StoreError)?.code == .clockDrift && "\(error)".contains("clock of node 441702001202")
        }
    }
}
