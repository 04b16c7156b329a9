#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells systemd how the node stands (`sd_notify(3)`, deploy/liandong.service `Type=notify`):
/// one datagram per message to the AF_UNIX socket named in `$NOTIFY_SOCKET`, a path or, with a
/// leading `@`, an abstract name. No libsystemd: the protocol is one `sendto`. Without
/// `$NOTIFY_SOCKET` (not started by systemd) every call does nothing.
public struct SystemdNotifier: Sendable {
    /// The socket's address as systemd gave it; nil: not under systemd.
    public let socketAddress: String?

    /// The notifier for `environment` (by default this process's): `NOTIFY_SOCKET`.
    public init(environment: [String: String]? = nil) {
        let value: String? =
            if let environment { environment["NOTIFY_SOCKET"] } else { getenv("NOTIFY_SOCKET").map { String(cString: $0) } }
        socketAddress = value.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A notifier for the socket at `address` (a path, or `@name` for an abstract socket).
    public init(socketAddress address: String) {
        socketAddress = address
    }

    /// The watchdog interval systemd asks for (`WatchdogSec=`, as `$WATCHDOG_USEC`), in
    /// milliseconds; nil: no watchdog, or it is meant for another process (`$WATCHDOG_PID`).
    public static func watchdogMillis(environment: [String: String]) -> Int64? {
        guard let text = environment["WATCHDOG_USEC"], let micros = Int64(text), micros > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"], pid != String(getpid()) { return nil }
        return micros / 1000
    }

    /// Sends `state` (`READY=1`, `STOPPING=1`, `WATCHDOG=1`, `STATUS=…`, lines joined by
    /// newlines). Throws when the socket named cannot be reached; does nothing without one.
    public func notify(_ state: String) throws(SystemdNotifyError) {
        guard let address = socketAddress else { return }
        var name = Array(address.utf8)
        let abstract = name.first == UInt8(ascii: "@")
        if abstract { name[0] = 0 }
        var socketAddress = sockaddr_un()
        let capacity = MemoryLayout.size(ofValue: socketAddress.sun_path)
        // A path needs its terminating NUL; an abstract name is counted by the length alone.
        guard name.count + (abstract ? 0 : 1) <= capacity, address.count > (abstract ? 1 : 0) else {
            throw SystemdNotifyError(address: address, reason: "the socket address is empty or too long")
        }
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { path in
            for (index, byte) in name.enumerated() { path[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.count + (abstract ? 0 : 1))
        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { throw SystemdNotifyError(address: address, reason: "socket() failed: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let message = Array(state.utf8)
        let sent = message.withUnsafeBytes { bytes in
            withUnsafePointer(to: &socketAddress) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, bytes.baseAddress, bytes.count, 0, $0, length) }
            }
        }
        guard sent == message.count else {
            throw SystemdNotifyError(address: address, reason: "sendto failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// A notification systemd could not be sent: the socket's address and why.
public struct SystemdNotifyError: Error, CustomStringConvertible {
    /// The socket's address, as in `$NOTIFY_SOCKET`.
    public var address: String
    /// What failed.
    public var reason: String

    public var description: String { "cannot notify systemd at \(address): \(reason)" }
}
