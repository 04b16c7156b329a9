import Foundation

/// A `liandong` child process (the demo and the end-to-end tests run whole nodes this way).
public final class NodeProcess: @unchecked Sendable {
    private let process = Process()
    public let arguments: [String]
    public let logPath: String

    /// The path of the running `liandong` executable.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Starts `executable` with `arguments`, appending its standard error and output to `logPath`;
    /// `environment` is added to this process's.
    public init(executable: String, arguments: [String], logPath: String, environment: [String: String] = [:]) throws {
        self.arguments = arguments
        self.logPath = logPath
        // createFile truncates an existing file: a restarted node must not wipe its earlier log.
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        try process.run()
    }

    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var exitStatus: Int32 { process.terminationStatus }

    /// SIGTERM: a graceful stop.
    public func terminate() { if process.isRunning { kill(process.processIdentifier, SIGTERM) } }

    /// SIGKILL: a crash, as far as the node can tell.
    public func kill9() { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// Waits for the process to exit; false if it still runs after `seconds`.
    @discardableResult
    public func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return !process.isRunning
    }

    /// Stops all of `processes` gracefully at once (SIGTERM to each, then waits for each up to
    /// `seconds`), in the order given: children before their parents, as an operator would.
    public static func terminateAll(_ processes: NodeProcess..., seconds: Double = 10) {
        for process in processes { process.terminate() }
        for process in processes { process.waitForExit(seconds: seconds) }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
