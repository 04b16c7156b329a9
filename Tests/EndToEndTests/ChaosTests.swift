import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Synchronization
import Testing

/// Real `liandong` processes under faults: nodes SIGKILLed in the middle of transfers and a town
/// whose disk fills up while it applies a village's changes.
@Suite(.serialized) struct ChaosTests {
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    /// One hall of the tree as a `liandong run` process that the test may kill and start again.
    final class Hall {
        let region: NodeID
        let db: String
        let log: String
        private(set) var process: NodeProcess

        init(region: NodeID, db: String, log: String) throws {
            self.region = region
            self.db = db
            self.log = log
            process = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", db], logPath: log)
        }

        /// SIGKILL (if it still runs), then a new process on the same file at once. True when the
        /// new process holds the node lock (the old one's lock is free once the kernel reaps it)
        /// and runs (it could bind its port again).
        func crashAndRestart() throws -> Bool {
            process.kill9()
            guard process.waitForExit(seconds: 10) else { return false }
            process = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", db], logPath: log)
            return eventually(seconds: 10) { NodeLock.isHeld(path: db + ".lock") || !process.isRunning } && process.isRunning
        }

        /// The end of the node's log, for a failure message.
        var logTail: String {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").suffix(15).joined(separator: "\n")
        }
    }

    /// Registers `projectNos` at `village` in one transaction, as the village's desk does.
    static func register(_ projectNos: some Sequence<String>, at village: NodeID, in replica: Replica) throws {
        let numbers = Array(projectNos)
        try replica.write { db in
            for projectNo in numbers {
                try CaseDesk.register(
                    CaseApplication(
                        projectNo: projectNo, taskHandleItem: "item", taskName: "最低生活保障", instant: false, channel: "proxy", applicantName: "王五",
                        idNumber: "440102199001011234", phone: "13812345678", address: "某村", applyDate: "2026-11-23"),
                    at: village, db)
            }
        }
    }

    func count(_ sql: String, at replica: Replica) throws -> Int64 {
        try replica.query(sql).rows.first?.first?.integerValue ?? -1
    }

    func projectNumbers(at replica: Replica) throws -> Set<String> {
        Set(try replica.query("SELECT project_no FROM case_accept").rows.compactMap { if case .text(let no) = $0[0] { no } else { nil } })
    }

    /// Cases per registering village held by `replica`.
    static func casesByVillage(at replica: Replica) throws -> [NodeID: Int] {
        Dictionary(
            uniqueKeysWithValues: try replica.query("SELECT scope, count(*) FROM case_accept GROUP BY scope").rows.map {
                (NodeID(rawValue: $0[0].integerValue ?? 0), Int($0[1].integerValue ?? 0))
            })
    }

    /// The village desks of a working day on a thread of their own: batches of a few hundred
    /// cases at random villages, one transaction each, for as long as the test runs. A case
    /// counts as committed (acknowledged to the hall) once its transaction has returned.
    final class VillageDesks: Sendable {
        private let state = Mutex<(committed: [NodeID: [String]], failure: String?)>(([:], nil))
        private let stopped = Atomic<Bool>(false)
        private let finished = DispatchSemaphore(value: 0)

        /// Starts registering at `villages` (each with its replica, opened in this process).
        /// Pauses while more than `backlog` cases are on their way to the city, so that a fast
        /// build does not flood the tree.
        init(villages: [(NodeID, Replica)], city: Replica, seed: UInt64, backlog: Int = 800) {
            let thread = Thread { [self] in
                var random = SplitMix64(seed: seed)
                var serial = 0
                while !stopped.load(ordering: .relaxed) {
                    do {
                        let atCity = try ChaosTests.casesByVillage(at: city)
                        let waiting = state.withLock { $0.committed.reduce(0) { $0 + $1.value.count - (atCity[$1.key] ?? 0) } }
                        if waiting > backlog {
                            usleep(50_000)
                            continue
                        }
                        let (village, replica) = villages.randomElement(using: &random)!
                        let size = Int.random(in: 200...400, using: &random)
                        let numbers = (serial..<(serial + size)).map { "CH-\(village)-\($0)" }
                        serial += size
                        try ChaosTests.register(numbers, at: village, in: replica)
                        state.withLock { $0.committed[village, default: []] += numbers }
                    } catch {
                        state.withLock { $0.failure = "\(error)" }
                        break
                    }
                }
                finished.signal()
            }
            thread.start()
        }

        /// The committed cases so far, per village.
        var committed: [NodeID: [String]] { state.withLock { $0.committed } }

        /// Stops after the batch in progress (once; later calls return at once); returns the error
        /// that stopped the desks early, if any.
        @discardableResult
        func stop() -> String? {
            if !stopped.exchange(true, ordering: .relaxed) { finished.wait() }
            return state.withLock { $0.failure }
        }
    }

    /// A city, a district, two towns and four villages, each a separate process. While a thread
    /// of the test keeps registering cases at the villages in batches of a few hundred, a node
    /// on the path of a transfer still in progress — chosen with a seeded generator — is
    /// SIGKILLed and restarted on the same file at once, 50 times. Afterwards every case the
    /// test committed is at its town, the district and the city, every file passes
    /// `integrity_check`, and the convergence proof holds for every node.
    @Test func sigkillDuringTransfersLosesNothing() throws {
        let dir = TemporaryDirectory()
        let privacyKey = dir.file("privacy-key")  // created by the district's init
        let cityEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let districtEndpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        var layout: [(region: Int64, arguments: [String])] = [
            (441_700_000_000, ["--listen", cityEndpoint]),
            (441_702_000_000, ["--listen", districtEndpoint, "--parent", cityEndpoint, "--privacy-key-file", privacyKey]),
        ]
        for town: Int64 in [441_702_001_000, 441_702_002_000] {
            let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
            layout.append((town, ["--listen", endpoint, "--parent", districtEndpoint]))
            for village: Int64 in [201, 202] { layout.append((town + village, ["--parent", endpoint])) }
        }

        var halls: [Hall] = []
        defer {
            for hall in halls { hall.process.terminate() }
            for hall in halls { hall.process.waitForExit(seconds: 10) }
        }
        for (region, arguments) in layout {
            let initialised = try cli(["init", "--db", dir.file("\(region).db"), "--region", String(region)] + arguments)
            try #require(initialised.status == 0, "\(initialised.output)")
        }
        try TestKeys.enrolTree(Dictionary(uniqueKeysWithValues: layout.map { (NodeID(rawValue: $0.0), dir.file("\($0.0).db")) }))
        for (region, _) in layout {
            let db = dir.file("\(region).db")
            halls.append(try Hall(region: NodeID(rawValue: region), db: db, log: dir.file("\(region).log")))
        }
        let villages = try halls.filter { $0.region.tier == .village }.map { ($0.region, try Replica.open(at: $0.db, logger: testLogger())) }
        let relays = try halls.filter { $0.region.tier != .village }.map { ($0.region, try Replica.open(at: $0.db, logger: testLogger())) }
        let city = relays[0].1

        let desks = VillageDesks(villages: villages, city: city, seed: 0x6465_736B)
        defer { desks.stop() }
        var random = SplitMix64(seed: 0x6C69_616E_646F_6E67)
        var kills = 0
        var rounds = 0
        while kills < 50 && rounds < 500 {
            rounds += 1
            usleep(UInt32.random(in: 100_000...400_000, using: &random))
            // A node takes part in a transfer while it or its parent lacks some of the cases
            // committed at a village below it (a village holds its own).
            let committed = desks.committed
            var held: [NodeID: [NodeID: Int]] = [:]
            for (node, replica) in relays { held[node] = try Self.casesByVillage(at: replica) }
            func lacks(_ node: NodeID, _ village: NodeID, _ count: Int) -> Bool { node != village && (held[node]?[village] ?? 0) < count }
            let transferring = halls.filter { hall in
                committed.contains { village, cases in
                    hall.region.isAncestorOrSelf(of: village)
                        && (lacks(hall.region, village, cases.count) || hall.region.parentCode.map { lacks($0, village, cases.count) } ?? false)
                }
            }
            guard let victim = transferring.randomElement(using: &random) else { continue }
            for hall in halls where !hall.process.isRunning {
                Issue.record("node \(hall.region) exited on its own:\n\(hall.logTail)")
                _ = try hall.crashAndRestart()
            }
            let restarted = try victim.crashAndRestart()
            #expect(restarted, "node \(victim.region) did not restart after SIGKILL:\n\(victim.logTail)")
            kills += 1
        }
        let failure = desks.stop()
        #expect(failure == nil, "registering cases failed: \(failure ?? "")")
        #expect(kills == 50)

        // Let the tree settle: every committed case at the city, then the proof for every node.
        let committed = desks.committed
        let total = committed.values.reduce(0) { $0 + $1.count }
        let arrived = try eventually(seconds: 60) {
            try count("SELECT count(*) FROM case_accept", at: city) == total && count("SELECT count(*) FROM case_event", at: city) == total
        }
        let atCity = try count("SELECT count(*) FROM case_accept", at: city)
        #expect(arrived, "the city holds \(atCity) of \(total) cases")
        for hall in halls where !hall.process.isRunning {
            Issue.record("node \(hall.region) is not running:\n\(hall.logTail)")
        }

        let replicas = try halls.map { try Replica.open(at: $0.db, logger: testLogger()) }
        var reports: [ConvergenceProof.NodeReport] = []
        let converged = try eventually(seconds: 30) {
            reports = try ConvergenceProof.check(replicas)
            return reports.allSatisfy(\.converged)
        }
        #expect(converged, "\(reports.filter { !$0.converged })")
        #expect(reports.count == halls.count)

        for replica in replicas {
            #expect(try replica.integrityCheck() == "ok", "node \(replica.node)")
            let expected = Set(committed.filter { replica.node.isAncestorOrSelf(of: $0.key) }.values.joined())
            let held = try projectNumbers(at: replica)
            let missing = expected.subtracting(held).sorted()
            let unexpected = held.subtracting(expected).sorted()
            #expect(held.count == expected.count, "node \(replica.node) holds \(held.count) cases; expected \(expected.count)")
            #expect(missing.isEmpty, "node \(replica.node) lacks \(missing.count) committed cases, e.g. \(missing.prefix(5))")
            #expect(unexpected.isEmpty, "node \(replica.node) holds \(unexpected.count) cases of other halls, e.g. \(unexpected.prefix(5))")
        }
    }

    /// True when this process may mount a tmpfs (root, or a container allowed to mount); the
    /// full-disk test needs one and is disabled otherwise.
    static let canMountTmpfs: Bool = {
        let dir = TemporaryDirectory(prefix: "ld-mount-probe")
        guard let mounted = try? runCommand("/usr/bin/env", ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.path]), mounted.status == 0 else {
            return false
        }
        _ = try? runCommand("/usr/bin/env", ["umount", dir.path])
        return true
    }()

    /// Bytes free on the file system holding `path`.
    func freeBytes(at path: String) -> Int {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return 0 }
        return Int(stats.f_bavail) * Int(stats.f_frsize)
    }

    /// Writes `bytes` bytes to a new file (real pages: a sparse file would take no space on tmpfs).
    func writeFiller(_ path: String, bytes: Int) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0, "cannot create \(path)")
        defer { close(fd) }
        let block = [UInt8](repeating: 0x5A, count: 64 * 1024)
        var left = bytes
        while left > 0 {
            let written = block.withUnsafeBytes { write(fd, $0.baseAddress, min(left, block.count)) }
            if written <= 0 { break }
            left -= written
        }
    }

    /// A town whose replica lives on a small tmpfs that is filled up: applying a large transfer
    /// from its village fails with a clear disk-full error (in the town's log and in the
    /// village's `status`), the town keeps running with its earlier rows intact, and once space
    /// is freed the transfer resumes and both replicas end equal.
    @Test(.enabled(if: ChaosTests.canMountTmpfs, "mounting a tmpfs needs root (or CAP_SYS_ADMIN)"))
    func fullDiskDuringApplyFailsClearlyAndResumes() throws {
        let dir = TemporaryDirectory()
        let disk = dir.file("town-disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: false)
        let mounted = try runCommand("/usr/bin/env", ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk])
        try #require(mounted.status == 0, "\(mounted.output)")
        defer {
            if (try? runCommand("/usr/bin/env", ["umount", disk]))?.status != 0 {
                _ = try? runCommand("/usr/bin/env", ["umount", "-l", disk])
            }
        }

        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let townDB = "\(disk)/town.db"
        let villageDB = dir.file("village.db")
        let villageID = NodeID(rawValue: 441_702_001_201)
        #expect(try cli(["init", "--db", townDB, "--region", "441702001000", "--listen", endpoint]).status == 0)
        #expect(try cli(["init", "--db", villageDB, "--region", "441702001201", "--parent", endpoint]).status == 0)
        try TestKeys.enrol(child: villageID, at: villageDB, parent: NodeID(rawValue: 441_702_001_000), at: townDB)
        let town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB], logPath: dir.file("town.log"))
        let villageProcess = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"))
        defer {
            villageProcess.terminate()
            town.terminate()
            villageProcess.waitForExit(seconds: 10)
            town.waitForExit(seconds: 10)
        }
        let village = try Replica.open(at: villageDB, logger: testLogger())
        func townCases() throws -> Int64 {
            try count("SELECT count(*) FROM case_accept", at: try Replica.open(at: townDB, logger: testLogger()))
        }

        // Rows the town holds before its disk fills.
        try Self.register((0..<50).map { "BEFORE-\($0)" }, at: villageID, in: village)
        #expect(try eventually { try townCases() == 50 })

        // Fold the write-ahead log into the database file, so that any further write needs new
        // space, then leave only a few pages free.
        let checkpoint = try runCommand("/usr/bin/sqlite3", [townDB], input: ".timeout 5000\nPRAGMA wal_checkpoint(TRUNCATE);\n")
        #expect(checkpoint.status == 0, "\(checkpoint.output)")
        let filler = "\(disk)/filler"
        try writeFiller(filler, bytes: freeBytes(at: disk) - 64 * 1024)

        // A large transfer, committed in batches: one long transaction would hold the village
        // node's writes back for longer than the link's peer timeout.
        let large = (0..<2_000).map { "LARGE-\($0)" }
        for batch in stride(from: 0, to: large.count, by: 250) {
            try Self.register(large[batch..<(batch + 250)], at: villageID, in: village)
        }
        let diskFull = "the disk is full; nothing of this change was applied — free space and sync resumes"
        let logged = eventually(seconds: 30) { ((try? String(contentsOfFile: dir.file("town.log"), encoding: .utf8)) ?? "").contains(diskFull) }
        #expect(logged, "town log:\n\((try? String(contentsOfFile: dir.file("town.log"), encoding: .utf8)) ?? "")")
        var status = (status: Int32(0), output: "")
        let reported = try eventually(seconds: 20) {
            status = try cli(["status", "--db", villageDB])
            return status.output.contains(diskFull)
        }
        #expect(reported, "\(status.output)")

        // The town is still up, and what it held before is intact.
        #expect(town.isRunning && NodeLock.isHeld(path: townDB + ".lock"))
        do {
            let townReplica = try Replica.open(at: townDB, logger: testLogger())
            #expect(try townReplica.integrityCheck() == "ok")
            #expect(try count("SELECT count(*) FROM case_accept WHERE project_no LIKE 'BEFORE-%'", at: townReplica) == 50)
            #expect(try count("SELECT count(*) FROM case_accept", at: townReplica) < 2_050)
        }

        // Free the space: the transfer resumes without anyone touching either node.
        try FileManager.default.removeItem(atPath: filler)
        #expect(try eventually(seconds: 60) { try townCases() == 2_050 })
        do {
            let townReplica = try Replica.open(at: townDB, logger: testLogger())
            #expect(try eventually(seconds: 20) { try townReplica.dumpAll() == village.dumpAll() })
            #expect(try townReplica.integrityCheck() == "ok")
            #expect(try village.integrityCheck() == "ok")
            #expect(try projectNumbers(at: townReplica) == Set(large + (0..<50).map { "BEFORE-\($0)" }))
        }
        #expect(town.isRunning && villageProcess.isRunning)
    }
}
