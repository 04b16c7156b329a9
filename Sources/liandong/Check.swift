import ArgumentParser
import LiandongStore

/// `liandong check`: SQLite's full `integrity_check` of a replica (完整性检查). A node runs only
/// the quick check at start; this reads every page and matches every index to its table, which
/// takes minutes on a city-sized file, so it is its own command (run it on a backup, or with the
/// node stopped for the least interference).
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a replica's integrity in full (完整性检查); exit status 5 if it is damaged.")

    @OptionGroup var replica: ReplicaOptions

    @Flag(help: "Only the quick check a node runs at every start.")
    var quick = false

    func run() throws {
        let logger = makeLogger(replica.logLevel)
        let opened = try failing { try Replica.open(at: replica.db, logger: logger) }
        let result = try failing { quick ? try opened.quickCheck() : try opened.integrityCheck() }
        guard result == "ok" else {
            throw CommandFailure(
                "error: \(quick ? "quick check 快速检查" : "integrity check 完整性检查") of \(replica.db) found damage: \(result); restore the last backup (liandong restore) or let the node resync from its parent",
                status: .storage)
        }
        say("\(replica.db): \(quick ? "quick check 快速检查" : "integrity check 完整性检查") ok 正常")
    }
}
