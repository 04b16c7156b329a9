import Foundation
import LiandongSync
import LiandongTesting
import Testing

/// The lock that keeps a second `liandong run` off a replica.
@Suite struct NodeLockTests {
    /// A running node's lock refuses a second one; once released, it can be taken again.
    @Test func aHeldLockRefusesASecondNode() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("node.db.lock")
        var first = try NodeLock(path: path)
        #expect(first != nil)
        #expect(NodeLock.isHeld(path: path))
        #expect(try NodeLock(path: path) == nil)
        first = nil
        #expect(!NodeLock.isHeld(path: path))
        #expect(try NodeLock(path: path) != nil)
    }

    /// `isHeld` (as `liandong status` calls it) takes the lock for an instant; a node starting
    /// in that instant must still start. Here the "probe" holds it for 20 ms.
    @Test func aStartingNodeOutlastsAStatusProbe() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("node.db.lock")
        let probe = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        try #require(probe >= 0 && flock(probe, LOCK_EX | LOCK_NB) == 0)
        // A thread of its own: the dispatch pool may be busy with other tests' blocking work.
        Thread {
            usleep(20_000)
            flock(probe, LOCK_UN)
            close(probe)
        }.start()
        #expect(try NodeLock(path: path) != nil)
    }
}
