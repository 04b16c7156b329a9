import LiandongCore

/// How `SupervisionStatistics.compute` groups a subtree's rows. The SQL fragments are portable
/// (SQLite and PostgreSQL): the PostgreSQL mirror's `supervision_stats` uses the same ones.
public enum StatisticsGrouping: Sendable, Hashable {
    /// By region: each row counts for the ancestor at this tier of its scope (a case's
    /// registering hall); a row scoped above the tier counts for its scope itself.
    case region(Tier)
    /// By department (部门): the implementing department (实施主体, `item_impl.dept_code` and
    /// `dept_name`) of the case's item (`case_accept.task_handle_item`). A case whose item is not
    /// held here, or names no department, counts for the department that took it on (承办,
    /// `case_accept.handle_org`, named from `org`), else for `SupervisionStatistics.noDepartmentGroup`.
    /// The item's department comes first because every case has it from registration: a case
    /// stays in one group for its whole life, whereas `handle_org` is set only when a district
    /// department takes the case on, never for most 即办件.
    case department
    /// By item (事项): the case's handling item (`case_accept.task_handle_item`, named by the
    /// case's `task_name`).
    case item

    /// The tier of a region grouping, nil otherwise.
    public var tier: Tier? {
        if case .region(let tier) = self { return tier }
        return nil
    }

    /// The group's key for a row joined to its case as `c` (and its item as `i`): NULL by
    /// region (the scope decides); `noCaseGroup` when there is no case.
    public var caseKeySQL: String {
        switch self {
        case .region: "NULL"
        case .department:
            """
            CASE WHEN c.project_no IS NULL THEN '\(SupervisionStatistics.noCaseGroup)'
                ELSE coalesce(\(Self.departmentCodeSQL), '\(SupervisionStatistics.noDepartmentGroup)') END
            """
        case .item: "coalesce(c.task_handle_item, '\(SupervisionStatistics.noCaseGroup)')"
        }
    }

    /// The group's name for a row joined as in `caseKeySQL` (NULL when unknown).
    public var caseNameSQL: String {
        switch self {
        case .region: "NULL"
        case .department: Self.departmentNameSQL
        case .item: "c.task_name"
        }
    }

    /// What joins a case `c` to what `caseKeySQL` needs.
    public var caseJoinSQL: String {
        switch self {
        case .department: Self.itemJoinSQL
        case .region, .item: ""
        }
    }

    /// What joins a row whose case is `projectColumn` to its case `c` (and what `caseKeySQL`
    /// needs); nothing by region.
    public func joinToCaseSQL(projectColumn: String) -> String {
        tier == nil ? "LEFT JOIN case_accept c ON c.project_no = \(projectColumn) \(caseJoinSQL)" : ""
    }

    /// The item `i` of a case `c`.
    static let itemJoinSQL = "LEFT JOIN item_impl i ON i.task_handle_item = c.task_handle_item"
    /// The department of a case `c` with its item `i` (NULL if none): the item's, else `handle_org`.
    static let departmentCodeSQL = "coalesce(nullif(i.dept_code, ''), nullif(c.handle_org, ''))"
    /// The department's name: the item's `dept_name` when the item names the department, else
    /// the `org` registry's name of the department code.
    static let departmentNameSQL = """
        coalesce(CASE WHEN nullif(i.dept_code, '') IS NOT NULL THEN nullif(i.dept_name, '') END,
            (SELECT o.org_name FROM org o WHERE o.credit_code = \(departmentCodeSQL)))
        """
}

extension StatisticsGrouping {
    /// The grouping a name of `liandong stats --by` and the console's `by` names: a region tier
    /// (`district`, `town`, `village`), `dept` or `item`; nil for any other.
    public init?(name: String) {
        switch name {
        case "dept": self = .department
        case "item": self = .item
        case "district", "town", "village": self = .region(Tier(name: name)!)
        default: return nil
        }
    }
}
