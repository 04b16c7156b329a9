import Foundation
import LiandongCore
import LiandongStore
import LiandongTesting
import Testing

/// Tombstone collection (墓碑回收, Protocols/SPEC.md §21) on real replica files: a town and two
/// villages, chunks moved by hand, settled marks passed as acks and heartbeats would carry them.
@Suite struct TombstoneCollectionTests {
    static let town = NodeID(rawValue: 441_702_001_000)
    static let village = NodeID(rawValue: 441_702_001_201)
    static let otherVillage = NodeID(rawValue: 441_702_001_202)
    var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    struct Tree {
        let dir = TemporaryDirectory()
        let town: Replica
        let village: Replica
        let other: Replica
        init() throws {
            town = try Replica.temporary(TombstoneCollectionTests.town.rawValue, in: dir)
            village = try Replica.temporary(TombstoneCollectionTests.village.rawValue, in: dir)
            other = try Replica.temporary(TombstoneCollectionTests.otherVillage.rawValue, in: dir)
        }
    }

    /// Moves everything `sender` holds for `receiver` after the receiver's cursor, chunk by chunk,
    /// and records the acknowledgement at the sender, as a session would.
    func sync(_ sender: Replica, to receiver: Replica, senderRole: LinkRole) throws {
        let receiverRole = senderRole.reversed
        while true {
            let after = try receiver.cursor(on: sender.node)
            guard try sender.head() > after else { return }
            let chunk = try sender.readChunk(for: receiver.node, after: after, limit: 7)
            let outcome = try receiver.apply(chunk, from: sender.node, role: senderRole, drift: ClockDriftPolicy(), nowMillis: now)
            try sender.recordContact(peer: receiver.node, role: receiverRole, nowMillis: now, acked: outcome.cursor)
            if outcome.cursor == after { return }
        }
    }

    /// Both directions of a town–village link.
    func exchange(_ tree: Tree, _ village: Replica) throws {
        try sync(village, to: tree.town, senderRole: .child)
        try sync(tree.town, to: village, senderRole: .parent)
        try sync(village, to: tree.town, senderRole: .child)
    }

    /// One round of settled marks on the given links (the villages' first, then the town's), each
    /// side storing what its peer sent and collecting.
    func settle(_ tree: Tree, villages: [Replica], older: Set<NodeID> = []) throws {
        var toTown: [NodeID: ChangeSeq] = [:]
        for village in villages where !older.contains(village.node) { toTown[village.node] = try village.settledMark(for: tree.town.node) }
        try tree.town.collectTombstones(settled: toTown)
        // A node of an earlier release neither sends marks nor collects.
        for village in villages where !older.contains(village.node) {
            try village.collectTombstones(settled: [tree.town.node: try tree.town.settledMark(for: village.node)])
        }
    }

    func liveIDs(_ replica: Replica) throws -> Set<String> {
        Set(try replica.dump(table: "record").compactMap { if case .text(let id) = $0[0] { id } else { nil } })
    }

    @Test func collectionWaitsForEveryLinkToSettleTheDelete() throws {
        let tree = try Tree()
        try tree.village.insertRecords(10, prefix: "v")
        for village in [tree.village, tree.other] { try exchange(tree, village) }
        _ = try tree.village.query("DELETE FROM record WHERE id IN ('v-1', 'v-2', 'v-3', 'v-4')")
        try exchange(tree, tree.village)
        #expect(try tree.town.tombstoneCount() == 4)
        // The other village has not got the deletes yet: nothing may go anywhere.
        for _ in 0..<3 { try settle(tree, villages: [tree.village, tree.other]) }
        #expect(try tree.town.tombstoneCount() == 4)
        #expect(try tree.village.tombstoneCount() == 4)
        #expect(try tree.town.tombstonesCollected() == 0)
        // Once it has them and the marks went round, every node drops them.
        try exchange(tree, tree.other)
        #expect(try tree.other.tombstoneCount() == 4)
        for _ in 0..<3 { try settle(tree, villages: [tree.village, tree.other]) }
        for replica in [tree.town, tree.village, tree.other] {
            #expect(try replica.tombstoneCount() == 0, "\(replica.node)")
            #expect(try replica.tombstonesCollected() == 4, "\(replica.node)")
            #expect(try liveIDs(replica) == Set((0..<10).filter { $0 > 4 || $0 == 0 }.map { "v-\($0)" }))
        }
    }

    @Test func aPeerThatNeverSendsSettledMarksBlocksCollection() throws {
        let tree = try Tree()
        try tree.village.insertRecords(6, prefix: "v")
        for village in [tree.village, tree.other] { try exchange(tree, village) }
        _ = try tree.village.query("DELETE FROM record WHERE id IN ('v-1', 'v-2')")
        for village in [tree.village, tree.other] { try exchange(tree, village) }
        // The other village runs an earlier release: its acks carry no settled mark (0).
        for _ in 0..<4 { try settle(tree, villages: [tree.village, tree.other], older: [tree.other.node]) }
        for replica in [tree.town, tree.village] {
            #expect(try replica.tombstoneCount() == 2, "\(replica.node)")
            #expect(try replica.tombstonesCollected() == 0, "\(replica.node)")
        }
    }

    @Test func aNodeWithoutLinksNeverCollects() throws {
        let tree = try Tree()
        try tree.village.insertRecords(3, prefix: "v")
        _ = try tree.village.query("DELETE FROM record WHERE id = 'v-1'")
        let round = try tree.village.collectTombstones(settled: [:])
        #expect(round.threshold == nil)
        #expect(try tree.village.tombstoneCount() == 1)
    }

    @Test func anOfflineVillageBlocksCollectionAndConvergesWhenItReturns() throws {
        let tree = try Tree()
        try tree.village.insertRecords(8, prefix: "v")
        for village in [tree.village, tree.other] { try exchange(tree, village) }
        for _ in 0..<2 { try settle(tree, villages: [tree.village, tree.other]) }
        #expect(try liveIDs(tree.other).count == 8)
        // The other village goes offline; three rows it holds are deleted meanwhile.
        _ = try tree.village.query("DELETE FROM record WHERE id IN ('v-1', 'v-2', 'v-3')")
        try exchange(tree, tree.village)
        for _ in 0..<4 {
            try tree.town.collectTombstones(settled: [tree.village.node: try tree.village.settledMark(for: tree.town.node)])
            try tree.village.collectTombstones(settled: [tree.town.node: try tree.town.settledMark(for: tree.village.node)])
        }
        #expect(try tree.town.tombstoneCount() == 3)
        #expect(try tree.village.tombstoneCount() == 3)
        // It comes back: it gets the deletes, nothing it held comes back to life, and then the
        // tombstones go everywhere.
        try exchange(tree, tree.other)
        for _ in 0..<3 { try settle(tree, villages: [tree.village, tree.other]) }
        let expected: Set<String> = ["v-0", "v-4", "v-5", "v-6", "v-7"]
        for replica in [tree.town, tree.village, tree.other] {
            #expect(try liveIDs(replica) == expected, "\(replica.node)")
            #expect(try replica.tombstoneCount() == 0, "\(replica.node)")
        }
        // More traffic after collection brings nothing back.
        try tree.other.insertRecords(1, prefix: "o")
        for village in [tree.other, tree.village] { try exchange(tree, village) }
        for replica in [tree.town, tree.village, tree.other] {
            #expect(try liveIDs(replica) == expected.union(["o-0"]), "\(replica.node)")
        }
    }

    @Test func aKeyInsertedAgainAfterCollectionBeatsATombstoneStillHeldElsewhere() throws {
        let tree = try Tree()
        try tree.village.insertRecords(3, prefix: "v")
        try exchange(tree, tree.village)
        _ = try tree.village.query("DELETE FROM record WHERE id = 'v-1'")
        try exchange(tree, tree.village)
        // The village collects the tombstone; the town, slower, still holds it.
        try tree.village.collectTombstones(settled: [tree.town.node: try tree.town.settledMark(for: tree.village.node)])
        #expect(try tree.village.tombstoneCount() == 0)
        #expect(try tree.town.tombstoneCount() == 1)
        // Inserted again at the village, the key starts above the length it dropped, so the
        // town takes it over its tombstone instead of keeping the old delete.
        try tree.village.insertRecords(1, prefix: "v", startingAt: 1)
        try exchange(tree, tree.village)
        #expect(try liveIDs(tree.town) == ["v-0", "v-1", "v-2"])
        #expect(try liveIDs(tree.village) == ["v-0", "v-1", "v-2"])
    }

    @Test func digestsLeaveOutTombstonesThatMayBeCollected() throws {
        let tree = try Tree()
        try tree.village.insertRecords(5, prefix: "v")
        try exchange(tree, tree.village)
        _ = try tree.village.query("DELETE FROM record WHERE id = 'v-1'")
        try exchange(tree, tree.village)
        let before = try tree.town.digest(linkWith: tree.village.node)
        for _ in 0..<3 {
            try tree.town.collectTombstones(settled: [tree.village.node: try tree.village.settledMark(for: tree.town.node)])
            try tree.village.collectTombstones(settled: [tree.town.node: try tree.town.settledMark(for: tree.village.node)])
        }
        #expect(try tree.town.tombstoneCount() == 0)
        let after = try tree.town.digest(linkWith: tree.village.node)
        #expect(before.rows == after.rows + 1)
        #expect(try tree.village.digest(linkWith: tree.town.node) == after)
    }
}
