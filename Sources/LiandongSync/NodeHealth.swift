import Synchronization

/// What a running node says about itself to the outside (docs/metrics.md): whether its loop is
/// turning (liveness, `/healthz`, the systemd watchdog) and whether it is ready (`/readyz`,
/// systemd's `READY=1`). Written by `NodeRuntime` on its thread, read from any thread.
///
/// Ready means the replica is open and this node's own sockets are bound: the listener for
/// children (if any) and the control socket. Whether the parent answers does not count: a
/// village offline by design (a schedule, no network for days) is a healthy, ready node that
/// queues its changes; the link's series in /metrics show that instead. A node that serves
/// HTTP is ready only once that listens too, so that `READY=1` means /readyz answers.
public final class NodeHealth: Sendable {
    private let readyFlag = Atomic<Bool>(false)
    private let stoppingFlag = Atomic<Bool>(false)
    private let awaitsHTTP: Bool
    private let httpListening = Atomic<Bool>(false)
    /// Monotonic milliseconds of the loop's last turn; 0 before the first.
    private let lastTurn = Atomic<Int64>(0)

    /// `awaitingHTTP`: the node serves HTTP, and is not ready before `markHTTPListening`.
    public init(awaitingHTTP: Bool = false) {
        awaitsHTTP = awaitingHTTP
    }

    /// The loop is silent for longer than this: the node is wedged (a merge or a disk that hangs).
    /// A loop turn waits for input at most `NodeConfiguration.pollMillis`; merging one chunk takes
    /// well under a second on a healthy disk.
    public static let livenessMillis: Int64 = 30_000

    /// The runtime bound its sockets and opened its engine.
    public func markReady() { readyFlag.store(true, ordering: .releasing) }

    /// The HTTP side listens.
    public func markHTTPListening() { httpListening.store(true, ordering: .releasing) }

    /// The runtime is stopping (SIGTERM, or its loop ended); not ready any more.
    public func markStopping() {
        stoppingFlag.store(true, ordering: .releasing)
        readyFlag.store(false, ordering: .releasing)
    }

    /// One turn of the loop at monotonic time `now`.
    public func turned(now: Int64) { lastTurn.store(now, ordering: .relaxed) }

    /// True between `markReady` (and `markHTTPListening`, when awaited) and `markStopping`.
    public var isReady: Bool { readyFlag.load(ordering: .acquiring) && (!awaitsHTTP || httpListening.load(ordering: .acquiring)) }

    /// True once stopping began.
    public var isStopping: Bool { stoppingFlag.load(ordering: .acquiring) }

    /// True when the loop turned within `livenessMillis` of monotonic time `now`.
    public func isAlive(now: Int64) -> Bool {
        let last = lastTurn.load(ordering: .relaxed)
        return last != 0 && !isStopping && now - last <= Self.livenessMillis
    }

    /// Why the node is not ready, for an operator (nil: ready).
    public var notReadyReason: String? {
        if isStopping { return "stopping (正在停止)" }
        if !readyFlag.load(ordering: .acquiring) { return "starting: the replica is being opened or the sockets are not bound yet (正在启动)" }
        if !isReady { return "starting: the HTTP side does not listen yet (正在启动)" }
        return nil
    }
}
