import ArgumentParser
import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore

/// `liandong export`: this node's cases, events, results and evaluations as the national
/// exchange tables (`ExchangeExport`, docs/export.md), the rows changed since the last export.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export cases (办件 up_pro_accept), events (办件过程 up_pro_process), results (办结结果 up_pro_result) and evaluations (好差评 up_evaluation) as the national exchange tables: the rows changed since the last export, one batch directory per run.")

    /// `--format`, parsed by hand so that a wrong value names the rule.
    @Option(help: "File format: csv (RFC 4180, UTF-8) or json.")
    var format: String = "csv"

    @Option(help: "The directory that receives one batch directory per export (created if missing).")
    var out: String

    @Flag(help: "Export every row again, not only those changed since the last export.")
    var full = false

    @OptionGroup var replica: ReplicaOptions

    func run() throws {
        guard let format = ExchangeExport.Format(rawValue: format.lowercased()) else {
            throw CommandFailure("error: unknown format '\(format)' [rule: export format 导出格式: csv or json]")
        }
        let logger = makeLogger(replica.logLevel)
        let opened = try failing { try Replica.openShipped(at: replica.db, logger: logger) }
        let summary: ExchangeExport.Summary
        do {
            summary = try ExchangeExport.run(opened, format: format, to: out, full: full, logger: logger)
        } catch {
            throw CommandFailure("error: \(error)")
        }
        let scope = full ? "all rows 全量" : "rows changed since the last export 增量 (stamps \(summary.after) … \(summary.upTo))"
        say("导出 export of node \(opened.node) (\(opened.node.tier.name) \(opened.node.tier.chineseName)), \(scope)")
        guard let directory = summary.directory, let batch = summary.batch else {
            say("nothing changed since the last export 无变更: no files written")
            return
        }
        say("批次 batch \(batch) → \(directory)")
        for table in summary.rows {
            say("\(table.chineseName) \(table.table): \(table.rows) rows")
        }
        say("合计 total: \(summary.total) rows")
        if summary.personalDataRaw {
            say("note: this node is below the city; personal columns (个人信息) are exported as held here, not masked")
        }
    }
}
