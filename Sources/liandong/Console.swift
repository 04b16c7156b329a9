import ArgumentParser
import Foundation
import LiandongConsole
import LiandongHTTP
import LiandongStore
import ServiceLifecycle

/// `liandong console`: the web console (控制台, docs/console.md) on a replica, read-only, beside
/// the node that owns it or on its own.
struct Console: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the read-only web console (控制台) in Chinese for this node's subtree: node tree 节点树 with link state, lag and backlog; statistics 统计 with charts; 电子监察 alerts and answers; refusals 拒收 (docs/console.md).")

    @OptionGroup var replica: ReplicaOptions

    @Option(help: "Where to serve, [HOST:]PORT; a port alone and the default listen on loopback only. Any other host needs --password-file.")
    var listen: String = "127.0.0.1:\(ConsoleConfiguration.defaultPort)"

    @Option(help: "A file whose first line is the console's password: every page then asks for HTTP Basic authentication. Required to listen beyond loopback.")
    var passwordFile: String?

    @Option(help: "The user name for HTTP Basic authentication (with --password-file).")
    var user: String = "admin"

    func run() async throws {
        let logger = makeLogger(replica.logLevel)
        guard let address = HTTPAddress(parsing: listen) else {
            throw CommandFailure("error: --listen \(listen) is not PORT, HOST:PORT or [IPV6]:PORT (e.g. --listen 127.0.0.1:\(ConsoleConfiguration.defaultPort))", status: .usage)
        }
        var credentials: ConsoleCredentials?
        if let passwordFile {
            let text: String
            do { text = try String(contentsOfFile: passwordFile, encoding: .utf8) } catch {
                throw CommandFailure("error: cannot read the console's password file \(passwordFile): \(error.localizedDescription)", status: .configuration)
            }
            let password = text.split(separator: "\n", omittingEmptySubsequences: false).first.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            credentials = ConsoleCredentials(user: user, password: password)
        }
        let configuration = ConsoleConfiguration(host: address.host, port: address.port, credentials: credentials)
        let authenticated = credentials != nil
        do { try configuration.validate() } catch { throw CommandFailure("error: \(error)", status: .configuration) }
        let opened = try failing { try Replica.openShipped(at: replica.db, logger: logger) }
        let application = try ConsoleServer.application(
            configuration: configuration, replica: opened, path: replica.db, logger: logger,
            onServerRunning: { port in
                say("控制台 console of node \(opened.node) serving http://\(HTTPAddress(host: address.host, port: port))/" + (authenticated ? " (HTTP Basic 需要登录)" : ""))
            })
        let group = ServiceGroup(configuration: .init(services: [.init(service: application)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do { try await group.run() } catch {
            throw CommandFailure("error: cannot serve the console on \(address): \(error); is another program using the port?", status: .configuration)
        }
    }
}
