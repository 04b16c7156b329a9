import Foundation

/// File operations that are on disk when they return: a copy is fsynced, a rename is followed by
/// an fsync of its directory (docs/durability-and-time.md: what a node reports done is done).
/// Backup and restore (`ReplicaBackup`) are built from these.
enum DurableFiles {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// The operating system's message for the last failed call.
    private static var reason: String { String(cString: strerror(errno)) }

    /// Flushes the file at `path` to disk.
    static func sync(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError(.sqlite, "cannot open the file to flush it to disk: \(reason)", path: path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw StoreError(.sqlite, "cannot flush the file to disk (fsync): \(reason)", path: path) }
    }

    /// Flushes the directory holding `path`, so that a file created or renamed in it stays.
    static func syncDirectory(of path: String) throws(StoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        try sync(directory.isEmpty ? "." : directory)
    }

    /// Renames `from` to `to` (replacing `to` if it exists) and flushes the directory.
    static func rename(_ from: String, to: String) throws(StoreError) {
        guard Foundation.rename(from, to) == 0 else { throw StoreError(.sqlite, "cannot rename \(from) to \(to): \(reason)", path: from) }
        try syncDirectory(of: to)
    }

    /// Copies `source` to a new file `destination` (refused if it exists) with `mode`, fsynced.
    static func copy(_ source: String, to destination: String, mode: mode_t) throws(StoreError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw StoreError(.sqlite, "cannot read the file: \(reason)", path: source) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard output >= 0 else { throw StoreError(.sqlite, "cannot create the file: \(reason)", path: destination) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { break }
            guard count > 0 else { throw StoreError(.sqlite, "cannot read the file: \(reason)", path: source) }
            var written = 0
            while written < count {
                let step = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, count - written) }
                guard step > 0 else {
                    throw StoreError(errno == ENOSPC ? .diskFull : .sqlite, "cannot write the copy: \(reason)", path: destination)
                }
                written += step
            }
        }
        guard fsync(output) == 0 else { throw StoreError(.sqlite, "cannot flush the copy to disk (fsync): \(reason)", path: destination) }
        try syncDirectory(of: destination)
    }

    /// The file's permission bits, nil when it does not exist.
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    /// The file's size in bytes (0 when it cannot be read).
    static func size(_ path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int64(info.st_size)
    }

    /// `path` with its directory resolved (symbolic links, `..`), to tell two names of one file apart.
    static func canonical(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path
    }

    /// Removes a file this code made and abandoned (a partial copy and its SQLite side files).
    static func removeLeftovers(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
