/// How a node speaks to a peer that runs an earlier version of the same schema
/// (Protocols/SPEC.md §12.1): a city upgraded tonight keeps syncing with the villages that upgrade
/// next month.
///
/// A later version may only **add**: tables appended after the existing ones, nullable columns
/// appended to a table (not personal data), status values inserted into a lattice without
/// reordering the old ones, other write rules and state-machine moves, and columns that become
/// personal. Every table and column the older version has keeps its wire position, so the older
/// version's rows are a prefix of the newer one's.
///
/// - **Towards the older peer** the newer node sends rows **narrowed** to what that version
///   declares: its tables, its columns; a row whose status value that version does not know is
///   held back. It holds the rest back until the peer upgrades (`changedTables`: the link's
///   sender then sends those tables again).
/// - **From the older peer** rows are **widened**: each column the older version lacks is carried
///   as empty at the never-written version (clock 0, origin 0), which is below every real write,
///   so it never overwrites what this node holds and a row it creates starts empty there.
public struct SchemaBridge: Sendable, Hashable {
    /// The version spoken on the link (the peer's).
    public let older: ReplicaSchema
    /// This node's version.
    public let newer: ReplicaSchema

    /// The bridge from `newer` down to `older`, or nil when `older` is not an earlier version of
    /// the same schema that `newer` only adds to (`additive`).
    public init?(older: ReplicaSchema, newer: ReplicaSchema) {
        guard older.name == newer.name, older.version < newer.version, Self.additive(older, newer) == nil else { return nil }
        self.older = older
        self.newer = newer
    }

    /// The version of a cell never written: below every real write (Protocols/SPEC.md §4.2; the
    /// same pair as the withheld version of a personal cell).
    public static let neverWritten = PrivacyProjection.withheldVersion

    /// Why `newer` is not a purely additive later version of `older` (nil: it is).
    public static func additive(_ older: ReplicaSchema, _ newer: ReplicaSchema) -> String? {
        guard newer.tables.count >= older.tables.count else { return "v\(newer.version) removes tables" }
        for (old, new) in zip(older.tables, newer.tables) {
            let table = old.name
            guard new.name == old.name else { return "table #\(old.name) is renamed or moved to \(new.name)" }
            guard new.primaryKey == old.primaryKey else { return "the key of \(table) changes" }
            guard new.scopeColumn == old.scopeColumn, new.flow == old.flow else { return "the scope or flow of \(table) changes" }
            guard new.appendOnly == old.appendOnly else { return "\(table) changes whether it is append-only" }
            guard new.columns.count >= old.columns.count else { return "columns of \(table) are removed" }
            for (before, after) in zip(old.columns, new.columns) {
                guard before.name == after.name, before.affinity == after.affinity, before.notNull == after.notNull else {
                    return "column \(table).\(before.name) is renamed, retyped or made NOT NULL"
                }
                guard before.personal == nil || before.personal == after.personal else { return "column \(table).\(before.name) stops being personal data" }
                switch (before.lattice, after.lattice) {
                case (nil, nil): break
                case (let a?, let b?):
                    guard isSubsequence(a.order, of: b.order) else { return "the status order of \(table).\(before.name) changes" }
                default: return "column \(table).\(before.name) gains or loses a status lattice"
                }
            }
            for column in new.columns.dropFirst(old.columns.count) {
                guard !column.notNull else { return "appended column \(table).\(column.name) is NOT NULL" }
                guard column.personal == nil else { return "appended column \(table).\(column.name) is personal data (personal data arrives in a new table)" }
            }
        }
        return nil
    }

    private static func isSubsequence(_ a: [String], of b: [String]) -> Bool {
        var index = b.startIndex
        for value in a {
            guard let found = b[index...].firstIndex(of: value) else { return false }
            index = b.index(after: found)
        }
        return true
    }

    /// Indexes (in `newer`) of the tables whose declaration differs between the two versions, or
    /// that `older` lacks: what the older peer was not sent in full, or refused, while it ran the
    /// older version.
    public var changedTables: [Int] {
        newer.tables.indices.filter { $0 >= older.tables.count || older.tables[$0] != newer.tables[$0] }
    }

    /// `row` (of `newer`) as the older version declares it, or nil when that version has no such
    /// table, or the row holds a status value that version does not know (its receiver would
    /// refuse it; it goes again once the peer upgrades).
    public func narrowed(_ row: RowChange) -> RowChange? {
        guard row.table < older.tables.count else { return nil }
        let table = older.tables[row.table]
        let count = table.columns.count
        guard row.isLive, row.values.count >= count else { return row }
        for (index, column) in table.columns.enumerated() {
            if let lattice = column.lattice, case .text(let value) = row.values[index], !lattice.order.contains(value) { return nil }
        }
        guard row.values.count > count else { return row }
        var narrowed = row
        narrowed.values.removeLast(row.values.count - count)
        narrowed.versions.exceptions.removeAll { $0.column >= count }
        return narrowed
    }

    /// `row` (of `older`, validated against it) as this node's version holds it: the columns the
    /// older version lacks empty, never written.
    public func widened(_ row: RowChange) -> RowChange {
        guard row.table < newer.tables.count, row.isLive else { return row }
        let count = newer.tables[row.table].columns.count
        guard row.values.count < count else { return row }
        var widened = row
        let first = row.values.count
        widened.values += Array(repeating: .null, count: count - first)
        if row.versions.base != Self.neverWritten {
            widened.versions.exceptions += (first..<count).map { (column: $0, version: Self.neverWritten) }
        }
        return widened
    }
}
