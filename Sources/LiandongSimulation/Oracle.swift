import LiandongCore

/// What every replica must hold once the tree has healed, computed independently of the merge
/// code: each local write is recorded as the cells it wrote, and a row's expected state is its
/// highest incarnation (causal length) with, per column, the write that is greatest by
/// (status rank for a lattice column, clock, origin), compared as plain integers. Because it
/// shares no comparison with `RowMerge`, a wrong comparison or tie-break there shows up as a
/// difference here even when all replicas agree with each other.
struct Oracle {
    /// The region tree scopes are judged in: codes, and the simulation's re-parenting if any.
    var tree = RegionTree.prefix
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

    /// One local write's effect on one row: the incarnation it wrote and the cells (or the
    /// deletion) it stamped. Kept one by one, so that writes lost with a replica rolled back to
    /// an older file can be forgotten (`forget`).
    struct Record {
        var writer: NodeID
        var causalLength: Int64
        var deletion: CellVersion?
        var cells: [Int: Cell]
    }

    let schema: ReplicaSchema
    private(set) var records: [Key: (scope: NodeID?, writes: [Record])] = [:]
    private(set) var writes = 0

    init(schema: ReplicaSchema) { self.schema = schema }

    /// Records the cells a local write at `writer` produced: the row states it changed, as
    /// read back from the writer's replica; only cells stamped by this write (origin `writer`,
    /// clock after `after`) count.
    mutating func record(_ states: [RowChange], writer: NodeID, after: HLC) {
        for state in states {
            let key = Key(table: state.table, key: state.key)
            var entry = records[key] ?? (state.scope, [])
            var record = Record(writer: writer, causalLength: state.causalLength, deletion: nil, cells: [:])
            writes += 1
            if !state.isLive {
                record.deletion = state.versions.base
            } else {
                let table = schema.tables[state.table]
                let versions = state.versions.expanded(columnCount: state.values.count)
                for (column, version) in versions.enumerated() where version.origin == writer && version.hlc > after {
                    let rank = table.columns[column].lattice?.rank(state.values[column]) ?? 0
                    record.cells[column] = Cell(value: state.values[column], version: version, rank: rank)
                }
            }
            entry.writes.append(record)
            records[key] = entry
        }
    }

    /// A row's expected state from the writes recorded: the highest incarnation, and in it the
    /// greatest cell per column and the latest deletion.
    static func expected(_ scope: NodeID?, _ writes: [Record]) -> Expected? {
        guard let top = writes.map(\.causalLength).max() else { return nil }
        var expected = Expected(scope: scope, causalLength: top)
        for write in writes where write.causalLength == top {
            if let deletion = write.deletion, expected.deletion.map({ greater(deletion, than: $0) }) ?? true { expected.deletion = deletion }
            for (column, cell) in write.cells {
                if let held = expected.cells[column], !greater(cell, than: held) { continue }
                expected.cells[column] = cell
            }
        }
        return expected
    }

    /// Forgets the writes that no replica holds any more, after a replica went back to an older
    /// file (a restored backup): `holders` are the row states every node holds now, the restored
    /// one included. A write counts as held where a replica has its incarnation (or a later one)
    /// with that cell at its version or a greater one: it either arrived there or was overtaken.
    /// Anything else existed only in the file that was replaced (and in no message still on its
    /// way: the simulator drops those of the restored node).
    /// A personal cell counts as held only below the privacy ceiling: above it the value is
    /// masked and never comes back down raw (Protocols/SPEC.md §17.4), so a raw value that only
    /// the restored node had is gone.
    mutating func forget(holders: [(node: NodeID, states: [RowChange])]) {
        var held: [Key: [RowChange]] = [:]
        var heldRaw: [Key: [RowChange]] = [:]
        for (node, states) in holders {
            for state in states {
                held[Key(table: state.table, key: state.key), default: []].append(state)
                if node.tier >= PrivacyProjection.ceiling { heldRaw[Key(table: state.table, key: state.key), default: []].append(state) }
            }
        }
        for (key, entry) in records {
            let states = held[key] ?? []
            var kept: [Record] = []
            for var write in entry.writes {
                // Its incarnation survives where some replica reached it.
                guard states.contains(where: { $0.causalLength >= write.causalLength }) else { continue }
                let overtaken = states.contains { $0.causalLength > write.causalLength }
                if !overtaken {
                    let same = states.filter { $0.causalLength == write.causalLength }
                    if let deletion = write.deletion, !same.contains(where: { !$0.isLive && !Self.greater(deletion, than: $0.versions.base) }) {
                        write.deletion = nil
                    }
                    let columns = schema.tables[key.table].columns
                    let lattices = columns.map(\.lattice)
                    let sameRaw = (heldRaw[key] ?? []).filter { $0.causalLength == write.causalLength }
                    write.cells = write.cells.filter { column, cell in
                        (columns[column].personal == nil ? same : sameRaw).contains { state in
                            guard state.isLive else { return false }
                            // Held, or overtaken in the merge order (status rank first, then version).
                            let version = state.versions.expanded(columnCount: state.values.count)[column]
                            let heldCell = Cell(value: state.values[column], version: version, rank: lattices[column]?.rank(state.values[column]) ?? 0)
                            return !Self.greater(cell, than: heldCell)
                        }
                    }
                }
                kept.append(write)
            }
            records[key] = kept.isEmpty ? nil : (entry.scope, kept)
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
    func differences(at node: NodeID, holding states: [RowChange], excusing excused: Set<Key> = [], limit: Int = 5) -> [String] {
        var problems: [String] = []
        var held: [Key: RowChange] = [:]
        for state in states { held[Key(table: state.table, key: state.key)] = state }
        let masked = node.tier < PrivacyProjection.ceiling
        for (key, entry) in records {
            guard let expected = Self.expected(entry.scope, entry.writes) else { continue }
            let table = schema.tables[key.table]
            if table.scopeColumn != nil {
                guard let scope = expected.scope, table.isVisible(scope: scope, at: node, in: tree) else { continue }
            }
            let name = "\(table.name)\(key.key)"
            guard let state = held.removeValue(forKey: key) else {
                if excused.contains(key) { continue }
                // A deleted row's tombstone may have been collected (Protocols/SPEC.md §21): absent
                // is deleted. Live it must never be.
                if expected.causalLength % 2 == 0 { continue }
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
