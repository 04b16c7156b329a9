#if canImport(Glibc)
import Glibc
#endif

/// A loopback port could not be found (the errno of the call that failed).
public struct LoopbackPortError: Error, CustomStringConvertible {
    public let operation: String
    public let code: Int32
    public var description: String { "cannot find a free loopback port: \(operation) failed: \(String(cString: strerror(code)))" }
}

/// A TCP port on 127.0.0.1 that is free right now (the kernel picks one for port 0, and it is
/// released at once), for the demo, the benchmark and the tests. Another process may take it
/// before it is bound again; on loopback, within a second, that does not happen in practice.
public func freeLoopbackPort() throws(LoopbackPortError) -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw LoopbackPortError(operation: "socket", code: errno) }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    guard bound else { throw LoopbackPortError(operation: "bind", code: errno) }
    return Int(UInt16(bigEndian: address.sin_port))
}
