import Foundation
import LiandongPowerCut

/// Simulated power loss for SQLite databases in tests (docs/power-loss.md).
///
/// Killing a process keeps the kernel's page cache, so every write it made survives and a crash
/// test that only kills proves nothing about a power cut. On the power-cut layer (the C target
/// `LiandongPowerCut`, an SQLite VFS) each database, journal and WAL file keeps a side log,
/// `<file>-unsynced`, of what was written since its last fsync; ``cut(database:)`` then undoes
/// exactly that, leaving what a power cut would: the fsynced bytes and nothing else.
///
/// In this process: ``registerInProcess()`` before opening databases; write; ``freeze(prefix:)``,
/// close the connections (their close-time checkpoint is dropped), ``thaw(prefix:)``;
/// ``cut(database:)``; reopen. In a child process (a `liandong` node, the `sqlite3` shell): start
/// it with ``environment(preload:)`` of ``preloadLibrary()``, kill it with SIGKILL, then
/// ``cut(database:)``.
public enum PowerCut {
    /// What the layer appends to a file's path to name its side log.
    public static let sideLogSuffix = "-unsynced"

    /// Makes the power-cut layer this process's default SQLite VFS, so that every database opened
    /// afterwards (GRDB's too) is on it. Idempotent. Every database of the process is then
    /// logged, at the cost of one extra read and append per overwrite of synced bytes.
    public static func registerInProcess() throws {
        let code = liandong_powercut_register(1)
        guard code == 0 else { throw PowerCutError("cannot register the powercut VFS: SQLite error \(code)") }
    }

    /// Cuts the power on the database at `path`, offline (no connection may have it open): the
    /// database, its `-wal` and its `-journal` lose every byte written since their last fsync, and
    /// the `-shm` index is deleted, as SQLite rebuilds it from the WAL. Files without a side log
    /// are left as they are.
    public static func cut(database path: String) throws {
        for file in [path, path + "-wal", path + "-journal"] {
            let code = liandong_powercut_apply(file)
            guard code == 0 else { throw PowerCutError("cannot cut \(file): \(String(cString: strerror(code)))") }
        }
        if unlink(path + "-shm") != 0 && errno != ENOENT {
            throw PowerCutError("cannot delete \(path)-shm: \(String(cString: strerror(errno)))")
        }
    }

    /// Drops, until ``thaw(prefix:)``, every write, truncate, sync and delete this process makes
    /// through the layer to files whose path starts with `prefix` (a test's directory, with its
    /// trailing `/`). Freeze after the simulated power cut and before closing connections, or
    /// their close-time checkpoint would make the unsynced data durable.
    public static func freeze(prefix: String) {
        liandong_powercut_freeze(prefix)
    }

    /// Ends ``freeze(prefix:)`` for `prefix`; call it before ``cut(database:)``.
    public static func thaw(prefix: String) {
        liandong_powercut_thaw(prefix)
    }

    /// The path of the layer built as a shared library for `LD_PRELOAD`, compiled with `cc` from
    /// the `LiandongPowerCut` sources once per test process, into a directory removed at exit.
    public static func preloadLibrary() throws -> String {
        try compiledLibrary.get()
    }

    /// The environment to add to a child process's to put it on the layer: `library` (from
    /// ``preloadLibrary()``) first in `LD_PRELOAD`, before any this process already has, and
    /// `LIANDONG_POWERCUT=1`, which makes the library register itself as SQLite's default VFS.
    public static func environment(preload library: String) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment["LD_PRELOAD"].map { ":" + $0 } ?? ""
        return ["LD_PRELOAD": library + inherited, "LIANDONG_POWERCUT": "1"]
    }

    private static let compiledLibrary = Result { try compileLibrary() }
    // Held by a static, so never released: removed by the atexit handler below instead.
    private static let libraryDirectory = TemporaryDirectory(prefix: "ld-powercut")

    private static func compileLibrary() throws -> String {
        // The sources are found beside this file's, as in the checkout this test binary came from.
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LiandongPowerCut")
        let source = sources.appendingPathComponent("powercut.c").path
        guard FileManager.default.fileExists(atPath: source) else { throw PowerCutError("no \(source)") }
        let library = libraryDirectory.file("libliandong-powercut.so")
        atexit {
            unlink(PowerCut.libraryDirectory.file("libliandong-powercut.so"))
            rmdir(PowerCut.libraryDirectory.path)
        }
        let include = sources.appendingPathComponent("include").path
        try compileSharedLibrary(source, to: library, options: ["-I", include], libraries: ["-lsqlite3"])
        return library
    }
}

/// Compiles one C file into a shared library for `LD_PRELOAD`, with `cc` where there is one,
/// else the clang of the Swift toolchain.
func compileSharedLibrary(_ source: String, to library: String, options: [String] = [], libraries: [String] = []) throws {
    var failures: [String] = []
    for compiler in ["cc", "clang"] {
        let (status, output) = try runCommand("/usr/bin/env", [compiler, "-shared", "-fPIC", "-O2"] + options + ["-o", library, source] + libraries)
        if status == 0 { return }
        failures.append("\(compiler) exited with \(status): \(output)")
    }
    throw PowerCutError("cannot compile \(source):\n" + failures.joined(separator: "\n"))
}

/// Why the power-cut layer could not do what a test asked.
public struct PowerCutError: Error, CustomStringConvertible {
    /// What failed, and the system's reason.
    public let description: String

    init(_ description: String) { self.description = description }
}
