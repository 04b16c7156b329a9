import ArgumentParser
import Foundation
import LiandongCore
import LiandongStore
import LiandongSync

/// `liandong bundle`: offline bundles (离线数据包) carried by hand between a node and its parent
/// or child when there is no network (Protocols/SPEC.md §19; deploy/README.md, "Offline bundles").
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Offline bundles (离线数据包): export (导出) what the parent or a child lacks to a file, import (导入) one from it.",
        subcommands: [Export.self, Import.self])

    /// The replica, its node key and enrolment file, ready to exchange bundles.
    static func exchange(_ replica: ReplicaOptions, _ security: SecurityOptions) throws -> OfflineBundleExchange {
        let logger = makeLogger(replica.logLevel)
        let opened = try openForSync(replica.db, logger: logger, privacyKeyFile: nil)
        guard !security.insecure else { throw CommandFailure("error: offline bundles are always signed and encrypted; --insecure does not apply") }
        let keyPath = try security.keyPath(replica.db)
        let enrolledPath = try security.enrolledPath(replica.db)
        let key = try failing { try NodeKeyFile.load(from: keyPath, node: opened.node) }
        let enrolled = try failing { try EnrolledKeys.load(from: enrolledPath) }
        let exchange = try failing { try OfflineBundleExchange(replica: opened, key: key, enrolled: enrolled, logger: logger) }
        exchange.earlierSchemas = earlierSchemas(of: opened.schema)
        return exchange
    }

    /// Runs `body`, turning a bundle's refusal or a replica's error into a clear message.
    static func refusing<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as BundleError {
            throw CommandFailure("error: \(error) — nothing was changed 未作任何更改")
        } catch let error as StoreError {
            throw CommandFailure("error: \(error)")
        }
    }

    /// Writes `bytes` to `path` whole: a temporary file, fsync, rename. Refuses to replace a file.
    static func write(_ bytes: [UInt8], to path: String, replacing: Bool) throws {
        if !replacing, FileManager.default.fileExists(atPath: path) {
            throw CommandFailure("error: \(path) exists already; choose another file or give --force")
        }
        let temporary = "\(path).partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw CommandFailure("error: cannot create \(temporary): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CommandFailure("error: cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func exported(_ report: OfflineBundleExchange.ExportReport, to path: String) {
        let header = report.bundle.header
        say("offline bundle 离线数据包 exported 已导出 to \(path): from node 发送节点 \(header.sender) for node 接收节点 \(header.recipient)")
        say(
            "    \(report.rows) rows 行 in \(report.chunks) chunk(s), \(report.seals) seal(s) 签封, changes 变更 (\(header.after), \(header.upTo)], acknowledges 确认已收 \(header.holds), \(Backup.size(Int64(report.bytes.count)))"
        )
        say("    bundle id 数据包编号 \(header.idHex); signed 已签名, encrypted to node \(header.recipient) 已加密")
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write what NODE (this node's parent or an enrolled child) lacks to a signed, encrypted file (导出).")
        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var security: SecurityOptions
        @Option(name: .customLong("for"), help: "The node the bundle is for: this node's parent or an enrolled child (region code).") var recipient: String
        @Option(help: "The bundle file to write (e.g. /media/usb/441702001201-to-town.ldbundle).") var out: String
        @Flag(help: "Replace the file if it exists.") var force = false

        func run() throws {
            guard let node = try? NodeID(validating: recipient) else { throw CommandFailure("error: '\(recipient)' is not a region code (区划代码)") }
            let exchange = try BundleCommand.exchange(replica, security)
            let report = try BundleCommand.refusing { try exchange.export(for: node, wallMillis: wallClockMillis()) }
            try BundleCommand.write(report.bytes, to: out, replacing: force)
            BundleCommand.exported(report, to: out)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check and apply a bundle from this node's parent or an enrolled child (导入); --reply writes the bundle to carry back.")
        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var security: SecurityOptions
        @Argument(help: "The bundle file.") var file: String
        @Option(help: "Then write the reply bundle (what the sender lacks, and the acknowledgement of this one) to this file.") var reply: String?
        @Flag(help: "Replace the reply file if it exists.") var force = false

        func run() throws {
            if let reply, !force, FileManager.default.fileExists(atPath: reply) {
                throw CommandFailure("error: \(reply) exists already; choose another file or give --force — nothing was changed 未作任何更改")
            }
            let exchange = try BundleCommand.exchange(replica, security)
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("error: cannot read \(file)") }
            let report = try BundleCommand.refusing { try exchange.importBundle(Array(data), wallMillis: wallClockMillis()) }
            let header = report.header
            say("offline bundle 离线数据包 imported 已导入 from \(report.role) node \(header.sender) (\(file)), bundle id 数据包编号 \(header.idHex)")
            say(
                "    \(report.rows) rows 行: \(report.changed) changed 已更新, \(report.unchanged) unchanged 无变化, \(report.rejected.count) refused 拒收; cursor on node \(header.sender) 游标 \(report.cursor)"
            )
            for rejection in report.rejected.prefix(5) { say("    refused 拒收: \(rejection)") }
            if report.heldBack > 0 { say("    \(report.heldBack) row(s) held back 暂缓: they carry a version this node takes from its parent") }
            guard let reply else { return }
            do {
                let answer = try BundleCommand.refusing { try exchange.export(for: header.sender, wallMillis: wallClockMillis()) }
                try BundleCommand.write(answer.bytes, to: reply, replacing: force)
                BundleCommand.exported(answer, to: reply)
            } catch let failure as CommandFailure {
                throw CommandFailure(
                    "\(failure.description); the bundle itself was imported — write the reply with `liandong bundle export --db \(replica.db) --for \(header.sender) --out FILE`")
            }
        }
    }
}
