import ArgumentParser
import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import Logging

/// The configuration file's place, for the commands that read it (docs/configuration.md).
struct ConfigFileOptions: ParsableArguments {
    @Option(help: "The node's configuration file (default: <db>.conf.json beside the replica).")
    var config: String?

    func path(_ db: String) -> String { config ?? NodeConfigurationFile.defaultPath(forReplica: db) }
}

/// Reads a node's settings (command line, environment, file); a bad file or value exits with
/// the configuration status, naming the key and where it came from.
func loadSettings(db: String, config: ConfigFileOptions, overrides: [NodeConfigurationOverride]) throws -> NodeSettings {
    do {
        return try NodeSettings.load(file: config.path(db), overrides: overrides)
    } catch {
        throw CommandFailure("error: \(error)", status: .configuration)
    }
}

/// `settings` with the gaps filled from the settings `liandong init` stored in `replica` (a
/// replica set up before configuration files); a bad stored value exits with the configuration status.
func fillingGaps(_ settings: NodeSettings, from replica: Replica) throws -> NodeSettings {
    do { return try settings.fillingGaps(from: replica) } catch { throw CommandFailure("error: \(error)", status: .configuration) }
}

/// The runtime configuration from `settings`; a value the node cannot run with exits with the
/// configuration status.
func nodeConfiguration(_ settings: NodeSettings, db: String, security: LinkSecurity) throws -> NodeConfiguration {
    do { return try settings.configuration(databasePath: db, security: security) } catch {
        throw CommandFailure("error: \(error)", status: .configuration)
    }
}

/// Says once, at start, that a node runs on the settings its replica stored because it has no
/// configuration file, and how to write one.
func noteMissingFile(_ settings: NodeSettings, db: String, logger: Logger) {
    guard !settings.fileExists else { return }
    logger.notice(
        "no configuration file: running on the endpoints and schedule stored in the replica; `liandong config write` writes them to a file (docs/configuration.md)",
        metadata: ["config.path": "\(settings.filePath)", "config.command": "liandong config write --db \(db)"])
}

extension ReplicaOptions {
    /// `--log-level` as a one-run override of `log.level`.
    var logLevelOverride: [NodeConfigurationOverride] {
        logLevelOption.map { [NodeConfigurationOverride(.logLevel, .string($0.rawValue), option: "--log-level")] } ?? []
    }
}

extension SecurityOptions {
    /// `--key-file` and `--enrolled-file` as one-run overrides of the secrets' paths.
    var overrides: [NodeConfigurationOverride] {
        var overrides: [NodeConfigurationOverride] = []
        if let keyFile { overrides.append(.init(.nodeKeyFile, .string(keyFile), option: "--key-file")) }
        if let enrolledFile { overrides.append(.init(.enrolledFile, .string(enrolledFile), option: "--enrolled-file")) }
        return overrides
    }

    /// The links' security for node `node` with the key and enrolment files `settings` name.
    func linkSecurity(_ settings: NodeSettings, db: String, node: NodeID) throws -> LinkSecurity {
        if insecure { return .insecure }
        let key = try failing { try NodeKeyFile.load(from: settings.nodeKeyPath(replica: db), node: node) }
        return .curve(key, enrolledPath: settings.enrolledPath(replica: db))
    }
}

/// `liandong config`: the node's configuration file.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "The node's configuration file (配置文件): show the effective settings, or write them to the file.",
        subcommands: [Show.self, Write.self])

    /// `--set section.key=value` options, checked against the keys.
    static func assignments(_ texts: [String]) throws -> [NodeConfigurationOverride] {
        try texts.map { text in
            guard let equals = text.firstIndex(of: "="), let key = NodeConfigurationKey(path: String(text[..<equals])) else {
                throw CommandFailure(
                    "error: --set '\(text)' must be section.key=value with a key of docs/configuration.md, e.g. schedule.when=manual", status: .usage)
            }
            let raw = String(text[text.index(after: equals)...])
            switch key.kind {
            case .string: return NodeConfigurationOverride(key, .string(raw), option: "--set \(key.path)")
            case .integer:
                guard let number = Int(raw) else { throw CommandFailure("error: --set \(key.path) must be an integer, not '\(raw)'", status: .configuration) }
                return NodeConfigurationOverride(key, .integer(number), option: "--set \(key.path)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every setting the node would run with and where it comes from (command line, environment, file, replica, built-in).")

        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var config: ConfigFileOptions

        @Option(name: .customLong("set"), help: "A value to try, as `run` would take it for one run: section.key=value (repeatable).")
        var assignments: [String] = []

        func run() throws {
            let overrides = try ConfigCommand.assignments(assignments)
            var settings = try loadSettings(db: replica.db, config: config, overrides: overrides)
            var tier: Tier?
            if FileManager.default.fileExists(atPath: replica.db) {
                let opened = try failing { try Replica.openShipped(at: replica.db, logger: makeLogger(.warning)) }
                settings = try fillingGaps(settings, from: opened)
                tier = opened.node.tier
            }
            say("configuration file 配置文件 \(settings.filePath)\(settings.fileExists ? "" : " (none: values come from the replica and the built-in defaults)")")
            let rows = NodeConfigurationKey.all.map { key -> [String] in
                let value = settings.string(key).map(NodeConfigurationValue.string) ?? settings[key] ?? NodeSettings.builtInValue(key, databasePath: replica.db)
                if key == .privacyKeyFile, settings[key] == nil, let tier, tier != .district {
                    return [key.path, "-", "not used by a \(tier) (\(tier.chineseName)) node"]
                }
                return [key.path, value?.description ?? "-", settings.source(of: key).description]
            }
            say(TextTable.render(["key 键", "value 值", "from 来源"], rows))
        }
    }

    struct Write: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the effective settings (file, replica, environment, --set) to the configuration file; built-in defaults stay out of it.")

        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var config: ConfigFileOptions

        @Option(name: .customLong("set"), help: "A value to keep in the file: section.key=value (repeatable), e.g. --set node.parent=tcp://10.0.0.5:7400.")
        var assignments: [String] = []

        func run() throws {
            let overrides = try ConfigCommand.assignments(assignments)
            let opened = try failing { try Replica.openShipped(at: replica.db, logger: makeLogger(.warning)) }
            let settings = try fillingGaps(try loadSettings(db: replica.db, config: config, overrides: overrides), from: opened)
            let path = config.path(replica.db)
            do { try NodeConfigurationFile.write(settings.values, to: path) } catch {
                throw CommandFailure("error: \(error)", status: .configuration)
            }
            say("wrote \(settings.values.count) setting(s) of node \(opened.node) to \(path)")
        }
    }
}
