/// The national data-exchange tables (上报交换表) that `ExchangeExport` writes a replica's cases
/// into: each table's columns in the exchange order, and where each value comes from in the
/// `gov` schema (`GovernmentSchema`). `docs/export.md` gives the mapping column by column.
///
/// Every table ends with (or, where the exchange table keys by it, starts with) the exchange
/// envelope: `row_guid` (the row's stable id), `version`, `cd_batch` (批次号), `cd_operation`
/// (同步类型 I/U), `cd_time` (同步时间), `data_source` (the exporting node's region code).
public struct ExchangeTable: Sendable {
    /// Where one column's value comes from.
    public enum Source: Sendable, Hashable {
        /// An SQL expression over the source table (alias `src`) and its joins.
        case sql(String)
        /// Not held by the `gov` schema: always empty.
        case none
        /// An envelope value the export run fills in.
        case envelope(Envelope)
    }

    /// The envelope values an export run gives each row.
    public enum Envelope: Sendable, Hashable {
        /// `version`: how many times this node has exported the row, this export included.
        case version
        /// `cd_batch`: the export run's batch id.
        case batch
        /// `cd_operation`: `I` on the row's first export, `U` after.
        case operation
        /// `cd_time`: when the run exported it.
        case time
        /// `data_source`: the exporting node's region code.
        case dataSource
    }

    /// The exchange table's name (`up_pro_accept`).
    public var name: String
    /// Its Chinese name (办件).
    public var chineseName: String
    /// The `gov` table it is read from.
    public var source: String
    /// The source table's alias in `joins` and `columns` (`c` for a case, else `src`).
    public var alias: String
    /// The source table's key column (one column in all four tables).
    public var key: String
    /// Joins after `FROM <source> <alias>` (aliases `c` for the case, `i` for its item).
    public var joins: String
    /// The columns in exchange order.
    public var columns: [(name: String, source: Source)]

    /// The column names, in order.
    public var columnNames: [String] { columns.map(\.name) }
}

/// The four exchange tables `liandong export` writes.
public enum NationalExchange {
    /// The envelope after a table's own columns (the exchange tables keyed by `row_guid` put it first).
    static func envelope(rowGUID: String?) -> [(name: String, source: ExchangeTable.Source)] {
        (rowGUID.map { [("row_guid", ExchangeTable.Source.sql($0))] } ?? []) + [
            ("version", .envelope(.version)), ("cd_batch", .envelope(.batch)), ("cd_operation", .envelope(.operation)),
            ("cd_time", .envelope(.time)), ("data_source", .envelope(.dataSource)),
        ]
    }

    /// The department of a case `c` with item `i`, as the statistics group it
    /// (`StatisticsGrouping.department`): the item's implementing department, else `handle_org`.
    static let departmentCode = StatisticsGrouping.departmentCodeSQL
    static let departmentName = StatisticsGrouping.departmentNameSQL
    static let itemJoin = StatisticsGrouping.itemJoinSQL
    /// The tier (1 市 … 4 村) a region code names (`NodeID.tier`).
    static func tier(_ code: String) -> String {
        "CASE WHEN \(code) % 1000 <> 0 THEN 4 WHEN (\(code) / 1000) % 1000 <> 0 THEN 3 WHEN (\(code) / 1000000) % 100 <> 0 THEN 2 ELSE 1 END"
    }

    /// 办件 `up_pro_accept`, from `case_accept`.
    public static let accept = ExchangeTable(
        name: "up_pro_accept", chineseName: "办件", source: "case_accept", alias: "c", key: "project_no", joins: itemJoin,
        columns: [
            ("project_no", .sql("c.project_no")), ("task_handle_item", .sql("c.task_handle_item")), ("task_code", .sql("i.task_code")),
            ("catalog_code", .sql("i.catalog_code")), ("task_name", .sql("c.task_name")), ("task_version", .none),
            ("project_type", .sql("c.project_type")), ("apply_channel", .sql("c.apply_channel")), ("applyer_type", .sql("c.applyer_type")),
            ("applyer_name", .sql("c.applyer_name")), ("applyer_page_type", .sql("c.applyer_page_type")),
            ("applyer_page_code", .sql("c.applyer_page_code")), ("cert_hash", .sql("c.cert_hash")),
            ("contact_name", .none), ("contact_type", .none), ("contact_code", .none), ("contact_mobile", .sql("c.contact_mobile")),
            ("legal", .none), ("address", .sql("c.address")), ("zip_code", .none), ("project_name", .sql("c.project_name")),
            ("origin_node", .sql("printf('%012d', c.scope)")), ("current_node", .none), ("agent_id", .sql("c.agent_name")),
            ("org_code", .sql(departmentCode)), ("org_name", .sql(departmentName)), ("handle_user_name", .none),
            ("status", .sql("c.status")), ("apply_date", .sql("c.apply_date")), ("receive_date", .sql("c.receive_date")),
            ("accept_date", .sql("c.accept_date")), ("accept_doc_no", .none), ("promise_date", .sql("c.promise_date")),
            ("paused_workdays", .sql("coalesce(c.paused_workdays, 0)")), ("result_date", .sql("c.result_date")),
            ("result_type", .sql("c.result_type")), ("delivered_date", .sql("c.delivered_date")), ("visit_count", .sql("c.visit_count")),
        ] + envelope(rowGUID: "c.project_no"))

    /// 办件过程 `up_pro_process`, from `case_event`.
    public static let process = ExchangeTable(
        name: "up_pro_process", chineseName: "办件过程", source: "case_event", alias: "src", key: "row_guid", joins: "",
        columns: [
            ("row_guid", .sql("src.row_guid")), ("project_no", .sql("src.project_no")), ("event_name", .sql("src.event_name")),
            ("process_name", .sql("src.event_name")), ("node_id", .sql("printf('%012d', src.node_id)")), ("tier", .sql(tier("src.node_id"))),
            ("handle_user_name", .sql("src.handle_user_name")), ("handle_explain", .sql("src.handle_explain")),
            ("event_start_time", .sql("src.event_time")), ("event_end_time", .sql("src.event_time")), ("remark", .none),
        ] + envelope(rowGUID: nil))

    /// 办结结果 `up_pro_result`, from `case_result`.
    public static let result = ExchangeTable(
        name: "up_pro_result", chineseName: "办结结果", source: "case_result", alias: "src", key: "project_no", joins: "",
        columns: [
            ("project_no", .sql("src.project_no")), ("result_date", .sql("src.result_date")), ("result_type", .sql("src.result_type")),
            ("result_explain", .sql("src.result_explain")), ("result_cetr_name", .sql("src.cert_name")), ("result_cetr_no", .sql("src.cert_no")),
            ("is_delivery_results", .sql("src.is_delivery")), ("handle_user_name", .none),
        ] + envelope(rowGUID: "src.project_no"))

    /// 好差评 `up_evaluation`, from `evaluation`.
    public static let evaluation = ExchangeTable(
        name: "up_evaluation", chineseName: "好差评", source: "evaluation", alias: "src", key: "eval_id",
        joins: "LEFT JOIN case_accept c ON c.project_no = src.project_no " + itemJoin,
        columns: [
            ("eval_id", .sql("src.eval_id")), ("project_no", .sql("src.project_no")), ("task_code", .sql("i.task_code")),
            ("node_id", .sql("printf('%012d', src.node_id)")), ("org_code", .sql("coalesce(src.org_code, \(departmentCode))")),
            ("window_no", .sql("src.window_no")), ("work_no", .sql("src.work_no")),
            ("eval_stage", .sql("src.eval_stage")), ("level", .sql("src.level")), ("channel", .sql("src.channel")), ("indicators", .none),
            ("words", .sql("src.words")), ("anonymous", .none), ("rater_type", .none), ("rater_name", .sql("src.rater_name")),
            ("rater_cert_type", .none), ("rater_cert_hash", .sql("src.rater_cert_hash")), ("rater_phone", .sql("src.rater_phone")),
            ("eval_time", .sql("src.eval_time")),
        ] + envelope(rowGUID: "src.eval_id"))

    /// The tables in the order they are written.
    public static let tables = [accept, process, result, evaluation]
}
