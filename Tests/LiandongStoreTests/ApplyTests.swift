import Foundation
import GRDB
import LiandongCore
import LiandongStore
import LiandongTesting
import Testing

@Suite struct ApplyTests {
    let village = NodeID(rawValue: 441_702_001_201)
    let town = NodeID(rawValue: 441_702_001_000)
    var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A village replica holding `records` rows and an empty town replica, in one directory
    /// (returned so that it lives as long as the test).
    func villageAndTown(records: Int) throws -> (TemporaryDirectory, Replica, Replica) {
        let dir = TemporaryDirectory()
        let source = try Replica.temporary(village.rawValue, in: dir)
        let target = try Replica.temporary(town.rawValue, in: dir)
        try source.insertRecords(records, prefix: "v")
        return (dir, source, target)
    }

    @Test func aChunkWithOneBadRowAppliesNothing() throws {
        let (dir, source, target) = try villageAndTown(records: 10)
        _ = dir
        var chunk = try source.readChunk(for: town, after: .zero, limit: 100)
        // A NOT NULL key violation at the end of an otherwise good chunk.
        chunk.rows.append(RowChange(table: 0, key: [.null], causalLength: 1, values: chunk.rows[0].values, versions: chunk.rows[0].versions))
        #expect(throws: StoreError.self) { try target.apply(chunk, from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now) }
        #expect(try target.dump(table: "record").isEmpty)
        #expect(try target.cursor(on: village) == .zero)

        chunk.rows.removeLast()
        chunk.rows[3].table = 9
        #expect(throws: StoreError.self) { try target.apply(chunk, from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now) }
        #expect(try target.dump(table: "record").isEmpty)
    }

    /// A merge runs with the connection's triggers off; after it, whether it committed or was
    /// refused inside its transaction, a local write is captured again (it would otherwise
    /// never be sent anywhere).
    @Test func localWritesAreCapturedAgainAfterAMerge() throws {
        let (dir, source, target) = try villageAndTown(records: 4)
        _ = dir
        let chunk = try source.readChunk(for: town, after: .zero, limit: 100)
        #expect(try target.apply(chunk, from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now).changed == 4)
        var headBefore = try target.head()
        try target.write { db in try db.execute(sql: "UPDATE record SET count = 99") }
        var captured = try target.readChunk(for: village, after: headBefore, limit: 100).rows
        #expect(captured.count == 4)
        #expect(captured.allSatisfy { $0.values[3] == .integer(99) && $0.versions.exceptions.contains { $0.version.origin == town } })

        // A merge refused inside its transaction (a delta row that assumes a delta base this
        // node never proved) turns them back on too.
        let delta = RowChange(
            table: 0, key: chunk.rows[0].key, causalLength: 1, values: [.integer(7)], versions: CompactVersions(base: chunk.rows[0].versions.base), columns: [3])
        let refused = ChangeChunk(
            after: chunk.upTo, upTo: chunk.upTo, rows: [delta], remaining: 0, deltaBase: ChangeSeq(rawValue: chunk.upTo.rawValue + 1), complete: true)
        #expect { try target.apply(refused, from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now) } throws: { error in
            (error as? StoreError)?.code == .deltaBase
        }
        headBefore = try target.head()
        try target.write { db in try db.execute(sql: "UPDATE record SET count = 100") }
        captured = try target.readChunk(for: village, after: headBefore, limit: 100).rows
        #expect(captured.count == 4)
        #expect(captured.allSatisfy { $0.values[3] == .integer(100) })
    }

    /// The process-wide SQLite settings (no global allocation statistics) were made before the
    /// first database opened: the load-time constructor is linked in and ran.
    @Test func sqliteRunsWithTheProcessWideSettings() throws {
        let dir = TemporaryDirectory()
        _ = try Replica.temporary(town.rawValue, in: dir)
        #expect(Replica.sqliteTuned)
    }

    @Test func aClockTooFarAheadIsRejected() throws {
        let (dir, source, target) = try villageAndTown(records: 2)
        _ = dir
        let chunk = try source.readChunk(for: town, after: .zero, limit: 100)
        let headBefore = try target.head()
        // The receiver's wall clock is ten minutes behind the sender's.
        #expect { try target.apply(chunk, from: village, role: .child, drift: ClockDriftPolicy(maxAheadMillis: 60_000), nowMillis: now - 600_000) } throws: { error in
            "\(error)".contains("ahead of local time")
        }
        #expect(try target.dump(table: "record").isEmpty)
        #expect(try target.head() == headBefore)
    }

    @Test func theCursorAdvancesOnlyWithoutGaps() throws {
        let (dir, source, target) = try villageAndTown(records: 30)
        _ = dir
        let first = try source.readChunk(for: town, after: .zero, limit: 10)
        let second = try source.readChunk(for: town, after: first.upTo, limit: 10)
        // Out of order: the second chunk is merged but the cursor cannot jump over the first.
        #expect(try target.apply(second, from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now).cursor == .zero)
        #expect(try target.apply(first, from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now).cursor == first.upTo)
        // A duplicate changes nothing.
        let again = try target.apply(first, from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(again.changed == 0 && again.unchanged == 10)
        #expect(try target.dump(table: "record").count == 20)
    }

    @Test func mergedRowsAreNotEchoedBackToTheirSender() throws {
        let (dir, source, target) = try villageAndTown(records: 5)
        _ = dir
        _ = try target.apply(try source.readChunk(for: town, after: .zero, limit: 100), from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
        let back = try target.readChunk(for: village, after: .zero, limit: 100)
        #expect(back.rows.isEmpty)
        #expect(back.upTo == (try target.head()))
        // But a third party gets them.
        #expect(try target.readChunk(for: NodeID(rawValue: 441_702_000_000), after: .zero, limit: 100).rows.count == 5)
    }

    /// While another process holds the write lock for seconds (a bulk import), a merge and the
    /// link bookkeeping give up with "locked" instead of waiting out the default ten seconds on
    /// the node's only network thread (its peers would drop the link); once the lock is released
    /// both go through.
    @Test func aLongLocalTransactionDelaysSyncInsteadOfStallingIt() throws {
        let (dir, source, target) = try villageAndTown(records: 5)
        _ = dir
        let chunk = try source.readChunk(for: town, after: .zero, limit: 100)
        let holder = try DatabaseQueue(path: target.path)
        let locked = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        Thread {
            try? holder.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                Thread.sleep(forTimeInterval: 4)
                try db.execute(sql: "COMMIT")
            }
            released.signal()
        }.start()
        locked.wait()
        #expect { try target.recordContact(peer: village, role: .child, nowMillis: now) } throws: { ($0 as? StoreError)?.code == .locked }
        #expect { try target.apply(chunk, from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now) } throws: {
            ($0 as? StoreError)?.code == .locked
        }
        #expect(released.wait(timeout: .now() + 30) == .success)
        try target.recordContact(peer: village, role: .child, nowMillis: now)
        #expect(try target.apply(chunk, from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now).changed == 5)
    }
}
