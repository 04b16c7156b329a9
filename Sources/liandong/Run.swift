import ArgumentParser
import Foundation
import LiandongCore
import LiandongDomain
import LiandongHTTP
import LiandongMirror
import LiandongStore
import LiandongSync
import Logging
import Prometheus
import ServiceLifecycle
import UnixSignals

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the node until SIGTERM or SIGINT.")

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var security: SecurityOptions

    @Option(help: "For this run only, the listen endpoint instead of the configuration file's node.listen (`liandong config write --set` keeps one).")
    var listen: String?

    @Option(help: "For this run only, the parent endpoint instead of the configuration file's node.parent.")
    var parent: String?

    @Option(help: "For this run only, a district's privacy key file (个人信息脱敏密钥) instead of the configuration file's secrets.privacyKeyFile (default: <db>.privacy-key).")
    var privacyKeyFile: String?

    @Option(
        help: ArgumentHelp(
            "Serve /metrics, /healthz and /readyz over HTTP on [HOST:]PORT; a port alone listens on loopback only (docs/metrics.md). Off by default.",
            valueName: "address"))
    var http: String?

    /// The options given, as one-run overrides of the configuration (docs/configuration.md).
    var overrides: [NodeConfigurationOverride] {
        var overrides = replica.logLevelOverride + security.overrides
        if let listen { overrides.append(.init(.listen, .string(listen), option: "--listen")) }
        if let parent { overrides.append(.init(.parent, .string(parent), option: "--parent")) }
        if let privacyKeyFile { overrides.append(.init(.privacyKeyFile, .string(privacyKeyFile), option: "--privacy-key-file")) }
        return overrides
    }

    func run() async throws {
        let given = try loadSettings(db: replica.db, config: security.config, overrides: overrides)
        let logger = makeLogger(given.logLevel ?? .info)
        let httpAddress = try http.map { text throws -> HTTPAddress in
            guard let address = HTTPAddress(parsing: text) else {
                throw CommandFailure("error: --http \(text) is not PORT, HOST:PORT or [IPV6]:PORT (e.g. --http \(HTTPAddress.defaultPort))", status: .usage)
            }
            return address
        }
        let opened = try openForSync(replica.db, logger: logger, privacyKeyFile: given.string(.privacyKeyFile))
        let settings = try fillingGaps(given, from: opened)
        noteMissingFile(settings, db: replica.db, logger: logger)
        let linkSecurity = try security.linkSecurity(settings, db: replica.db, node: opened.node)
        var configuration = try nodeConfiguration(settings, db: replica.db, security: linkSecurity)
        configuration.earlierSchemas = earlierSchemas(of: opened.schema)
        let lock: NodeLock? = try failing { try NodeLock(path: configuration.lockPath) }
        guard let lock else {
            throw CommandFailure("error: another liandong process is running on \(replica.db); stop it first", status: .busy)
        }
        // The quick check at every start; the full one (minutes on a city-sized file) is `liandong check`.
        let integrity = try failing { try opened.quickCheck() }
        guard integrity == "ok" else {
            throw CommandFailure(
                "error: quick check 快速检查 of \(replica.db) failed: \(integrity); restore the last backup (liandong restore) or let the node resync from its parent",
                status: .storage)
        }
        logger.info(
            "node starting",
            metadata: [
                "node.id": "\(opened.node)", "node.tier": "\(opened.node.tier)",
                "listen.endpoint": "\(configuration.listenEndpoint ?? "-")", "parent.endpoint": "\(configuration.parentEndpoint ?? "-")",
                "sync.schedule": "\(configuration.schedule)",
            ])
        // Started in this order, asked to stop in the reverse: systemd hears STOPPING=1 first,
        // then the HTTP side closes, then the node stops its links and saves its cursors.
        let health = NodeHealth(awaitingHTTP: httpAddress != nil)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: NodeService(replica: opened, configuration: configuration, logger: logger, health: health))
        ]
        if let httpAddress {
            let registry = PrometheusCollectorRegistry()
            MetricsBootstrap.once(PrometheusBackend.factory(registry: registry))
            let gauges = ReplicaGauges(replica: opened, registry: registry, peerTimeoutMillis: configuration.session.peerTimeoutMillis)
            services.append(.init(service: NodeHTTPServer.service(address: httpAddress, registry: registry, gauges: gauges, health: health, logger: logger)))
            logger.info("serving metrics and health over HTTP", metadata: ["http.address": "\(httpAddress)"])
        }
        if let postgres = settings.string(.mirrorPostgres) {
            let target: MirrorTarget
            do {
                target = try MirrorTarget(url: postgres, passwordFile: settings.string(.mirrorPasswordFile), schema: settings.string(.mirrorSchema) ?? "liandong")
            } catch {
                throw CommandFailure("error: mirror.postgres: \(error)", status: .configuration)
            }
            let batchRows = settings.values[.mirrorBatchRows]?.integer ?? 500
            services.append(.init(service: MirrorService(mirror: PostgresMirror(replica: opened, target: target, batchRows: batchRows, logger: logger))))
        }
        let environment = ProcessInfo.processInfo.environment
        services.append(
            .init(
                service: SystemdNotifyService(
                    notifier: SystemdNotifier(environment: environment), health: health, watchdogMillis: SystemdNotifier.watchdogMillis(environment: environment),
                    status: "node \(opened.node) (\(opened.node.tier.name)) syncing", logger: logger)))
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error as NodeError {
            throw CommandFailure("error: \(error)")
        } catch let error as HTTPServeError {
            throw CommandFailure("error: \(error)", status: .configuration)
        }
        withExtendedLifetime(lock) {}
    }
}

/// Opens a replica to sync it: a salt of version 1 moved out of the file (`Replica.open`), a
/// replica of a later schema version than this build's refused (`Replica.openShipped`). One of
/// an earlier version runs as it is, speaking its own version as the build that wrote it did
/// (its parent, upgraded first, speaks it too: Protocols/SPEC.md §12.1), with a notice naming
/// `liandong upgrade`: a declaration changes only there, after a backup (docs/upgrades.md),
/// never silently at start. Then the privacy key is checked (`checkPrivacyKey`).
func openForSync(_ path: String, logger: Logger, privacyKeyFile: String?) throws -> Replica {
    let opened = try failing { try Replica.openShipped(at: path, logger: logger, privacyKeyFile: privacyKeyFile) }
    if let shipped = ShippedSchemas.named(opened.schema.name), opened.schema.version < shipped.version {
        logger.notice(
            "the replica holds an earlier schema version than this build; it keeps syncing as it is, and its children must not be newer than it. With the node stopped, `liandong upgrade` brings it to this build's version (模式待升级)",
            metadata: [
                "replica.path": "\(path)", "schema.name": "\(opened.schema.name)", "schema.version": "\(opened.schema.version)",
                "schema.build_version": "\(shipped.version)", "upgrade.command": "liandong upgrade --db \(path)",
            ])
    }
    try checkPrivacyKey(opened, explicit: privacyKeyFile)
    return opened
}

/// The earlier versions of `schema` this build ships (its upgrade history), which a node of
/// `schema` can speak to children not yet upgraded (Protocols/SPEC.md §12.1).
func earlierSchemas(of schema: ReplicaSchema) -> [ReplicaSchema] {
    guard let history = try? ShippedSchemas.history(named: schema.name) else { return [] }
    return history.steps.map(\.declaration).filter { $0.version < schema.version }
}

/// Refuses to run a city that holds a privacy key, or a district of a schema with personal data
/// without one (`Replica.open` has already moved a salt of version 1 out of the file).
func checkPrivacyKey(_ replica: Replica, explicit: String?) throws {
    let path = try failing { try replica.privacyKeyFilePath(explicit: explicit) }
    if replica.node.tier == .city && (explicit != nil || PrivacyKeyFile.exists(at: path)) {
        throw CommandFailure("error: the city must not hold the privacy key (个人信息脱敏密钥); remove \(path): it would let the city recover ID numbers from their hashes")
    }
    if replica.node.tier == .district && replica.schema.holdsPersonalData && replica.privacyKey == nil {
        throw CommandFailure(
            "error: district \(replica.node) has no privacy key (个人信息脱敏密钥) at \(path); copy the city's key file there (mode 0600) or give --privacy-key-file")
    }
}
