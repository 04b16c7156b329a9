import ArgumentParser
import Foundation
import LiandongCore
import LiandongSimulation
import LiandongStore
import LiandongSync
import Logging

@main
struct Liandong: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liandong",
        abstract: "联动 Liandong: offline-first CRDT sync for four-tier government service halls.",
        subcommands: [Init.self, Keys.self, Run.self, Audit.self, Status.self, Sync.self, BundleCommand.self, Backup.self, Restore.self, SQL.self, Stats.self, Export.self, Supervise.self, CaseCommand.self, CalendarCommand.self, Schema.self, Upgrade.self, Reparent.self, Demo.self, Generate.self, Soak.self, Bench.self]
    )
}

/// Options every command that works on one replica shares.
struct ReplicaOptions: ParsableArguments {
    @Option(name: .long, help: "The node's replica file.")
    var db: String

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info
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

/// Writes a line to standard output (the CLI's own output; libraries log instead).
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Turns a library error into a clear message and a non-zero exit.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) {
        self.description = description.hasPrefix("error: ") ? String(description.dropFirst(7)) : description
    }
}

func failing<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as StoreError {
        throw CommandFailure("error: \(error)")
    } catch let error as NodeError {
        throw CommandFailure("error: \(error)")
    } catch let error as SimulationSetupError {
        throw CommandFailure("error: \(error)")
    }
}
