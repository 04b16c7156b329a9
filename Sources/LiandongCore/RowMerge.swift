/// The merge rule for one row (Protocols/SPEC.md §4–5).
///
/// A row's state is ordered first by causal length (a later incarnation — after a delete or a
/// re-insert — dominates everything of an earlier one), then column by column by `CellVersion`.
/// That is a lexicographic product of a total order and a product of total orders, so `merge`
/// is a join: commutative, associative and idempotent. Deletes win over concurrent updates of
/// the same incarnation; a re-insert after a delete wins over both.
///
/// A status column with a `StatusLattice` orders its cells by (rank of the value, version)
/// instead of by version alone: still a total order per cell, so still a join, and a status
/// never moves backwards whatever order changes arrive in.
public enum RowMerge {
    /// The row state after merging `incoming` into `local` (`nil`: the row was never seen).
    /// Returns `nil` when the local state already dominates or equals the incoming one.
    /// `lattices` maps column indexes to the lattice their cells merge by.
    public static func merge(local: RowChange?, incoming: RowChange, lattices: [Int: StatusLattice] = [:]) -> RowChange? {
        guard let local else { return incoming }
        if incoming.causalLength != local.causalLength {
            return incoming.causalLength > local.causalLength ? incoming : nil
        }
        if !incoming.isLive {
            // Two tombstones of the same incarnation: keep the later delete version.
            return incoming.versions.base > local.versions.base ? incoming : nil
        }
        let count = local.values.count
        guard incoming.values.count == count else { return nil }
        let localVersions = local.versions.expanded(columnCount: count)
        let incomingVersions = incoming.versions.expanded(columnCount: count)
        var values = local.values
        var versions = localVersions
        var changed = false
        for column in 0..<count where wins(column, incoming.values[column], incomingVersions[column], over: local.values[column], localVersions[column], lattices) {
            values[column] = incoming.values[column]
            versions[column] = incomingVersions[column]
            changed = true
        }
        guard changed else { return nil }
        var merged = local
        merged.values = values
        merged.versions = CompactVersions(versions, fallback: local.versions.base)
        return merged
    }

    /// True when `state` already contains everything `change` carries (merging it is a no-op).
    public static func dominates(_ state: RowChange, _ change: RowChange, lattices: [Int: StatusLattice] = [:]) -> Bool {
        merge(local: state, incoming: change, lattices: lattices) == nil
    }

    /// True when the incoming cell replaces the local one.
    @inline(__always)
    static func wins(
        _ column: Int, _ value: ColumnValue, _ version: CellVersion, over localValue: ColumnValue, _ localVersion: CellVersion,
        _ lattices: [Int: StatusLattice]
    ) -> Bool {
        if !lattices.isEmpty, let lattice = lattices[column] {
            let rank = lattice.rank(value)
            let localRank = lattice.rank(localValue)
            if rank != localRank { return rank > localRank }
        }
        return version > localVersion
    }
}
