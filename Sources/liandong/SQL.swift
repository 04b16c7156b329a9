import ArgumentParser
import LiandongCore
import LiandongStore

struct SQL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run one SQL statement on the replica. Writes are captured and synced like any local write.")

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The statement, e.g. \"SELECT * FROM record LIMIT 5\".")
    var statement: String

    func run() throws {
        let logger = makeLogger(replica.logLevel)
        let result = try failing {
            try Replica.openShipped(at: replica.db, logger: logger).query(statement)
        }
        if !result.columns.isEmpty {
            say(result.columns.joined(separator: "\t"))
            for row in result.rows {
                say(row.map { value in
                    switch value {
                    case .null: "NULL"
                    case .text(let text): text
                    default: value.description
                    }
                }.joined(separator: "\t"))
            }
        }
        if result.changes > 0 { say("\(result.changes) row(s) changed") }
    }
}
