import Logging
import ServiceLifecycle

/// Tells systemd how the node stands (deploy/liandong.service, `Type=notify`): `READY=1` once
/// `health` says the node is ready, `WATCHDOG=1` at half the interval systemd asks for while
/// the node's loop turns (a wedged loop stops the pings and systemd restarts the node), and
/// `STOPPING=1` when shutdown begins. Runs beside `NodeService` in the same service group,
/// after it, so that it is asked to stop first. Without `$NOTIFY_SOCKET` it only waits.
public struct SystemdNotifyService: Service {
    let notifier: SystemdNotifier
    let health: NodeHealth
    let watchdogMillis: Int64?
    let status: String
    let logger: Logger

    /// `status`: the `STATUS=` line sent with `READY=1` (what `systemctl status` shows).
    public init(notifier: SystemdNotifier, health: NodeHealth, watchdogMillis: Int64?, status: String, logger: Logger) {
        self.notifier = notifier
        self.health = health
        self.watchdogMillis = watchdogMillis
        self.status = status
        self.logger = logger
    }

    /// How often readiness and liveness are looked at.
    static let pollMillis: Int64 = 100

    /// Notifies until shutdown begins or the node stops, then sends `STOPPING=1`.
    public func run() async throws {
        guard notifier.socketAddress != nil else {
            try? await gracefulShutdown()
            return
        }
        var announced = false
        var lastPing: Int64 = 0
        var failed = false
        func send(_ state: String) {
            do { try notifier.notify(state) } catch {
                // systemd went away or the socket is wrong: say it once, keep running.
                if !failed { logger.warning("cannot notify systemd; the node runs on without telling it", metadata: ["error": "\(error)"]) }
                failed = true
            }
        }
        while !Task.isShuttingDownGracefully, !Task.isCancelled, !health.isStopping {
            let now = monotonicMillis()
            if !announced, health.isReady {
                send("READY=1\nSTATUS=\(status)")
                announced = true
                logger.debug("told systemd the node is ready", metadata: ["systemd.socket": "\(notifier.socketAddress ?? "")"])
            }
            if let watchdogMillis, announced, health.isAlive(now: now), now - lastPing >= watchdogMillis / 2 {
                send("WATCHDOG=1")
                lastPing = now
            }
            try? await Task.sleep(for: .milliseconds(Self.pollMillis))
        }
        send("STOPPING=1\nSTATUS=stopping")
    }
}
