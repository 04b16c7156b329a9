import LiandongCore

/// The government-service schema (四级联动政务服务) that every node of a city replicates: the
/// catalogue, cases with their events, materials, special procedures and results, evaluations
/// and their rectification, disclosure, supervision alerts, and the working-day calendar.
///
/// Every table is scoped (Protocols/SPEC.md §17.1) by an INTEGER `scope` column holding a region code:
/// the publisher of a catalogue or disclosure row, the hall where a case was registered (and so
/// for everything hanging off a case, its supervision alerts included). Names and code lists
/// follow `domain/reference-schema.sql`; `docs/domain-schema.md` maps each table and says what
/// was dropped and why.
///
/// Migrations: a schema is identified by its version and fingerprint, and two nodes with
/// different versions refuse each other at the handshake. Version 2 was version 1 plus the
/// free-text columns declared `personal: .freeText` (scrubbed of ID numbers and phones on the
/// way to the city). Version 3: the case status is a state machine as well as a lattice
/// (`statusLattice`), and `case_accept` gains `not_accept_reason`. Version 4 is below:
/// supervision alerts (`Supervision`) are raised and closed by the district or the city,
/// scoped to the case's registering hall, answered by the handling tier, with five appended
/// columns. Version 5 (好差评 follow-up): an evaluation records the window, staff number,
/// department and handling node rated; a rectification has its own state machine
/// (`rectificationLattice`), its responsible node and its revisit (回访). Version 6, the first
/// that nodes of the previous version keep syncing with (Protocols/SPEC.md §12.1): a case
/// records the window that accepted it (`case_accept.window_no`), and the electronic licences
/// (电子证照) a concluded case issues get their own table (`e_license`). A later version appends
/// columns and tables (never reorders them), and a step to `GovernmentHistory`, which
/// `liandong upgrade` applies to older replicas (docs/upgrades.md).
public enum GovernmentSchema {
    public static let name = "gov"
    public static let version = 6

    // MARK: Rules

    /// Processing tiers: the town window and the district centre above the case's hall.
    static let processing: WriteRule = .onPath([.town, .district])
    /// Anyone on the case's path below the city: the registering hall and the tiers above it.
    static let onCasePath: WriteRule = .onPath([.village, .town, .district])
    /// Supervising tiers (电子监察): the district above the row's scope, and the city.
    static let supervising: WriteRule = .onPath([.district, .city])

    /// 办件状态: the lifecycle as a monotonic lattice and a state machine (Protocols/SPEC.md §5.3,
    /// §17.2–17.3, `docs/domain-schema.md`).
    ///
    /// The order is the main path, then the side exits, then the conclusion and delivery:
    /// `SUBMITTED < RECEIVED < ACCEPTED < IN_PROCESS < REVIEW < WITHDRAWN < NOT_ACCEPTED <
    /// TERMINATED < CONCLUDED < DELIVERED`. So when two tiers change a case concurrently:
    /// - a withdrawal (撤回) beats acceptance and processing: the applicant may withdraw until
    ///   the case is concluded;
    /// - a conclusion (办结) beats a concurrent withdrawal: once the district has decided, the
    ///   decision stands and is delivered (the applicant learns the result rather than nothing);
    /// - not accepting (不予受理) beats a concurrent withdrawal (the office's decision is on record);
    /// - a conclusion beats an abnormal termination (异常终止) that crossed it;
    /// - delivery (送达) is last.
    ///
    /// The state machine says which write may follow which: a case starts SUBMITTED at its hall;
    /// the town or district receives it (接件), accepts it (受理, also straight from SUBMITTED: the
    /// window receives and accepts at once) or does not accept it (不予受理, before acceptance,
    /// with its reason); takes it on (承办), reviews it (审核) and concludes it (办结, also
    /// straight from ACCEPTED: 即办件); a concluded case is delivered (送达) by any tier on its
    /// path below the city. The hall withdraws (撤回) and the district terminates (异常终止) any
    /// case not yet decided. WITHDRAWN, NOT_ACCEPTED, TERMINATED and DELIVERED are final: a
    /// withdrawn, refused or terminated case is never concluded, and a 不予受理 decision is
    /// final too (its notice is a case event, not a delivery). The evidence each status needs in
    /// the same row: accepted and later statuses the acceptance date, a conclusion and a
    /// delivery the decision (`result_date`, `result_type`), a delivery its date, a refusal its
    /// reason (`not_accept_reason`).
    public static let statusLattice: StatusLattice = {
        typealias S = CaseStatus
        let hall: WriteRule = .scopeNode
        let district: WriteRule = .onPath([.district])
        var transitions: [CaseStatus: [CaseStatus: WriteRule]] = [
            .submitted: [.received: processing, .accepted: processing, .notAccepted: processing],
            .received: [.accepted: processing, .notAccepted: processing],
            .accepted: [.inProcess: processing, .review: processing, .concluded: processing],
            .inProcess: [.review: processing, .concluded: processing],
            .review: [.concluded: processing],
            .concluded: [.delivered: onCasePath],
        ]
        for open in [S.submitted, .received, .accepted, .inProcess, .review] {
            transitions[open, default: [:]][.withdrawn] = hall
            transitions[open, default: [:]][.terminated] = district
        }
        let accepted = ["accept_date"]
        let decided = accepted + ["result_date", "result_type"]
        return StatusLattice(
            order: S.allCases.map(\.rawValue),
            initial: [S.submitted.rawValue: hall],
            transitions: Dictionary(uniqueKeysWithValues: transitions.map { from, targets in
                (from.rawValue, Dictionary(uniqueKeysWithValues: targets.map { ($0.key.rawValue, $0.value) }))
            }),
            requires: [
                S.accepted.rawValue: accepted, S.inProcess.rawValue: accepted, S.review.rawValue: accepted,
                S.concluded.rawValue: decided, S.delivered.rawValue: decided + ["delivered_date"],
                S.notAccepted.rawValue: ["not_accept_reason"],
            ])
    }()

    /// 差评整改 state (`rectification.state`): a bad review goes to the node that handled the case
    /// (谁办理谁负责), which rectifies it or appeals it as invalid; the district decides an appeal.
    ///
    /// Order (the merge's, lowest first): `PENDING` 待整改 < `APPEALED` 申诉中 (无效差评审核) <
    /// `IN_PROGRESS` 整改中 < `INVALID` 无效差评 (appeal upheld) < `DONE` 整改完成. Moves: the
    /// handling tier (town or district) opens it `PENDING`, starts it (`IN_PROGRESS`), finishes it
    /// (`DONE`, also straight from `PENDING`) or appeals it (`APPEALED`, only from `PENDING`); the
    /// district upholds the appeal (`INVALID`) or rejects it (申诉无效: back to work, `IN_PROGRESS`).
    /// `INVALID` and `DONE` are final. `DONE` needs what was done (`reform_content`) and its day
    /// (`closed_at`); `INVALID` its day. The national code in `status` is written with it: 0, 10,
    /// 20, 11, 21 (`RectificationState.code`).
    public static let rectificationLattice: StatusLattice = {
        typealias R = RectificationState
        let district: WriteRule = .onPath([.district])
        let transitions: [R: [R: WriteRule]] = [
            .pending: [.inProgress: processing, .done: processing, .appealed: processing],
            .appealed: [.invalid: district, .inProgress: district],
            .inProgress: [.done: processing],
        ]
        return StatusLattice(
            order: R.allCases.map(\.rawValue),
            initial: [R.pending.rawValue: processing],
            transitions: Dictionary(uniqueKeysWithValues: transitions.map { from, targets in
                (from.rawValue, Dictionary(uniqueKeysWithValues: targets.map { ($0.key.rawValue, $0.value) }))
            }),
            requires: [R.done.rawValue: ["reform_content", "closed_at"], R.invalid.rawValue: ["closed_at"]])
    }()

    // MARK: Tables

    static func text(_ name: String, notNull: Bool = false, writers: WriteRule? = nil, personal: PersonalData? = nil, published: Bool = false) -> ColumnSpec {
        ColumnSpec(name, .text, notNull: notNull, writers: writers, personal: personal, published: published)
    }

    static func integer(_ name: String, notNull: Bool = false, writers: WriteRule? = nil) -> ColumnSpec {
        ColumnSpec(name, .integer, notNull: notNull, writers: writers)
    }

    static let scope = ColumnSpec("scope", .integer, notNull: true)

    static func key(_ name: String) -> [ColumnSpec] { [ColumnSpec(name, .text, notNull: true)] }

    /// A catalogue-like table: written only by the node that publishes it.
    static func published(_ name: String, key keyName: String, _ columns: [ColumnSpec]) -> TableSpec {
        TableSpec(name: name, primaryKey: key(keyName), columns: columns + [scope], scopeColumn: "scope", insert: .scopeNode, update: .scopeNode, delete: .scopeNode)
    }

    /// Free text that leaves the district (`personal: .freeText`): what a hall or an applicant
    /// types about a case — its name, the agent's and handler's names, explanations, reasons,
    /// the result's explanation and certificate, an evaluation's words, a
    /// rectification, an alert's response. The catalogue and disclosure are the offices' own
    /// published text, not free text: disclosure is refused whole when it holds an identifier.
    public static let tables: [TableSpec] = [
        // 区划 (region codes and names): the city's registry of the tree.
        published("region", key: "region_code", [text("name", notNull: true), integer("level", notNull: true), text("parent_code")]),
        // 节假日 (working-day calendar): data, not code. kind: 'holiday' (休) or 'workday' (调休上班).
        published("holiday", key: "day", [text("kind", notNull: true), text("name")]),
        // 部门 (departments, 实施主体): published by the city or a district.
        published("org", key: "credit_code", [text("org_name", notNull: true), text("region_code", notNull: true)]),
        // 基本目录 (base catalogue): the city.
        published(
            "item_catalog", key: "catalog_code",
            [text("task_name", notNull: true), text("task_type", notNull: true), text("by_law"), text("use_level"), text("task_state", notNull: true)]),
        // 实施清单 (implementation list): a district (or a town claiming an item).
        published(
            "item_impl", key: "task_handle_item",
            [
                text("task_code", notNull: true), text("catalog_code", notNull: true), text("task_name", notNull: true),
                text("dept_code"), text("dept_name"),
                text("project_type", notNull: true),  // 1 即办件, 2 承诺件
                integer("anticipate_day"), integer("promise_day", notNull: true),  // working days
                integer("limit_scene_num"),  // 到现场次数 0/1/2
                integer("is_online"), integer("proxy_allowed"),  // 可网办 / 可代办
                text("handle_area"), text("task_state", notNull: true),
            ]),
        // 申请材料 (required materials of an implementation item).
        published(
            "item_material", key: "row_guid",
            [text("task_handle_item", notNull: true), text("material_name", notNull: true), text("is_need"), text("material_format"), integer("order_num")]),
        // 办件 (a case): the registering hall writes the application, the town and district
        // write acceptance, handling and result; the status is a lattice. Never deleted
        // (withdrawal is a status).
        TableSpec(
            name: "case_accept", primaryKey: key("project_no"),
            columns: [
                text("task_handle_item", notNull: true), text("task_name", notNull: true),
                text("project_type", notNull: true),  // 1 即办件, 2 承诺件
                text("apply_channel", notNull: true),  // window 窗口 / online 网办 / proxy 代办 / self 自助 / mail 邮寄
                text("applyer_type"),  // 1 自然人, 2 法人
                text("applyer_name", personal: .name),
                text("applyer_page_type"),  // 证件类型
                text("applyer_page_code", personal: .idNumber),
                text("cert_hash", personal: .keyedHash(of: "applyer_page_code")),
                text("contact_mobile", personal: .phone),
                text("address", personal: .address),
                text("agent_name", personal: .freeText),  // 代办员
                text("project_name", personal: .freeText), text("apply_date", notNull: true),
                text("receive_date", writers: processing), text("accept_date", writers: processing),
                integer("accept_node", writers: processing), text("handle_org", writers: processing),
                text("promise_date", writers: processing), integer("paused_workdays", writers: processing),
                text("result_date", writers: processing), text("result_type", writers: processing),  // 准予 / 不予
                integer("conclude_node", writers: processing),
                text("delivered_date", writers: onCasePath),
                integer("visit_count", writers: onCasePath),  // 到现场次数
                ColumnSpec("status", .text, notNull: true, writers: onCasePath, lattice: statusLattice),
                scope,
                // v3: why the case was not accepted (不予受理理由), required with NOT_ACCEPTED.
                text("not_accept_reason", writers: processing, personal: .freeText),
                // v6: the window (受理窗口) of the hall that accepted it.
                text("window_no", writers: processing),
            ],
            scopeColumn: "scope", flow: .upward, insert: .scopeNode, update: .scopeNode, delete: .nobody),
        // 办件过程 (case events): append-only, by any tier acting on the case.
        TableSpec(
            name: "case_event", primaryKey: key("row_guid"),
            columns: [
                text("project_no", notNull: true), text("event_name", notNull: true), integer("node_id", notNull: true),
                text("handle_user_name", personal: .freeText), text("handle_explain", personal: .freeText), text("event_time", notNull: true), scope,
            ],
            scopeColumn: "scope", flow: .upward, insert: onCasePath, appendOnly: true),
        // 办件材料 (materials handed in).
        TableSpec(
            name: "case_material", primaryKey: key("row_guid"),
            columns: [text("project_no", notNull: true), text("material_name", notNull: true), text("get_type"), integer("get_num"), scope],
            scopeColumn: "scope", flow: .upward, insert: onCasePath, update: onCasePath, delete: onCasePath),
        // 特别程序 (special procedures: the promise clock pauses), 补正 included.
        TableSpec(
            name: "case_special", primaryKey: key("row_guid"),
            columns: [
                text("project_no", notNull: true), text("special_type", notNull: true), text("special_reason", personal: .freeText),
                text("start_date", notNull: true), text("end_date"), integer("paused_workdays"), scope,
            ],
            scopeColumn: "scope", flow: .upward, insert: processing, update: processing, delete: .nobody),
        // 办结结果 (the result document).
        TableSpec(
            name: "case_result", primaryKey: key("project_no"),
            columns: [
                text("result_date", notNull: true), text("result_type", notNull: true), text("result_explain", personal: .freeText),
                text("cert_name", personal: .freeText), text("cert_no", personal: .freeText), integer("is_delivery"), scope,
            ],
            scopeColumn: "scope", flow: .upward, insert: processing, update: processing, delete: .nobody),
        // 好差评 (evaluations): append-only, 1 非常不满意 … 5 非常满意.
        TableSpec(
            name: "evaluation", primaryKey: key("eval_id"),
            columns: [
                text("project_no"), integer("node_id", notNull: true), text("eval_stage"), integer("level", notNull: true),
                integer("channel"), text("words", personal: .freeText),
                text("rater_name", personal: .name), text("rater_phone", personal: .phone),
                text("rater_cert_code", personal: .idNumber), text("rater_cert_hash", personal: .keyedHash(of: "rater_cert_code")),
                text("eval_time", notNull: true), scope,
                // v5: what was rated — the department (org credit code), the window, the staff
                // member's number (工号) and the node that handled the case (谁办理谁负责).
                text("org_code"), text("window_no"), text("work_no"), integer("handle_node"),
            ],
            scopeColumn: "scope", flow: .upward, insert: onCasePath, appendOnly: true),
        // 差评整改 (rectification of a bad review), by the handling tier (谁办理谁负责).
        // status: the national code, 0 待整改, 10 无效差评审核, 11 无效差评, 20 整改中, 21 整改完成;
        // v5: `state` is the state machine (`rectificationLattice`) the code follows, the
        // responsible node, and the revisit (回访: its day, what the applicant said, the level of
        // satisfaction after, 1–5).
        TableSpec(
            name: "rectification", primaryKey: key("eval_id"),
            columns: [
                integer("status", notNull: true), integer("valid_flag"), text("deadline", notNull: true),
                text("reform_content", personal: .freeText), text("closed_at"), scope,
                ColumnSpec("state", .text, lattice: rectificationLattice), integer("responsible_node"),
                text("revisit_date"), text("revisit_content", personal: .freeText), integer("satisfied_after"),
            ],
            scopeColumn: "scope", flow: .upward, insert: processing, update: processing, delete: .nobody),
        // 政务公开 standard catalogue (a district, or a town's additions).
        published(
            "disclosure_catalog", key: "item_id",
            [
                integer("domain_no", notNull: true), text("level1_item", notNull: true), text("level2_item"),
                text("content_elements"), integer("time_limit_workdays"), text("subject"),
            ]),
        // 政务公开 records: published text, never an ID number or a phone number.
        published(
            "disclosure_record", key: "record_id",
            [
                text("item_id", notNull: true), text("title", notNull: true, published: true), text("body", notNull: true, published: true),
                text("formed_date", notNull: true), text("due_date"), text("publish_date"), integer("withdrawn"),
            ]),
        // 电子监察 (supervision alerts, `Supervision`): raised and closed by the supervising
        // district (its subtree) or the city, scoped to the registering hall of the case (or
        // the publisher of a disclosure record) so that it flows down the case's path to the
        // handling node and the hall as case decisions do; the handling tier answers in
        // `response`. v4 appends the supervised row's key, the addressee, the raiser, the
        // deadline and the answer's date.
        TableSpec(
            name: "supervision_alert", primaryKey: key("alert_id"),
            columns: [
                text("project_no"), text("rule", notNull: true), text("color", notNull: true),  // yellow 黄牌 / red 红牌
                text("raised_at", notNull: true), text("response", writers: processing, personal: .freeText), text("closed_at"), scope,
                text("subject"), integer("responsible_node"), integer("raised_by"), text("due_date"),
                text("answered_at", writers: processing),
            ],
            scopeColumn: "scope", flow: .upward, insert: supervising, update: supervising, delete: .nobody),
        // v6: 电子证照 (electronic licences) a concluded case issues, by the handling tier, scoped
        // to the registering hall so that they reach it with the case's result.
        TableSpec(
            name: "e_license", primaryKey: key("license_no"),
            columns: [
                text("project_no", notNull: true), text("license_name", notNull: true), text("issue_org"),
                text("issue_date", notNull: true), text("valid_until"), integer("revoked"), scope,
            ],
            scopeColumn: "scope", flow: .upward, insert: processing, update: processing, delete: .nobody),
    ]

    /// Local (not replicated) indexes for the statistics' range scans.
    public static let localSQL = [
        "CREATE INDEX IF NOT EXISTS case_accept_accept_date ON case_accept(accept_date)",
        "CREATE INDEX IF NOT EXISTS case_accept_result_date ON case_accept(result_date)",
        "CREATE INDEX IF NOT EXISTS evaluation_project ON evaluation(project_no)",
        // A case's events and pauses, counted when the next one is named (CaseDesk).
        "CREATE INDEX IF NOT EXISTS case_event_project ON case_event(project_no, node_id)",
        "CREATE INDEX IF NOT EXISTS case_special_project ON case_special(project_no)",
        // v6.
        "CREATE INDEX IF NOT EXISTS e_license_project ON e_license(project_no)",
    ]

    public static let schema = ReplicaSchema(name: name, version: version, tables: tables, localSQL: localSQL)
}

/// 差评整改状态: a rectification's state, in `GovernmentSchema.rectificationLattice`'s order.
public enum RectificationState: String, CaseIterable, Sendable, Codable {
    case pending = "PENDING"  // 待整改
    case appealed = "APPEALED"  // 申诉中 (无效差评审核)
    case inProgress = "IN_PROGRESS"  // 整改中
    case invalid = "INVALID"  // 无效差评 (申诉成立)
    case done = "DONE"  // 整改完成

    /// The national exchange code written in `rectification.status`.
    public var code: Int {
        switch self {
        case .pending: 0
        case .appealed: 10
        case .inProgress: 20
        case .invalid: 11
        case .done: 21
        }
    }

    /// The Chinese name shown to operators.
    public var chineseName: String {
        switch self {
        case .pending: "待整改"
        case .appealed: "申诉中"
        case .inProgress: "整改中"
        case .invalid: "无效差评"
        case .done: "整改完成"
        }
    }
}

/// 办件状态: a case's lifecycle, in the lattice's order (lowest first).
public enum CaseStatus: String, CaseIterable, Sendable, Codable {
    case submitted = "SUBMITTED"  // 申请 (e.g. 代办登记 at a village)
    case received = "RECEIVED"  // 接件
    case accepted = "ACCEPTED"  // 受理
    case inProcess = "IN_PROCESS"  // 承办
    case review = "REVIEW"  // 审核
    case withdrawn = "WITHDRAWN"  // 撤回
    case notAccepted = "NOT_ACCEPTED"  // 不予受理
    case terminated = "TERMINATED"  // 异常终止
    case concluded = "CONCLUDED"  // 办结
    case delivered = "DELIVERED"  // 送达

    /// The Chinese name shown to operators.
    public var chineseName: String {
        switch self {
        case .submitted: "申请"
        case .received: "接件"
        case .accepted: "受理"
        case .inProcess: "承办"
        case .review: "审核"
        case .withdrawn: "撤回"
        case .notAccepted: "不予受理"
        case .terminated: "异常终止"
        case .concluded: "办结"
        case .delivered: "送达"
        }
    }
}
