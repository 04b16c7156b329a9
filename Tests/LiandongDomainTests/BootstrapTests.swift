import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// A new node's replica made from a scope-filtered snapshot of its parent's (docs/bootstrap.md):
/// the same state ordinary sync would give it, and sync carries on from there.
@Suite struct BootstrapTests {
    /// A small converged city (1 district, 2 towns, 4 villages, four days of cases), built once.
    struct Built: Sendable {
        let city: SyntheticCity
        let replicas: [NodeID: Replica]
        let dir: TemporaryDirectory
        var district: NodeID { city.districts[0] }
        var town: NodeID { city.towns[district]![0] }
        /// Village codes under the first town that the city does not have yet.
        var newVillage: NodeID { NodeID(rawValue: town.rawValue + 299) }
        var otherNewVillage: NodeID { NodeID(rawValue: town.rawValue + 298) }
    }

    static let built: Result<Built, any Error> = Result {
        let dir = TemporaryDirectory()
        let city = SyntheticCity(seed: 5, shape: GeneratorTests.small, firstDay: try Day("2026-11-16"), days: 4)
        let key = try PrivacyKey(hex: String(repeating: "07", count: PrivacyKey.byteCount))
        let (replicas, _) = try city.build(in: dir.path, privacyKey: key, logger: testLogger())
        return Built(city: city, replicas: replicas, dir: dir)
    }

    /// Every row state with one version per column: independent of stamps and sources.
    static func states(_ replica: Replica) throws -> [String] {
        try replica.rowStates().map { row in
            let versions = row.isLive ? row.versions.expanded(columnCount: row.values.count).map { "\($0.hlc.rawValue)/\($0.origin.rawValue)" } : ["\(row.versions.base.hlc.rawValue)"]
            return "\(row.table) \(row.key) cl\(row.causalLength) \(row.values) \(versions)"
        }.sorted()
    }

    static func bootstrap(_ node: NodeID, from parent: Replica, at path: String) -> Result<BootstrapReport, StoreError> {
        do throws(StoreError) {
            return .success(try Replica.bootstrap(at: path, node: node, fromParentReplica: parent.path, logger: testLogger(), nowMillis: 1).report)
        } catch {
            return .failure(error)
        }
    }

    @Test func aSnapshotHoldsWhatSyncWouldAndSyncCarriesOnFromIt() throws {
        let built = try Self.built.get()
        let town = built.replicas[built.town]!
        let district = built.replicas[built.district]!
        let scratch = TemporaryDirectory()
        let now = Int64(Date().timeIntervalSince1970 * 1000)

        // Two new villages of the town: one by ordinary sync, one from the town's snapshot.
        let synced = try Replica.create(at: scratch.file("synced.db"), node: built.otherNewVillage, schema: GovernmentSchema.schema, logger: testLogger())
        let (_, down) = try synced.exchange(withParent: town, nowMillis: now)
        let (snapshot, report) = try Replica.bootstrap(
            at: scratch.file("snapshot.db"), node: built.newVillage, fromParentReplica: town.path, logger: testLogger(), nowMillis: now)
        #expect(down > 100 && report.totalRows + report.deletions == down, "\(down) rows synced, \(report.totalRows) rows and \(report.deletions) deletions in the snapshot")
        #expect(report.head == (try town.head()))
        #expect(report.rows["item_catalog"] == GeneratorTests.small.baseItems)
        #expect(report.rows["case_accept"] == nil, "another village's cases (办件) never go sideways")
        #expect(try Self.states(snapshot) == Self.states(synced))
        #expect(try snapshot.integrityCheck() == "ok")

        // Nothing the snapshot holds travels again, either way.
        let again = try snapshot.exchange(withParent: town, nowMillis: now)
        #expect(again.up == 0 && again.down == 0)

        // Sync carries on: a district's change comes down, the village's own case goes up.
        try district.write { db in
            try db.execute(sql: "UPDATE item_impl SET promise_day = promise_day + 1 WHERE rowid = (SELECT min(rowid) FROM item_impl)")
        }
        _ = try town.exchange(withParent: district, nowMillis: now)
        #expect(try snapshot.exchange(withParent: town, nowMillis: now).down == 1)
        #expect(try synced.exchange(withParent: town, nowMillis: now).down == 1)
        #expect(try Self.states(snapshot) == Self.states(synced))
        var registered = 0
        for day in built.city.workingDays { registered += try snapshot.write { try built.city.register(at: built.newVillage, on: day, $0) } }
        #expect(registered > 0)
        let after = try snapshot.exchange(withParent: town, nowMillis: now)
        #expect(after.up >= registered && after.down == 0)
        let held = try town.query("SELECT count(*) FROM case_accept WHERE scope = \(built.newVillage.rawValue)").rows[0][0]
        #expect(held == .integer(Int64(registered)))
    }

    @Test func aSnapshotIsOnlyForANewChildBelowThePrivacyCeiling() throws {
        let built = try Self.built.get()
        let scratch = TemporaryDirectory()
        let town = built.replicas[built.town]!
        func refusal(_ node: NodeID, from parent: Replica, _ name: String) -> StoreError? {
            let path = scratch.file(name)
            guard case .failure(let error) = Self.bootstrap(node, from: parent, at: path) else { return nil }
            #expect(!FileManager.default.fileExists(atPath: path), "a refused snapshot leaves no file behind")
            return error
        }
        // Not the node's parent.
        let notParent = refusal(built.newVillage, from: built.replicas[built.district]!, "a.db")
        #expect(notParent?.code == .refused && notParent?.message.contains("not a child") == true)
        // The city holds ID numbers hashed: a district never starts from its snapshot.
        let ceiling = refusal(NodeID(rawValue: 441_790_000_000), from: built.replicas[SyntheticCity.cityCode]!, "b.db")
        #expect(ceiling?.code == .refused && ceiling?.message.contains("privacy ceiling") == true)
        // A village the town already holds rows of is not new.
        let village = built.city.villages[built.town]![0]
        let known = refusal(village, from: town, "c.db")
        #expect(known?.code == .refused && known?.message.contains("not a new node") == true)
        // An existing file is never replaced.
        let existing = scratch.file("d.db")
        try Data("keep".utf8).write(to: URL(fileURLWithPath: existing))
        guard case .failure(let error) = Self.bootstrap(built.newVillage, from: town, at: existing) else {
            Issue.record("a snapshot replaced an existing file")
            return
        }
        #expect(error.code == .alreadyInitialised)
        #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == Data("keep".utf8))
    }
}
