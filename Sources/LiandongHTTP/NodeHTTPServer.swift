import Foundation
import Hummingbird
import LiandongSync
import Logging
import Prometheus
import ServiceLifecycle
import Synchronization

/// A node's HTTP side (docs/metrics.md), a Hummingbird application to run as a service beside
/// the node's own:
///
/// - `GET /metrics`: the Prometheus text exposition of `registry`: what the sync engine records
///   through swift-metrics, and the replica's gauges (`ReplicaGauges`), read as it is scraped.
/// - `GET /healthz`: 200 while the node's loop turns (`NodeHealth.isAlive`), else 503.
/// - `GET /readyz`: 200 once the replica is open and the node's sockets are bound, 503 with the
///   reason before that and while stopping. An unreachable parent is not unready (a village
///   offline by design is working as it should); the link series say how links stand.
public enum NodeHTTPServer {
    /// The content type of the Prometheus text exposition format, version 0.0.4.
    public static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The service serving on `address`; it fails with an `HTTPServeError` that names the
    /// address (the port is taken, the host is not this machine's).
    public static func service(
        address: HTTPAddress, registry: PrometheusCollectorRegistry, gauges: ReplicaGauges, health: NodeHealth, logger: Logger
    ) -> some Service {
        Serving(address: address, application: application(address: address, registry: registry, gauges: gauges, health: health, logger: logger))
    }

    /// The application serving on `address`.
    public static func application(
        address: HTTPAddress, registry: PrometheusCollectorRegistry, gauges: ReplicaGauges, health: NodeHealth, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        let failures = RefreshFailureLog()
        router.get("metrics") { _, _ -> Response in
            do {
                try await runOnDedicatedThread { try gauges.refresh(nowMillis: wallClockMillis()) }
            } catch {
                // The engine's series are still worth serving; the replica's keep their last values.
                if failures.allows(now: monotonicMillis()) {
                    logger.warning("cannot read the replica for /metrics; serving the values read before (at most one line a minute)", metadata: ["error": "\(error)"])
                }
            }
            registry.makeGauge(descriptor: .ready)
                .set(health.isReady ? 1.0 : 0.0)
            return Response(
                status: .ok, headers: [.contentType: metricsContentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("healthz") { _, _ -> Response in
            health.isAlive(now: monotonicMillis())
                ? text(.ok, "ok: the node's loop is running\n")
                : text(.serviceUnavailable, "not running: the node's loop has not turned for \(NodeHealth.livenessMillis / 1000) s, or it is stopping\n")
        }
        router.get("readyz") { _, _ -> Response in
            if let reason = health.notReadyReason { return text(.serviceUnavailable, "not ready: \(reason)\n") }
            return text(.ok, "ready\n")
        }
        return Application(
            router: router, configuration: .init(address: .hostname(address.host, port: address.port), serverName: "liandong"),
            onServerRunning: { _ in health.markHTTPListening() }, logger: logger)
    }

    struct Serving<App: ApplicationProtocol>: Service {
        let address: HTTPAddress
        let application: App

        func run() async throws {
            do { try await application.run() } catch is CancellationError { throw CancellationError() } catch {
                throw HTTPServeError(address: address, underlying: "\(error)")
            }
        }
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A failing replica read is logged at most once a minute, however often it is scraped.
    final class RefreshFailureLog: Sendable {
        private let lastMillis = Mutex<Int64?>(nil)

        func allows(now: Int64) -> Bool {
            lastMillis.withLock { last in
                if let previous = last, now - previous < 60_000, now >= previous { return false }
                last = now
                return true
            }
        }
    }
}

/// The HTTP side could not serve: where, and what the system said.
public struct HTTPServeError: Error, CustomStringConvertible {
    /// Where the node was to serve.
    public var address: HTTPAddress
    /// What the system said (from SwiftNIO).
    public var underlying: String

    public var description: String {
        "cannot serve HTTP on \(address) (--http): \(underlying); is another program using the port?"
    }
}
