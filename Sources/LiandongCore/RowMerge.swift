/// The merge rule for one row (DESIGN §4).
///
/// A row's state is ordered first by causal length (a later incarnation — after a delete or a
/// re-insert — dominates everything of an earlier one), then column by column by `CellVersion`.
/// That is a lexicographic product of a total order and a product of total orders, so `merge`
/// is a join: commutative, associative and idempotent. Deletes win over concurrent updates of
/// the same incarnation; a re-insert after a delete wins over both.
public enum RowMerge {
    /// The row state after merging `incoming` into `local` (`nil`: the row was never seen).
    /// Returns `nil` when the local state already dominates or equals the incoming one.
    public static func merge(local: RowChange?, incoming: RowChange) -> RowChange? {
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
        for column in 0..<count where incomingVersions[column] > localVersions[column] {
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
    public static func dominates(_ state: RowChange, _ change: RowChange) -> Bool {
        merge(local: state, incoming: change) == nil
    }
}
