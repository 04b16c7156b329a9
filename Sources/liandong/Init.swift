import ArgumentParser
import LiandongCore
import LiandongStore
import LiandongSync

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a node's replica (once per service hall).")

    @OptionGroup var replica: ReplicaOptions

    @Option(help: "The node's 12-digit region code (统计用区划代码), e.g. 441702001201.")
    var region: String

    @Option(help: "The node's tier: city, district, town or village. Checked against the region code.")
    var tier: String?

    @Option(help: "The parent's endpoint, e.g. tcp://10.0.0.5:7400 (omit for the city).")
    var parent: String?

    @Option(help: "Where to listen for children, e.g. tcp://0.0.0.0:7400 (omit for a village).")
    var listen: String?

    @Option(help: "The replicated schema: a built-in name (demo).")
    var schema: String = "demo"

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
        guard let declaration = ReplicaSchema.builtIn(named: schema) else { throw CommandFailure("error: unknown schema '\(schema)'; built-in: demo") }
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
        }
        say("initialised \(node.tier) (\(node.tier.chineseName)) node \(node) at \(replica.db), schema \(declaration.name) v\(declaration.version)")
    }
}
