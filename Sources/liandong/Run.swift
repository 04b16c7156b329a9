import ArgumentParser
import LiandongStore
import LiandongSync
import ServiceLifecycle
import UnixSignals

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the node until SIGTERM or SIGINT.")

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var security: SecurityOptions

    @Option(help: "Override the listen endpoint stored by init.")
    var listen: String?

    @Option(help: "Override the parent endpoint stored by init.")
    var parent: String?

    func run() async throws {
        let logger = makeLogger(replica.logLevel)
        let opened = try failing { try Replica.open(at: replica.db, logger: logger) }
        let linkSecurity = try security.linkSecurity(db: replica.db, node: opened.node)
        var configuration = try failing { try NodeConfiguration.stored(in: opened, databasePath: replica.db, security: linkSecurity) }
        if let listen { configuration.listenEndpoint = listen }
        if let parent { configuration.parentEndpoint = parent }
        let lock: NodeLock? = try failing { try NodeLock(path: configuration.lockPath) }
        guard let lock else {
            throw CommandFailure("error: another liandong process is running on \(replica.db); stop it first")
        }
        let integrity = try failing { try opened.integrityCheck() }
        guard integrity == "ok" else { throw CommandFailure("error: integrity check of \(replica.db) failed: \(integrity)") }
        logger.info(
            "node starting",
            metadata: [
                "node.id": "\(opened.node)", "node.tier": "\(opened.node.tier)",
                "listen.endpoint": "\(configuration.listenEndpoint ?? "-")", "parent.endpoint": "\(configuration.parentEndpoint ?? "-")",
                "sync.schedule": "\(configuration.schedule)",
            ])
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: NodeService(replica: opened, configuration: configuration, logger: logger))],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch let error as NodeError {
            throw CommandFailure("error: \(error)")
        }
        withExtendedLifetime(lock) {}
    }
}
