import ArgumentParser
import Foundation
import GRDB
import LiandongCore
import LiandongLocalCluster
import LiandongStore
import LiandongSync
import LiandongTransport
import LiandongWire
import Logging

/// `liandong bench`: every figure is printed beside a baseline measured in the same run on the
/// same 10-column record (20-character random text key, short texts, integers, a real, a 200-byte
/// text). Raw SQLite baselines use GRDB directly on a plain table; that is what they measure.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure tracked writes, merges, wire size, file size and end-to-end sync against raw SQLite.")

    @Option(help: "Rows per measurement.")
    var rows: Int = 100_000

    @Option(help: "Rows for the one-row-per-transaction measurement (each commit is fsynced).")
    var singleRows: Int = 500

    @Option(help: "Directory for the benchmark's files (removed afterwards).")
    var dir: String = "/tmp/liandong-bench"

    static let plainTable = """
        CREATE TABLE record (id TEXT NOT NULL PRIMARY KEY, name TEXT, village TEXT, kind TEXT, count INTEGER, amount INTEGER,
            priority INTEGER, score REAL, note TEXT, flag INTEGER)
        """
    static let insertSQL = "INSERT INTO record (id, name, village, kind, count, amount, priority, score, note, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    static func records(_ count: Int) -> [StatementArguments] {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return (0..<count).map { i in
            let key = String((0..<20).map { _ in alphabet.randomElement(using: &rng)! })
            let note = String((0..<200).map { _ in alphabet.randomElement(using: &rng)! })
            return StatementArguments([
                key, "申请人\(i % 1000)", "4417020012\(i % 100)", ["低保", "医保", "户籍"][i % 3], i, i * 7, i % 5, Double(i) / 3, note, i % 2,
            ] as [any DatabaseValueConvertible])
        }
    }

    func run() async throws {
        let logger = makeLogger(.warning)
        let fm = FileManager.default
        try? fm.removeItem(atPath: dir)
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: dir) }
        let data = Self.records(rows)
        say("联动 Liandong bench — \(rows) rows of a 10-column record, one transaction per measurement")

        // 1. Raw insert vs tracked local write: five rounds in alternating order, each into fresh
        // files. The ratio is the median of the per-round ratios: the two halves of a round run
        // back to back, so they share whatever else the 2-core machine is doing at the time. The
        // last round's files stay for the steps below.
        let plainPath = "\(dir)/plain.db"
        // Baselines get the same page cache and the same durability as the replica (every commit
        // fsynced: synchronous=FULL in WAL mode), so the ratio compares work, not tuning.
        var baselineConfiguration = Configuration()
        baselineConfiguration.prepareDatabase {
            try $0.execute(sql: "PRAGMA cache_size = -\(Replica.cacheKibibytes)")
            try $0.execute(sql: "PRAGMA synchronous = FULL")
        }
        var rawRounds: [Timing] = []
        var trackedRounds: [Timing] = []
        var plain: DatabasePool?
        var lastSource: Replica?
        for round in 0..<Self.insertRounds {
            for path in [plainPath, "\(dir)/source.db"] {
                for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
            }
            let plainPool = try Self.durablePool(plainPath, baselineConfiguration)
            try await plainPool.write { try $0.execute(sql: Self.plainTable) }
            let replica = try failing { try Replica.create(at: "\(dir)/source.db", node: NodeID(rawValue: 441_702_001_201), schema: .demo, logger: logger) }
            let measureRaw = {
                rawRounds.append(try await self.timing {
                    try await plainPool.write { db in
                        let statement = try db.makeStatement(sql: Self.insertSQL)
                        for arguments in data { try statement.execute(arguments: arguments) }
                    }
                })
            }
            let measureTracked = {
                trackedRounds.append(try await self.timing {
                    try replica.write { db in
                        let statement = try db.makeStatement(sql: Self.insertSQL)
                        for arguments in data { try statement.execute(arguments: arguments) }
                    }
                })
            }
            // Flush the previous measurement's dirty pages first, so that its write-back does not
            // land inside the next measurement.
            let settle = { sync() }
            if round % 2 == 0 {
                settle(); try await measureRaw()
                settle(); try await measureTracked()
            } else {
                settle(); try await measureTracked()
                settle(); try await measureRaw()
            }
            plain = plainPool
            lastSource = replica
        }
        guard let plain, let source = lastSource else { return }
        let rawSeconds = Self.median(rawRounds.map(\.wall))
        let trackedSeconds = Self.median(trackedRounds.map(\.wall))
        let wallRatios = zip(trackedRounds, rawRounds).map { $0.wall / $1.wall }
        let cpuRatios = zip(trackedRounds, rawRounds).map { $0.cpu / $1.cpu }
        let listed = { (ratios: [Double]) in ratios.map { String(format: "%.2f", $0) }.joined(separator: " ") }
        report("raw SQLite insert (median)", rows, rawSeconds, unit: "rows/s")
        report("tracked local write (median)", rows, trackedSeconds, unit: "rows/s")
        say(String(format: "  → tracked write costs %.2f× the raw insert's CPU time (median of %d paired rounds: %@; floor: ≤ 1.5×; cr-sqlite: 10.6×)",
                   Self.median(cpuRatios), cpuRatios.count, listed(cpuRatios)))
        say(String(format: "    and %.2f× its wall-clock time (rounds: %@; both durable: synchronous=FULL, WAL)",
                   Self.median(wallRatios), listed(wallRatios)))

        // 1b. One row per transaction, as a hall registers one case at a time: every commit is
        // durable (fsynced) when it returns, for the replica as for the baseline.
        try await measureSingleRowCommits(data: data, baseline: baselineConfiguration, logger: logger)

        // 2. Raw guarded upsert vs merging the same rows as a change set from a peer.
        let columnChanges = rows * 9
        let upsertPath = "\(dir)/upsert.db"
        let upsert = try Self.durablePool(upsertPath, baselineConfiguration)
        try await upsert.write { try $0.execute(sql: Self.plainTable.replacingOccurrences(of: "flag INTEGER)", with: "flag INTEGER, version INTEGER)")) }
        let upsertSeconds = try await time {
            try await upsert.write { db in
                let statement = try db.makeStatement(
                    sql: """
                        INSERT INTO record (id, name, village, kind, count, amount, priority, score, note, flag, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET name = excluded.name, village = excluded.village, kind = excluded.kind, count = excluded.count,
                            amount = excluded.amount, priority = excluded.priority, score = excluded.score, note = excluded.note, flag = excluded.flag,
                            version = excluded.version WHERE excluded.version > record.version
                        """)
                for (i, arguments) in data.enumerated() {
                    var values = arguments
                    values += [i]
                    try statement.execute(arguments: values)
                }
            }
        }
        var chunks: [ChangeChunk] = []
        var after = ChangeSeq.zero
        let target = try failing { try Replica.create(at: "\(dir)/target.db", node: NodeID(rawValue: 441_702_001_000), schema: .demo, logger: logger) }
        while true {
            let chunk = try failing { try source.readChunk(for: target.node, after: after, limit: 512) }
            if chunk.rows.isEmpty { break }
            chunks.append(chunk)
            after = chunk.upTo
        }
        let now = wallClockMillis()
        var merged = 0
        let mergeSeconds = try await time {
            // One transaction, like the upsert baseline.
            let all = ChangeChunk(after: .zero, upTo: after, rows: chunks.flatMap(\.rows), remaining: 0)
            merged = try failing { try target.apply(all, from: source.node, role: source.node.tier > target.node.tier ? .child : .parent, drift: ClockDriftPolicy(), nowMillis: now).changed }
        }
        report("raw SQLite guarded upsert", columnChanges, upsertSeconds, unit: "column changes/s")
        report("merge of a peer's change set", columnChanges, mergeSeconds, unit: "column changes/s")
        say(String(format: "  → merge runs at %.2f× the guarded-upsert rate (floor: ≥ 150,000 column changes/s; cr-sqlite: 55,000); %d rows changed", upsertSeconds / mergeSeconds, merged))

        // 3. Bytes on the wire.
        let bytes = chunks.reduce(0) { $0 + Envelope(schemaVersion: 1, message: .changes($1)).encoded().count }
        let rawBytes = data.count * (20 + 200 + 40)
        say(String(format: "wire: %.1f bytes per row change, %.1f bytes per column change (payload ≈ %.0f bytes per row)", Double(bytes) / Double(rows), Double(bytes) / Double(columnChanges), Double(rawBytes) / Double(rows)))

        // 4. File size against the same rows in a plain table.
        try await plain.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE); VACUUM") }
        try target.write { _ in }
        let checkpoint = try DatabasePool(path: "\(dir)/target.db")
        try await checkpoint.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE); VACUUM") }
        let plainSize = try fileSize(plainPath)
        let replicaSize = try fileSize("\(dir)/target.db")
        say(String(format: "file: replica %.1f MB vs plain table %.1f MB → %.2f× (floor: ≤ 1.6×)", Double(replicaSize) / 1e6, Double(plainSize) / 1e6, Double(replicaSize) / Double(plainSize)))

        // 5. End to end: two processes over loopback, without encryption and with CURVE, each
        // from its own copy of the source replica into a fresh parent.
        let plainRate = try await endToEnd(source, rows: rows, secure: false, logger: logger)
        report("end-to-end sync over loopback, unencrypted", rows, Double(rows) / plainRate, unit: "rows/s")
        let secureRate = try await endToEnd(source, rows: rows, secure: true, logger: logger)
        report("end-to-end sync over loopback, CURVE", rows, Double(rows) / secureRate, unit: "rows/s")
        say(String(format: "  → CURVE (encrypted, authenticated) runs at %.2f× the unencrypted rate, %.2f× the raw SQLite insert rate; both include process start, handshake, chunking, fsync per chunk and acks",
                   secureRate / plainRate, secureRate / (Double(rows) / rawSeconds)))
    }

    /// Syncs a copy of `source` into a fresh parent in two `liandong run` processes; returns rows/s.
    private func endToEnd(_ source: Replica, rows: Int, secure: Bool, logger: Logger) async throws -> Double {
        let label = secure ? "curve" : "plain"
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let childPath = "\(dir)/e2e-\(label)-child.db"
        let parentPath = "\(dir)/e2e-\(label)-parent.db"
        try failing { try source.backup(to: childPath) }
        let child = try failing { try Replica.open(at: childPath, logger: logger) }
        let parent = try failing { try Replica.create(at: parentPath, node: NodeID(rawValue: 441_702_001_000), schema: .demo, logger: logger) }
        try failing { try parent.setSetting(NodeConfiguration.listenSetting, endpoint) }
        try failing { try child.setSetting(NodeConfiguration.parentSetting, endpoint) }
        var extra = ["--insecure"]
        if secure {
            extra = []
            let childKey = NodeKeyFile(node: child.node, pair: try failing { try CurveKeyPair.generate() })
            let parentKey = NodeKeyFile(node: parent.node, pair: try failing { try CurveKeyPair.generate() })
            try failing { try childKey.write(to: NodeKeyFile.defaultPath(forReplica: childPath)) }
            try failing { try parentKey.write(to: NodeKeyFile.defaultPath(forReplica: parentPath)) }
            var atParent = EnrolledKeys()
            try failing { try atParent.enrol(child.node, key: childKey.pair.publicKey, at: Date()) }
            try failing { try atParent.write(to: EnrolledKeys.defaultPath(forReplica: parentPath), owner: parent.node) }
            var atChild = EnrolledKeys()
            atChild.parent = EnrolledKeys.Parent(node: parent.node, key: parentKey.pair.publicKey)
            try failing { try atChild.write(to: EnrolledKeys.defaultPath(forReplica: childPath), owner: child.node) }
        }
        let executable = NodeProcess.currentExecutable
        let parentProcess = try NodeProcess(
            executable: executable, arguments: ["run", "--db", parentPath, "--log-level", "warning"] + extra, logPath: "\(dir)/e2e-\(label)-parent.log")
        defer { parentProcess.terminate(); parentProcess.waitForExit(seconds: 10) }
        try await Task.sleep(for: .milliseconds(300))
        let start = Date()
        let childProcess = try NodeProcess(
            executable: executable, arguments: ["run", "--db", childPath, "--log-level", "warning"] + extra, logPath: "\(dir)/e2e-\(label)-child.log")
        defer { childProcess.terminate(); childProcess.waitForExit(seconds: 10) }
        while true {
            let count = try failing { try parent.query("SELECT count(*) FROM record").rows.first?.first }
            if count == .integer(Int64(rows)) { break }
            if Date().timeIntervalSince(start) > 300 { throw CommandFailure("end-to-end sync (\(label)) did not finish within 300 s; see \(dir)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        return Double(rows) / Date().timeIntervalSince(start)
    }

    static let insertRounds = 5

    /// A baseline pool whose writer commits with `synchronous=FULL`, as the replica's does: GRDB
    /// turns WAL on with `NORMAL` after `prepareDatabase`, so it is set again on the writer.
    static func durablePool(_ path: String, _ configuration: Configuration) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        let level = try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
        guard level == 2 else { throw CommandFailure("the baseline's writer is not at synchronous=FULL (\(level ?? -1))") }
        return pool
    }

    /// Tracked against raw SQLite, one row per durable transaction, in three paired rounds.
    private func measureSingleRowCommits(data: [StatementArguments], baseline: Configuration, logger: Logger) async throws {
        let count = min(singleRows, data.count)
        let rows = Array(data.prefix(count))
        var raw: [Timing] = []
        var tracked: [Timing] = []
        for round in 0..<3 {
            let plainPath = "\(dir)/single-plain.db"
            let replicaPath = "\(dir)/single-replica.db"
            for path in [plainPath, replicaPath] {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            let plainPool = try Self.durablePool(plainPath, baseline)
            try await plainPool.write { try $0.execute(sql: Self.plainTable) }
            let replica = try failing { try Replica.create(at: replicaPath, node: NodeID(rawValue: 441_702_001_201), schema: .demo, logger: logger) }
            let measureRaw = {
                raw.append(try await self.timing {
                    for arguments in rows { try await plainPool.write { try $0.execute(sql: Self.insertSQL, arguments: arguments) } }
                })
            }
            let measureTracked = {
                tracked.append(try await self.timing {
                    for arguments in rows { try replica.write { try $0.execute(sql: Self.insertSQL, arguments: arguments) } }
                })
            }
            sync()
            if round % 2 == 0 {
                try await measureRaw()
                try await measureTracked()
            } else {
                try await measureTracked()
                try await measureRaw()
            }
        }
        let wallRatios = zip(tracked, raw).map { $0.wall / $1.wall }
        let cpuRatios = zip(tracked, raw).map { $0.cpu / $1.cpu }
        report("raw SQLite, one row per durable commit (median)", count, Self.median(raw.map(\.wall)), unit: "rows/s")
        report("tracked, one row per durable commit (median)", count, Self.median(tracked.map(\.wall)), unit: "rows/s")
        say(String(format: "  → one-row commits: tracked %.2f× raw wall-clock time, %.2f× CPU time (medians of 3 paired rounds; floor: ≤ 1.5×)",
                   Self.median(wallRatios), Self.median(cpuRatios)))
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// Wall-clock and process CPU time of one measurement. CPU time leaves out the time this
    /// shared VM spends on other guests and on write-back of earlier measurements.
    struct Timing {
        var wall: Double
        var cpu: Double
    }

    private func timing(_ body: () async throws -> Void) async throws -> Timing {
        let cpuStart = Self.processCPUSeconds()
        let wall = try await time(body)
        return Timing(wall: wall, cpu: Self.processCPUSeconds() - cpuStart)
    }

    static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private func time(_ body: () async throws -> Void) async throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private func report(_ name: String, _ count: Int, _ seconds: Double, unit: String) {
        say(String(format: "%@ %12.0f %@  (%.3f s)", name.padding(toLength: 48, withPad: " ", startingAt: 0), Double(count) / seconds, unit, seconds))
    }

    private func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
