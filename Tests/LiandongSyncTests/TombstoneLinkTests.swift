import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// Tombstone collection (墓碑回收, Protocols/SPEC.md §21) over real ZeroMQ sockets: settled marks
/// ride in acks and heartbeats, and a village restored from a backup older than the collection
/// does not bring the deleted rows back.
@Suite(.serialized) struct TombstoneLinkTests {
    static let town: Int64 = 441_702_001_000
    static let village: Int64 = 441_702_001_201

    func ids(_ replica: Replica) throws -> Set<String> {
        Set(try replica.dump(table: "record").compactMap { if case .text(let id) = $0[0] { id } else { nil } })
    }

    @Test func settledMarksTravelAndEverySideCollects() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let town = try Replica.temporary(Self.town, in: dir)
        let village = try Replica.temporary(Self.village, in: dir)
        try village.insertRecords(20, prefix: "v")
        try TestKeys.enrol(village, under: town)
        let parent = try InProcessNode(replica: town, listen: endpoint)
        defer { parent.shutdown() }
        let child = try InProcessNode(replica: village, parent: endpoint)
        defer { child.shutdown() }
        #expect(try eventually { try town.dump(table: "record").count == 20 })
        _ = try village.query("DELETE FROM record WHERE id IN ('v-1', 'v-2', 'v-3', 'v-4', 'v-5')")
        #expect(try eventually { try town.dump(table: "record").count == 15 })
        #expect(try eventually { try town.tombstoneCount() == 0 && village.tombstoneCount() == 0 })
        #expect(try town.tombstonesCollected() == 5)
        #expect(try village.tombstonesCollected() == 5)
        #expect(try town.settledMarks()[village.node] ?? .zero > .zero)
        #expect(try ids(town) == ids(village))
    }

    @Test func aVillageRestoredFromBeforeTheCollectionDoesNotReviveDeletedRows() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let town = try Replica.temporary(Self.town, in: dir)
        let villagePath: String
        let backup = dir.file("backup.db")
        do {
            let village = try Replica.temporary(Self.village, in: dir)
            villagePath = village.path
            try village.insertRecords(10, prefix: "v")
            try TestKeys.enrol(village, under: town)
        }
        let parent = try InProcessNode(replica: town, listen: endpoint)
        defer { parent.shutdown() }
        do {
            let village = try Replica.open(at: villagePath, logger: testLogger())
            let child = try InProcessNode(replica: village, parent: endpoint)
            #expect(try eventually { try town.dump(table: "record").count == 10 })
            // The town's mark covering the rows reached the village's file: then back it up.
            #expect(try eventually { try village.settledMarks()[town.node] ?? .zero >= village.head() })
            try village.backup(to: backup)
            // The town deletes three of them; both sides collect the tombstones.
            _ = try town.query("DELETE FROM record WHERE id IN ('v-1', 'v-2', 'v-3')")
            #expect(try eventually { try village.dump(table: "record").count == 7 })
            #expect(try eventually { try town.tombstoneCount() == 0 && village.tombstoneCount() == 0 })
            #expect(child.shutdown() == nil)
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: villagePath + suffix) }
        try FileManager.default.copyItem(atPath: backup, toPath: villagePath)
        let restored = try Replica.open(at: villagePath, logger: testLogger())
        try restored.markRestored()
        #expect(try ids(restored).isSuperset(of: ["v-1", "v-2", "v-3"]))
        let child = try InProcessNode(replica: restored, parent: endpoint)
        defer { child.shutdown() }
        // The restored village drops the rows the town settled and collected, instead of
        // repairing the town with them; then the two agree and the restore is over.
        #expect(try eventually { try restored.restoredLinks().isEmpty })
        let expected = Set((0..<10).filter { $0 > 3 || $0 == 0 }.map { "v-\($0)" })
        #expect(try ids(restored) == expected)
        #expect(try ids(town) == expected)
    }
}
