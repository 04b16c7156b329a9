import LiandongCore

/// What every replica must hold once the tree has healed, computed independently of the merge
/// code: each local write is recorded as the cells it wrote, and a row's expected state is its
/// highest incarnation (causal length) with, per column, the write that is greatest by
/// (status rank for a lattice column, clock, origin), compared as plain integers. Because it
/// shares no comparison with `RowMerge`, a wrong comparison or tie-break there shows up as a
/// difference here even when all replicas agree with each other.
struct Oracle {
    struct Key: Hashable {
        var table: Int
        var key: [ColumnValue]
    }

    struct Cell: Equatable {
        var value: ColumnValue
        var version: CellVersion
        var rank: Int
    }

    struct Expected {
        var scope: NodeID?
        var causalLength: Int64 = 0
        /// For a deleted row: the latest deletion's version.
        var deletion: CellVersion?
        var cells: [Int: Cell] = [:]
    }

    let schema: ReplicaSchema
    private(set) var rows: [Key: Expected] = [:]
    private(set) var writes = 0

    init(schema: ReplicaSchema) { self.schema = schema }

    /// Records the cells a local write at `writer` produced: the row states it changed, as
    /// read back from the writer's replica; only cells stamped by this write (origin `writer`,
    /// clock after `after`) count.
    mutating func record(_ states: [RowChange], writer: NodeID, after: HLC) {
        for state in states {
            let key = Key(table: state.table, key: state.key)
            var expected = rows[key] ?? Expected(scope: state.scope)
            if state.causalLength > expected.causalLength {
                expected.causalLength = state.causalLength
                expected.deletion = nil
                expected.cells = [:]
            } else if state.causalLength < expected.causalLength {
                continue
            }
            writes += 1
            if !state.isLive {
                let version = state.versions.base
                if expected.deletion.map({ Self.greater(version, than: $0) }) ?? true { expected.deletion = version }
            } else {
                let table = schema.tables[state.table]
                let versions = state.versions.expanded(columnCount: state.values.count)
                for (column, version) in versions.enumerated() where version.origin == writer && version.hlc > after {
                    let rank = table.columns[column].lattice?.rank(state.values[column]) ?? 0
                    let cell = Cell(value: state.values[column], version: version, rank: rank)
                    if let held = expected.cells[column], !Self.greater(cell, than: held) { continue }
                    expected.cells[column] = cell
                }
            }
            rows[key] = expected
        }
    }

    static func greater(_ a: CellVersion, than b: CellVersion) -> Bool {
        (a.hlc.rawValue, a.origin.rawValue) > (b.hlc.rawValue, b.origin.rawValue)
    }

    static func greater(_ a: Cell, than b: Cell) -> Bool {
        (a.rank, a.version.hlc.rawValue, a.version.origin.rawValue) > (b.rank, b.version.hlc.rawValue, b.version.origin.rawValue)
    }

    /// The differences between what `node` holds and what it should hold; empty when equal.
    /// At nodes above the privacy ceiling personal and derived columns are masked, so only the
    /// other columns are compared there.
    func differences(at node: NodeID, holding states: [RowChange], limit: Int = 5) -> [String] {
        var problems: [String] = []
        var held: [Key: RowChange] = [:]
        for state in states { held[Key(table: state.table, key: state.key)] = state }
        let masked = node.tier < PrivacyProjection.ceiling
        for (key, expected) in rows {
            let table = schema.tables[key.table]
            if table.scopeColumn != nil {
                guard let scope = expected.scope, table.isVisible(scope: scope, at: node) else { continue }
            }
            let name = "\(table.name)\(key.key)"
            guard let state = held.removeValue(forKey: key) else {
                problems.append("node \(node) lacks \(name) (expected causal length \(expected.causalLength))")
                continue
            }
            if state.causalLength != expected.causalLength {
                problems.append("node \(node) holds \(name) at causal length \(state.causalLength), expected \(expected.causalLength)")
                continue
            }
            if let deletion = expected.deletion, expected.causalLength % 2 == 0 {
                if state.versions.base != deletion { problems.append("node \(node) holds deletion of \(name) at \(state.versions.base), expected \(deletion)") }
                continue
            }
            let versions = state.versions.expanded(columnCount: state.values.count)
            for (column, cell) in expected.cells.sorted(by: { $0.key < $1.key }) {
                if masked, table.columns[column].personal != nil { continue }
                if versions[column] != cell.version || state.values[column] != cell.value {
                    problems.append(
                        "node \(node) holds \(name).\(table.columns[column].name) = \(state.values[column]) @\(versions[column]), expected \(cell.value) @\(cell.version)")
                }
            }
            if problems.count >= limit { return problems }
        }
        for (key, state) in held.prefix(limit) {
            problems.append("node \(node) holds \(schema.tables[key.table].name)\(key.key) (scope \(state.scope.map(\.description) ?? "-")), which it should not")
        }
        return Array(problems.prefix(limit))
    }
}
