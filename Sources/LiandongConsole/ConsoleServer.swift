import Foundation
import Hummingbird
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync
import Logging

/// Where and how the console serves (`liandong console`; docs/console.md).
public struct ConsoleConfiguration: Sendable {
    /// The host to bind: loopback (127.0.0.1) unless the operator writes another out.
    public var host: String
    /// The TCP port; 0 lets the system choose.
    public var port: Int
    /// Required for any host that is not loopback (`ConsoleConfigurationError`).
    public var credentials: ConsoleCredentials?

    /// The console's default port.
    public static let defaultPort = 8080

    /// Serve on `host`:`port`, behind `credentials` if set.
    public init(host: String = "127.0.0.1", port: Int = defaultPort, credentials: ConsoleCredentials? = nil) {
        self.host = host
        self.port = port
        self.credentials = credentials
    }

    /// Whether `host` names this machine's loopback interface only.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Throws unless the configuration is safe to serve: a host that is not loopback needs credentials.
    public func validate() throws(ConsoleConfigurationError) {
        if !Self.isLoopback(host), credentials == nil {
            throw ConsoleConfigurationError(
                message:
                    "the console would serve \(host):\(port), which is not loopback, without authentication: give --password-file FILE (HTTP Basic, user \"admin\" unless --user), or bind 127.0.0.1"
            )
        }
        if let credentials, credentials.password.isEmpty {
            throw ConsoleConfigurationError(message: "the password file is empty; write the console's password on its first line")
        }
    }
}

/// The console's configuration is unsafe or incomplete; nothing was served.
public struct ConsoleConfigurationError: Error, CustomStringConvertible {
    /// What is wrong and what to do.
    public var message: String
    public var description: String { message }
}

/// The web console (控制台, docs/console.md): read-only pages in Chinese on a node's replica, for
/// the node's subtree: the node tree with each link's state, lag and backlog, the supervision
/// statistics with charts, the alerts of 电子监察 with their answers, and refusals.
public enum ConsoleServer {
    /// The console's routes on `router`, reading `replica` (opened from `path`) on each request.
    /// `credentials`: require HTTP Basic authentication on every route. Register on a fresh
    /// router (the access middleware must come before any route) made with
    /// `.autoGenerateHeadEndpoints`, for HEAD to be answered from GET.
    public static func register<Context: RequestContext>(
        on router: Router<Context>, replica: Replica, path: String, credentials: ConsoleCredentials?, logger: Logger
    ) {
        router.add(middleware: ConsoleAccessMiddleware<Context>(credentials: credentials))
        let node = replica.node
        func serve(_ title: String, _ current: String, _ body: @escaping @Sendable (Request) throws -> String) -> @Sendable (Request, Context) async throws -> Response {
            { request, _ in
                do {
                    let html = try await onThread { try body(request) }
                    return Response(
                        status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: page(title: title, node: node, current: current, body: html))))
                } catch let invalid as StatisticsQuery.Invalid {
                    return Response(
                        status: .badRequest, headers: [.contentType: "text/html; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: page(title: title, node: node, current: current, body: "<section><p>\(HTML.text(invalid.message))</p></section>"))))
                } catch {
                    logger.warning("the console cannot read the replica", metadata: ["replica.path": "\(path)", "error": "\(error)"])
                    return Response(
                        status: .internalServerError, headers: [.contentType: "text/html; charset=utf-8"],
                        body: ResponseBody(
                            byteBuffer: ByteBuffer(string: page(title: title, node: node, current: current, body: "<section><p>无法读取副本 cannot read the replica: \(HTML.text("\(error)"))</p></section>"))))
                }
            }
        }
        @Sendable func statistics(_ request: Request) throws -> String {
            let parameters = request.uri.queryParameters
            let query = try StatisticsQuery(
                from: parameters["from"].map(String.init), to: parameters["to"].map(String.init), by: parameters["by"].map(String.init), node: node, today: today())
            let rows = try replica.read { try SupervisionStatistics.compute($0, root: node, from: query.from, to: query.to, by: query.by.grouping) }
            return ConsolePages.statisticsSection(query, rows: rows)
        }
        @Sendable func tree() throws -> String { ConsolePages.treeSection(try ConsoleReading.tree(replica, path: path, nowMillis: wallClockMillis())) }
        @Sendable func alerts() throws -> String {
            let (count, alerts, names) = try replica.read { db in
                let (count, alerts) = try ConsoleReading.alerts(db, root: node, limit: 500)
                return (count, alerts, try ConsoleReading.regionNames(db))
            }
            return ConsolePages.alertsSection(count: count, alerts: alerts, names: names)
        }
        @Sendable func refusals() throws -> String {
            let (byRule, newest) = try replica.read { try ConsoleReading.refusals($0, limit: 200) }
            return ConsolePages.refusalsSection(byRule: byRule, newest: newest)
        }
        router.get("/", use: serve("总览 overview", "/") { request in try tree() + statistics(request) })
        router.get("/tree", use: serve("节点树 node tree", "/tree") { _ in try tree() })
        router.get("/stats", use: serve("统计 statistics", "/stats") { request in try statistics(request) })
        router.get("/alerts", use: serve("电子监察 supervision", "/alerts") { _ in try alerts() })
        router.get("/refusals", use: serve("拒收 refusals", "/refusals") { _ in try refusals() })
    }

    /// The console as an application on `configuration`'s address (validated first).
    public static func application(
        configuration: ConsoleConfiguration, replica: Replica, path: String, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws(ConsoleConfigurationError) -> some ApplicationProtocol {
        try configuration.validate()
        let router = Router(options: .autoGenerateHeadEndpoints)
        register(on: router, replica: replica, path: path, credentials: configuration.credentials, logger: logger)
        return Application(
            router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "liandong-console"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) }, logger: logger)
    }

    static func page(title: String, node: NodeID, current: String, body: String) -> String {
        ConsolePages.page(title: title, node: node, current: current, body: body)
    }

    static func plain(_ status: HTTPResponse.Status, _ body: String, extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// Today in local time (China Standard Time on a city's servers), as `liandong stats` counts it.
    static func today() -> Day {
        let seconds = Int64(Date().timeIntervalSince1970) + Int64(TimeZone.current.secondsFromGMT())
        return Day(number: Int(seconds / 86_400))
    }

    /// Runs blocking replica reads off the cooperative pool.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let box = ResultBox<T>()
        try await runOnDedicatedThread { box.value = try body() }
        return box.value!
    }

    final class ResultBox<T: Sendable>: @unchecked Sendable {
        var value: T?
    }
}
