import ArgumentParser
import LiandongStore
import LiandongSync
import LiandongTransport

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sync with the parent now, whatever the schedule: through the running node, or in this process if none runs.")

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var security: SecurityOptions

    @Option(help: "Give up after this many seconds.")
    var timeout: Int = 30

    func run() throws {
        let given = try loadSettings(db: replica.db, config: security.config, overrides: replica.logLevelOverride + security.overrides)
        let logger = makeLogger(given.logLevel ?? .info)
        let opened = try openForSync(replica.db, logger: logger, privacyKeyFile: given.string(.privacyKeyFile))
        if NodeLock.isHeld(path: NodeConfiguration.lockPath(forReplica: replica.db)) {
            let reply = try askRunningNode(NodeConfiguration.controlEndpoint(forReplica: replica.db))
            guard reply.hasPrefix("ok") else { throw CommandFailure("error: \(reply.dropFirst(6))") }
            say(String(reply.dropFirst(3)))
            return
        }
        let settings = try fillingGaps(given, from: opened)
        let linkSecurity = try security.linkSecurity(settings, db: replica.db, node: opened.node)
        let configuration = try nodeConfiguration(settings, db: replica.db, security: linkSecurity)
        if NodeLock.isHeld(path: configuration.lockPath) {
            let reply = try askRunningNode(configuration.controlEndpoint)
            guard reply.hasPrefix("ok") else { throw CommandFailure("error: \(reply.dropFirst(6))") }
            say(String(reply.dropFirst(3)))
            return
        }
        guard configuration.parentEndpoint != nil else { throw CommandFailure("error: node \(opened.node) has no parent to sync with") }
        let lock: NodeLock? = try failing { try NodeLock(path: configuration.lockPath) }
        guard lock != nil else { throw CommandFailure("error: a node started on \(replica.db) meanwhile; run sync again") }
        try failing {
            try NodeRuntime(
                replica: opened, configuration: configuration, logger: logger, stop: StopSignal(),
                mode: .syncOnce(deadlineMillis: wallClockMillis() + Int64(timeout) * 1000)
            ).run()
        }
        withExtendedLifetime(lock) {}
        say("in sync with parent at \(configuration.parentEndpoint ?? ""): both sides hold the same rows (digests agree 数据一致)")
    }

    private func askRunningNode(_ endpoint: String) throws -> String {
        do {
            let context = try ZMQContext()
            let socket = try ZMQSocket(context: context, kind: .request)
            defer { socket.close() }
            try socket.connect(endpoint)
            try socket.send([Array("sync".utf8)], blocking: true)
            let deadline = wallClockMillis() + Int64(timeout + 5) * 1000
            while wallClockMillis() < deadline {
                if try zmqPollReadable([socket], timeoutMillis: 200).first == true, let reply = try socket.receive() {
                    return String(decoding: reply.first ?? [], as: UTF8.self)
                }
            }
            return "error the running node did not answer within \(timeout + 5) s"
        } catch {
            throw CommandFailure("error: cannot reach the running node: \(error)")
        }
    }
}
