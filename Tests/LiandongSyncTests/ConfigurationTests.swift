import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import Testing

/// A node's configuration file and its overrides (docs/configuration.md): written and read back,
/// the environment over the file, the command line over the environment, wrong keys and values
/// refused by name, the shipped examples valid, and a replica without a file still configured.
@Suite struct ConfigurationTests {
    /// A value for every key, none of them the default.
    static let everyKey: [NodeConfigurationKey: NodeConfigurationValue] = [
        .listen: .string("tcp://0.0.0.0:7401"), .parent: .string("tcp://10.1.2.3:7400"),
        .schedule: .string("window 02:00-04:00"), .utcOffsetMinutes: .integer(480),
        .chunkRows: .integer(128), .window: .integer(2), .heartbeatMillis: .integer(1500), .peerTimeoutMillis: .integer(9000),
        .ackTimeoutMillis: .integer(7000), .rejectedChunkBackoffMillis: .integer(6000), .digestIntervalMillis: .integer(600_000),
        .pollMillis: .integer(50), .maxAheadMillis: .integer(120_000), .maxStampAheadMillis: .integer(86_400_000),
        .reconnectInitialMillis: .integer(500), .reconnectMaxMillis: .integer(20_000), .logLevel: .string("notice"),
        .nodeKeyFile: .string("/etc/liandong/node-key"), .enrolledFile: .string("/etc/liandong/enrolled"),
        .privacyKeyFile: .string("/etc/liandong/privacy-key"),
        .mirrorPostgres: .string("postgres://liandong@10.1.2.9:5432/analytics"), .mirrorPasswordFile: .string("/etc/liandong/postgres-password"),
        .mirrorSchema: .string("city_mirror"), .mirrorBatchRows: .integer(200),
    ]

    /// Everything written to a file is read back as written, from the file, and reaches the
    /// node's runtime configuration.
    @Test func aWrittenFileReadsBackEqual() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("node.db.conf.json")
        #expect(Set(Self.everyKey.keys) == Set(NodeConfigurationKey.all), "the test covers every key")
        try NodeConfigurationFile.write(Self.everyKey, to: path)
        let settings = try NodeSettings.load(file: path, environment: [:])
        #expect(settings.fileExists)
        #expect(settings.values == Self.everyKey)
        for key in NodeConfigurationKey.all { #expect(settings.source(of: key) == .file(path), "\(key)") }
        let configuration = try settings.configuration(databasePath: dir.file("node.db"), security: .insecure)
        #expect(configuration.parentEndpoint == "tcp://10.1.2.3:7400")
        #expect(configuration.schedule == .window(startMinute: 120, endMinute: 240))
        #expect(configuration.session.peerTimeoutMillis == 9000)
        #expect(configuration.drift.maxAheadMillis == 120_000)
        #expect(configuration.reconnectMaxMillis == 20_000)
        for key in NodeConfigurationKey.all where configuration.value(of: key) != nil {
            #expect(configuration.value(of: key) == Self.everyKey[key], "\(key) applied")
        }
        #expect(settings.logLevel == .notice)
        #expect(settings.nodeKeyPath(replica: dir.file("node.db")) == "/etc/liandong/node-key")
    }

    /// An environment variable beats the file; keys it does not name keep the file's value. Every
    /// key's documented variable name is the one swift-configuration looks up.
    @Test func theEnvironmentBeatsTheFile() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("node.conf.json")
        try NodeConfigurationFile.write([.parent: .string("tcp://10.0.0.1:7400"), .chunkRows: .integer(100)], to: path)
        let settings = try NodeSettings.load(
            file: path, environment: ["LIANDONG_NODE_PARENT": "tcp://10.0.0.9:7400", "LIANDONG_CLOCK_MAX_AHEAD_MILLIS": "60000", "LIANDONG_CLOCK_OFFSET_MS": "5"])
        #expect(settings[.parent] == .string("tcp://10.0.0.9:7400"))
        #expect(settings.source(of: .parent) == .environment("LIANDONG_NODE_PARENT"))
        #expect(settings[.maxAheadMillis] == .integer(60_000))
        #expect(settings[.chunkRows] == .integer(100))
        #expect(settings.source(of: .chunkRows) == .file(path))
        #expect(settings.source(of: .window) == .builtIn)

        var environment: [String: String] = [:]
        for (key, value) in Self.everyKey { environment[key.environmentVariable] = value.description }
        let fromEnvironment = try NodeSettings.load(file: dir.file("absent.json"), environment: environment)
        #expect(!fromEnvironment.fileExists)
        #expect(fromEnvironment.values == Self.everyKey)
        #expect(NodeConfigurationKey.utcOffsetMinutes.environmentVariable == "LIANDONG_SCHEDULE_UTC_OFFSET_MINUTES")
    }

    /// A command-line option beats both the environment and the file, and says which option it was.
    @Test func theCommandLineBeatsTheEnvironment() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("node.conf.json")
        try NodeConfigurationFile.write([.listen: .string("tcp://0.0.0.0:7400"), .logLevel: .string("info")], to: path)
        let settings = try NodeSettings.load(
            file: path, environment: ["LIANDONG_NODE_LISTEN": "tcp://0.0.0.0:7401", "LIANDONG_LOG_LEVEL": "debug"],
            overrides: [NodeConfigurationOverride(.listen, .string("tcp://0.0.0.0:7402"), option: "--listen")])
        #expect(settings[.listen] == .string("tcp://0.0.0.0:7402"))
        #expect(settings.source(of: .listen) == .commandLine("--listen"))
        #expect(settings[.logLevel] == .string("debug"))
        #expect(settings.source(of: .logLevel) == .environment("LIANDONG_LOG_LEVEL"))
    }

    /// A misspelt key, a section that does not exist, a number in quotes and a bad value are
    /// refused with the key and the file named, instead of quietly running on a default.
    @Test(arguments: [
        (#"{"session": {"chunkRow": 100}}"#, "session.chunkRow", "no such key"),
        (#"{"sessions": {"chunkRows": 100}}"#, "sessions", "no such section"),
        (#"{"session": {"chunkRows": "100"}}"#, "session.chunkRows", "JSON integer"),
        (#"{"session": {"chunkRows": 1.5}}"#, "session.chunkRows", "JSON integer"),
        (#"{"node": {"parent": null}}"#, "node.parent", "JSON string"),
        (#"{"node": {"parent": "10.0.0.1:7400"}}"#, "node.parent", "tcp://"),
        (#"{"schedule": {"when": "nightly"}}"#, "schedule.when", "invalid sync schedule"),
        (#"{"reconnect": {"initialMillis": 0}}"#, "reconnect.initialMillis", "positive"),
        (#"{"reconnect": {"initialMillis": 90000}}"#, "reconnect.initialMillis", "must not exceed"),
        (#"{"log": {"level": "verbose"}}"#, "log.level", "unknown log level"),
        (#"{"version": 2}"#, "version", "version 1"),
    ])
    func aWrongFileIsRefusedByKey(text: String, key: String, reason: String) throws {
        let dir = TemporaryDirectory()
        let path = dir.file("node.conf.json")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: NodeConfigurationError.self) { try NodeSettings.load(file: path, environment: [:]) }
        #expect(error?.key == key)
        #expect(error?.source == .file(path))
        #expect(error?.description.contains(reason) == true, "\(error.map(String.init(describing:)) ?? "")")
        #expect(error?.description.contains(path) == true)
    }

    /// A bad value in the environment is refused with the variable named.
    @Test func aWrongEnvironmentValueIsRefusedByName() throws {
        let dir = TemporaryDirectory()
        let error = #expect(throws: NodeConfigurationError.self) {
            try NodeSettings.load(file: dir.file("none.json"), environment: ["LIANDONG_SESSION_WINDOW": "four"])
        }
        #expect(error?.key == "session.window")
        #expect(error?.source == .environment("LIANDONG_SESSION_WINDOW"))
    }

    /// The example configuration of each tier in deploy/config/ loads, and holds what that tier
    /// needs: the city no parent and no privacy key, a district the privacy key, a village no
    /// listen endpoint, a town a nightly window.
    @Test(arguments: ["city", "district", "town", "village"])
    func theDeployedExamplesLoad(tier: String) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/config/\(tier).json").path
        let settings = try NodeSettings.load(file: path, environment: [:])
        #expect(settings.fileExists)
        let configuration = try settings.configuration(databasePath: "/var/lib/liandong/node.db", security: .insecure)
        #expect((configuration.parentEndpoint == nil) == (tier == "city"))
        #expect((configuration.listenEndpoint == nil) == (tier == "village"))
        #expect((settings[.privacyKeyFile] != nil) == (tier == "district"))
        #expect((configuration.schedule == .continuous) == (tier != "town"))
        #expect(settings[.nodeKeyFile] != nil && settings[.enrolledFile] != nil)
        #expect(NodeConfigurationFile.render(settings.values) == (try String(contentsOfFile: path, encoding: .utf8)), "deploy/config/\(tier).json is in the written form")
    }

    /// A replica set up before configuration files (endpoints and schedule in its settings) runs
    /// on those; a file, when there is one, wins over them.
    @Test func aReplicaWithoutAFileRunsOnItsStoredSettings() throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.temporary(441_702_001_201, in: dir)
        try replica.setSetting(NodeConfiguration.parentSetting, "tcp://10.0.0.5:7400")
        try replica.setSetting(NodeConfiguration.scheduleSetting, "manual")
        let path = NodeConfigurationFile.defaultPath(forReplica: replica.path)
        let settings = try NodeSettings.load(file: path, environment: [:]).fillingGaps(from: replica)
        #expect(!settings.fileExists)
        #expect(settings.source(of: .parent) == .replica(replica.path))
        let configuration = try settings.configuration(databasePath: replica.path, security: .insecure)
        #expect(configuration.parentEndpoint == "tcp://10.0.0.5:7400")
        #expect(configuration.schedule == .manual)
        #expect(configuration.listenEndpoint == nil)

        try NodeConfigurationFile.write([.parent: .string("tcp://10.0.0.6:7400")], to: path)
        let withFile = try NodeSettings.load(file: path, environment: [:]).fillingGaps(from: replica)
        #expect(withFile[.parent] == .string("tcp://10.0.0.6:7400"))
        #expect(withFile.source(of: .schedule) == .replica(replica.path), "a key the file leaves out still comes from the replica")
    }

    /// A relative secret path in the file is taken from the file's directory, not the working
    /// directory; secrets' paths are only paths (no key material is read into the settings).
    @Test func relativeSecretPathsAreTakenFromTheFilesDirectory() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("node.db.conf.json")
        try NodeConfigurationFile.write([.nodeKeyFile: .string("node.db.node-key"), .parent: .string("tcp://10.0.0.1:7400")], to: path)
        let settings = try NodeSettings.load(file: path, environment: [:])
        #expect(settings.string(.nodeKeyFile) == URL(fileURLWithPath: dir.file("node.db.node-key")).standardizedFileURL.path)
        #expect(settings.enrolledPath(replica: dir.file("node.db")) == dir.file("node.db.enrolled"))
    }
}
