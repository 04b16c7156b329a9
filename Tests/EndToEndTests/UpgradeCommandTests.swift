import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// `liandong upgrade` as an operator uses it (docs/upgrades.md): `status` names it for an older
/// replica, it backs up and upgrades once, and every command refuses a replica newer than the build.
@Suite struct UpgradeCommandTests {
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    @Test func anOlderReplicaIsUpgradedByTheCommandOnly() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("town.db")
        let v4 = try #require(try GovernmentHistory.history().steps.first { $0.version == 4 }).declaration
        _ = try Replica.create(at: db, node: NodeID(rawValue: 441_702_001_000), schema: v4, logger: testLogger())

        let status = try cli(["status", "--db", db])
        #expect(
            status.status == 0 && status.output.contains("gov v4: this build runs v\(GovernmentSchema.version); upgrade pending 待升级")
                && status.output.contains("liandong upgrade --db \(db)"), "\(status.output)")

        let upgrade = try cli(["upgrade", "--db", db, "--log-level", "warning"])
        #expect(upgrade.status == 0, "\(upgrade.output)")
        #expect(upgrade.output.contains("backed up \(db) to \(db).pre-upgrade-v4.bak"), "\(upgrade.output)")
        #expect(upgrade.output.contains("schema gov v4 → v5: appended columns evaluation."), "\(upgrade.output)")
        #expect(FileManager.default.fileExists(atPath: db + ".pre-upgrade-v4.bak"))
        #expect(try Replica.open(at: db, logger: testLogger()).schema == GovernmentSchema.schema)

        let again = try cli(["upgrade", "--db", db, "--log-level", "warning"])
        #expect(again.status == 0 && again.output.contains("up to date"), "\(again.output)")
        #expect(!again.output.contains("backed up"), "\(again.output)")
    }

    @Test func aReplicaNewerThanTheBuildIsRefusedByEveryCommand() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("town.db")
        #expect(try cli(["init", "--db", db, "--region", "441702001000", "--insecure", "--log-level", "warning"]).status == 0)
        try Replica.open(at: db, logger: testLogger()).setSetting("schema.version", "99")
        for command in [["run", "--db", db, "--insecure"], ["sql", "--db", db, "SELECT 1"], ["case", "list", "todo", "--db", db], ["upgrade", "--db", db]] {
            let result = try cli(command)
            #expect(result.status != 0 && result.output.contains("gov v99, newer than v\(GovernmentSchema.version)"), "\(command[0]): \(result.output)")
        }
        let recorded = try runCommand("/usr/bin/sqlite3", [db, "SELECT value FROM _ld_setting WHERE key = 'schema.version'"])
        #expect(recorded.output.trimmingCharacters(in: .whitespacesAndNewlines) == "99", "\(recorded.output)")
    }
}
