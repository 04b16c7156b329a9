#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on `<database>.lock`, held while a node runs, so that a second
/// `liandong run` on the same replica is refused and `liandong sync` knows a node is running.
/// The kernel releases it when the process dies, even by SIGKILL.
public final class NodeLock: Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock, or returns nil when another process holds it.
    ///
    /// `isHeld` (behind `liandong status` and `liandong sync`) probes by taking the lock for an
    /// instant, so a refusal is retried for up to `probeGraceMillis` before another process is
    /// taken to hold it; otherwise a node starting during a probe would refuse to run.
    public init?(path: String) throws(NodeError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw NodeError("cannot open lock file \(path): \(String(cString: strerror(errno)))") }
        var waitedMillis = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard waitedMillis < Self.probeGraceMillis else {
                close(fd)
                return nil
            }
            usleep(5_000)
            waitedMillis += 5
        }
        self.descriptor = fd
        self.path = path
    }

    /// How long a refused lock is retried: far longer than a probe holds it, far shorter than
    /// any real holder does.
    public static let probeGraceMillis = 200

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// True when some process holds the lock on `path` right now.
    public static func isHeld(path: String) -> Bool {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }
}
