import Foundation
import GRDB
import LiandongCore
import LiandongStore
import LiandongTesting
import Testing

/// Corrected time (Protocols/SPEC.md §4.5) and link digests (§16) on real replica files.
@Suite struct ClockAndDigestTests {
    let village = NodeID(rawValue: 441_702_001_201)
    let town = NodeID(rawValue: 441_702_001_000)
    var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
    static let day: Int64 = 86_400_000

    /// Every version of every row of `table`, as (origin, millis).
    func versions(_ replica: Replica, table: String = "record") throws -> [(origin: Int64, millis: Int64)] {
        try replica.rowStates().filter { replica.schema.tables[$0.table].name == table }.flatMap { row in
            row.versions.expanded(columnCount: replica.schema.tables[row.table].columns.count).map { ($0.origin.rawValue, $0.hlc.millis) }
        }
    }

    @Test func everyCommitIsDurable() throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.temporary(village.rawValue, in: dir)
        // 2 = FULL: in WAL mode the log is fsynced at every commit (GRDB's default is NORMAL).
        #expect(try replica.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        let reopened = try Replica.open(at: replica.path, logger: testLogger())
        #expect(try reopened.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
    }

    @Test func writesStampedByAFastClockAreStampedAgainWhenItIsCorrected() throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.temporary(village.rawValue, in: dir)
        // The system clock a day fast: as if the offset had been a day ahead while writing.
        _ = try replica.adoptClockOffset(Self.day, wallMillis: now)
        try replica.insertRecords(5, prefix: "fast")
        try replica.write { try $0.execute(sql: "UPDATE record SET note = 'edited' WHERE id = 'fast-1'") }
        try replica.write { try $0.execute(sql: "DELETE FROM record WHERE id = 'fast-2'") }
        #expect(try versions(replica).allSatisfy { $0.millis > now + Self.day / 2 })
        let headBefore = try replica.head()

        let correction = try replica.adoptClockOffset(0, wallMillis: now)
        #expect(correction.restamped == 5)  // four live rows and one deletion
        #expect(correction.clockAfter < correction.clockBefore)
        #expect(correction.head > headBefore)
        let limit = now + Replica.restampToleranceMillis + 1000
        #expect(try versions(replica).allSatisfy { $0.millis <= limit })
        #expect(try replica.rowStates().allSatisfy { $0.versions.base.hlc.millis <= limit })
        #expect(try replica.clock().millis <= limit)
        // The values stay; the edit is still there; new writes stamp from corrected time.
        #expect(try replica.dump(table: "record").count == 4)
        try replica.insertRecords(1, prefix: "after")
        #expect(try replica.clock().millis <= now + Replica.restampToleranceMillis + 1000)
        #expect(try replica.clockOffsetMillis() == 0)
    }

    @Test func aSlowClockStampsFromCorrectedTimeAndAcceptsItsParentsRows() throws {
        let dir = TemporaryDirectory()
        let child = try Replica.temporary(village.rawValue, in: dir)
        let parent = try Replica.temporary(town.rawValue, in: dir)
        try parent.insertRecords(3, prefix: "town")
        let chunk = try parent.readChunk(for: village, after: .zero, limit: 100)
        let slowWall = now - 3 * Self.day
        // Three days slow and uncorrected, the parent's rows look three days in the future.
        #expect(throws: StoreError.self) { try child.apply(chunk, from: self.town, role: .parent, drift: ClockDriftPolicy(), nowMillis: slowWall) }
        // Corrected (offset +3 days), they are accepted, and local writes carry real time.
        _ = try child.adoptClockOffset(3 * Self.day, wallMillis: slowWall)
        _ = try child.apply(chunk, from: town, role: .parent, drift: ClockDriftPolicy(), nowMillis: slowWall + 3 * Self.day, wallMillis: slowWall)
        #expect(try child.dump(table: "record").count == 3)
    }

    @Test func digestsAgreeExactlyWhenBothSidesHoldTheSameRows() throws {
        let dir = TemporaryDirectory()
        let child = try Replica.temporary(village.rawValue, in: dir)
        let parent = try Replica.temporary(town.rawValue, in: dir)
        try child.insertRecords(40, prefix: "v")
        try parent.insertRecords(10, prefix: "t")
        _ = try parent.apply(try child.readChunk(for: town, after: .zero, limit: 1000), from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
        _ = try child.apply(try parent.readChunk(for: village, after: .zero, limit: 1000), from: town, role: .parent, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(try child.digest(linkWith: town) == parent.digest(linkWith: village))
        #expect(try child.digest(linkWith: town).rows == 50)

        // The child loses a row (an old backup); the parent holds it as the child's own.
        try child.write { db in
            try db.execute(sql: "INSERT INTO _ld_applying (flag) VALUES (1)")
            try db.execute(sql: "DELETE FROM record WHERE id = 'v-3'")
            try db.execute(sql: "DELETE FROM _ld_applying")
        }
        let differing = try parent.digest(linkWith: village).differences(from: try child.digest(linkWith: town))
        #expect(!differing.isEmpty)
        // Echoes are withheld from chunks but not from a repair.
        #expect(try parent.readChunk(for: village, after: .zero, limit: 1000).rows.allSatisfy { $0.key != [.text("v-3")] })
        let repair = try parent.statesInBuckets(Set(differing), linkWith: village)
        #expect(repair.contains { $0.key == [.text("v-3")] })
        let outcome = try child.apply(
            ChangeChunk(after: .zero, upTo: .zero, rows: repair, remaining: 0), from: town, role: .parent, repair: true, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(outcome.changed == 1)
        #expect(try child.digest(linkWith: town) == parent.digest(linkWith: village))
        #expect(try child.dumpAll() == parent.dumpAll())
        // A repair leaves the cursor where it was.
        #expect(try child.cursor(on: town) == parent.head())

        // A difference in one cell's version is a difference too.
        try parent.write { try $0.execute(sql: "UPDATE record SET note = 'town edit' WHERE id = 'v-5'") }
        #expect(try child.digest(linkWith: town) != parent.digest(linkWith: village))
    }
}
