import ArgumentParser
import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync

/// `liandong backup`: a consistent copy of the replica, taken while the node runs (备份;
/// deploy/README.md, "Backup and restore").
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Back up the replica (备份), also while the node runs: one fsynced file, without the node's keys.")

    @OptionGroup var replica: ReplicaOptions

    @Option(help: "The backup file to write (e.g. /backup/liandong/node-2026-12-02.db).")
    var out: String

    @Flag(help: "Replace the backup file if it exists.")
    var force = false

    func run() throws {
        let logger = makeLogger(replica.logLevel)
        let report = try failing { try ReplicaBackup.take(of: replica.db, to: out, replacing: force, logger: logger) }
        let identity = report.identity
        say("backup 备份 written to \(report.path): node 节点 \(identity.node), schema \(identity.schemaName) v\(identity.schemaVersion)")
        say(
            "    size 大小 \(Self.size(report.bytes)), rows 行数 \(identity.rows) in \(identity.tables) table(s), took 用时 \(String(format: "%.2f", report.seconds)) s, integrity 完整性 ok")
        if !report.leftOut.isEmpty {
            say("    left out of the backup (secret 机密): setting(s) \(report.leftOut.joined(separator: ", "))")
        }
        say("    the node key (节点密钥) and the privacy key (个人信息脱敏密钥) are not in it: back them up apart, securely")
    }

    static func size(_ bytes: Int64) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) : "\(bytes) bytes"
    }
}

/// `liandong restore`: puts a backup back in place of the replica of a stopped node (恢复).
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore the replica from a backup (恢复) while the node is stopped; the current file is kept as <db>.replaced-<time>.")

    @OptionGroup var replica: ReplicaOptions

    @Option(help: "The backup file written by `liandong backup`.")
    var from: String

    @Option(help: "The node's secret key file (节点密钥): tells which node this is when the replica file is missing. Default: <db>.node-key.")
    var keyFile: String?

    func run() throws {
        let logger = makeLogger(replica.logLevel)
        // Held throughout: no node starts on the replica while it is being replaced.
        let lock: NodeLock? = try failing { try NodeLock(path: NodeConfiguration.lockPath(forReplica: replica.db)) }
        guard let lock else {
            throw CommandFailure(
                "error: refused: a liandong node is running on \(replica.db); stop it first (systemctl stop liandong), then restore (恢复) — nothing was changed")
        }
        let keyNode = try? NodeKeyFile.load(from: keyFile ?? NodeKeyFile.defaultPath(forReplica: replica.db)).node
        let report: ReplicaBackup.RestoreReport
        do {
            report = try ReplicaBackup.restore(from: from, over: replica.db, expectedNode: keyNode, logger: logger)
        } catch {
            throw CommandFailure("error: \(error)" + (error.code == .refused ? " — nothing was changed 未作任何更改" : ""))
        }
        withExtendedLifetime(lock) {}
        let identity = report.identity
        say("restored 已恢复 \(replica.db) from \(from): node 节点 \(identity.node), \(identity.rows) rows 行, " + "\(Backup.size(report.bytes))"
            + (identity.takenAt.map { ", backup taken 备份时间 \($0)" } ?? ""))
        if report.movedAside.isEmpty {
            say("there was no replica file before; nothing was moved aside")
        } else {
            say("the replaced file is kept 原文件已保留 as \(report.movedAside.joined(separator: ", ")); delete it once the node is in sync again")
        }
        say("next 下一步:")
        if let shipped = ShippedSchemas.named(identity.schemaName), identity.schemaVersion < shipped.version {
            say("  0. the backup holds schema \(identity.schemaName) v\(identity.schemaVersion) and this build runs v\(shipped.version): upgrade it first 先升级: liandong upgrade --db \(replica.db)")
        }
        say("  1. start the node 启动节点: systemctl start liandong (or liandong run --db \(replica.db))")
        say("  2. let it sync 等待同步: liandong sync --db \(replica.db) until it says \"in sync\" (数据一致);")
        say("     its parent and children send back everything this older file lacks, its own rows included")
        say("  3. only then register new cases 之后再登记新办件")
        say("  the node's keys (节点密钥, 已登记节点) were not touched")
    }
}
