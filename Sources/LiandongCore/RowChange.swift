/// The replicated state of one row, as exchanged between nodes: its key, its causal length
/// (odd: the row exists; even: it was deleted), and for a live row every non-key column with its
/// version. A row travels whole unless it is a delta (`columns`, Protocols/SPEC.md §5.5): then it
/// carries only the cells the receiver does not hold, and the receiver expands it against its own
/// row (`expanded(over:columnCount:)`) before anything else looks at it.
public struct RowChange: Hashable, Sendable {
    /// Index of the table in the node's `ReplicaSchema`.
    public var table: Int
    /// Primary-key values, in the declared key order.
    public var key: [ColumnValue]
    /// Causal length: how many times the row was inserted or deleted. Odd means present.
    public var causalLength: Int64
    /// Non-key column values in declared order; empty for a deleted row.
    public var values: [ColumnValue]
    /// Versions of the non-key columns. For a deleted row the base is the delete's version.
    public var versions: CompactVersions
    /// The row's scope (Protocols/SPEC.md §17.1) for a scoped table, also for a deleted row, so that every hop
    /// can route and check a deletion without holding the row. nil for an unscoped table.
    public var scope: NodeID?
    /// A delta row: the non-key columns it carries (indexes in declared order, ascending); `values`
    /// are those columns' values in the same order and the exceptions of `versions` name them by
    /// their index in the table. Empty: the row is whole. A delta is always live, carries no scope
    /// and stands for a row the receiver holds at the same causal length (SPEC §5.5).
    public var columns: [Int]

    public init(
        table: Int, key: [ColumnValue], causalLength: Int64, values: [ColumnValue], versions: CompactVersions, scope: NodeID? = nil, columns: [Int] = []
    ) {
        self.table = table
        self.key = key
        self.causalLength = causalLength
        self.values = values
        self.versions = versions
        self.scope = scope
        self.columns = columns
    }

    /// True for a delta row (`columns`).
    public var isDelta: Bool { !columns.isEmpty }

    /// The whole row a delta stands for, given `local`, the receiver's live row of the same key
    /// and causal length: every cell the delta carries with its value and version, every other
    /// cell as `local` holds it. Merging the expansion is merging the sender's whole row, since
    /// the receiver holds each omitted cell at the sender's version or a newer one (SPEC §5.5).
    public func expanded(over local: RowChange, columnCount: Int) -> RowChange {
        guard isDelta else { return self }
        var values = local.values
        var versions = local.versions.expanded(columnCount: columnCount)
        var next = 0
        let exceptions = self.versions.exceptions
        for (position, column) in columns.enumerated() where column < columnCount && position < self.values.count {
            values[column] = self.values[position]
            while next < exceptions.count, exceptions[next].column < column { next += 1 }
            versions[column] = next < exceptions.count && exceptions[next].column == column ? exceptions[next].version : self.versions.base
        }
        return RowChange(
            table: table, key: key, causalLength: causalLength, values: values, versions: CompactVersions(versions, fallback: self.versions.base),
            scope: local.scope)
    }

    /// The delta of this whole live row that carries only `carried` (ascending non-key column
    /// indexes): their values, and versions with the carried cells' most common version as base.
    public func delta(carrying carried: [Int], columnCount: Int) -> RowChange {
        let all = versions.expanded(columnCount: columnCount)
        let kept = carried.map { all[$0] }
        let compact = CompactVersions(kept, fallback: versions.base)
        return RowChange(
            table: table, key: key, causalLength: causalLength, values: carried.map { values[$0] },
            versions: CompactVersions(base: compact.base, exceptions: compact.exceptions.map { (carried[$0.column], $0.version) }),
            scope: nil, columns: carried)
    }

    /// The most key values, values or cell versions a row may carry on the wire, and the limit
    /// of table and column indexes (Protocols/SPEC.md §14).
    public static let maxColumns = 4096

    /// True when the row exists in this state.
    public var isLive: Bool { causalLength % 2 == 1 }

    /// The newest clock this change carries (checked against the drift bound).
    public var newestClock: HLC {
        versions.exceptions.reduce(versions.base.hlc) { max($0, $1.version.hlc) }
    }
}

/// A bounded run of a node's changes: every change the sender held with a stamp in
/// `(after, upTo]` that the receiver may see. Applied in one transaction or not at all.
public struct ChangeChunk: Hashable, Sendable {
    /// The most rows a chunk or a repair message may carry (Protocols/SPEC.md §9.1, §14).
    public static let maxRows = 512
    /// The most cells (key values, values and cell versions, over all rows) one chunk or repair
    /// message may carry: 2^20, so that what a frame decodes to stays within a few times its
    /// bytes (a cell version takes 2 bytes on the wire and 24 in memory). A table has at most
    /// 1024 columns, so 512 whole rows always fit (Protocols/SPEC.md §14).
    public static let maxCells = 1 << 20

    public var after: ChangeSeq
    public var upTo: ChangeSeq
    public var rows: [RowChange]
    /// Rows the sender still holds for this receiver after `upTo` (for progress and status).
    public var remaining: Int64
    /// Origin seals (Protocols/SPEC.md §18): the sender's own, over its cells among `rows`, and
    /// those it relays from its subtree. Only sent to a parent.
    public var seals: [Seal]
    /// Forgeries found below, relayed upwards (SPEC §18.4). Only sent to a parent.
    public var reports: [ForgeryReport]
    /// The receiver's delta base the sender assumed for the chunk's delta rows (SPEC §5.5); 0
    /// when it carries none.
    public var deltaBase: ChangeSeq
    /// The chunk was read up to the sender's head when it was read (not cut short by the row
    /// limit): applied without a gap, it moves the receiver's delta base to `upTo`.
    public var complete: Bool

    public init(
        after: ChangeSeq, upTo: ChangeSeq, rows: [RowChange], remaining: Int64, seals: [Seal] = [], reports: [ForgeryReport] = [],
        deltaBase: ChangeSeq = .zero, complete: Bool = false
    ) {
        self.deltaBase = deltaBase
        self.complete = complete
        self.after = after
        self.upTo = upTo
        self.rows = rows
        self.remaining = remaining
        self.seals = seals
        self.reports = reports
    }

    /// True when the chunk carries nothing but its range.
    public var isEmpty: Bool { rows.isEmpty && seals.isEmpty && reports.isEmpty }
}
