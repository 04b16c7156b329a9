import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real AF_UNIX datagram socket standing in for systemd's notification socket
/// (`$NOTIFY_SOCKET`): bound at a path, or at an abstract name when it starts with `@`.
public final class NotifySocket: @unchecked Sendable {
    /// The address to put in `NOTIFY_SOCKET`.
    public let address: String
    private let fd: Int32

    /// Binds a datagram socket at `address`.
    public init(address: String) throws {
        self.address = address
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw NotifySocketError(description: "socket(AF_UNIX) failed: errno \(errno)") }
        var name = Array(address.utf8)
        let abstract = name.first == UInt8(ascii: "@")
        if abstract { name[0] = 0 }
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { path in
            for (index, byte) in name.enumerated() { path[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &socketAddress) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else {
            close(fd)
            throw NotifySocketError(description: "bind \(address) failed: errno \(errno)")
        }
    }

    /// The next datagram, or nil after `seconds` without one.
    public func receive(seconds: Double) -> String? {
        var poll = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard Glibc.poll(&poll, 1, Int32(seconds * 1000)) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count >= 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }

    /// The next datagram, or nil after `seconds` without one, waiting without holding a thread
    /// of the cooperative pool (the service under test needs one to send).
    public func next(seconds: Double) async -> String? {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        repeat {
            if let message = receive(seconds: 0) { return message }
            try? await Task.sleep(for: .milliseconds(10))
        } while ContinuousClock.now < deadline
        return receive(seconds: 0)
    }

    /// Datagrams until one contains `line` as a line of its own; nil when none does within `seconds`.
    public func awaitLine(_ line: String, seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let message = receive(seconds: max(0.01, deadline.timeIntervalSinceNow)), message.split(separator: "\n").contains(Substring(line)) {
                return message
            }
        }
        return nil
    }

    deinit {
        close(fd)
        if !address.hasPrefix("@") { unlink(address) }
    }
}

/// A notification socket that could not be made: which call failed and why.
public struct NotifySocketError: Error, CustomStringConvertible {
    /// What failed, with the address.
    public var description: String
}
