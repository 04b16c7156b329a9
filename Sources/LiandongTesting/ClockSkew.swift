import Foundation

/// Runs a child process with its system clock off by a given amount (a village PC with a dead
/// CMOS battery or a hand-set clock): `Tests/Preload/clockskew.c`, compiled once per test
/// process and injected with `LD_PRELOAD`, shifts the wall clock the process and its SQLite see.
/// The monotonic clock stays true.
public enum ClockSkew {
    /// The environment to add to a child process's so that its clock runs `offsetMillis` off
    /// (positive: fast).
    public static func environment(offsetMillis: Int64) throws -> [String: String] {
        let library = try compiledLibrary.get()
        let inherited = ProcessInfo.processInfo.environment["LD_PRELOAD"].map { ":" + $0 } ?? ""
        return ["LD_PRELOAD": library + inherited, "LIANDONG_CLOCK_OFFSET_MS": String(offsetMillis)]
    }

    private static let compiledLibrary = Result { try compileLibrary() }
    // Held by a static, so never released: removed by the atexit handler below instead.
    private static let libraryDirectory = TemporaryDirectory(prefix: "ld-clockskew")

    private static func compileLibrary() throws -> String {
        // The source is found from this file's place, in the checkout this test binary came from.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Preload/clockskew.c").path
        guard FileManager.default.fileExists(atPath: source) else { throw PowerCutError("no \(source)") }
        let library = libraryDirectory.file("libliandong-clockskew.so")
        atexit {
            unlink(ClockSkew.libraryDirectory.file("libliandong-clockskew.so"))
            rmdir(ClockSkew.libraryDirectory.path)
        }
        try compileSharedLibrary(source, to: library, options: ["-D_GNU_SOURCE"], libraries: ["-ldl"])
        return library
    }
}
