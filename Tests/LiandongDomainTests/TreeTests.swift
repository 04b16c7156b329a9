import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// A small four-tier tree in this process, each node with its own SQLite file and real ZeroMQ
/// sockets on loopback: city → district → two towns → villages.
final class SmallTree: @unchecked Sendable {
    static let city = NodeID(rawValue: 441_700_000_000)
    static let district = NodeID(rawValue: 441_702_000_000)
    static let town = NodeID(rawValue: 441_702_001_000)
    static let otherTown = NodeID(rawValue: 441_702_002_000)
    static let village = NodeID(rawValue: 441_702_001_201)
    static let neighbour = NodeID(rawValue: 441_702_001_202)
    static let farVillage = NodeID(rawValue: 441_702_002_201)
    static let privacyKey = PrivacyKey.random()

    let dir = TemporaryDirectory()
    var replicas: [NodeID: Replica] = [:]
    var running: [NodeID: InProcessNode] = [:]
    var endpoints: [NodeID: String] = [:]

    init(nodes: [NodeID] = [city, district, town, otherTown, village, neighbour, farVillage]) throws {
        for node in nodes {
            let replica = try Replica.temporary(node.rawValue, in: dir, schema: GovernmentSchema.schema, privacyKey: Self.privacyKey)
            replicas[node] = replica
            if node.tier != .village { endpoints[node] = "tcp://127.0.0.1:\(try freeLoopbackPort())" }
        }
        try TestKeys.enrolTree(replicas.mapValues(\.path))
    }

    subscript(_ node: NodeID) -> Replica { replicas[node]! }

    func start(_ nodes: [NodeID]? = nil) throws {
        for node in nodes ?? Array(replicas.keys) where running[node] == nil {
            let parent = node.parentCode.flatMap { endpoints[$0] }
            running[node] = try InProcessNode(replica: replicas[node]!, listen: endpoints[node], parent: parent) {
                $0.session.chunkRows = 64
            }
        }
    }

    func stop(_ node: NodeID) {
        running[node]?.shutdown()
        running[node] = nil
    }

    func stopAll() {
        for node in Array(running.keys) { stop(node) }
    }

    /// Rows of `table` at `node`, as (key, scope).
    func keys(_ table: String, at node: NodeID) throws -> [String] {
        try self[node].query("SELECT * FROM \(table) ORDER BY 1").rows.map { $0[0].description }
    }

    func count(_ table: String, at node: NodeID, where condition: String = "1") throws -> Int64 {
        try self[node].query("SELECT count(*) FROM \(table) WHERE \(condition)").rows.first?.first?.integerValue ?? -1
    }
}

/// Publishes a tiny catalogue: one base item at the city, one implementation item and material
/// at the district, a holiday calendar at the city.
func publishCatalogue(_ tree: SmallTree) throws {
    try tree[SmallTree.city].write { db in
        try db.execute(
            sql: "INSERT INTO item_catalog (catalog_code, task_name, task_type, task_state, scope) VALUES ('000101', '最低生活保障', '05', '1', ?)",
            arguments: [SmallTree.city.rawValue])
        try db.execute(
            sql: "INSERT INTO holiday (day, kind, name, scope) VALUES ('2026-10-01', 'holiday', '国庆节', ?)", arguments: [SmallTree.city.rawValue])
    }
    try tree[SmallTree.district].write { db in
        try db.execute(
            sql: """
                INSERT INTO item_impl (task_handle_item, task_code, catalog_code, task_name, project_type, promise_day, task_state, proxy_allowed, scope)
                VALUES ('11441702MB000101001', '11441702MB000101', '000101', '最低生活保障审核确认', '2', 10, '1', 1, ?)
                """, arguments: [SmallTree.district.rawValue])
        try db.execute(
            sql: "INSERT INTO item_material (row_guid, task_handle_item, material_name, is_need, order_num, scope) VALUES ('m1', '11441702MB000101001', '身份证', '1', 1, ?)",
            arguments: [SmallTree.district.rawValue])
    }
}

func application(_ projectNo: String, idNumber: String = "440102199001011234", phone: String = "13812345678") -> CaseApplication {
    CaseApplication(
        projectNo: projectNo, taskHandleItem: "11441702MB000101001", taskName: "最低生活保障审核确认", instant: false, channel: "proxy",
        applicantName: "张三丰", idNumber: idNumber, phone: phone, address: "广东省阳江市江城区某村1号", agentName: "李代办", applyDate: "2026-11-02")
}

@Suite(.serialized) struct TreeTests {
    /// The catalogue flows down to every village; cases flow up to the city and never sideways;
    /// a district's decision reaches the village that registered the case; the city holds no raw
    /// personal data.
    @Test func dataFlowsAlongRootPathsOnly() throws {
        let tree = try SmallTree()
        defer { tree.stopAll() }
        try publishCatalogue(tree)
        let ours = application("C-VILLAGE-1")
        try tree[SmallTree.village].write { try CaseDesk.register(ours, at: SmallTree.village, $0) }
        try tree[SmallTree.neighbour].write { try CaseDesk.register(application("C-NEIGHBOUR-1", idNumber: "440102198502023456", phone: "13900001111"), at: SmallTree.neighbour, $0) }
        try tree[SmallTree.farVillage].write { try CaseDesk.register(application("C-FAR-1", idNumber: "44010219700303345X", phone: "13700002222"), at: SmallTree.farVillage, $0) }
        try tree.start()

        #expect(try eventually(seconds: 30) { try tree.count("case_accept", at: SmallTree.city) == 3 })
        for village in [SmallTree.village, SmallTree.neighbour, SmallTree.farVillage] {
            #expect(try eventually { try tree.count("item_material", at: village) == 1 && tree.count("item_catalog", at: village) == 1 && tree.count("holiday", at: village) == 1 })
            // Only its own case: never a sibling's, never another town's.
            #expect(try tree.count("case_accept", at: village) == 1)
            #expect(try tree.count("case_accept", at: village, where: "scope != \(village.rawValue)") == 0)
            #expect(try tree.count("case_event", at: village, where: "scope != \(village.rawValue)") == 0)
        }
        #expect(try tree.count("case_accept", at: SmallTree.town) == 2)
        #expect(try tree.count("case_accept", at: SmallTree.otherTown) == 1)
        #expect(try tree.count("case_accept", at: SmallTree.district) == 3)

        // The town receives and accepts, the district concludes: the decision reaches the village.
        let calendar = WorkCalendar()
        try tree[SmallTree.town].write { db in
            try CaseDesk.receive("C-VILLAGE-1", by: SmallTree.town, on: "2026-11-03", db)
            try CaseDesk.accept("C-VILLAGE-1", by: SmallTree.town, on: "2026-11-03", promiseDays: 10, calendar: calendar, db)
        }
        #expect(try eventually { try tree.count("case_accept", at: SmallTree.district, where: "status = 'ACCEPTED'") == 1 })
        try tree[SmallTree.district].write { try CaseDesk.conclude("C-VILLAGE-1", by: SmallTree.district, on: "2026-11-10", approved: true, $0) }
        // Two hops, on a machine the rest of the suite keeps busy: allow a minute.
        #expect(try eventually(seconds: 60) { try tree.count("case_accept", at: SmallTree.village, where: "status = 'CONCLUDED' AND result_type = '准予'") == 1 })
        #expect(try eventually(seconds: 60) { try tree.count("case_result", at: SmallTree.village) == 1 })
        #expect(try tree.count("case_result", at: SmallTree.neighbour) == 0)
        #expect(try eventually { try tree.count("case_accept", at: SmallTree.city, where: "status = 'CONCLUDED'") == 1 })

        // Personal data: raw at the district, masked and hashed at the city.
        let atDistrict = try tree[SmallTree.district].query("SELECT applyer_name, applyer_page_code, contact_mobile FROM case_accept WHERE project_no = 'C-VILLAGE-1'").rows
        #expect(atDistrict == [[.text("张三丰"), .text(ours.idNumber), .text(ours.phone)]])
        let atCity = try tree[SmallTree.city].query("SELECT applyer_name, applyer_page_code, contact_mobile, cert_hash FROM case_accept WHERE project_no = 'C-VILLAGE-1'").rows
        #expect(atCity == [[.text("张**"), .text("440102********1234"), .text("138****5678"), PersonalData.keyedHash(.text(ours.idNumber), key: SmallTree.privacyKey)]])
        try expectNoRawPersonalData(in: tree[SmallTree.city], raw: ["440102199001011234", "440102198502023456", "44010219700303345X", "13812345678", "13900001111", "13700002222", "张三丰"])
        #expect(try tree[SmallTree.city].setting(Replica.privacySaltSetting) == nil)
        #expect(tree[SmallTree.city].privacyKey == nil && tree[SmallTree.town].privacyKey == nil)
    }

    /// A tampered village replica (guards dropped) writes the catalogue, a sibling's case and a
    /// conclusion: its town rejects each with node, table, column and rule, applies and relays
    /// none of it, and the village's status shows the refusal.
    @Test func forgedWritesAreRejectedAtTheFirstHopAndNotRelayed() throws {
        let tree = try SmallTree(nodes: [SmallTree.city, SmallTree.district, SmallTree.town, SmallTree.village, SmallTree.neighbour])
        defer { tree.stopAll() }
        try publishCatalogue(tree)
        try tree[SmallTree.village].write { try CaseDesk.register(application("C-OWN"), at: SmallTree.village, $0) }
        try tree.start()
        #expect(try eventually { try tree.count("case_accept", at: SmallTree.city) == 1 && tree.count("item_impl", at: SmallTree.village) == 1 })

        let forger = tree[SmallTree.village]
        try forger.write { db in
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%__ld_guard%'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(
                sql: "INSERT INTO item_catalog (catalog_code, task_name, task_type, task_state, scope) VALUES ('FORGED', '伪造事项', '05', '1', ?)",
                arguments: [SmallTree.city.rawValue])
            try db.execute(sql: "UPDATE item_impl SET promise_day = 99")
            try db.execute(
                sql: """
                    INSERT INTO case_accept (project_no, task_handle_item, task_name, project_type, apply_channel, apply_date, status, scope)
                    VALUES ('C-SIBLING', 'x', 'x', '2', 'proxy', '2026-11-02', 'SUBMITTED', ?)
                    """, arguments: [SmallTree.neighbour.rawValue])
            try db.execute(sql: "UPDATE case_accept SET status = 'CONCLUDED', result_type = '准予' WHERE project_no = 'C-OWN'")
        }
        #expect(try eventually { try tree.count("_ld_reject", at: SmallTree.town) >= 4 })
        let rejections = try tree[SmallTree.town].query("SELECT writer, tbl, col, rule FROM _ld_reject ORDER BY id").rows
        let village = ColumnValue.integer(SmallTree.village.rawValue)
        #expect(rejections.contains([village, .text("item_catalog"), .null, .text("authority")]))
        #expect(rejections.contains([village, .text("item_impl"), .text("promise_day"), .text("authority")]))
        #expect(rejections.contains([village, .text("case_accept"), .null, .text("scope")]))
        #expect(rejections.contains { $0[1] == .text("case_accept") && $0[2] == .text("status") && $0[3] == .text("status") }
                || rejections.contains { $0[1] == .text("case_accept") && $0[2] == .text("result_type") && $0[3] == .text("authority") })

        // Nothing of it was applied or relayed.
        for node in [SmallTree.town, SmallTree.district, SmallTree.city] {
            #expect(try tree.count("item_catalog", at: node, where: "catalog_code = 'FORGED'") == 0)
            #expect(try tree.count("item_impl", at: node, where: "promise_day = 99") == 0)
            #expect(try tree.count("case_accept", at: node, where: "status = 'CONCLUDED'") == 0)
        }
        #expect(try tree.count("case_accept", at: SmallTree.neighbour) == 0)
        // The forging village hears why.
        #expect(try eventually { (try forger.link(SmallTree.town)?.lastError ?? "").contains("rejected write by node 441702001201") })
    }
}

/// Scans every text value of every table (bookkeeping included) for raw personal values.
func expectNoRawPersonalData(in replica: Replica, raw: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let tables = try replica.query("SELECT name FROM sqlite_master WHERE type = 'table'").rows.compactMap { row -> String? in
        if case .text(let name) = row[0] { return name }
        return nil
    }
    for table in tables {
        for row in try replica.query("SELECT * FROM \"\(table)\"").rows {
            for value in row {
                guard case .text(let text) = value else { continue }
                for secret in raw {
                    #expect(!text.contains(secret), "raw personal value in \(table) at the city", sourceLocation: sourceLocation)
                }
            }
        }
    }
}
