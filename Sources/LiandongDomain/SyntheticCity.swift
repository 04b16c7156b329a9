import Foundation
import GRDB
import LiandongCore
import LiandongStore
import Logging

/// A realistic synthetic city (`docs/domain-schema.md`, "A realistic synthetic city"), deterministic by
/// seed: the tree, the catalogue each tier publishes, and every case's life. Nothing here talks to
/// a network: `publish` and `act` write into one node's replica, as that node would, and the sync
/// engine (or the demo's processes) moves the rows between nodes.
///
/// Cases are driven by state, not by a script: each round, a node looks at the cases it holds
/// and advances those it is responsible for by one step of their plan (a town receives and
/// accepts, a district concludes, the registering hall delivers and collects the evaluation). A
/// node that was offline simply acts later. Every decision comes from a generator seeded by
/// (seed, case number), so the outcome of a case does not depend on the order nodes act in.
public struct SyntheticCity: Sendable {
    /// The shape of the tree and the volumes; `full` is a whole real city (about 2,250 halls).
    public struct Shape: Sendable, Hashable {
        public var districts: Int
        public var townsPerDistrict: ClosedRange<Int>
        public var villagesPerTown: ClosedRange<Int>
        /// Base catalogue items published by the city.
        public var baseItems: Int
        /// Implementation items per district, as a range.
        public var implementationItems: ClosedRange<Int>
        /// Cases per working day registered at a village (mean), a town, a district centre.
        public var villageCasesPerDay: Double
        public var townCasesPerDay: ClosedRange<Int>
        public var districtCasesPerDay: ClosedRange<Int>
        /// Share of evaluations that are bad (level ≤ 2).
        public var badReviewRate: Double

        public init(
            districts: Int, townsPerDistrict: ClosedRange<Int>, villagesPerTown: ClosedRange<Int>, baseItems: Int,
            implementationItems: ClosedRange<Int>, villageCasesPerDay: Double, townCasesPerDay: ClosedRange<Int>,
            districtCasesPerDay: ClosedRange<Int>, badReviewRate: Double
        ) {
            self.districts = districts
            self.townsPerDistrict = townsPerDistrict
            self.villagesPerTown = villagesPerTown
            self.baseItems = baseItems
            self.implementationItems = implementationItems
            self.villageCasesPerDay = villageCasesPerDay
            self.townCasesPerDay = townCasesPerDay
            self.districtCasesPerDay = districtCasesPerDay
            self.badReviewRate = badReviewRate
        }

        /// The whole synthetic city: about 2,250 nodes and 10,000 cases per working day.
        public static let full = Shape(
            districts: 10, townsPerDistrict: 10...15, villagesPerTown: 15...17, baseItems: 2500, implementationItems: 1200...1800,
            villageCasesPerDay: 1.5, townCasesPerDay: 20...80, districtCasesPerDay: 300...1500, badReviewRate: 0.001)

        /// The demo's 15 nodes (1 city, 2 districts, 4 towns, 8 villages) with volumes scaled to
        /// its size, and bad reviews raised to 2% so that 差评整改率 has something to show.
        public static let demo = Shape(
            districts: 2, townsPerDistrict: 2...2, villagesPerTown: 2...2, baseItems: 200, implementationItems: 100...140,
            villageCasesPerDay: 3, townCasesPerDay: 6...12, districtCasesPerDay: 15...30, badReviewRate: 0.02)
    }

    public static let cityCode = NodeID(rawValue: 441_700_000_000)

    public let seed: UInt64
    public let shape: Shape
    public let firstDay: Day
    public let days: Int
    /// Districts, towns and villages, by parent.
    public let districts: [NodeID]
    public let towns: [NodeID: [NodeID]]
    public let villages: [NodeID: [NodeID]]

    public init(seed: UInt64, shape: Shape, firstDay: Day, days: Int) {
        self.seed = seed
        self.shape = shape
        self.firstDay = firstDay
        self.days = days
        var rng = SplitMix64(seed: seed)
        let districts = (0..<shape.districts).map { NodeID(rawValue: (441_702 + 2 * Int64($0)) * 1_000_000) }
        var towns: [NodeID: [NodeID]] = [:]
        var villages: [NodeID: [NodeID]] = [:]
        for district in districts {
            let count = Int.random(in: shape.townsPerDistrict, using: &rng)
            towns[district] = (1...count).map { NodeID(rawValue: district.rawValue + Int64($0) * 1000) }
            for town in towns[district]! {
                let count = Int.random(in: shape.villagesPerTown, using: &rng)
                villages[town] = (1...count).map { NodeID(rawValue: town.rawValue + 200 + Int64($0)) }
            }
        }
        self.districts = districts
        self.towns = towns
        self.villages = villages
    }

    /// Every node, city first, then each district followed by its subtree.
    public var nodes: [NodeID] {
        var result = [Self.cityCode]
        for district in districts {
            result.append(district)
            for town in towns[district] ?? [] {
                result.append(town)
                result += villages[town] ?? []
            }
        }
        return result
    }

    /// The working days simulated.
    public var workingDays: [Day] {
        (0..<days).map { firstDay.advanced(by: $0) }.filter { Self.calendar.isWorkingDay($0) }
    }

    /// The last simulated day: later steps of a case's plan have not happened yet.
    public var horizon: Day { firstDay.advanced(by: days - 1) }

    static var calendar: WorkCalendar { OfficialCalendar.workCalendar }

    // MARK: Catalogue

    static let serviceNames = [
        "最低生活保障", "特困人员救助供养", "临时救助", "高龄津贴", "残疾人两项补贴", "城乡居民基本养老保险参保登记", "城乡居民医疗保险参保登记",
        "医疗救助", "居住证签注", "户口迁移", "出生登记", "独生子女父母奖励", "农村宅基地申请", "建房规划许可", "法律援助申请", "就业失业登记",
        "社会保障卡申领", "老年人优待证", "退役军人优待", "危房改造补助", "耕地地力保护补贴", "生育登记", "婚姻登记预约", "殡葬补助",
    ]

    /// The rows node `node` publishes: the city its registry, calendar and base catalogue; a
    /// district its departments, implementation list, materials and disclosure catalogue; towns
    /// and villages their disclosure records.
    public func publish(at node: NodeID, _ db: Database) throws {
        var rng = SplitMix64(seed: seed ^ UInt64(node.rawValue))
        switch node.tier {
        case .city:
            for entry in OfficialCalendar.entries {
                try db.execute(
                    sql: "INSERT INTO holiday (day, kind, name, scope) VALUES (?, ?, ?, ?)", arguments: [entry.day, entry.kind.rawValue, entry.name, node.rawValue])
            }
            for member in nodes {
                try db.execute(
                    sql: "INSERT INTO region (region_code, name, level, parent_code, scope) VALUES (?, ?, ?, ?, ?)",
                    arguments: [member.description, Self.hallName(member), member.tier.rawValue, member.parentCode?.description, node.rawValue])
            }
            for index in 0..<shape.baseItems {
                let name = Self.serviceNames[index % Self.serviceNames.count] + (index < Self.serviceNames.count ? "" : "（\(index / Self.serviceNames.count + 1)类）")
                try db.execute(
                    sql: "INSERT INTO item_catalog (catalog_code, task_name, task_type, by_law, use_level, task_state, scope) VALUES (?, ?, ?, ?, '4,5,6', '1', ?)",
                    arguments: [Self.catalogCode(index), name, index % 3 == 0 ? "01" : "20", "《广东省政务服务事项目录管理办法》", node.rawValue])
            }
        case .district:
            let deptCode = "11\(node.rawValue / 1_000_000)MB0000001"
            try db.execute(sql: "INSERT INTO org (credit_code, org_name, region_code, scope) VALUES (?, ?, ?, ?)", arguments: [deptCode, "\(Self.hallName(node))人力资源和社会保障局", node.description, node.rawValue])
            for item in implementationItems(of: node) {
                try db.execute(
                    sql: """
                        INSERT INTO item_impl (task_handle_item, task_code, catalog_code, task_name, dept_code, dept_name, project_type, anticipate_day,
                            promise_day, limit_scene_num, is_online, proxy_allowed, handle_area, task_state, scope)
                        VALUES (?, ?, ?, ?, ?, '人社局', ?, ?, ?, ?, ?, ?, '全区通办', '1', ?)
                        """,
                    arguments: [
                        item.handleItem, String(item.handleItem.dropLast(3)), item.catalogCode, item.name, deptCode, item.instant ? "1" : "2",
                        item.promiseDays * 2, item.promiseDays, 1, item.online ? 1 : 0, item.proxy ? 1 : 0, node.rawValue,
                    ])
                for material in 0..<Int.random(in: 3...8, using: &rng) {
                    try db.execute(
                        sql: "INSERT INTO item_material (row_guid, task_handle_item, material_name, is_need, material_format, order_num, scope) VALUES (?, ?, ?, '1', '纸质+电子', ?, ?)",
                        arguments: ["\(item.handleItem)-M\(material)", item.handleItem, ["身份证", "户口簿", "申请表", "收入证明", "照片", "委托书", "银行卡", "证明材料"][material], material, node.rawValue])
                }
            }
            for domain in 1...26 {
                try db.execute(
                    sql: "INSERT INTO disclosure_catalog (item_id, domain_no, level1_item, content_elements, time_limit_workdays, subject, scope) VALUES (?, ?, ?, ?, 20, ?, ?)",
                    arguments: ["\(node)-DC\(domain)", domain, "基层政务公开领域\(domain)", "公开内容要素", Self.hallName(node), node.rawValue])
            }
        case .town, .village:
            let district = node.ancestorsOrSelf[1]
            try db.execute(
                sql: "INSERT INTO disclosure_record (record_id, item_id, title, body, formed_date, due_date, publish_date, withdrawn, scope) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
                arguments: [
                    "\(node)-DR1", "\(district)-DC\(Int.random(in: 1...26, using: &rng))", "\(Self.hallName(node))低保名单公示",
                    "本月新增低保\(Int.random(in: 1...9, using: &rng))户，详见公示栏。", firstDay.description, firstDay.advanced(by: 20).description,
                    firstDay.description, node.rawValue,
                ])
        }
    }

    public static func catalogCode(_ index: Int) -> String {
        let text = String(100_000 + index)
        return String(text.suffix(6))
    }

    public static func hallName(_ node: NodeID) -> String {
        switch node.tier {
        case .city: "阳江市政务服务数据管理局"
        case .district: "第\((node.rawValue / 1_000_000) % 100)区政务服务中心"
        case .town: "第\((node.rawValue / 1000) % 1000)镇便民服务中心"
        case .village: "第\(node.rawValue % 1000)村便民服务站"
        }
    }

    /// An implementation item of a district.
    public struct Item: Sendable, Hashable {
        public var handleItem: String
        public var catalogCode: String
        public var name: String
        public var instant: Bool
        public var promiseDays: Int
        public var online: Bool
        public var proxy: Bool
    }

    /// A district's implementation list (deterministic by seed and district).
    public func implementationItems(of district: NodeID) -> [Item] {
        var rng = SplitMix64(seed: seed ^ UInt64(district.rawValue) ^ 0x1717)
        let count = min(shape.baseItems, Int.random(in: shape.implementationItems, using: &rng))
        return (0..<count).map { index in
            let code = Self.catalogCode(index)
            let instant = Double.random(in: 0..<1, using: &rng) < 0.5
            return Item(
                handleItem: "11\(district.rawValue / 1_000_000)MB\(code)001", catalogCode: code,
                name: Self.serviceNames[index % Self.serviceNames.count], instant: instant,
                promiseDays: instant ? 0 : Int.random(in: 3...15, using: &rng), online: Double.random(in: 0..<1, using: &rng) < 0.6,
                proxy: Double.random(in: 0..<1, using: &rng) < 0.7)
        }
    }

    // MARK: Cases

    /// Registers the cases `hall` receives on `day` (申请 / 代办登记): its share of the city's
    /// daily volume, each with its applicant.
    @discardableResult
    public func register(at hall: NodeID, on day: Day, _ db: Database) throws -> Int {
        guard hall.tier != .city else { return 0 }
        var rng = SplitMix64(seed: seed ^ UInt64(hall.rawValue) &* 31 ^ UInt64(day.number))
        let count: Int
        switch hall.tier {
        case .village: count = Self.poisson(shape.villageCasesPerDay, &rng)
        case .town: count = Int.random(in: shape.townCasesPerDay, using: &rng)
        default: count = Int.random(in: shape.districtCasesPerDay, using: &rng)
        }
        let items = implementationItems(of: hall.ancestorsOrSelf[1]).filter { hall.tier != .village || $0.proxy }
        guard !items.isEmpty else { return 0 }
        for number in 0..<count {
            let item = items[Int.random(in: 0..<items.count, using: &rng)]
            let channel: String
            let roll = Double.random(in: 0..<1, using: &rng)
            switch hall.tier {
            case .village: channel = roll < 0.75 ? "proxy" : (roll < 0.9 && item.online ? "online" : "window")
            case .town: channel = roll < 0.6 ? "window" : (roll < 0.85 && item.online ? "online" : "self")
            default: channel = roll < 0.65 ? "window" : (item.online ? "online" : "mail")
            }
            let person = Self.person(&rng, region: hall)
            try CaseDesk.register(
                CaseApplication(
                    projectNo: "\(item.handleItem.prefix(18))\(day.description.replacingOccurrences(of: "-", with: ""))\(hall.rawValue % 1_000_000)\(String(10_000 + number).suffix(4))",
                    taskHandleItem: item.handleItem, taskName: item.name, instant: item.instant, channel: channel, applicantName: person.name,
                    idNumber: person.id, phone: person.phone, address: person.address, agentName: channel == "proxy" ? "代办员\(hall.rawValue % 1000)" : nil,
                    applyDate: day.description),
                at: hall, db)
        }
        return count
    }

    /// What happens to one case, fixed by (seed, case number).
    struct Plan {
        var notAccepted: Bool
        var withdrawn: Bool
        var pausedDays: Int
        var lateDays: Int
        var approved: Bool
        var instantOnSite: Bool
        var acceptLag: Int
        var evaluated: Bool
        var level: Int
        var rectifiedOnTime: Bool
        var visits: Int
    }

    func plan(_ projectNo: String) -> Plan {
        var hash = FNV1a()
        hash.mix(projectNo)
        var rng = SplitMix64(seed: seed ^ hash.value)
        let roll = { Double.random(in: 0..<1, using: &rng) }
        let bad = roll() < shape.badReviewRate
        return Plan(
            notAccepted: roll() < 0.015, withdrawn: roll() < 0.01, pausedDays: roll() < 0.08 ? Int.random(in: 1...5, using: &rng) : 0,
            lateDays: roll() < 0.02 ? Int.random(in: 1...4, using: &rng) : 0, approved: roll() < 0.95, instantOnSite: roll() < 0.97,
            acceptLag: roll() < 0.7 ? 0 : 1, evaluated: roll() < 0.9, level: bad ? Int.random(in: 1...2, using: &rng) : (roll() < 0.85 ? 5 : (roll() < 0.8 ? 4 : 3)),
            rectifiedOnTime: roll() < 0.85, visits: roll() < 0.3 ? 0 : (roll() < 0.9 ? 1 : 2))
    }

    /// One round of `node`'s work on the cases it holds: each case it is responsible for moves
    /// one step along its plan, dated by the plan (never past the horizon). Returns the steps taken.
    @discardableResult
    public func act(at node: NodeID, _ db: Database) throws -> Int {
        let calendar = try WorkCalendar.load(db)
        let range = node.subtreeRange
        var steps = 0
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT c.project_no, c.scope, c.status, c.project_type, c.apply_date, c.accept_date, c.promise_date, coalesce(c.paused_workdays, 0),
                    c.result_date, i.promise_day, c.delivered_date,
                    (SELECT count(*) FROM evaluation e WHERE e.project_no = c.project_no),
                    c.applyer_name, c.contact_mobile, c.applyer_page_code, c.accept_node
                FROM case_accept c LEFT JOIN item_impl i ON i.task_handle_item = c.task_handle_item
                WHERE c.scope BETWEEN ? AND ? ORDER BY c.project_no
                """,
            arguments: [range.lowerBound, range.upperBound])
        for row in rows {
            let projectNo: String = row[0]
            let hall = NodeID(rawValue: row[1])
            let status = CaseStatus(rawValue: row[2]) ?? .submitted
            let instant = (row[3] as String) == "1"
            let applied = try Day(row[4] as String)
            let plan = plan(projectNo)
            let receiver = hall.tier == .village ? hall.ancestorsOrSelf[2] : hall
            let district = hall.ancestorsOrSelf[1]
            switch status {
            case .submitted where plan.withdrawn && node == hall:
                try CaseDesk.withdraw(projectNo, by: node, on: applied.description, db)
            case .submitted where node == receiver && !plan.withdrawn:
                let day = calendar.adding(workingDays: plan.acceptLag, to: applied)
                guard day <= horizon else { continue }
                if plan.notAccepted {
                    try CaseDesk.refuse(projectNo, by: node, on: day.description, reason: "材料不符合法定形式", db)
                } else {
                    try CaseDesk.receive(projectNo, by: node, on: day.description, db)
                    try CaseDesk.accept(projectNo, by: node, on: day.description, promiseDays: instant ? 0 : (row[9] as Int?) ?? 10, calendar: calendar, db)
                    try db.execute(sql: "UPDATE case_accept SET visit_count = ? WHERE project_no = ?", arguments: [plan.visits, projectNo])
                    if instant && plan.instantOnSite {
                        try CaseDesk.conclude(projectNo, by: node, on: day.description, approved: plan.approved, db)
                    }
                }
            case .accepted where node == district:
                guard let accepted = try (row[5] as String?).map(Day.init), let promise = try (row[6] as String?).map(Day.init) else { continue }
                let due = calendar.adding(workingDays: plan.pausedDays, to: promise)
                var concludeDay = plan.lateDays > 0 ? calendar.adding(workingDays: plan.lateDays, to: due) : max(accepted, due.advanced(by: -Int(applied.number % 3)))
                concludeDay = max(concludeDay, accepted)
                try CaseDesk.process(projectNo, by: node, on: accepted.description, org: "人社局", db)
                if plan.pausedDays > 0 {
                    try CaseDesk.pause(projectNo, by: node, on: accepted.description, kind: "补正", db)
                    try CaseDesk.resume(projectNo, by: node, on: calendar.adding(workingDays: plan.pausedDays, to: accepted).description, calendar: calendar, db)
                }
                if concludeDay <= horizon {
                    try CaseDesk.conclude(projectNo, by: node, on: concludeDay.description, approved: plan.approved, db)
                }
            case .inProcess where node == district:
                guard let promise = try (row[6] as String?).map(Day.init) else { continue }
                let paused: Int = row[7]
                let due = calendar.adding(workingDays: paused, to: promise)
                let concludeDay = plan.lateDays > 0 ? calendar.adding(workingDays: plan.lateDays, to: due) : due
                guard concludeDay <= horizon else { continue }
                try CaseDesk.conclude(projectNo, by: node, on: concludeDay.description, approved: plan.approved, db)
            case .concluded where node == hall:
                guard let result = try (row[8] as String?).map(Day.init) else { continue }
                let day = calendar.adding(workingDays: 1, to: result)
                guard day <= horizon else { continue }
                try CaseDesk.deliver(projectNo, by: node, on: day.description, db)
                if plan.evaluated, (row[11] as Int) == 0 {
                    let rater = (row[12] as String?).map { ($0, (row[13] as String?) ?? "", (row[14] as String?) ?? "") }
                    try CaseDesk.evaluate(projectNo, evalID: "E\(projectNo)", level: plan.level, by: node, on: day.description, rater: rater, words: plan.level <= 2 ? "等待时间太长" : "办事方便", db)
                }
            default:
                continue
            }
            steps += 1
        }
        // 差评整改: the district rectifies the bad reviews of its subtree.
        if node.tier == .district {
            let bad = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.eval_id, e.scope, e.eval_time, e.project_no FROM evaluation e
                    WHERE e.level <= 2 AND e.scope BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM rectification r WHERE r.eval_id = e.eval_id)
                    """,
                arguments: [range.lowerBound, range.upperBound])
            for row in bad {
                let evaluated = try Day(row[2] as String)
                let deadline = calendar.adding(workingDays: 15, to: evaluated)
                let plan = plan(row[3])
                let closed = plan.rectifiedOnTime ? calendar.adding(workingDays: 3, to: evaluated) : calendar.adding(workingDays: 20, to: evaluated)
                try CaseDesk.rectify(
                    evalID: row[0], scope: NodeID(rawValue: row[1]), status: 21, deadline: deadline.description, closedAt: closed.description,
                    content: "已约谈窗口人员并优化流程", db)
                steps += 1
            }
        }
        return steps
    }

    // MARK: People

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁")
    static let givenNames = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英")

    /// A synthetic applicant: a name, an ID number with a valid check digit for the hall's
    /// county, a mobile number and an address.
    static func person(_ rng: inout SplitMix64, region: NodeID) -> (name: String, id: String, phone: String, address: String) {
        let name = String(surnames[Int.random(in: 0..<surnames.count, using: &rng)])
            + String((0..<Int.random(in: 1...2, using: &rng)).map { _ in givenNames[Int.random(in: 0..<givenNames.count, using: &rng)] })
        let birth = Day(number: Int.random(in: -9000...12000, using: &rng)).description.replacingOccurrences(of: "-", with: "")
        let body = String(region.rawValue / 1_000_000) + birth + String(100 + Int.random(in: 0..<900, using: &rng))
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        let check = Array("10X98765432")[sum % 11]
        let phone = "1" + String([3, 5, 7, 8, 9][Int.random(in: 0..<5, using: &rng)]) + String((0..<9).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
        let address = "\(hallName(region))辖区\(Int.random(in: 1...300, using: &rng))号"
        return (name, body + String(check), phone, address)
    }

    static func poisson(_ mean: Double, _ rng: inout SplitMix64) -> Int {
        var k = 0
        var p = 1.0
        let limit = exp(-mean)
        repeat {
            k += 1
            p *= Double.random(in: 0..<1, using: &rng)
        } while p > limit
        return k - 1
    }
}

extension SyntheticCity {
    /// What `build` did.
    public struct BuildReport: Sendable {
        public var nodes = 0
        public var cases = 0
        public var steps = 0
        public var rounds = 0
    }

    /// Builds the whole synthetic city as converged replica files, one per node, in `directory`
    /// (named `<region code>.db`), within this process: every node publishes and registers its
    /// own rows, then rounds of work and in-process sync run until nothing is left to do.
    /// Districts hash ID numbers with `privacyKey` (held in memory; writing its file is the
    /// caller's choice). `progress` hears each phase.
    public func build(
        in directory: String, privacyKey: PrivacyKey, logger: Logger, progress: (String) -> Void = { _ in }
    ) throws -> (replicas: [NodeID: Replica], report: BuildReport) {
        var replicas: [NodeID: Replica] = [:]
        var report = BuildReport()
        for node in nodes {
            let replica = try Replica.create(at: "\(directory)/\(node).db", node: node, schema: GovernmentSchema.schema, logger: logger, privacyKey: privacyKey)
            replicas[node] = replica
        }
        report.nodes = nodes.count
        progress("created \(nodes.count) replicas")
        // Parents before children in `nodes`: reversed carries rows up, forward carries them down.
        let edges = nodes.compactMap { node in node.parentCode.map { (child: node, parent: $0) } }
        func syncTree() throws {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            for edge in edges.reversed() { try replicas[edge.child]!.exchange(withParent: replicas[edge.parent]!, nowMillis: now) }
            for edge in edges { try replicas[edge.child]!.exchange(withParent: replicas[edge.parent]!, nowMillis: now) }
        }
        for node in nodes { try replicas[node]!.write { try self.publish(at: node, $0) } }
        try syncTree()
        progress("catalogue published and synced to every node")
        for day in workingDays {
            for node in nodes { report.cases += try replicas[node]!.write { try self.register(at: node, on: day, $0) } }
        }
        progress("\(report.cases) cases registered over \(workingDays.count) working days")
        for round in 1...30 {
            try syncTree()
            var steps = 0
            for node in nodes { steps += try replicas[node]!.write { try self.act(at: node, $0) } }
            report.steps += steps
            report.rounds = round
            progress("round \(round): \(steps) steps")
            if steps == 0 { break }
        }
        try syncTree()
        return (replicas, report)
    }
}
