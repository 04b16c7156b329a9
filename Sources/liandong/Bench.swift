import ArgumentParser
import Foundation
import GRDB
import LiandongCore
import LiandongDomain
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

    /// The parts of the bench, in the order they run; `--only` runs a subset (for profiling one).
    enum Part: String, ExpressibleByArgument, CaseIterable {
        case write, single, bootstrap, merge, wire, file, sync
    }

    @Option(name: .long, help: "Run only these parts (\(Part.allCases.map(\.rawValue).joined(separator: ", "))); the source replica is always written once.")
    var only: [Part] = []

    private func wants(_ part: Part) -> Bool { only.isEmpty || only.contains(part) }

    static let plainTable = """
        CREATE TABLE record (id TEXT NOT NULL PRIMARY KEY, name TEXT, village TEXT, kind TEXT, count INTEGER, amount INTEGER,
            priority INTEGER, score REAL, note TEXT, flag INTEGER)
        """
    static let insertSQL = "INSERT INTO record (id, name, village, kind, count, amount, priority, score, note, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    static func records(_ count: Int) -> [StatementArguments] { recordValues(count).map(arguments) }

    static func arguments(_ values: [ColumnValue]) -> StatementArguments {
        StatementArguments(values.map(\.databaseValue))
    }

    static func recordValues(_ count: Int) -> [[ColumnValue]] {
        // Seeded from the system generator once: fresh keys every run, at the speed of SplitMix64.
        var rng = SplitMix64(seed: UInt64.random(in: .min ... .max))
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return (0..<count).map { i in
            let key = String((0..<20).map { _ in alphabet.randomElement(using: &rng)! })
            let note = String((0..<200).map { _ in alphabet.randomElement(using: &rng)! })
            let n = Int64(i)
            return [
                .text(key), .text("申请人\(i % 1000)"), .text("4417020012\(i % 100)"), .text(["低保", "医保", "户籍"][i % 3]),
                .integer(n), .integer(n * 7), .integer(n % 5), .real(Double(i) / 3), .text(note), .integer(n % 2),
            ]
        }
    }

    func run() async throws {
        let logger = makeLogger(.warning)
        let fm = FileManager.default
        try? fm.removeItem(atPath: dir)
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: dir) }
        let values = Self.recordValues(rows)
        let data = values.map(Self.arguments)
        say("联动 Liandong bench — \(rows) rows of a 10-column record, one transaction per measurement")
        say("SQLite \(Database.sqliteLibVersionNumber), allocation statistics \(Replica.sqliteTuned ? "off" : "on (the load-time setting failed)"); baselines and Liandong share it")

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
        for round in 0..<(wants(.write) ? Self.insertRounds : 1) {
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
        if wants(.write) { reportWrites(rawRounds, trackedRounds) }
        let rawSeconds = Self.median(rawRounds.map(\.wall))

        // 1b. One row per transaction, as a hall registers one case at a time: every commit is
        // durable (fsynced) when it returns, for the replica as for the baseline.
        if wants(.single) { try await measureSingleRowCommits(data: data, baseline: baselineConfiguration, logger: logger) }
        if wants(.bootstrap) { try await measureBootstrap(logger: logger) }
        guard wants(.merge) || wants(.wire) || wants(.file) || wants(.sync) else { return }
        // 2. Merges of a peer's change sets against raw guarded upserts of the same rows.
        let target = try failing { try Replica.create(at: "\(dir)/target.db", node: NodeID(rawValue: 441_702_001_000), schema: .demo, logger: logger) }
        let chunks = try await measureMerges(values, source: source, target: target, baseline: baselineConfiguration)
        let columnChanges = rows * 9

        // 3. Bytes on the wire.
        let bytes = chunks.reduce(0) { $0 + Envelope(schemaVersion: 1, message: .changes($1)).encoded().count }
        let rawBytes = data.count * (20 + 200 + 40)
        say(String(format: "wire: %.1f bytes per row change, %.1f bytes per column change (payload ≈ %.0f bytes per row)", Double(bytes) / Double(rows), Double(bytes) / Double(columnChanges), Double(rawBytes) / Double(rows)))

        // 4. File size against the same rows in a plain table.
        if wants(.file) { try await plain.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE); VACUUM") }
        try target.write { _ in }
        let checkpoint = try DatabasePool(path: "\(dir)/target.db")
        try await checkpoint.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE); VACUUM") }
        let plainSize = try fileSize(plainPath)
        let replicaSize = try fileSize("\(dir)/target.db")
        say(String(format: "file: replica %.1f MB vs plain table %.1f MB → %.2f× (floor: ≤ 1.6×)", Double(replicaSize) / 1e6, Double(plainSize) / 1e6, Double(replicaSize) / Double(plainSize))) }

        // 5. End to end: two processes over loopback, without encryption and with CURVE, each
        // from its own copy of the source replica into a fresh parent.
        guard wants(.sync) else { return }
        let plainRate = try await endToEnd(source, rows: rows, secure: false, logger: logger)
        report("end-to-end sync over loopback, unencrypted", rows, Double(rows) / plainRate, unit: "rows/s")
        let secureRate = try await endToEnd(source, rows: rows, secure: true, logger: logger)
        report("end-to-end sync over loopback, CURVE", rows, Double(rows) / secureRate, unit: "rows/s")
        say(String(format: "  → CURVE (encrypted, authenticated) runs at %.2f× the unencrypted rate, %.2f× the raw SQLite insert rate; both include process start, handshake, chunking, fsync per chunk and acks",
                   secureRate / plainRate, secureRate / (Double(rows) / rawSeconds)))
    }

    /// A new village's replica with the whole city's catalogue (the full synthetic city's: 2,500
    /// base items, a district's implementation list with its materials, every hall of the tree),
    /// made from its town's snapshot (快照初始化) against the same village synced row by row from
    /// the same town, each timed from nothing to a replica ready to run.
    private func measureBootstrap(logger: Logger) async throws {
        let city = SyntheticCity(seed: 1, shape: .full, firstDay: try Day("2026-11-16"), days: 1)
        let district = city.districts[0]
        let town = city.towns[district]![0]
        let key = PrivacyKey.random()
        let upper = try [SyntheticCity.cityCode, district, town].map { node in
            try failing { try Replica.create(at: "\(dir)/boot-\(node).db", node: node, schema: GovernmentSchema.schema, logger: logger, privacyKey: key) }
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for replica in upper.prefix(2) { try failing { try replica.write { try city.publish(at: replica.node, $0) } } }
        _ = try failing { try upper[1].exchange(withParent: upper[0], nowMillis: now) }
        _ = try failing { try upper[2].exchange(withParent: upper[1], nowMillis: now) }
        var synced = 0
        let syncSeconds = try await time {
            let village = try failing {
                try Replica.create(at: "\(self.dir)/boot-synced.db", node: NodeID(rawValue: town.rawValue + 298), schema: GovernmentSchema.schema, logger: logger)
            }
            synced = try failing { try village.exchange(withParent: upper[2], nowMillis: now).down }
        }
        var copied: BootstrapReport?
        let snapshotSeconds = try await time {
            copied = try failing {
                try Replica.bootstrap(
                    at: "\(self.dir)/boot-snapshot.db", node: NodeID(rawValue: town.rawValue + 299), fromParentReplica: upper[2].path, logger: logger, nowMillis: now
                ).report
            }
        }
        guard let copied else { return }
        say("new village 新村居站点 with the full catalogue 事项目录 (\(copied.totalRows) rows; \(synced) by sync):")
        say(String(format: "  ordinary sync from its town, row by row              %8.0f ms", syncSeconds * 1000))
        say(String(format: "  from its town's snapshot (快照初始化)                  %8.0f ms", snapshotSeconds * 1000))
        say(String(format: "  → ready in %.2f s (floor: ≤ 1 s), %.1f× faster than ordinary sync", snapshotSeconds, syncSeconds / snapshotSeconds))
    }

    /// The merge of each shape of change against a raw guarded upsert (bound through SQLite's C
    /// interface, one prepared statement, one transaction) of the same rows in a plain table with
    /// a version column: into an empty replica, the same changes again, newer versions of every
    /// column, and a newer version of one column (against a guarded `UPDATE` of that column).
    /// Returns the first change set, for the wire and end-to-end parts.
    private func measureMerges(_ values: [[ColumnValue]], source: Replica, target: Replica, baseline: Configuration) async throws -> [ChangeChunk] {
        let upsert = try Self.durablePool("\(dir)/upsert.db", baseline)
        try await upsert.write { try $0.execute(sql: Self.plainTable.replacingOccurrences(of: "flag INTEGER)", with: "flag INTEGER, version INTEGER)")) }
        let upsertSQL = """
            INSERT INTO record (id, name, village, kind, count, amount, priority, score, note, flag, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, village = excluded.village, kind = excluded.kind, count = excluded.count,
                amount = excluded.amount, priority = excluded.priority, score = excluded.score, note = excluded.note, flag = excluded.flag,
                version = excluded.version WHERE excluded.version > record.version
            """
        let upsertRows = { (rows: [[ColumnValue]], version: Int64) in
            try await self.time {
                try await upsert.write { db in
                    let statement = RawStatement(try db.makeStatement(sql: upsertSQL))
                    for row in rows {
                        for (i, value) in row.enumerated() { statement.bind(Int32(i + 1), value) }
                        statement.bind(11, version)
                        try statement.run(db)
                    }
                }
            }
        }
        let role: LinkRole = source.node.tier > target.node.tier ? .child : .parent
        var head = ChangeSeq.zero
        /// Everything the source changed after `head`, as one change set.
        let changeSet = { () throws -> [ChangeChunk] in
            var chunks: [ChangeChunk] = []
            while true {
                // With the delta base the target proved (SPEC §5.5), as a live link would.
                let base = try failing { try target.deltaBase(on: source.node) }
                let chunk = try failing { try source.readChunk(for: target.node, after: head, limit: 512, deltaBase: base) }
                if chunk.rows.isEmpty { break }
                chunks.append(chunk)
                head = chunk.upTo
            }
            return chunks
        }
        let merge = { (chunks: [ChangeChunk]) in
            var changed = 0
            let seconds = try await self.time {
                // One transaction, like the baseline.
                let all = ChangeChunk(
                    after: chunks.first?.after ?? .zero, upTo: chunks.last?.upTo ?? .zero, rows: chunks.flatMap(\.rows), remaining: 0,
                    deltaBase: chunks.map(\.deltaBase).max() ?? .zero, complete: chunks.last?.complete ?? false)
                changed = try failing { try target.apply(all, from: source.node, role: role, drift: ClockDriftPolicy(), nowMillis: wallClockMillis()).changed }
            }
            return (seconds, changed)
        }
        let count = values.count
        let shown = { (name: String, cells: Int, raw: Double, merged: (Double, Int), crSQLite: Double) in
            self.report("  raw guarded upsert: \(name)", cells, raw, unit: "column changes/s")
            self.report("  merge: \(name)", cells, merged.0, unit: "column changes/s")
            say(String(format: "  → %.2f× the raw guarded upsert (floor: ≥ 0.5×), %.1f× cr-sqlite's %.0f column changes/s; %d rows changed",
                            raw / merged.0, Double(cells) / merged.0 / crSQLite, crSQLite, merged.1))
        }
        say("merge of a peer's change set, by shape of change (one transaction each):")
        let first = try changeSet()
        shown("into an empty replica", count * 9, try await upsertRows(values, 1), try await merge(first), 69_500)
        shown("the same changes again", count * 9, try await upsertRows(values, 1), try await merge(first), 69_500)

        // Newer versions of every column.
        let newer = values.map { row in [row[0]] + row[1...].map(Self.changed) }
        try source.write { db in
            let statement = RawStatement(try db.makeStatement(sql: "UPDATE record SET name = ?2, village = ?3, kind = ?4, count = ?5, amount = ?6, priority = ?7, score = ?8, note = ?9, flag = ?10 WHERE id = ?1"))
            for row in newer {
                for (i, value) in row.enumerated() { statement.bind(Int32(i + 1), value) }
                try statement.run(db)
            }
        }
        shown("newer versions of all columns", count * 9, try await upsertRows(newer, 2), try await merge(try changeSet()), 48_800)

        // A newer version of one column, against a guarded UPDATE of that column.
        try source.write { db in try db.execute(sql: "UPDATE record SET count = count + 1") }
        let oneColumn = try changeSet()
        let rawUpdate = try await time {
            try await upsert.write { db in
                let statement = RawStatement(try db.makeStatement(sql: "UPDATE record SET count = count + 1, version = ?2 WHERE id = ?1 AND version < ?2"))
                for row in values {
                    statement.bind(1, row[0])
                    statement.bind(2, Int64(3))
                    try statement.run(db)
                }
            }
        }
        let oneMerge = try await merge(oneColumn)
        report("  raw guarded UPDATE of one column", count, rawUpdate, unit: "rows/s")
        report("  merge: a newer version of one column", count, oneMerge.0, unit: "rows/s")
        say(String(format: "  → %.2f× the raw guarded UPDATE, %.2f× cr-sqlite's 42,300 rows/s (floor: ≥ 3×); %d rows changed",
                   rawUpdate / oneMerge.0, Double(count) / oneMerge.0 / 42_300, oneMerge.1))
        let oneBytes = oneColumn.reduce(0) { $0 + Envelope(schemaVersion: 1, message: .changes($1)).encoded().count }
        say(String(format: "wire: a one-column update costs %.1f bytes per changed column (floor: ≤ 40; cr-sqlite: 102.8)", Double(oneBytes) / Double(count)))
        return first
    }

    /// A different value of the same type.
    static func changed(_ value: ColumnValue) -> ColumnValue {
        switch value {
        case .integer(let v): .integer(v + 1)
        case .real(let v): .real(v + 1)
        case .text(let v): .text(v + "新")
        default: value
        }
    }

    private func reportWrites(_ rawRounds: [Timing], _ trackedRounds: [Timing]) {
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
