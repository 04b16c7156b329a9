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
    /// Each district's implementation list, drawn once.
    let items: [NodeID: [Item]]

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
        self.items = Dictionary(uniqueKeysWithValues: districts.map { ($0, Self.implementationItems(seed: seed, shape: shape, district: $0)) })
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

    /// The last working day simulated (the horizon, or the working day before it): the day the
    /// supervisors run 电子监察 and the alerts are answered.
    public var lastWorkingDay: Day { workingDays.last ?? horizon }

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
                for (order, material) in item.materials.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO item_material (row_guid, task_handle_item, material_name, is_need, material_format, order_num, scope) VALUES (?, ?, ?, '1', '纸质+电子', ?, ?)",
                        arguments: ["\(item.handleItem)-M\(order)", item.handleItem, material, order, node.rawValue])
                }
            }
            for domain in DisclosureDomain.all {
                try db.execute(
                    sql: """
                        INSERT INTO disclosure_catalog (item_id, domain_no, level1_item, level2_item, content_elements, time_limit_workdays, subject, scope)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        "\(node)-DC\(domain.number)", domain.number, domain.name, "\(domain.name)信息", DisclosureDomain.contentElements,
                        Supervision.disclosureWorkdays, "\(Self.hallName(node))（\(domain.departments)）", node.rawValue,
                    ])
            }
        case .town, .village:
            // Two records (政务公开) formed on working days of the period, due 20 working days
            // later; most are published within a few working days, the rest are still pending at
            // the horizon (and watched by 电子监察).
            let district = node.ancestorsOrSelf[1]
            let days = workingDays
            guard !days.isEmpty else { return }
            for number in 1...2 {
                let domain = DisclosureDomain.all[Int.random(in: 0..<DisclosureDomain.all.count, using: &rng)]
                let formed = days[Int.random(in: 0..<days.count, using: &rng)]
                let due = Self.calendar.adding(workingDays: Supervision.disclosureWorkdays, to: formed)
                let published = Double.random(in: 0..<1, using: &rng) < 0.8 ? Self.calendar.adding(workingDays: Int.random(in: 0...3, using: &rng), to: formed) : nil
                try db.execute(
                    sql: "INSERT INTO disclosure_record (record_id, item_id, title, body, formed_date, due_date, publish_date, withdrawn, scope) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
                    arguments: [
                        "\(node)-DR\(number)", "\(district)-DC\(domain.number)", "\(Self.hallName(node))\(domain.name)信息公示",
                        "本期\(domain.name)事项办理情况\(Int.random(in: 1...9, using: &rng))项，详见公示栏。", formed.description, due.description,
                        published.flatMap { $0 <= horizon ? $0.description : nil }, node.rawValue,
                    ])
            }
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
        /// Its required materials (申请材料, 3–8): the `item_material` rows, in order, and what
        /// each case of the item hands in (`case_material`).
        public var materials: [String]
    }

    static let materialNames = ["居民身份证", "户口簿", "申请表", "收入证明", "近期免冠照片", "委托书", "银行卡（存折）", "相关证明材料"]

    /// A district's implementation list (deterministic by seed and district).
    public func implementationItems(of district: NodeID) -> [Item] {
        items[district] ?? Self.implementationItems(seed: seed, shape: shape, district: district)
    }

    static func implementationItems(seed: UInt64, shape: Shape, district: NodeID) -> [Item] {
        var rng = SplitMix64(seed: seed ^ UInt64(district.rawValue) ^ 0x1717)
        let count = min(shape.baseItems, Int.random(in: shape.implementationItems, using: &rng))
        return (0..<count).map { index in
            let code = Self.catalogCode(index)
            let instant = Double.random(in: 0..<1, using: &rng) < 0.5
            return Item(
                handleItem: "11\(district.rawValue / 1_000_000)MB\(code)001", catalogCode: code,
                name: Self.serviceNames[index % Self.serviceNames.count], instant: instant,
                promiseDays: instant ? 0 : Int.random(in: 3...15, using: &rng), online: Double.random(in: 0..<1, using: &rng) < 0.6,
                proxy: Double.random(in: 0..<1, using: &rng) < 0.7, materials: Array(materialNames.prefix(Int.random(in: 3...8, using: &rng))))
        }
    }

    // MARK: Cases

    /// Share of cases whose applicant comes from the hall's pool of returning people (回头客:
    /// the same person, the same ID number, hence the same keyed `cert_hash` at the city).
    public static let returningShare = 0.18

    /// How many returning people a hall's pool holds: sized to the hall's volume so that each of
    /// them comes about three times in twenty working days (a village's few regulars, a district
    /// centre's hundreds).
    func returningPool(_ tier: Tier) -> Int {
        let perDay: Double
        switch tier {
        case .village: perDay = shape.villageCasesPerDay
        case .town: perDay = Double(shape.townCasesPerDay.lowerBound + shape.townCasesPerDay.upperBound) / 2
        default: perDay = Double(shape.districtCasesPerDay.lowerBound + shape.districtCasesPerDay.upperBound) / 2
        }
        return max(3, Int(perDay * 20 * Self.returningShare / 3))
    }

    /// Registers the cases `hall` receives on `day` (申请 / 代办登记): its share of the city's
    /// daily volume, each with its applicant (about `returningShare` of them people who applied
    /// at this hall before) and the materials its item requires (`case_material`).
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
        let material = try db.cachedStatement(sql: """
            INSERT INTO case_material (row_guid, project_no, material_name, get_type, get_num, scope) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for number in 0..<count {
            let item = items[Int.random(in: 0..<items.count, using: &rng)]
            let channel: String
            let roll = Double.random(in: 0..<1, using: &rng)
            switch hall.tier {
            case .village: channel = roll < 0.75 ? "proxy" : (roll < 0.9 && item.online ? "online" : "window")
            case .town: channel = roll < 0.6 ? "window" : (roll < 0.85 && item.online ? "online" : "self")
            default: channel = roll < 0.65 ? "window" : (item.online ? "online" : "mail")
            }
            let person: (name: String, id: String, phone: String, address: String)
            if Double.random(in: 0..<1, using: &rng) < Self.returningShare {
                let index = Int.random(in: 0..<returningPool(hall.tier), using: &rng)
                var personRNG = SplitMix64(seed: seed ^ UInt64(hall.rawValue) &* 0x9E37_79B9 ^ UInt64(index) &* 0x85EB_CA6B)
                person = Self.person(&personRNG, region: hall)
            } else {
                person = Self.person(&rng, region: hall)
            }
            let projectNo = "\(item.handleItem.prefix(18))\(day.description.replacingOccurrences(of: "-", with: ""))\(hall.rawValue % 1_000_000)\(String(10_000 + number).suffix(4))"
            try CaseDesk.register(
                CaseApplication(
                    projectNo: projectNo, taskHandleItem: item.handleItem, taskName: item.name, instant: item.instant, channel: channel,
                    applicantName: person.name, idNumber: person.id, phone: person.phone, address: person.address,
                    agentName: channel == "proxy" ? "代办员\(hall.rawValue % 1000)" : nil, applyDate: day.description),
                at: hall, db)
            // 收取材料: uploaded online as electronic files or licences (电子证照), else paper: the
            // original shown (原件核验) or copies kept (复印件).
            for (order, name) in item.materials.enumerated() {
                let getType = channel == "online" ? (order == 0 ? "电子证照" : "电子文件") : (order == 0 ? "原件核验" : "复印件")
                try material.execute(arguments: [
                    "\(projectNo)/M\(order)", projectNo, name, getType, getType == "复印件" ? 1 + Int(day.number + order) % 2 : 1, hall.rawValue,
                ])
            }
        }
        return count
    }

    /// What happens to one case, fixed by (seed, case number).
    struct Plan {
        var notAccepted: Bool
        var withdrawn: Bool
        /// 补正 (a 承诺件 only): the request comes `after` working days after acceptance (0–1) and
        /// the applicant brings the materials back `days` working days later (1–5).
        var correction: (after: Int, days: Int)?
        var lateDays: Int
        /// Working days before its due date an on-time case is concluded.
        var earlyDays: Int
        var approved: Bool
        var instantOnSite: Bool
        var acceptLag: Int
        var evaluated: Bool
        var level: Int
        var channelRoll: Double
        /// A bad review's rectification: found invalid after an appeal (申诉: 11 无效差评), or
        /// started (20 整改中) and finished (21 整改完成) these working days after the review.
        var appealed: Bool
        var rectificationStart: Int
        var rectificationEnd: Int
    }

    /// Shares of the case plan (`docs/domain-schema.md`, "A realistic synthetic city").
    static let notAcceptedShare = 0.015, withdrawnShare = 0.01, correctionShare = 0.08, lateShare = 0.06

    func plan(_ projectNo: String) -> Plan {
        var hash = FNV1a()
        hash.mix(projectNo)
        var rng = SplitMix64(seed: seed ^ hash.value)
        let roll = { Double.random(in: 0..<1, using: &rng) }
        let bad = roll() < shape.badReviewRate
        let onTime = roll() < 0.85
        return Plan(
            notAccepted: roll() < Self.notAcceptedShare, withdrawn: roll() < Self.withdrawnShare,
            correction: roll() < Self.correctionShare ? (Int.random(in: 0...1, using: &rng), Int.random(in: 1...5, using: &rng)) : nil,
            lateDays: roll() < Self.lateShare ? Int.random(in: 1...4, using: &rng) : 0, earlyDays: Int.random(in: 0...2, using: &rng),
            approved: roll() < 0.95, instantOnSite: roll() < 0.97, acceptLag: roll() < 0.7 ? 0 : 1, evaluated: roll() < 0.9,
            level: bad ? Int.random(in: 1...2, using: &rng) : (roll() < 0.85 ? 5 : (roll() < 0.8 ? 4 : 3)), channelRoll: roll(),
            appealed: roll() < 0.1, rectificationStart: Int.random(in: 1...2, using: &rng),
            rectificationEnd: onTime ? Int.random(in: 3...12, using: &rng) : Int.random(in: 16...22, using: &rng))
    }

    /// 评价渠道 (`evaluation.channel`: 1 PC, 2 移动端, 3 二维码, 4 大厅平板, 5 大厅其他终端, 6 短信,
    /// 7 热线 12345, 8 纸质) from the case's apply channel: a window or self-service case is rated on
    /// the hall's tablet (or another terminal, or the window's QR code), an online case on the PC or
    /// phone it was filed from, a proxy case on the villager's phone or the station's terminal, a
    /// mailed one on paper; some of every kind answer the SMS invitation or call 12345 instead.
    static func evaluationChannel(applyChannel: String, roll: Double) -> EvaluationChannel {
        if roll < 0.08 { return .sms }
        if roll < 0.12 { return .hotline }
        switch applyChannel {
        case "online": return roll < 0.5 ? .web : .mobile
        case "proxy": return roll < 0.7 ? .mobile : .window
        case "mail": return .paper
        default: return roll < 0.85 ? .hallTablet : (roll < 0.95 ? .window : .qrCode)
        }
    }

    /// One round of `node`'s work on the cases it holds: each case it is responsible for moves
    /// along its plan, dated by the plan on the working-day calendar (never past the horizon,
    /// never on a rest day). A town or district also moves on the rectification of the bad
    /// reviews of the cases it handled (谁办理谁负责), one status a round. Returns the steps taken.
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
                    c.applyer_name, c.contact_mobile, c.applyer_page_code, c.accept_node, c.apply_channel,
                    (SELECT count(*) FROM case_special s WHERE s.project_no = c.project_no),
                    (SELECT count(*) FROM case_special s WHERE s.project_no = c.project_no AND s.end_date IS NULL)
                FROM case_accept c LEFT JOIN item_impl i ON i.task_handle_item = c.task_handle_item
                WHERE c.scope BETWEEN ? AND ? AND c.status NOT IN ('DELIVERED', 'WITHDRAWN', 'NOT_ACCEPTED', 'TERMINATED') ORDER BY c.project_no
                """,
            arguments: [range.lowerBound, range.upperBound])
        let visits = try db.cachedStatement(sql: "UPDATE case_accept SET visit_count = ? WHERE project_no = ?")
        for row in rows {
            let projectNo: String = row[0]
            let hall = NodeID(rawValue: row[1])
            let status = CaseStatus(rawValue: row[2]) ?? .submitted
            let instant = (row[3] as String) == "1"
            let applied = try Day(row[4] as String)
            let channel: String = row[16]
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
                    if instant && plan.instantOnSite {
                        try CaseDesk.conclude(projectNo, by: node, on: day.description, approved: plan.approved, db)
                    }
                }
            case .accepted where node == district, .inProcess where node == district:
                guard let accepted = try (row[5] as String?).map(Day.init), let promise = try (row[6] as String?).map(Day.init) else { continue }
                var wrote = false
                defer { if wrote { steps += 1 } }
                if status == .accepted {
                    try CaseDesk.process(projectNo, by: node, on: accepted.description, org: "人社局", db)
                    wrote = true
                }
                // 补正: the clock stops while the applicant fetches the missing materials, through
                // the same pause and resume the staff use; the case waits while it is stopped.
                var paused: Int = row[7]
                var resumed = accepted
                if let correction = plan.correction, !instant {
                    let start = calendar.adding(workingDays: correction.after, to: accepted)
                    let end = calendar.adding(workingDays: correction.days, to: start)
                    let (specials, open): (Int, Int) = (row[17], row[18])
                    if specials == 0 {
                        guard start <= horizon else { continue }
                        try CaseDesk.pause(projectNo, by: node, on: start.description, kind: "补正", reason: "申请材料不齐全，一次性告知补正", db)
                        wrote = true
                    }
                    if specials == 0 || open > 0 {
                        guard end <= horizon else { continue }
                        paused += try CaseDesk.resume(projectNo, by: node, on: end.description, calendar: calendar, db)
                        try visits.execute(arguments: [CaseDesk.visits(channel: channel, corrected: true), projectNo])
                        wrote = true
                    }
                    resumed = end
                }
                let due = calendar.adding(workingDays: paused, to: promise)
                let onTime = calendar.adding(workingDays: max(0, calendar.workingDays(from: accepted, to: due) - plan.earlyDays), to: accepted)
                let concludeDay = max(resumed, plan.lateDays > 0 ? calendar.adding(workingDays: plan.lateDays, to: due) : onTime)
                guard concludeDay <= horizon else { continue }
                try CaseDesk.conclude(projectNo, by: node, on: concludeDay.description, approved: plan.approved, db)
                wrote = true
                continue  // counted once, by the `defer`
            case .concluded where node == hall:
                guard let result = try (row[8] as String?).map(Day.init) else { continue }
                // Settled on the spot at the hall's own window: handed over at once; else the
                // next working day (the town relays, the village agent hands it over).
                let onSite = instant && (row[15] as Int64?) == hall.rawValue
                let day = onSite ? result : calendar.adding(workingDays: 1, to: result)
                guard day <= horizon else { continue }
                try CaseDesk.deliver(projectNo, by: node, on: day.description, db)
                if plan.evaluated, (row[11] as Int) == 0 {
                    let rater = (row[12] as String?).map { ($0, (row[13] as String?) ?? "", (row[14] as String?) ?? "") }
                    try CaseDesk.evaluate(
                        projectNo, evalID: "E\(projectNo)", level: plan.level, by: node, on: day.description, rater: rater,
                        words: plan.level <= 2 ? "等待时间太长" : "办事方便", channel: Self.evaluationChannel(applyChannel: channel, roll: plan.channelRoll), db)
                }
            default:
                continue
            }
            steps += 1
        }
        if node.tier == .town || node.tier == .district { steps += try rectify(at: node, calendar: calendar, db) }
        return steps
    }

    /// 差评整改 by the node that handled the case (谁办理谁负责: the node that concluded it, else
    /// the one that accepted it), through the rectification state machine, one step a round, each
    /// on the working day it happens and never past the horizon: opened (待整改) the day of the
    /// review (deadline 15 working days later), then started (整改中), then finished (整改完成,
    /// `closed_at`); about one in ten is appealed (申诉) instead and the district upholds the
    /// appeal (无效差评, `valid_flag` 2). What has not happened by the horizon stays open.
    func rectify(at node: NodeID, calendar: WorkCalendar, _ db: Database) throws -> Int {
        let range = node.subtreeRange
        var steps = 0
        if node.tier == .district {
            let appealed = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.eval_id, e.eval_time, e.project_no FROM rectification r JOIN evaluation e ON e.eval_id = r.eval_id
                    WHERE r.state = 'APPEALED' AND r.scope BETWEEN ? AND ?
                    """,
                arguments: [range.lowerBound, range.upperBound])
            for row in appealed {
                let day = calendar.adding(workingDays: plan(row[2]).rectificationStart + 2, to: try Day(row[1] as String))
                guard day <= horizon else { continue }
                try CaseDesk.rectify(evalID: row[0], .decideAppeal(upheld: true, reason: "经申诉复核，评价与办理无关，认定为无效差评"), by: node, on: day.description, db)
                steps += 1
            }
        }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT e.eval_id, e.eval_time, e.project_no, r.state
                FROM evaluation e JOIN case_accept c ON c.project_no = e.project_no LEFT JOIN rectification r ON r.eval_id = e.eval_id
                WHERE e.level <= 2 AND e.scope BETWEEN ? AND ? AND coalesce(e.handle_node, c.conclude_node, c.accept_node) = ?
                    AND (r.eval_id IS NULL OR r.state IN ('PENDING', 'IN_PROGRESS'))
                """,
            arguments: [range.lowerBound, range.upperBound, node.rawValue])
        for row in rows {
            let evalID: String = row[0]
            let reviewed = try Day(row[1] as String)
            let plan = plan(row[2])
            switch RectificationState(rawValue: (row[3] as String?) ?? "") {
            case nil:
                try CaseDesk.openRectification(evalID: evalID, by: node, calendar: calendar, db)
            case .pending? where plan.appealed:
                let day = calendar.adding(workingDays: plan.rectificationStart + 1, to: reviewed)
                guard day <= horizon else { continue }
                try CaseDesk.rectify(evalID: evalID, .appeal(reason: "评价与办件无关，申请认定无效差评"), by: node, on: day.description, db)
            case .pending?:
                let day = calendar.adding(workingDays: plan.rectificationStart, to: reviewed)
                guard day <= horizon else { continue }
                try CaseDesk.rectify(evalID: evalID, .start, by: node, on: day.description, db)
            case .inProgress?:
                let day = calendar.adding(workingDays: plan.rectificationEnd, to: reviewed)
                guard day <= horizon else { continue }
                try CaseDesk.rectify(evalID: evalID, .finish(content: "已约谈窗口人员并优化流程"), by: node, on: day.description, db)
            default:
                continue
            }
            steps += 1
        }
        return steps
    }

    // MARK: Supervision

    /// Share of open alerts the responsible node answers (说明/整改) by the horizon.
    public static let answeredShare = 0.6

    /// 电子监察 on the last working day (`lastWorkingDay`): a district (its subtree) or the city (all) raises, escalates and
    /// closes the yellow and red alerts its replica calls for (`Supervision.raiseAlerts`). Other
    /// tiers do nothing.
    @discardableResult
    public func supervise(at node: NodeID, _ db: Database) throws -> Supervision.Outcome {
        guard node.tier == .district || node.tier == .city else { return Supervision.Outcome() }
        return try Supervision.raiseAlerts(db: db, supervisor: node, today: lastWorkingDay, calendar: WorkCalendar.load(db))
    }

    /// A town or district answers (`Supervision.answer`, on `lastWorkingDay`) about `answeredShare` of
    /// the open alerts addressed to it (`responsible_node`; a village's, its town). Returns how many.
    @discardableResult
    public func answerAlerts(at node: NodeID, _ db: Database) throws -> Int {
        guard node.tier == .town || node.tier == .district else { return 0 }
        let range = node.subtreeRange
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT alert_id, rule, coalesce(responsible_node, scope) FROM supervision_alert
                WHERE scope BETWEEN ? AND ? AND closed_at IS NULL AND response IS NULL ORDER BY alert_id
                """,
            arguments: [range.lowerBound, range.upperBound])
        var answered = 0
        for row in rows {
            let responsible = NodeID(rawValue: row[2])
            guard (responsible.tier == .village ? responsible.ancestorsOrSelf[2] : responsible) == node else { continue }
            let alertID: String = row[0]
            var hash = FNV1a()
            hash.mix(alertID)
            var rng = SplitMix64(seed: seed ^ hash.value)
            guard Double.random(in: 0..<1, using: &rng) < Self.answeredShare else { continue }
            let response: String
            switch Supervision.Rule(rawValue: row[1]) {
            case .caseDue?: response = "已说明：补正材料后加快办理，已督办承办科室限期办结"
            case .rectificationDue?: response = "已说明：整改方案已制定，正在落实"
            default: response = "已说明：公开材料正在审核，尽快发布"
            }
            try Supervision.answer(alertID: alertID, response: response, on: lastWorkingDay, db)
            answered += 1
        }
        return answered
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
        /// Supervision alerts (电子监察) the districts raised on the last working day.
        public var alertsRaised = 0
        /// Alerts the responsible towns and districts answered (说明/整改).
        public var alertsAnswered = 0
    }

    /// What `build` reports as it goes, for a progress bar (进度).
    public enum BuildProgress: Sendable, Equatable {
        /// `done` of the `total` node steps of `phase` are through (a step: one node's work, or
        /// one exchange between a node and its parent).
        case step(phase: String, done: Int, total: Int)
        /// A phase is over: one line for the operator.
        case finished(String)
    }

    /// Builds the whole synthetic city as converged replica files, one per node, in `directory`
    /// (named `<region code>.db`), within this process: every node publishes and registers its
    /// own rows, then rounds of work and in-process sync run until nothing is left to do.
    /// Districts hash ID numbers with `privacyKey` (held in memory; writing its file is the
    /// caller's choice). `progress` hears every node step of each phase, and the end of each.
    public func build(
        in directory: String, privacyKey: PrivacyKey, logger: Logger, progress: (BuildProgress) -> Void = { _ in }
    ) throws -> (replicas: [NodeID: Replica], report: BuildReport) {
        func finished(_ line: String) { progress(.finished(line)) }
        var replicas: [NodeID: Replica] = [:]
        var report = BuildReport()
        func path(_ node: NodeID) -> String { "\(directory)/\(node).db" }
        // Parents before children in `nodes`: reversed carries rows up, forward carries them down.
        let edges = nodes.compactMap { node in node.parentCode.map { (child: node, parent: $0) } }
        func syncTree(_ edges: [(child: NodeID, parent: NodeID)] = edges) throws {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let phase = "sync 同步 up and down the tree"
            for (done, edge) in edges.reversed().enumerated() {
                try replicas[edge.child]!.exchange(withParent: replicas[edge.parent]!, nowMillis: now)
                progress(.step(phase: phase, done: done + 1, total: 2 * edges.count))
            }
            for (done, edge) in edges.enumerated() {
                try replicas[edge.child]!.exchange(withParent: replicas[edge.parent]!, nowMillis: now)
                progress(.step(phase: phase, done: edges.count + done + 1, total: 2 * edges.count))
                // Bounded memory: a replica's statements and caches go once it is done with for the pass.
                if edge.child.tier == .village { replicas[edge.child]!.releaseMemory() }
            }
            for (node, replica) in replicas where node.tier != .village { replica.releaseMemory() }
        }
        // The city and the districts publish the catalogue and sync it (the city's snapshot
        // would cross the privacy ceiling); towns and villages then start from their parent's
        // snapshot (快照初始化), as a new hall would, and publish their own records.
        let upper = [Self.cityCode] + districts
        for node in upper {
            replicas[node] = try Replica.create(at: path(node), node: node, schema: GovernmentSchema.schema, logger: logger, privacyKey: privacyKey)
            try replicas[node]!.write { try self.publish(at: node, $0) }
        }
        try syncTree(edges.filter { $0.child.tier == .district })
        finished("catalogue published by the city and \(districts.count) districts")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let lower = nodes.filter { $0.tier == .town || $0.tier == .village }
        for (done, node) in lower.enumerated() {
            let parent = node.parentCode!
            replicas[node] = try Replica.bootstrap(at: path(node), node: node, fromParentReplica: replicas[parent]!.path, logger: logger, nowMillis: now).replica
            try replicas[node]!.write { try self.publish(at: node, $0) }
            replicas[node]!.releaseMemory()
            progress(.step(phase: "snapshots 快照初始化", done: done + 1, total: lower.count))
        }
        report.nodes = nodes.count
        finished("\(nodes.count - upper.count) towns and villages started from their parent's snapshot (快照初始化)")
        try syncTree()
        finished("catalogue and records synced to every node")
        for (index, day) in workingDays.enumerated() {
            for (done, node) in nodes.enumerated() {
                report.cases += try replicas[node]!.write { try self.register(at: node, on: day, $0) }
                replicas[node]!.releaseMemory()
                progress(.step(phase: "registering 受理 cases", done: index * nodes.count + done + 1, total: workingDays.count * nodes.count))
            }
        }
        finished("\(report.cases) cases registered over \(workingDays.count) working days")
        for round in 1...30 {
            try syncTree()
            var steps = 0
            for (done, node) in nodes.enumerated() {
                steps += try replicas[node]!.write { try self.act(at: node, $0) }
                replicas[node]!.releaseMemory()
                progress(.step(phase: "round \(round): handling 办理", done: done + 1, total: nodes.count))
            }
            report.steps += steps
            report.rounds = round
            finished("round \(round): \(steps) steps")
            if steps == 0 { break }
        }
        // 电子监察 on the last day: the districts raise alerts, the handling towns and districts
        // answer some of them.
        try syncTree()
        for district in districts {
            let outcome = try replicas[district]!.write { try self.supervise(at: district, $0) }
            report.alertsRaised += outcome.raised + outcome.escalated
        }
        try syncTree()
        for node in nodes where node.tier == .town || node.tier == .district {
            report.alertsAnswered += try replicas[node]!.write { try self.answerAlerts(at: node, $0) }
        }
        finished("supervision 电子监察: \(report.alertsRaised) alerts raised 预警, \(report.alertsAnswered) answered 已答复")
        try syncTree()
        return (replicas, report)
    }
}
