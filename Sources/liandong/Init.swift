import ArgumentParser
import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync
import LiandongTransport

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a node's replica (once per service hall).")

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var security: SecurityOptions

    @Option(help: "The node's 12-digit region code (统计用区划代码), e.g. 441702001201.")
    var region: String

    @Option(help: "The node's tier: city, district, town or village. Checked against the region code.")
    var tier: String?

    @Option(help: "The parent's endpoint, e.g. tcp://10.0.0.5:7400 (omit for the city).")
    var parent: String?

    @Option(help: "Where to listen for children, e.g. tcp://0.0.0.0:7400 (omit for a village).")
    var listen: String?

    @Option(help: "The replicated schema: gov (the government-service domain) or demo (the benchmark's record table).")
    var schema: String = GovernmentSchema.name

    @Option(help: "When to sync with the parent: continuous, manual, or window HH:MM-HH:MM (local time, e.g. \"window 02:00-04:00\").")
    var schedule: String = "continuous"

    @Option(
        name: .customLong("schema-version"),
        help: "An earlier shipped version of the schema, for a hall joining a tree whose parent is not yet upgraded (default: this build's).")
    var schemaVersion: Int?

    @Option(
        help: """
            A district's privacy key file (个人信息脱敏密钥: 64 hex digits, mode 0600), outside the replica: the same file on every district of the city, never on the city.             Created with a new random key if it does not exist (then copy it to the other districts). Default: <db>.privacy-key, which must then exist.
            """)
    var privacyKeyFile: String?

    @Option(
        name: .customLong("from-parent-replica"),
        help: ArgumentHelp(
            "Start from a snapshot (快照初始化) of the parent's replica instead of empty: the parent's file on this machine, or a backup of it (`liandong backup`). "
                + "The new node gets at once, in one transaction, everything the parent would send it (the catalogue 事项目录 and the rest of its scope), "
                + "and the parent's schema. For a new town or village only (docs/bootstrap.md)."))
    var fromParentReplica: String?


    func run() throws {
        let logger = makeLogger(replica.logLevel)
        let node: NodeID
        do { node = try NodeID(validating: region) } catch { throw CommandFailure("error: \(error)") }
        if let tier {
            guard let declared = Tier(name: tier) else { throw CommandFailure("error: unknown tier '\(tier)'; use city, district, town or village") }
            guard declared == node.tier else {
                throw CommandFailure("error: region code \(node) is a \(node.tier) (\(node.tier.chineseName)) code, not a \(declared) code")
            }
        }
        guard var declaration = ShippedSchemas.named(schema) else {
            throw CommandFailure("error: unknown schema '\(schema)'; built-in: \(ShippedSchemas.all.map(\.name).joined(separator: ", "))")
        }
        if let schemaVersion, schemaVersion != declaration.version {
            let history = try? ShippedSchemas.history(named: schema)
            guard let earlier = history?.steps.first(where: { $0.version == schemaVersion })?.declaration else {
                let known = history?.steps.map { "v\($0.version)" }.joined(separator: ", ") ?? "none"
                throw CommandFailure("error: schema \(schema) has no shipped version \(schemaVersion); this build knows \(known)")
            }
            declaration = earlier
        }
        do { _ = try SyncSchedule(parsing: schedule) } catch { throw CommandFailure("error: \(error)") }
        // The key file, as an absolute path (the replica records it for `run`).
        let keyFile = privacyKeyFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        if node.tier == .city && (keyFile != nil || PrivacyKeyFile.exists(at: PrivacyKeyFile.defaultPath(forReplicaAt: replica.db))) {
            throw CommandFailure("error: the city must not hold the privacy key (个人信息脱敏密钥): it would let the city recover ID numbers from their hashes")
        }
        if node.tier != .district && node.tier != .city && keyFile != nil {
            throw CommandFailure("error: only a district holds the privacy key (个人信息脱敏密钥); a \(node.tier) (\(node.tier.chineseName)) node sends nothing above the privacy ceiling")
        }
        var newKey: PrivacyKey?
        if node.tier == .district && declaration.holdsPersonalData {
            let path = keyFile ?? PrivacyKeyFile.defaultPath(forReplicaAt: replica.db)
            if try failing({ try PrivacyKeyFile.read(at: path) }) == nil {
                guard keyFile != nil else {
                    throw CommandFailure(
                        "error: a district node needs --privacy-key-file (个人信息脱敏密钥, the same file for every district of the city; created if it does not exist) to send cases to the city")
                }
                newKey = PrivacyKey.random()
            }
        }
        if node.tier != .city && parent == nil {
            logger.warning("no --parent given: this node will not sync upward until one is set")
        }
        for endpoint in [parent, listen].compactMap({ $0 }) where !endpoint.hasPrefix("tcp://") && !endpoint.hasPrefix("ipc://") {
            throw CommandFailure("error: endpoint '\(endpoint)' must look like tcp://HOST:PORT")
        }
        // The configuration file (docs/configuration.md): endpoints, schedule and the secrets'
        // paths. A file left from an earlier replica at this path is not overwritten.
        let configPath = security.config.path(replica.db)
        if FileManager.default.fileExists(atPath: configPath) && !FileManager.default.fileExists(atPath: replica.db) {
            throw CommandFailure(
                "error: the configuration file \(configPath) exists already; remove it, or give --config for a new one", status: .configuration)
        }
        var settings: [NodeConfigurationKey: NodeConfigurationValue] = [.schedule: .string(schedule)]
        settings[.listen] = listen.map { .string($0) }
        settings[.parent] = parent.map { .string($0) }
        settings[.nodeKeyFile] = .string(Self.pathInFile(try security.keyPath(replica.db), configPath: configPath))
        settings[.enrolledFile] = .string(Self.pathInFile(try security.enrolledPath(replica.db), configPath: configPath))
        if node.tier == .district {
            settings[.privacyKeyFile] = .string(Self.pathInFile(keyFile ?? PrivacyKeyFile.defaultPath(forReplicaAt: replica.db), configPath: configPath))
        }
        if fromParentReplica != nil, schemaVersion != nil || schema != GovernmentSchema.name {
            throw CommandFailure("error: --from-parent-replica takes the parent's schema; leave out --schema and --schema-version")
        }
        var snapshot: BootstrapReport?
        var recorded = declaration
        try failing {
            let created: Replica
            if let fromParentReplica {
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                (created, snapshot) = try Replica.bootstrap(at: replica.db, node: node, fromParentReplica: fromParentReplica, logger: logger, nowMillis: now)
            } else {
                created = try Replica.create(at: replica.db, node: node, schema: declaration, logger: logger)
            }
            recorded = created.schema
            try created.setSetting(NodeConfiguration.parentSetting, parent)
            try created.setSetting(NodeConfiguration.listenSetting, listen)
            try created.setSetting(Replica.privacyKeyFileSetting, node.tier == .district ? keyFile : nil)
            try created.setSetting(NodeConfiguration.scheduleSetting, schedule)
            if let newKey, let keyFile { try PrivacyKeyFile.create(newKey, at: keyFile) }
            // The city publishes the built-in holiday calendars (deploy/calendar/); a later year
            // is loaded with `liandong calendar import`.
            if node.tier == .city, declaration.tables.contains(where: { $0.name == "holiday" }) {
                try created.write { db in
                    for entry in OfficialCalendar.entries {
                        try db.execute(
                            sql: "INSERT INTO holiday (day, kind, name, scope) VALUES (?, ?, ?, ?)", arguments: [entry.day, entry.kind.rawValue, entry.name, node.rawValue])
                    }
                }
            }
        }
        do { try NodeConfigurationFile.write(settings, to: configPath) } catch {
            throw CommandFailure("error: \(error)", status: .configuration)
        }
        say("configuration 配置文件 written to \(configPath) (docs/configuration.md; `liandong config show --db \(replica.db)` prints what the node runs with)")
        if newKey != nil, let keyFile {
            say("created a new privacy key (个人信息脱敏密钥) in \(keyFile), mode 0600: copy this file to every other district of the city, never to the city, and back it up apart from the replicas")
        }
        if let snapshot {
            let tables = snapshot.rows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            say(String(
                format: "snapshot 快照初始化 of parent %@ at its change %lld: %d rows (%@), %d deletions, ready in %.0f ms; sync continues from there",
                snapshot.parent.description, snapshot.head.rawValue, snapshot.totalRows, tables, snapshot.deletions, snapshot.seconds * 1000))
            if snapshot.withheld > 0 {
                say("  \(snapshot.withheld) rows the parent holds without their personal data (个人信息) yet come with sync once it has them")
            }
        }
        say("initialised \(node.tier) (\(node.tier.chineseName)) node \(node) at \(replica.db), schema \(recorded.name) v\(recorded.version)")
        if node.tier == .city, declaration.tables.contains(where: { $0.name == "holiday" }) {
            say("published the holiday calendars 节假日安排 of \(OfficialCalendar.years.map(String.init).joined(separator: " and ")); load a new year with `liandong calendar import`")
        }
        guard !security.insecure else { return }
        let keyPath = try security.keyPath(replica.db)
        let publicKey: CurveKey
        if let existing = try? NodeKeyFile.load(from: keyPath, node: node) {
            publicKey = existing.pair.publicKey
            say("node key 节点密钥: keeping \(keyPath)")
        } else {
            let pair = try failing { try CurveKeyPair.generate() }
            try failing { try NodeKeyFile(node: node, pair: pair).write(to: keyPath) }
            publicKey = pair.publicKey
            say("node key 节点密钥 written to \(keyPath) (mode 0600; keep it out of backups of the replica)")
        }
        say("public key 公钥 \(publicKey)")
        if let parentCode = node.parentCode, parent != nil {
            say("next: the parent's operator runs `liandong keys enrol --db PARENT.db --child \(node) --key='\(publicKey)'`;")
            say("      here, run `liandong keys parent --db \(replica.db) --node \(parentCode) --key='PARENT-PUBLIC-KEY'`")
        }
    }

    /// `path` as the configuration file at `configPath` names it: relative (taken from the file's
    /// directory) when it lies beside the file, so that the directory can move as a whole;
    /// otherwise absolute.
    static func pathInFile(_ path: String, configPath: String) -> String {
        let file = URL(fileURLWithPath: path).standardizedFileURL
        let directory = URL(fileURLWithPath: configPath).standardizedFileURL.deletingLastPathComponent()
        return file.deletingLastPathComponent().path == directory.path ? file.lastPathComponent : file.path
    }
}
