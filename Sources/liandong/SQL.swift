import ArgumentParser
import Foundation
import LiandongCore
import LiandongStore

struct SQL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run one SQL statement on the replica. Writes are captured and synced like any local write.",
        discussion: """
            --format table (default) aligns columns for a terminal; csv is RFC 4180; json is an array \
            of objects (integers and reals as numbers, blobs as hex strings); tsv is tab-separated \
            with backslash, tab, line feed and carriage return escaped as \\\\, \\t, \\n, \\r. \
            NULL prints as NULL (table, tsv), an empty field (csv) or null (json).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, tsv
    }

    @OptionGroup var replica: ReplicaOptions

    @Option(help: "Output: table, csv, json or tsv.")
    var format: Format = .table

    @Argument(help: "The statement, e.g. \"SELECT * FROM record LIMIT 5\".")
    var statement: String

    func run() throws {
        let logger = makeLogger(replica.logLevel)
        let result = try failing {
            try Replica.openShipped(at: replica.db, logger: logger).query(statement)
        }
        if !result.columns.isEmpty {
            say(Self.render(result.columns, result.rows, as: format))
        }
        if result.changes > 0 { say("\(result.changes) row(s) changed") }
    }

    /// The rows in `format`.
    static func render(_ columns: [String], _ rows: [[ColumnValue]], as format: Format) -> String {
        switch format {
        case .table:
            return TextTable.render(columns, rows.map { $0.map { escaped(text($0, null: "NULL")) } })
        case .tsv:
            return ([columns.map(escaped)] + rows.map { $0.map { escaped(text($0, null: "NULL")) } }).map { $0.joined(separator: "\t") }.joined(separator: "\n")
        case .csv:
            return TextTable.csv(columns, rows.map { $0.map { text($0, null: "") } })
        case .json:
            let objects = rows.map { row in
                "{" + zip(columns, row).map { "\(ReplicaSchema.json($0)):\(json($1))" }.joined(separator: ",") + "}"
            }
            return "[" + objects.joined(separator: ",\n ") + "]"
        }
    }

    static func text(_ value: ColumnValue, null: String) -> String {
        switch value {
        case .null: null
        case .text(let text): text
        case .blob(let bytes): bytes.map { String(format: "%02x", $0) }.joined()
        default: value.description
        }
    }

    /// Backslash, tab, line feed and carriage return as two-character escapes, so that a value
    /// never breaks a line or a column.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func json(_ value: ColumnValue) -> String {
        switch value {
        case .null: "null"
        case .integer(let number): String(number)
        case .real(let number): number.isFinite ? "\(number)" : ReplicaSchema.json("\(number)")
        case .text(let text): ReplicaSchema.json(text)
        case .blob: ReplicaSchema.json(text(value, null: ""))
        }
    }
}
