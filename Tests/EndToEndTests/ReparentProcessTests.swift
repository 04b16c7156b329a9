import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// Re-parenting (区划调整, Protocols/SPEC.md §20) with real `liandong run` processes over CURVE on
/// loopback: a village moved between the towns of its district while it is offline (and writes
/// cases), then a town moved to another district. Rows follow the new path, the old parents
/// purge and record it, digests agree everywhere, nothing is lost, and the new links carry only
/// the rows the moves bring into view (counted from the audit logs).
@Suite(.serialized) final class ReparentProcessTests {
    /// Replicas opened in this process to read and write beside the running nodes, by path.
    var opened: [String: Replica] = [:]

    func replica(_ db: String) throws -> Replica {
        if let replica = opened[db] { return replica }
        let replica = try Replica.open(at: db, logger: testLogger())
        opened[db] = replica
        return replica
    }

    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    static let city = NodeID(rawValue: 441_700_000_000)
    static let district = NodeID(rawValue: 441_702_000_000)
    static let otherDistrict = NodeID(rawValue: 441_703_000_000)
    static let townA = NodeID(rawValue: 441_702_001_000)
    static let townB = NodeID(rawValue: 441_702_002_000)
    static let village = NodeID(rawValue: 441_702_001_201)
    static let sibling = NodeID(rawValue: 441_702_001_202)
    static let villageOfB = NodeID(rawValue: 441_702_002_201)

    /// One hall as a process the test stops and starts.
    final class Hall {
        let region: NodeID
        let db: String
        let log: String
        var process: NodeProcess?

        init(region: NodeID, db: String, log: String) {
            self.region = region
            self.db = db
            self.log = log
        }

        func start(_ extra: [String] = []) throws {
            process = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", db] + extra, logPath: log)
            #expect(eventually(seconds: 10) { NodeLock.isHeld(path: db + ".lock") }, "\(region) did not start: \(logTail)")
        }

        func stop() {
            process?.terminate()
            process?.waitForExit(seconds: 10)
            process = nil
            _ = eventually(seconds: 10) { !NodeLock.isHeld(path: db + ".lock") }
        }

        var logTail: String {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").suffix(20).joined(separator: "\n")
        }
    }

    func register(_ count: Int, prefix: String, at village: NodeID, db: String) throws {
        let replica = try self.replica(db)
        try replica.write { db in
            for n in 0..<count {
                try CaseDesk.register(
                    CaseApplication(
                        projectNo: "\(prefix)-\(n)", taskHandleItem: "item", taskName: "最低生活保障", instant: false, channel: "proxy",
                        applicantName: "王五", idNumber: "440102199001011234", phone: "13812345678", address: "某村", applyDate: "2026-11-23"),
                    at: village, db)
            }
        }
    }

    /// Catalogue rows (`org`, flowing down the scope's subtree) written at `node`.
    func catalogue(_ count: Int, at node: NodeID, db: String) throws {
        let replica = try self.replica(db)
        let values = (0..<count).map { "('\(node)-\($0)', 'org \($0)', '\(node)', \(node.rawValue))" }.joined(separator: ", ")
        _ = try replica.query("INSERT INTO org (credit_code, org_name, region_code, scope) VALUES \(values)")
    }

    func count(_ sql: String, _ db: String) throws -> Int64 {
        try replica(db).query(sql).rows.first?.first?.integerValue ?? -1
    }

    func cases(of village: NodeID, at db: String) throws -> Int64 {
        try count("SELECT count(*) FROM case_accept WHERE scope = \(village.rawValue)", db)
    }

    /// Rows this node received from `peer` after audit entry `after` (chunks and repairs).
    func rowsReceived(at db: String, from peer: NodeID, after: Int64) throws -> Int {
        let entries = try replica(db).auditEntries(limit: 100_000)
        var total = 0
        for entry in entries where entry.id > after && entry.peer == peer && entry.event == "accepted" {
            // "… from child 441702001201: 12 rows, …"
            guard let colon = entry.detail.range(of: ": "), let end = entry.detail[colon.upperBound...].firstIndex(of: " ") else { continue }
            total += Int(entry.detail[colon.upperBound..<end]) ?? 0
        }
        return total
    }

    func lastAudit(_ db: String) throws -> Int64 {
        try replica(db).auditEntries(limit: 1).first?.id ?? 0
    }

    func allRows(_ db: String) throws -> Int64 {
        let replica = try self.replica(db)
        var total: Int64 = 0
        for table in replica.schema.tables { total += try replica.query("SELECT count(*) FROM \(table.name)").rows.first?.first?.integerValue ?? 0 }
        return total
    }

    /// Each hall's links and digest states, for a failure message.
    func diagnosis(_ halls: [Hall]) -> String {
        halls.map { hall in
            let digests = (try? linkDigests(ofReplica: hall.db)) ?? []
            let cases = (try? count("SELECT count(*) FROM case_accept", hall.db)) ?? -1
            return "\(hall.region): \(cases) cases, digests \(digests)\n\(hall.logTail)"
        }.joined(separator: "\n")
    }

    func agree(_ halls: [Hall]) throws -> Bool {
        for hall in halls where hall.process != nil {
            let digests = try linkDigests(ofReplica: hall.db)
            if digests.isEmpty || !digests.allSatisfy({ $0.hasPrefix("agree") }) { return false }
        }
        return true
    }

    @Test func aVillageMovedWhileOfflineAndATownMovedToAnotherDistrictConverge() throws {
        let dir = TemporaryDirectory()
        let privacyKey = dir.file("privacy-key")
        var endpoints: [NodeID: String] = [:]
        for node in [Self.city, Self.district, Self.otherDistrict, Self.townA, Self.townB] { endpoints[node] = "tcp://127.0.0.1:\(try freeLoopbackPort())" }
        let nodes = [Self.city, Self.district, Self.otherDistrict, Self.townA, Self.townB, Self.village, Self.sibling, Self.villageOfB]
        var halls: [NodeID: Hall] = [:]
        defer { for hall in halls.values { hall.stop() } }
        for node in nodes {
            var arguments = ["init", "--db", dir.file("\(node).db"), "--region", node.description]
            // The other district has no children until the town's move: it listens from then on.
            if let listen = endpoints[node], node != Self.otherDistrict { arguments += ["--listen", listen] }
            if let parent = node.parentCode, let endpoint = endpoints[parent] { arguments += ["--parent", endpoint] }
            if node.tier == .district { arguments += ["--privacy-key-file", privacyKey] }
            let initialised = try cli(arguments)
            try #require(initialised.status == 0, "\(initialised.output)")
            halls[node] = Hall(region: node, db: dir.file("\(node).db"), log: dir.file("\(node).log"))
        }
        func hall(_ node: NodeID) -> Hall { halls[node]! }
        try TestKeys.enrolTree(Dictionary(uniqueKeysWithValues: nodes.map { ($0, dir.file("\($0).db")) }))
        // A catalogue at the district and at each town; cases at the villages.
        try catalogue(200, at: Self.district, db: hall(Self.district).db)
        try catalogue(200, at: Self.otherDistrict, db: hall(Self.otherDistrict).db)
        try catalogue(20, at: Self.townA, db: hall(Self.townA).db)
        try catalogue(20, at: Self.townB, db: hall(Self.townB).db)
        try register(150, prefix: "V", at: Self.village, db: hall(Self.village).db)
        try register(50, prefix: "S", at: Self.sibling, db: hall(Self.sibling).db)
        try register(50, prefix: "W", at: Self.villageOfB, db: hall(Self.villageOfB).db)
        for node in nodes { try hall(node).start() }
        let everyone = nodes.map(hall)
        try #require(
            try eventually(seconds: 90) { try cases(of: Self.village, at: hall(Self.city).db) == 150 && cases(of: Self.sibling, at: hall(Self.city).db) == 50 && agree(everyone) },
            "the tree did not converge before the moves:\n\(diagnosis(everyone))")
        #expect(try cases(of: Self.village, at: hall(Self.townA).db) == 150)

        // 1. The village goes offline and keeps registering; the district moves it to town B.
        hall(Self.village).stop()
        try register(10, prefix: "V-offline", at: Self.village, db: hall(Self.village).db)
        hall(Self.district).stop()
        let refused = try cli(["reparent", "--db", hall(Self.district).db, "--node", Self.village.description, "--parent", Self.otherDistrict.description])
        #expect(refused.status != 0 && refused.output.contains("tier") && refused.output.contains("区划调整"), "\(refused.output)")
        let recorded = try cli(["reparent", "--db", hall(Self.district).db, "--node", Self.village.description, "--parent", Self.townB.description])
        try #require(recorded.status == 0, "\(recorded.output)")
        let auditB = try lastAudit(hall(Self.townB).db)
        let auditV = try lastAudit(hall(Self.village).db)
        try hall(Self.district).start()
        // Town A learns the move from the district's welcome and purges the village's rows.
        #expect(try eventually(seconds: 60) { try cases(of: Self.village, at: hall(Self.townA).db) == 0 }, "\(hall(Self.townA).logTail)")
        #expect(try eventually(seconds: 60) { try cases(of: Self.village, at: hall(Self.townB).db) == 150 }, "\(hall(Self.townB).logTail)")
        let statusA = try cli(["status", "--db", hall(Self.townA).db])
        #expect(statusA.output.contains("purged 已清理") && statusA.output.contains("\(Self.village)"), "\(statusA.output)")
        // The village's operator points it at town B, whose key it is given; town B enrols it.
        try TestKeys.enrol(child: Self.village, at: hall(Self.village).db, parent: Self.townB, at: hall(Self.townB).db)
        try hall(Self.village).start(["--parent", endpoints[Self.townB]!])
        #expect(
            try eventually(seconds: 90) { try cases(of: Self.village, at: hall(Self.city).db) == 160 && agree(everyone) },
            "the tree did not converge after the village's move:\n\(diagnosis(everyone))")
        #expect(try cases(of: Self.village, at: hall(Self.townB).db) == 160)
        #expect(try cases(of: Self.village, at: hall(Self.district).db) == 160)
        #expect(try cases(of: Self.village, at: hall(Self.townA).db) == 0)
        // The village holds town B's catalogue now, not town A's.
        #expect(try count("SELECT count(*) FROM org WHERE scope = \(Self.townB.rawValue)", hall(Self.village).db) == 20)
        #expect(try count("SELECT count(*) FROM org WHERE scope = \(Self.townA.rawValue)", hall(Self.village).db) == 0)
        #expect(try count("SELECT count(*) FROM org WHERE scope = \(Self.district.rawValue)", hall(Self.village).db) == 200)
        // Rows on the new links: the village's rows from the district, its offline writes from the
        // village, town B's catalogue to the village; not everything each side holds.
        let fromDistrict = try rowsReceived(at: hall(Self.townB).db, from: Self.district, after: auditB)
        let fromVillage = try rowsReceived(at: hall(Self.townB).db, from: Self.village, after: auditB)
        let toVillage = try rowsReceived(at: hall(Self.village).db, from: Self.townB, after: auditV)
        let villageRows = try allRows(hall(Self.village).db)
        let townRows = try allRows(hall(Self.townB).db)
        print(
            "re-parenting measured: town B got \(fromDistrict) rows from the district and \(fromVillage) from the village (which holds \(villageRows)); the village got \(toVillage) from town B (which holds \(townRows))")
        // Measured: 300 (the village's 150 cases, exactly), 20 (its 10 offline cases), 20 (town B's catalogue).
        #expect(fromVillage <= 40 && fromVillage < villageRows / 10)
        #expect(toVillage <= 40 && toVillage < villageRows / 10)
        #expect(fromDistrict <= 2 * 150 + 40 && fromDistrict < townRows / 2)

        // 2. The city moves town A (and its remaining village) to the other district.
        hall(Self.townA).stop()
        hall(Self.city).stop()
        let wrongAuthority = try cli(["reparent", "--db", hall(Self.townA).db, "--node", Self.townA.description, "--parent", Self.otherDistrict.description])
        #expect(wrongAuthority.status != 0 && wrongAuthority.output.contains("authority"), "\(wrongAuthority.output)")
        let townMove = try cli(["reparent", "--db", hall(Self.city).db, "--node", Self.townA.description, "--parent", Self.otherDistrict.description])
        try #require(townMove.status == 0, "\(townMove.output)")
        try hall(Self.city).start()
        #expect(try eventually(seconds: 60) { try cases(of: Self.sibling, at: hall(Self.district).db) == 0 }, "\(hall(Self.district).logTail)")
        #expect(try eventually(seconds: 60) { try cases(of: Self.sibling, at: hall(Self.otherDistrict).db) == 50 }, "\(hall(Self.otherDistrict).logTail)")
        try TestKeys.enrol(child: Self.townA, at: hall(Self.townA).db, parent: Self.otherDistrict, at: hall(Self.otherDistrict).db)
        hall(Self.otherDistrict).stop()
        try hall(Self.otherDistrict).start(["--listen", endpoints[Self.otherDistrict]!])
        try hall(Self.townA).start(["--parent", endpoints[Self.otherDistrict]!])
        try register(5, prefix: "S-after", at: Self.sibling, db: hall(Self.sibling).db)
        #expect(
            try eventually(seconds: 90) { try cases(of: Self.sibling, at: hall(Self.city).db) == 55 && cases(of: Self.sibling, at: hall(Self.otherDistrict).db) == 55 && agree(everyone) },
            "the tree did not converge after the town's move:\n\(diagnosis(everyone))")
        #expect(try cases(of: Self.sibling, at: hall(Self.district).db) == 0)
        #expect(try cases(of: Self.village, at: hall(Self.district).db) == 160)
        // The moved town's village holds the new district's catalogue, not the old one's.
        #expect(try eventually(seconds: 30) { try count("SELECT count(*) FROM org WHERE scope = \(Self.otherDistrict.rawValue)", hall(Self.sibling).db) == 200 })
        #expect(try count("SELECT count(*) FROM org WHERE scope = \(Self.district.rawValue)", hall(Self.sibling).db) == 0)
        let statusD = try cli(["status", "--db", hall(Self.district).db, "--json"])
        #expect(statusD.output.contains("purges") && statusD.output.contains("\(Self.townA)"), "\(statusD.output)")
        // Nothing lost: every case is at the city.
        #expect(try count("SELECT count(*) FROM case_accept", hall(Self.city).db) == 160 + 55 + 50)
    }
}
