import ArgumentParser
import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync
import LiandongWire
import Logging
import Metrics

@main
struct Liandong: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liandong",
        abstract: "联动 Liandong: offline-first CRDT sync for four-tier government service halls.",
        discussion: ExitStatus.help,
        version: liandongVersion,
        subcommands: [Init.self, Keys.self, Run.self, Audit.self, Status.self, Check.self, Sync.self, BundleCommand.self, Backup.self, Restore.self, SQL.self, Stats.self, Mirror.self, Export.self, Supervise.self, Console.self, CaseCommand.self, CalendarCommand.self, ConfigCommand.self, Schema.self, Upgrade.self, Reparent.self, Demo.self, Generate.self, Bench.self]
    )

    /// Runs the command; a `CommandFailure` exits with its documented status (`ExitStatus`).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("Error: \(failure.description)\n".utf8))
            Foundation.exit(failure.status.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}

/// This build's version: the protocol it speaks and the schemas it ships.
let liandongVersion = "liandong 1.6.0 (protocol \(liandongProtocolVersion); schemas \(ShippedSchemas.all.map { "\($0.name) v\($0.version)" }.joined(separator: ", ")))"

/// What the exit status of a failed command means (docs/operations.md, "Exit status").
enum ExitStatus: Int32, Sendable {
    /// Any other failure; the message says what.
    case failure = 1
    /// A rule refused the operation (a case step, a write outside the node's authority): nothing changed.
    case refused = 2
    /// The node's configuration or files are wrong or missing (keys, endpoints, tier, schema version).
    case configuration = 3
    /// Another process holds the node or the replica (a running node, a second command): try again or stop it.
    case busy = 4
    /// Storage failed: the disk is full, the file is damaged, SQLite reported an error.
    case storage = 5
    /// The file is not a Liandong replica, or does not exist.
    case notAReplica = 6
    /// The peer refused this node, or could not be reached in time.
    case peer = 7
    /// Bad command-line usage (ArgumentParser's own status).
    case usage = 64

    static let help = """
        Exit status: 0 done; 1 failed; 2 refused by a rule (nothing changed); 3 configuration; \
        4 busy (another process holds the node); 5 storage (disk full, damaged file); \
        6 not a replica; 7 the peer refused or could not be reached; 64 usage.
        """

    /// The status for a store failure.
    init(_ code: StoreError.Code) {
        switch code {
        case .notAReplica, .notInitialised: self = .notAReplica
        case .corrupt, .diskFull, .sqlite: self = .storage
        case .locked: self = .busy
        case .invalidChange, .clockDrift, .deltaBase, .refused: self = .refused
        case .configuration, .newerSchema, .alreadyInitialised: self = .configuration
        }
    }
}

/// Options every command that works on one replica shares.
struct ReplicaOptions: ParsableArguments {
    @Option(name: .long, help: "The node's replica file.")
    var db: String

    @Option(name: .customLong("log-level"), help: "Log level: trace, debug, info, notice, warning, error, critical (default: info; for run, sync and status the configuration file's log.level).")
    var logLevelOption: Logger.Level?

    /// The level given, else info.
    var logLevel: Logger.Level { logLevelOption ?? .info }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Bootstraps swift-log once, to standard error, and returns the command's logger.
func makeLogger(_ level: Logger.Level, label: String = "liandong") -> Logger {
    LoggingBootstrap.once(level)
    var logger = Logger(label: label)
    logger.logLevel = level
    return logger
}

enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false
    static func once(_ level: Logger.Level) {
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// Bootstraps swift-metrics once per process (`liandong run --http`); libraries never do.
enum MetricsBootstrap {
    nonisolated(unsafe) private static var done = false
    static func once(_ factory: any MetricsFactory) {
        guard !done else { return }
        done = true
        MetricsSystem.bootstrap(factory)
    }
}

/// Writes a line to standard output (the CLI's own output; libraries log instead).
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Turns a library error into a clear message and a non-zero exit.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    var status: ExitStatus
    init(_ description: String, status: ExitStatus = .failure) {
        self.description = description.hasPrefix("error: ") ? String(description.dropFirst(7)) : description
        self.status = status
    }
}

func failing<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as StoreError {
        throw CommandFailure("error: \(error)", status: ExitStatus(error.code))
    } catch let error as NodeError {
        throw CommandFailure("error: \(error)", status: .peer)
    }
}
