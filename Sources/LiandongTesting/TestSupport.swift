import Foundation
// Node processes and loopback ports, for every test that starts nodes.
@_exported import LiandongLocalCluster
import LiandongCore
import LiandongStore
import LiandongSync
import Logging

/// A fresh directory under /tmp (short paths: ZeroMQ ipc endpoints are limited to ~107 bytes),
/// removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init(prefix: String = "ld") {
        let template = "/tmp/\(prefix)-XXXXXX"
        var bytes = Array(template.utf8CString)
        let result = bytes.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(result != nil, "mkdtemp failed")
        path = String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func file(_ name: String) -> String { "\(path)/\(name)" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A logger for tests: quiet unless `LIANDONG_TEST_LOG` names a level.
public func testLogger(_ label: String = "test") -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["LIANDONG_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
    return logger
}

extension Replica {
    /// A new replica for `node` in `directory`; a district takes `privacyKey`.
    public static func temporary(_ node: Int64, in directory: TemporaryDirectory, schema: ReplicaSchema = .demo, privacyKey: PrivacyKey? = nil) throws -> Replica {
        try Replica.create(at: directory.file("\(node).db"), node: NodeID(rawValue: node), schema: schema, logger: testLogger(), privacyKey: privacyKey)
    }

    /// Every replicated table's rows, for equality checks.
    public func dumpAll() throws -> [String: [[ColumnValue]]] {
        var result: [String: [[ColumnValue]]] = [:]
        for table in schema.tables { result[table.name] = try dump(table: table.name) }
        return result
    }

    /// Inserts `count` demo records with ids `prefix-N` in one transaction.
    public func insertRecords(_ count: Int, prefix: String, startingAt start: Int = 0) throws {
        try write { db in
            for i in start..<(start + count) {
                try db.execute(
                    sql: "INSERT INTO record (id, name, village, kind, count, amount, priority, score, note, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: ["\(prefix)-\(i)", "name \(i)", "441702001201", "kind", i, i * 10, i % 5, Double(i) / 4, String(repeating: "x", count: 50), i % 2])
            }
        }
    }
}

/// A node running in this process on its own thread, over real ZeroMQ sockets.
public final class InProcessNode: @unchecked Sendable {
    public let replica: Replica
    public let configuration: NodeConfiguration
    private let stop = StopSignal()
    private let finished = DispatchSemaphore(value: 0)
    private let errorBox = ErrorBox()

    final class ErrorBox: @unchecked Sendable {
        var error: (any Error)?
    }

    /// Starts a node on `replica`, secured with the key and enrolment files beside it (CURVE;
    /// `TestKeys.enrol` connects a child to its parent).
    public init(replica: Replica, listen: String? = nil, parent: String? = nil, configure: (inout NodeConfiguration) -> Void = { _ in }) throws {
        var configuration = NodeConfiguration(databasePath: replica.path, listenEndpoint: listen, parentEndpoint: parent, security: try TestKeys.security(for: replica))
        configuration.reconnectInitialMillis = 50
        configuration.reconnectMaxMillis = 500
        configure(&configuration)
        self.replica = replica
        self.configuration = configuration
        let frozen = configuration
        let stop = self.stop
        let finished = self.finished
        let box = errorBox
        let thread = Thread {
            do {
                try NodeRuntime(replica: replica, configuration: frozen, logger: testLogger(), stop: stop).run()
            } catch {
                box.error = error
            }
            finished.signal()
        }
        thread.start()
    }

    /// Stops the node and waits for its thread; returns the error it stopped with, if any.
    @discardableResult
    public func shutdown() -> (any Error)? {
        stop.stop()
        finished.wait()
        // Idempotent: a later call (a test's `defer` after an explicit shutdown) returns at once.
        finished.signal()
        return errorBox.error
    }
}

/// Waits until `condition` holds, polling; false after `seconds`.
public func eventually(seconds: Double = 20, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}

/// The `liandong` executable built next to the test bundle.
public var liandongExecutable: String {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("liandong").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/liandong").path
}

/// Runs a command to completion and returns (exit status, standard output + error).
@discardableResult
public func runCommand(_ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
    let process = Process()
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    if let input {
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        try process.run()
        inputPipe.fileHandleForWriting.write(Data(input.utf8))
        inputPipe.fileHandleForWriting.closeFile()
    } else {
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
