import ArgumentParser
import Foundation
import LiandongStore
import LiandongSync

/// `liandong audit`: the node's tamper-evident log of what it accepted, refused and relayed
/// (审计日志, docs/audit.md).
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The audit log (审计日志): show its newest entries, or verify that none was edited or deleted.",
        subcommands: [Verify.self, Show.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the whole chain; exits 1 at the first edited, replaced or deleted entry.")
        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var security: SecurityOptions

        func run() throws {
            let opened = try failing { try Replica.openShipped(at: replica.db, logger: makeLogger(replica.logLevel)) }
            let keyPath = try security.keyPath(replica.db)
            let key = (try? NodeKeyFile.load(from: keyPath, node: opened.node)).map { AuditKey(secret: $0.pair.secretKey.bytes) }
            let verification = try failing { try opened.verifyAudit(key: key) }
            if let problem = verification.problem {
                throw CommandFailure("error: audit log 审计日志 of node \(opened.node) is NOT intact at entry \(problem.id): \(problem.reason) (\(verification.entries) entries read)")
            }
            say("audit log 审计日志 of node \(opened.node) intact 完整: \(verification.entries) entries, chain and seals verified\(key == nil ? " (no node key file: only unsealed entries can be checked)" : "")")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the newest entries.")
        @OptionGroup var replica: ReplicaOptions
        @Option(help: "How many entries.") var last: Int = 20

        func run() throws {
            let opened = try failing { try Replica.openShipped(at: replica.db, logger: makeLogger(replica.logLevel)) }
            for entry in try failing({ try opened.auditEntries(limit: last) }).reversed() {
                let at = Date(timeIntervalSince1970: Double(entry.atMillis) / 1000).ISO8601Format()
                say("\(entry.id)  \(at)  \(entry.event)  \(entry.peer.map { "\($0)" } ?? "-")  \(entry.detail)")
            }
        }
    }
}
