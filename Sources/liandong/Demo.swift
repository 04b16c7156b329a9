import ArgumentParser
import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTransport

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Two nodes on loopback — a town centre and a village station — writing offline, then converging.")

    @Option(help: "Directory for the demo's replicas and logs (kept for inspection).")
    var dir: String = "liandong-demo"

    @Option(name: .long, help: "Log level for the demo's node processes.")
    var logLevel: String = "info"

    func run() async throws {
        let logger = makeLogger(.warning)
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let townDB = "\(dir)/town-441702001000.db"
        let villageDB = "\(dir)/village-441702001201.db"
        for path in [townDB, villageDB] {
            for suffix in ["", "-wal", "-shm", ".lock", ".ctl"] { try? fm.removeItem(atPath: path + suffix) }
        }
        let port = try freeLoopbackPort()
        let endpoint = "tcp://127.0.0.1:\(port)"
        let town = try failing { try Replica.create(at: townDB, node: NodeID(rawValue: 441_702_001_000), schema: .demo, logger: logger) }
        let village = try failing { try Replica.create(at: villageDB, node: NodeID(rawValue: 441_702_001_201), schema: .demo, logger: logger) }
        try failing {
            try town.setSetting(NodeConfiguration.listenSetting, endpoint)
            try village.setSetting(NodeConfiguration.parentSetting, endpoint)
        }
        say("联动 Liandong demo: town 乡镇 441702001000 ⇄ village 村 441702001201 over \(endpoint)")
        say("1. both sides write while the link is down (离线写入)")
        try failing {
            _ = try town.query(
                "INSERT INTO record (id, name, village, kind, count, amount, priority, score, note, flag) VALUES ('T-0001', '低保年审 minimum-income review', '441702001201', 'notice', 1, 0, 2, 0.0, 'town notice for the village', 0)")
            _ = try village.query(
                "INSERT INTO record (id, name, village, kind, count, amount, priority, score, note, flag) VALUES ('V-0001', '张*', '441702001201', 'agent-registration 代办登记', 1, 120, 1, 4.5, 'registered by the village agent', 1)")
            _ = try village.query("INSERT INTO note (author, seq, body, updated) VALUES (441702001201, 1, 'network down since Monday', '2026-11-23')")
        }
        say("   town wrote T-0001; village wrote V-0001 and a note")
        let executable = NodeProcess.currentExecutable
        let townProcess = try NodeProcess(executable: executable, arguments: ["run", "--db", townDB, "--log-level", logLevel], logPath: "\(dir)/town.log")
        let villageProcess = try NodeProcess(executable: executable, arguments: ["run", "--db", villageDB, "--log-level", logLevel], logPath: "\(dir)/village.log")
        defer {
            townProcess.terminate()
            villageProcess.terminate()
            townProcess.waitForExit(seconds: 10)
            villageProcess.waitForExit(seconds: 10)
        }
        say("2. both nodes start; the village connects to the town")
        let first = try await waitForConvergence(town, village, seconds: 30)
        say("   converged in \(first) ms")
        try failing {
            _ = try town.query("UPDATE record SET note = 'town accepted 受理', priority = 1 WHERE id = 'V-0001'")
            _ = try village.query("UPDATE record SET amount = 150 WHERE id = 'V-0001'")
            _ = try village.query("DELETE FROM record WHERE id = 'T-0001'")
        }
        say("3. while running: the town and the village edit different columns of V-0001 concurrently; the village deletes T-0001")
        let second = try await waitForConvergence(town, village, seconds: 30)
        say("   converged in \(second) ms")
        for (name, replica) in [("town 乡镇", town), ("village 村", village)] {
            let rows = try failing { try replica.dump(table: "record") }
            let notes = try failing { try replica.dump(table: "note") }
            say("   \(name) \(replica.node): \(rows.count) record(s), \(notes.count) note(s), digest \(try digest(replica))")
            for row in rows { say("     " + row.map(\.description).joined(separator: " | ")) }
        }
        say("4. both replicas hold the same rows: each write reached the other side, per-column edits merged.")
        say("   replicas and logs are kept in \(dir)/ ; inspect with: liandong status --db \(villageDB)")
    }

    private func waitForConvergence(_ a: Replica, _ b: Replica, seconds: Double) async throws -> Int64 {
        let start = wallClockMillis()
        while wallClockMillis() - start < Int64(seconds * 1000) {
            if try digest(a) == digest(b) { return wallClockMillis() - start }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CommandFailure("error: the replicas did not converge within \(Int(seconds)) s; see the logs in \(dir)/")
    }

    private func digest(_ replica: Replica) throws -> String {
        try failing { try ReplicaDigest.of(replica) }
    }
}
