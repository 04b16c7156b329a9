/// The version of one cell: the clock of the write that produced it and the node that wrote it.
/// Cells are last-writer-wins registers ordered by (clock, origin) (Protocols/SPEC.md §4–5); the origin breaks
/// ties between writes that carry the same clock on different nodes.
public struct CellVersion: Hashable, Comparable, Sendable {
    public var hlc: HLC
    public var origin: NodeID

    public init(hlc: HLC, origin: NodeID) {
        self.hlc = hlc
        self.origin = origin
    }

    public static func < (lhs: CellVersion, rhs: CellVersion) -> Bool {
        if lhs.hlc != rhs.hlc { return lhs.hlc < rhs.hlc }
        return lhs.origin < rhs.origin
    }
}

/// Per-column versions stored compactly: one base version shared by most columns plus the
/// columns that differ. A freshly inserted row has no exceptions; an update adds one per changed
/// column. The store and the wire both use this shape.
public struct CompactVersions: Hashable, Sendable {
    public var base: CellVersion
    /// (column index among the non-key columns, version), sorted by column index.
    public var exceptions: [(column: Int, version: CellVersion)]

    public init(base: CellVersion, exceptions: [(column: Int, version: CellVersion)] = []) {
        self.base = base
        self.exceptions = exceptions
    }

    /// Compresses a full per-column array, choosing the most frequent version as the base.
    public init(_ versions: [CellVersion], fallback: CellVersion) {
        guard let first = versions.first else {
            self.init(base: fallback)
            return
        }
        var base = first
        if versions.count > 2, versions.contains(where: { $0 != first }) {
            // The most frequent version, the lowest among equally frequent ones. Rows have few
            // distinct versions: a linear list counts them without hashing.
            var counts: [(version: CellVersion, count: Int)] = []
            for version in versions {
                if let i = counts.firstIndex(where: { $0.version == version }) { counts[i].count += 1 } else { counts.append((version, 1)) }
            }
            base = counts.max { $0.count < $1.count || ($0.count == $1.count && $0.version > $1.version) }!.version
        }
        var exceptions: [(column: Int, version: CellVersion)] = []
        for (index, version) in versions.enumerated() where version != base {
            exceptions.append((index, version))
        }
        self.init(base: base, exceptions: exceptions)
    }

    /// Expands to one version per column.
    public func expanded(columnCount: Int) -> [CellVersion] {
        var versions = Array(repeating: base, count: columnCount)
        for exception in exceptions where exception.column >= 0 && exception.column < columnCount {
            versions[exception.column] = exception.version
        }
        return versions
    }

    public static func == (lhs: CompactVersions, rhs: CompactVersions) -> Bool {
        lhs.base == rhs.base && lhs.exceptions.elementsEqual(rhs.exceptions) { $0 == $1 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(base)
        for exception in exceptions {
            hasher.combine(exception.column)
            hasher.combine(exception.version)
        }
    }
}
