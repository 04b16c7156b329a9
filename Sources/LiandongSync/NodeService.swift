import Foundation
import LiandongStore
import Logging
import ServiceLifecycle

/// A node as a long-lived service: runs its `NodeRuntime` on a dedicated thread (the thread owns
/// the node's sockets) and stops it gracefully on SIGTERM/SIGINT or cancellation.
public struct NodeService: Service {
    let replica: Replica
    let configuration: NodeConfiguration
    let logger: Logger
    /// Readiness and liveness of the runtime, for /readyz, /healthz and systemd.
    let health: NodeHealth

    public init(replica: Replica, configuration: NodeConfiguration, logger: Logger, health: NodeHealth = NodeHealth()) {
        self.replica = replica
        self.configuration = configuration
        self.logger = logger
        self.health = health
    }

    public func run() async throws {
        let stop = StopSignal()
        let replica = self.replica
        let configuration = self.configuration
        let logger = self.logger
        let health = self.health
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await runOnDedicatedThread {
                try NodeRuntime(replica: replica, configuration: configuration, logger: logger, stop: stop, health: health).run()
            }
        } onCancelOrGracefulShutdown: {
            stop.stop()
        }
    }
}

/// Runs blocking work on its own thread (not the cooperative pool) and awaits it.
public func runOnDedicatedThread(_ body: @escaping @Sendable () throws -> Void) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        let thread = Thread {
            do {
                try body()
                continuation.resume()
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.name = "liandong-node"
        thread.start()
    }
}
