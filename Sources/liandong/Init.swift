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

    @Option(help: "A file holding the city-wide privacy salt (个人信息脱敏盐值). Required for a district below a city: it hashes ID numbers before cases go up.")
    var privacySaltFile: String?

    /// The schemas `init` knows by name.
    static func builtInSchema(_ name: String) -> ReplicaSchema? {
        switch name {
        case GovernmentSchema.name: GovernmentSchema.schema
        case ReplicaSchema.demo.name: .demo
        default: nil
        }
    }

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
        guard let declaration = Self.builtInSchema(schema) else { throw CommandFailure("error: unknown schema '\(schema)'; built-in: gov, demo") }
        do { _ = try SyncSchedule(parsing: schedule) } catch { throw CommandFailure("error: \(error)") }
        var salt: String?
        if let privacySaltFile {
            guard let text = try? String(contentsOfFile: privacySaltFile, encoding: .utf8), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw CommandFailure("error: cannot read a privacy salt from \(privacySaltFile)")
            }
            salt = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if node.tier == .city && salt != nil {
            throw CommandFailure("error: the city must not hold the privacy salt (个人信息脱敏盐值): it would let the city recover ID numbers from their hashes")
        }
        if node.tier == .district && salt == nil && declaration.tables.contains(where: { $0.columns.contains { $0.personal != nil } }) {
            throw CommandFailure("error: a district node needs --privacy-salt-file (个人信息脱敏盐值, the same file for every district of the city) to send cases to the city")
        }
        if node.tier != .city && parent == nil {
            logger.warning("no --parent given: this node will not sync upward until one is set")
        }
        for endpoint in [parent, listen].compactMap({ $0 }) where !endpoint.hasPrefix("tcp://") && !endpoint.hasPrefix("ipc://") {
            throw CommandFailure("error: endpoint '\(endpoint)' must look like tcp://HOST:PORT")
        }
        try failing {
            let created = try Replica.create(at: replica.db, node: node, schema: declaration, logger: logger)
            try created.setSetting(NodeConfiguration.parentSetting, parent)
            try created.setSetting(NodeConfiguration.listenSetting, listen)
            try created.setSetting(Replica.privacySaltSetting, salt)
            try created.setSetting(NodeConfiguration.scheduleSetting, schedule)
        }
        say("initialised \(node.tier) (\(node.tier.chineseName)) node \(node) at \(replica.db), schema \(declaration.name) v\(declaration.version)")
        guard !security.insecure else { return }
        let keyPath = security.keyPath(replica.db)
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
            say("next: the parent's operator runs `liandong keys enrol --db PARENT.db --child \(node) --key '\(publicKey)'`;")
            say("      here, run `liandong keys parent --db \(replica.db) --node \(parentCode) --key 'PARENT-PUBLIC-KEY'`")
        }
    }
}
