/// Where a node serves HTTP (`liandong run --http`): a host and a port. Given a port alone it
/// is loopback only (127.0.0.1): the metrics name the node's peers and their state, so exposing
/// them on the network is a decision the operator writes out (`--http 0.0.0.0:9464`).
public struct HTTPAddress: Sendable, Hashable, CustomStringConvertible {
    /// A host name or address to bind (`127.0.0.1`, `0.0.0.0`, `::1`).
    public var host: String
    /// The TCP port; 0 lets the system choose.
    public var port: Int

    /// The port deploy/liandong.service serves on (docs/metrics.md).
    public static let defaultPort = 9464

    /// The address `host`:`port`.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `PORT`, `HOST:PORT` or `[IPV6]:PORT`; nil when it is none of these or the port is out of range.
    public init?(parsing text: String) {
        if let port = Int(text) {
            self.init(host: "127.0.0.1", port: port)
        } else if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()) else { return nil }
            self.init(host: String(text[text.index(after: text.startIndex)..<close]), port: port)
        } else if let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) {
            let host = String(text[..<colon])
            guard !host.isEmpty, !host.contains(":") else { return nil }
            self.init(host: host, port: port)
        } else {
            return nil
        }
        guard (0...65_535).contains(port) else { return nil }
    }

    /// `HOST:PORT`, with an IPv6 host in brackets.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
