import ArgumentParser
import Foundation
import LiandongCore
import LiandongStore
import LiandongSync

/// `liandong reparent`: records a re-parenting (区划调整) at the node that decides it (the
/// district for a village moved between its towns, the city for a move across districts).
/// Its children learn it from its welcome at their next connection (Protocols/SPEC.md §20;
/// deploy/README.md, "Re-parenting").
struct Reparent: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a re-parenting 区划调整: node --node now hangs under --parent (decided here; the node must be stopped).",
        discussion: """
            Run at the deciding node: the district for a village moved between its towns, the city for a
            town moved to another district or a village moved across districts. The moved node keeps its
            region code. The node's children learn the move when they next connect; nodes no longer on the
            moved node's path purge its rows and record it (liandong status). See deploy/README.md.
            """)

    @OptionGroup var replica: ReplicaOptions
    @Option(help: "The region code of the node that moves (it keeps its code).") var node: String
    @Option(help: "The region code of its new parent (at the tier of its old parent).") var parent: String

    func run() throws {
        let logger = makeLogger(replica.logLevel)
        let moved = try failing { try NodeID(validating: node) }
        let newParent = try failing { try NodeID(validating: parent) }
        let lock: NodeLock? = try failing { try NodeLock(path: NodeConfiguration.lockPath(forReplica: replica.db)) }
        guard let lock else {
            throw CommandFailure("error: a liandong process is running on \(replica.db); stop the node, record the move, start it again (its children learn the move when they reconnect)")
        }
        let opened = try failing { try Replica.openShipped(at: replica.db, logger: logger) }
        let move = RegionMove(node: moved, parent: newParent, decidedMillis: wallClockMillis(), decidedBy: opened.node)
        do {
            try opened.tree.check(move)
        } catch {
            throw CommandFailure("error: \(error); nothing was recorded (未记录)")
        }
        let outcome = try failing { try opened.recordMove(move, nowMillis: wallClockMillis()) }
        say("recorded 已记录 re-parenting 区划调整 \(move)")
        for purge in outcome.purges { say("purged 已清理 \(purge)") }
        say("children of \(opened.node) learn the move when they next connect; point \(moved)'s parent endpoint at \(newParent) (`liandong run --parent`), and enrol \(moved)'s key there (deploy/README.md)")
        withExtendedLifetime(lock) {}
    }
}
