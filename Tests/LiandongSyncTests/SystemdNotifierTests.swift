import Foundation
import LiandongSync
import LiandongTesting
import Synchronization
import Testing

/// `sd_notify` without libsystemd: datagrams to the socket `$NOTIFY_SOCKET` names
/// (deploy/liandong.service, `Type=notify`).
@Suite struct SystemdNotifierTests {
    @Test func readyArrivesAtASocketPath() throws {
        let dir = TemporaryDirectory()
        let socket = try NotifySocket(address: dir.file("notify"))
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
        #expect(notifier.socketAddress == socket.address)
        try notifier.notify("READY=1\nSTATUS=node ready")
        let message = try #require(socket.receive(seconds: 5))
        #expect(message.split(separator: "\n") == ["READY=1", "STATUS=node ready"])
    }

    @Test func readyArrivesAtAnAbstractSocket() throws {
        let name = "@liandong-notify-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let socket = try NotifySocket(address: name)
        try SystemdNotifier(environment: ["NOTIFY_SOCKET": name]).notify("STOPPING=1")
        #expect(socket.receive(seconds: 5) == "STOPPING=1")
    }

    @Test func withoutNotifySocketNothingIsSent() throws {
        let notifier = SystemdNotifier(environment: [:])
        #expect(notifier.socketAddress == nil)
        try notifier.notify("READY=1")
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]).socketAddress == nil)
    }

    @Test func anUnreachableSocketIsAnError() throws {
        let dir = TemporaryDirectory()
        #expect(throws: SystemdNotifyError.self) { try SystemdNotifier(socketAddress: dir.file("nobody-listens")).notify("READY=1") }
        #expect(throws: SystemdNotifyError.self) { try SystemdNotifier(socketAddress: "/" + String(repeating: "x", count: 200)).notify("READY=1") }
    }

    @Test func watchdogIntervalIsReadForThisProcessOnly() {
        #expect(SystemdNotifier.watchdogMillis(environment: ["WATCHDOG_USEC": "30000000"]) == 30_000)
        #expect(SystemdNotifier.watchdogMillis(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "\(getpid())"]) == 30_000)
        #expect(SystemdNotifier.watchdogMillis(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"]) == nil)
        #expect(SystemdNotifier.watchdogMillis(environment: [:]) == nil)
    }

    /// How long a test waits for a datagram that must come: it returns as soon as one does, and a
    /// busy machine (the suite runs in parallel on two cores) may hold the service back for seconds.
    static let patience = 600.0

    /// The service tells systemd READY=1 once the node's health says ready, and STOPPING=1 when
    /// the node stops, in that order.
    @Test func serviceAnnouncesReadinessThenStopping() async throws {
        let dir = TemporaryDirectory()
        let socket = try NotifySocket(address: dir.file("notify"))
        let health = NodeHealth()
        let service = SystemdNotifyService(
            notifier: SystemdNotifier(socketAddress: socket.address), health: health, watchdogMillis: nil, status: "test", logger: testLogger())
        let running = Task { try await service.run() }
        // Not ready yet: nothing is sent.
        #expect(await socket.next(seconds: 0.5) == nil)
        health.turned(now: monotonicMillis())
        health.markReady()
        let ready = try #require(await socket.next(seconds: Self.patience))
        #expect(ready.hasPrefix("READY=1\n"))
        health.markStopping()
        let stopping = try #require(await socket.next(seconds: Self.patience))
        #expect(stopping.hasPrefix("STOPPING=1"))
        try await running.value
    }

    /// With a watchdog interval the service pings at half of it while the loop turns, and stops
    /// pinging when the loop stops turning (systemd then restarts the node).
    @Test func watchdogPingsOnlyWhileTheLoopTurns() async throws {
        let dir = TemporaryDirectory()
        let socket = try NotifySocket(address: dir.file("notify"))
        let health = NodeHealth()
        let service = SystemdNotifyService(
            notifier: SystemdNotifier(socketAddress: socket.address), health: health, watchdogMillis: 200, status: "test", logger: testLogger())
        health.turned(now: monotonicMillis())
        health.markReady()
        let running = Task { try await service.run() }
        #expect(await socket.next(seconds: Self.patience)?.hasPrefix("READY=1") == true)
        // The loop turns from a thread of its own, as the node's does: a test starved by a busy
        // pool must not outlast the liveness bound between two turns.
        let turner = LoopTurner(health)
        #expect(await socket.next(seconds: Self.patience) == "WATCHDOG=1")
        #expect(await socket.next(seconds: Self.patience) == "WATCHDOG=1")
        turner.halt()
        // The loop's last turn falls behind the liveness bound: no more pings.
        health.turned(now: monotonicMillis() - NodeHealth.livenessMillis - 1_000)
        // A ping already on its way may still arrive; then none for a second (five intervals).
        _ = await socket.next(seconds: 0.3)
        #expect(await socket.next(seconds: 1) == nil)
        health.markStopping()
        #expect(await socket.next(seconds: Self.patience)?.hasPrefix("STOPPING=1") == true)
        try await running.value
    }

    /// A node that serves HTTP is ready only once the runtime is and the HTTP side listens; it
    /// is neither ready nor alive once stopping.
    @Test func readinessWaitsForEveryPart() {
        let health = NodeHealth(awaitingHTTP: true)
        #expect(!health.isReady && health.notReadyReason != nil)
        #expect(!health.isAlive(now: monotonicMillis()))
        health.turned(now: monotonicMillis())
        health.markReady()
        #expect(!health.isReady)
        #expect(health.notReadyReason?.contains("HTTP") == true)
        health.markHTTPListening()
        #expect(health.isReady && health.notReadyReason == nil)
        #expect(health.isAlive(now: monotonicMillis()))
        #expect(!health.isAlive(now: monotonicMillis() + NodeHealth.livenessMillis + 1_000))
        health.markStopping()
        #expect(!health.isReady && health.notReadyReason?.contains("stopping") == true)
        #expect(!health.isAlive(now: monotonicMillis()))
    }
}

/// Turns `health`'s loop every 20 ms from a thread of its own until halted, as the node's loop does.
final class LoopTurner: @unchecked Sendable {
    private let stopped = Mutex(false)
    private let done = DispatchSemaphore(value: 0)

    init(_ health: NodeHealth) {
        Thread.detachNewThread { [self] in
            while !stopped.withLock({ $0 }) {
                health.turned(now: monotonicMillis())
                usleep(20_000)
            }
            done.signal()
        }
    }

    /// Stops turning; returns once the thread made its last turn.
    func halt() {
        stopped.withLock { $0 = true }
        done.wait()
    }
}
