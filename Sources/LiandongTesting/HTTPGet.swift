import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP response as a test reads it.
public struct HTTPReply: Sendable {
    /// The status code.
    public var status: Int
    /// The headers, names lowercased.
    public var headers: [String: String]
    /// The body as text (de-chunked).
    public var body: String
}

/// A failed HTTP request: what was asked and why it failed.
public struct HTTPGetError: Error, CustomStringConvertible {
    /// What failed, with the address.
    public var description: String
}

/// One `GET path` over a real TCP connection to 127.0.0.1:`port` (HTTP/1.1, `Connection:
/// close`, read to the end), so a test sees the bytes a scraper would. No client library: the
/// package has none, and the exchange is a dozen lines. Times out after `seconds`.
public func httpGet(port: Int, path: String, seconds: Int = 10) throws -> HTTPReply {
    try httpRequest(port: port, method: "GET", path: path, seconds: seconds)
}

/// One `method path` request like `httpGet`, with extra `headers` (an `Authorization` line,
/// say): what a test of the console's authentication and methods sends.
public func httpRequest(port: Int, method: String, path: String, headers extra: [String: String] = [:], seconds: Int = 10) throws -> HTTPReply {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw HTTPGetError(description: "socket() failed: errno \(errno)") }
    defer { close(fd) }
    var timeout = timeval(tv_sec: seconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw HTTPGetError(description: "connect to 127.0.0.1:\(port) failed: errno \(errno)") }
    let extraLines = extra.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\r\n" }.joined()
    let length = method == "GET" || method == "HEAD" ? "" : "Content-Length: 0\r\n"
    let request = Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\(length)\(extraLines)\r\n".utf8)
    guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else {
        throw HTTPGetError(description: "send to 127.0.0.1:\(port) failed: errno \(errno)")
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 { break }
        guard count > 0 else { throw HTTPGetError(description: "receive from 127.0.0.1:\(port)\(path) failed: errno \(errno)") }
        received += buffer[0..<count]
    }
    let text = String(decoding: received, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else { throw HTTPGetError(description: "no end of headers in: \(text.prefix(200))") }
    let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
    let statusWords = head[0].split(separator: " ")
    guard statusWords.count >= 2, statusWords[0].hasPrefix("HTTP/1."), let status = Int(statusWords[1]) else {
        throw HTTPGetError(description: "not an HTTP status line: \(head[0])")
    }
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    var body = String(text[split.upperBound...])
    if headers["transfer-encoding"]?.lowercased() == "chunked" { body = try dechunked(body) }
    return HTTPReply(status: status, headers: headers, body: body)
}

/// The body of a chunked transfer (`Transfer-Encoding: chunked`).
private func dechunked(_ text: String) throws -> String {
    var rest = Substring(text)
    var body = ""
    while let lineEnd = rest.range(of: "\r\n") {
        guard let size = Int(rest[..<lineEnd.lowerBound].split(separator: ";")[0], radix: 16) else {
            throw HTTPGetError(description: "bad chunk size in: \(rest.prefix(40))")
        }
        if size == 0 { return body }
        let start = lineEnd.upperBound
        let utf8 = rest.utf8
        guard let end = utf8.index(start, offsetBy: size, limitedBy: utf8.endIndex) else { throw HTTPGetError(description: "truncated chunk") }
        body += String(rest[start..<end])
        rest = rest[end...].dropFirst(2)
    }
    throw HTTPGetError(description: "chunked body without its last chunk")
}
