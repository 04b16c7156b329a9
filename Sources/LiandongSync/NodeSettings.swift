import Configuration
import Foundation
import LiandongCore
import LiandongStore
import Logging
import Synchronization

/// A value given as a command-line option, which beats every other source for this run only.
public struct NodeConfigurationOverride: Sendable, Hashable {
    /// The key it sets.
    public var key: NodeConfigurationKey
    /// Its value.
    public var value: NodeConfigurationValue
    /// The option as the operator typed it, e.g. `--listen`, for messages and `config show`.
    public var option: String

    /// `option` set `key` to `value`.
    public init(_ key: NodeConfigurationKey, _ value: NodeConfigurationValue, option: String) {
        self.key = key
        self.value = value
        self.option = option
    }
}

/// A node's settings as read, each with where it came from: command-line options, then
/// `LIANDONG_*` environment variables, then the configuration file, then (for a replica set up
/// by an earlier build, without a file) the settings `liandong init` stored in the replica, then
/// the built-in defaults (docs/configuration.md, "Precedence"). Every value has been checked.
public struct NodeSettings: Sendable {
    /// A value and its source.
    public struct Entry: Sendable, Hashable {
        /// The value, as written.
        public var value: NodeConfigurationValue
        /// Where it was found.
        public var source: NodeConfigurationSource
    }

    /// The values that were set somewhere; a key absent here takes its built-in default.
    public private(set) var entries: [NodeConfigurationKey: Entry]
    /// The configuration file that was (or would have been) read.
    public let filePath: String
    /// Whether that file exists.
    public let fileExists: Bool

    /// The value of `key`, if anything set it.
    public subscript(key: NodeConfigurationKey) -> NodeConfigurationValue? { entries[key]?.value }

    /// Where `key`'s value came from.
    public func source(of key: NodeConfigurationKey) -> NodeConfigurationSource { entries[key]?.source ?? .builtIn }

    /// The values alone (what `liandong config write` puts in a file).
    public var values: [NodeConfigurationKey: NodeConfigurationValue] { entries.mapValues(\.value) }

    /// Reads the settings through swift-configuration: a `ConfigReader` over the command-line
    /// `overrides`, the `environment` (`EnvironmentVariablesProvider`, keys prefixed with
    /// `liandong`) and the JSON file at `filePath` if it exists (its `JSONSnapshot`),
    /// in that order of precedence. The file is first checked strictly
    /// (`NodeConfigurationFile.validate`); every value found is checked too. Environment
    /// variables that name no key are ignored: tools share the `LIANDONG_` prefix.
    public static func load(
        file filePath: String, environment: [String: String] = ProcessInfo.processInfo.environment, overrides: [NodeConfigurationOverride] = []
    ) throws(NodeConfigurationError) -> NodeSettings {
        let fileExists = FileManager.default.fileExists(atPath: filePath)
        var commandLine: [AbsoluteConfigKey: ConfigValue] = [:]
        var options: [NodeConfigurationKey: String] = [:]
        for override in overrides {
            commandLine[AbsoluteConfigKey([override.key.section, override.key.name])] = ConfigValue(override.value.content, isSecret: false)
            options[override.key] = override.option
        }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "command line", values: commandLine),
            EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "liandong"),
        ]
        if fileExists {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: filePath)) } catch {
                throw NodeConfigurationError(key: "", source: .file(filePath), "cannot read the file: \(error.localizedDescription)")
            }
            try NodeConfigurationFile.validate(data, path: filePath)
            do {
                providers.append(try JSONFileProvider(data: data, path: filePath))
            } catch {
                throw NodeConfigurationError(key: "", source: .file(filePath), "cannot read the file: \(error)")
            }
        }
        func source(_ key: NodeConfigurationKey, provider index: Int) -> NodeConfigurationSource {
            switch index {
            case 0: .commandLine(options[key] ?? key.path)
            case 1: .environment(key.environmentVariable)
            default: .file(filePath)
            }
        }
        let accesses = AccessRecorder()
        let reader = ConfigReader(providers: providers, accessReporter: accesses)
        var entries: [NodeConfigurationKey: Entry] = [:]
        for key in NodeConfigurationKey.all {
            let configKey = ConfigKey([key.section, key.name])
            switch key.kind {
            case .string: _ = reader.string(forKey: configKey)
            case .integer: _ = reader.int(forKey: configKey)
            }
            guard let event = accesses.last else { continue }
            if let index = event.providerResults.firstIndex(where: { if case .failure = $0.result { true } else { false } }) {
                let reason = if case .failure(let error) = event.providerResults[index].result { "\(error)" } else { "" }
                let expected = key.kind == .integer ? "an integer" : "a string"
                throw NodeConfigurationError(key: key.path, source: source(key, provider: index), "must be \(expected): \(reason)")
            }
            guard case .success(let found?) = event.result, !event.providerResults.isEmpty else { continue }
            let from = source(key, provider: event.providerResults.count - 1)
            let value: NodeConfigurationValue
            switch found.content {
            case .string(let text): value = .string(text)
            case .int(let number): value = .integer(number)
            default: throw NodeConfigurationError(key: key.path, source: from, "must be \(key.kind == .integer ? "an integer" : "a string")")
            }
            try check(key, value, from: from)
            entries[key] = Entry(value: value, source: from)
        }
        let settings = NodeSettings(entries: entries, filePath: filePath, fileExists: fileExists)
        _ = try settings.configuration(databasePath: "", security: .insecure)
        return settings
    }

    /// These settings with the gaps filled from what `liandong init` stored in `replica`
    /// (endpoints, schedule, privacy key file): the way a replica set up before configuration
    /// files keeps running unchanged. A value from any other source wins.
    public func fillingGaps(from replica: Replica) throws(NodeConfigurationError) -> NodeSettings {
        var filled = self
        let stored: [(NodeConfigurationKey, String)] = [
            (.listen, NodeConfiguration.listenSetting), (.parent, NodeConfiguration.parentSetting),
            (.schedule, NodeConfiguration.scheduleSetting), (.privacyKeyFile, Replica.privacyKeyFileSetting),
        ]
        for (key, setting) in stored where filled.entries[key] == nil {
            let text: String?
            do { text = try replica.setting(setting) } catch { throw NodeConfigurationError(key: key.path, source: .replica(replica.path), "\(error)") }
            guard let text else { continue }
            try Self.check(key, .string(text), from: .replica(replica.path))
            filled.entries[key] = Entry(value: .string(text), source: .replica(replica.path))
        }
        return filled
    }

    /// The string value of `key`; a relative path read from the file is taken from the file's
    /// directory, so that a file beside the replica can name its neighbours.
    public func string(_ key: NodeConfigurationKey) -> String? {
        guard let entry = entries[key], case .string(let text) = entry.value else { return nil }
        if NodeConfigurationKey.paths.contains(key), case .file(let path) = entry.source, !text.hasPrefix("/") {
            return URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: path).deletingLastPathComponent()).standardizedFileURL.path
        }
        return text
    }

    /// The log level set, if any.
    public var logLevel: Logger.Level? { string(.logLevel).flatMap(Logger.Level.init(rawValue:)) }

    /// The node key file: as set, else `<replica>.node-key`.
    public func nodeKeyPath(replica: String) -> String { string(.nodeKeyFile) ?? NodeKeyFile.defaultPath(forReplica: replica) }
    /// The enrolment file: as set, else `<replica>.enrolled`.
    public func enrolledPath(replica: String) -> String { string(.enrolledFile) ?? EnrolledKeys.defaultPath(forReplica: replica) }

    /// The value `key` takes when nothing sets it, for the replica at `databasePath`; nil when it
    /// stays unset (no listen or parent endpoint, the privacy key path the replica decides).
    public static func builtInValue(_ key: NodeConfigurationKey, databasePath: String) -> NodeConfigurationValue? {
        switch key {
        case .nodeKeyFile: .string(NodeKeyFile.defaultPath(forReplica: databasePath))
        case .enrolledFile: .string(EnrolledKeys.defaultPath(forReplica: databasePath))
        case .privacyKeyFile: .string(PrivacyKeyFile.defaultPath(forReplicaAt: databasePath))
        case .logLevel: .string(Logger.Level.info.rawValue)
        default: NodeConfiguration(databasePath: databasePath, security: .insecure).value(of: key)
        }
    }

    /// The node's runtime configuration: the built-in defaults with every value set here applied.
    public func configuration(databasePath: String, security: LinkSecurity) throws(NodeConfigurationError) -> NodeConfiguration {
        var configuration = NodeConfiguration(databasePath: databasePath, security: security)
        for (key, entry) in entries {
            do { try configuration.apply(entry.value, to: key) } catch {
                throw NodeConfigurationError(key: key.path, source: entry.source, error.message)
            }
        }
        if configuration.reconnectInitialMillis > configuration.reconnectMaxMillis {
            let key: NodeConfigurationKey = entries[.reconnectInitialMillis] != nil ? .reconnectInitialMillis : .reconnectMaxMillis
            throw NodeConfigurationError(
                key: key.path, source: source(of: key),
                "the first reconnect delay (\(configuration.reconnectInitialMillis) ms) must not exceed the largest (\(configuration.reconnectMaxMillis) ms)")
        }
        return configuration
    }

    /// Refuses a value the node could not run with, naming the key and where it came from.
    static func check(_ key: NodeConfigurationKey, _ value: NodeConfigurationValue, from source: NodeConfigurationSource) throws(NodeConfigurationError) {
        var probe = NodeConfiguration(databasePath: "", security: .insecure)
        do { try probe.apply(value, to: key) } catch { throw NodeConfigurationError(key: key.path, source: source, error.message) }
    }
}

extension NodeConfigurationValue {
    var content: ConfigContent {
        switch self {
        case .string(let text): .string(text)
        case .integer(let number): .int(number)
        }
    }
}

/// A JSON file as swift-configuration parses it (`JSONSnapshot`), read when created. Its own
/// `FileProvider` reads only asynchronously; the commands that need the secrets' paths (`keys`,
/// `audit`, `bundle`) are synchronous, and a node's file never changes while a command runs.
private struct JSONFileProvider: ConfigProvider {
    let json: JSONSnapshot

    init(data: Data, path: String) throws {
        let bytes = [UInt8](data)
        json = try JSONSnapshot(data: bytes.span.bytes, providerName: "file \(path)", parsingOptions: .default)
    }

    var providerName: String { json.providerName }

    func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult { try json.value(forKey: key, type: type) }

    nonisolated(nonsending) func fetchValue(forKey key: AbsoluteConfigKey, type: ConfigType) async throws -> LookupResult { try json.value(forKey: key, type: type) }

    nonisolated(nonsending) func watchValue<Return: ~Copyable>(
        forKey key: AbsoluteConfigKey, type: ConfigType,
        updatesHandler: nonisolated(nonsending) (_ updates: ConfigUpdatesAsyncSequence<Result<LookupResult, any Error>, Never>) async throws -> Return
    ) async throws -> Return {
        try await watchValueFromValue(forKey: key, type: type, updatesHandler: updatesHandler)
    }

    func snapshot() -> any ConfigSnapshot { json }

    nonisolated(nonsending) func watchSnapshot<Return: ~Copyable>(
        updatesHandler: nonisolated(nonsending) (_ updates: ConfigUpdatesAsyncSequence<any ConfigSnapshot, Never>) async throws -> Return
    ) async throws -> Return {
        try await watchSnapshotFromSnapshot(updatesHandler: updatesHandler)
    }
}

/// Keeps the last access swift-configuration reports: which providers answered, and how.
private final class AccessRecorder: AccessReporter, Sendable {
    private let event = Mutex<AccessEvent?>(nil)
    func report(_ event: AccessEvent) { self.event.withLock { $0 = event } }
    var last: AccessEvent? { event.withLock { $0 } }
}

extension NodeConfiguration {
    /// A value this configuration cannot take.
    public struct InvalidValue: Error, Sendable {
        /// What is wrong with the value and what is expected.
        public var message: String
    }

    /// The value of `key` in this configuration; nil for a key it does not hold (the secrets'
    /// paths, the log level) or an endpoint it lacks.
    public func value(of key: NodeConfigurationKey) -> NodeConfigurationValue? {
        switch key {
        case .listen: listenEndpoint.map { .string($0) }
        case .parent: parentEndpoint.map { .string($0) }
        case .schedule: .string(schedule.description)
        case .utcOffsetMinutes: .integer(utcOffsetMinutes)
        case .chunkRows: .integer(session.chunkRows)
        case .window: .integer(session.window)
        case .heartbeatMillis: .integer(Int(session.heartbeatIntervalMillis))
        case .peerTimeoutMillis: .integer(Int(session.peerTimeoutMillis))
        case .ackTimeoutMillis: .integer(Int(session.ackTimeoutMillis))
        case .rejectedChunkBackoffMillis: .integer(Int(session.rejectedChunkBackoffMillis))
        case .digestIntervalMillis: .integer(Int(session.digestIntervalMillis))
        case .pollMillis: .integer(pollMillis)
        case .maxAheadMillis: .integer(Int(drift.maxAheadMillis))
        case .maxStampAheadMillis: .integer(Int(drift.maxStampAheadMillis))
        case .reconnectInitialMillis: .integer(Int(reconnectInitialMillis))
        case .reconnectMaxMillis: .integer(Int(reconnectMaxMillis))
        default: nil
        }
    }

    /// Sets `key` to `value`, or says why the node cannot run with it. Keys this configuration
    /// does not hold (secrets' paths, the log level) are only checked.
    public mutating func apply(_ value: NodeConfigurationValue, to key: NodeConfigurationKey) throws(InvalidValue) {
        switch key.kind {
        case .string:
            guard let text = value.string else { throw InvalidValue(message: "must be a string") }
            switch key {
            case .listen, .parent:
                guard text.hasPrefix("tcp://") || text.hasPrefix("ipc://") else {
                    throw InvalidValue(message: "endpoint '\(text)' must look like tcp://HOST:PORT (or ipc://PATH)")
                }
                if key == .listen { listenEndpoint = text } else { parentEndpoint = text }
            case .schedule:
                do { schedule = try SyncSchedule(parsing: text) } catch { throw InvalidValue(message: error.description) }
            case .logLevel:
                guard Logger.Level(rawValue: text) != nil else {
                    throw InvalidValue(message: "unknown log level '\(text)'; use trace, debug, info, notice, warning, error or critical")
                }
            default:
                guard !text.isEmpty else { throw InvalidValue(message: "must name a file (omit the key for the default)") }
            }
        case .integer:
            guard let number = value.integer else { throw InvalidValue(message: "must be an integer") }
            if key == .utcOffsetMinutes {
                guard (-12 * 60...14 * 60).contains(number) else { throw InvalidValue(message: "\(number) is not an offset from UTC in minutes (-720 to 840; China: 480)") }
                utcOffsetMinutes = number
                return
            }
            guard number > 0 else { throw InvalidValue(message: "must be a positive integer, not \(number)") }
            let millis = Int64(number)
            switch key {
            case .chunkRows: session.chunkRows = number
            case .window: session.window = number
            case .heartbeatMillis: session.heartbeatIntervalMillis = millis
            case .peerTimeoutMillis: session.peerTimeoutMillis = millis
            case .ackTimeoutMillis: session.ackTimeoutMillis = millis
            case .rejectedChunkBackoffMillis: session.rejectedChunkBackoffMillis = millis
            case .digestIntervalMillis: session.digestIntervalMillis = millis
            case .pollMillis: pollMillis = number
            case .maxAheadMillis: drift.maxAheadMillis = millis
            case .maxStampAheadMillis: drift.maxStampAheadMillis = millis
            case .reconnectInitialMillis: reconnectInitialMillis = millis
            case .reconnectMaxMillis: reconnectMaxMillis = millis
            default: break
            }
        }
    }
}
