/// The declared type affinity of a replicated column.
public enum ColumnAffinity: String, Sendable, Codable, CaseIterable {
    case integer = "INTEGER"
    case real = "REAL"
    case text = "TEXT"
    case blob = "BLOB"
    case numeric = "NUMERIC"
}

/// One column of a replicated table.
public struct ColumnSpec: Hashable, Sendable, Codable {
    public var name: String
    public var affinity: ColumnAffinity
    /// `NOT NULL` in the table definition (key columns are always not null).
    public var notNull: Bool
    /// Who may write this column (Protocols/SPEC.md §17.2); nil: the table's `update` rule.
    public var writers: WriteRule?
    /// A status that merges as a monotonic lattice instead of last-writer-wins and changes as a
    /// state machine (Protocols/SPEC.md §5.3, §17.2).
    public var lattice: StatusLattice?
    /// Personal data (个人信息): masked or hashed before it travels above the privacy ceiling.
    public var personal: PersonalData?
    /// Published text (政务公开) that must never contain an ID number or a phone number.
    public var published: Bool

    public init(
        _ name: String, _ affinity: ColumnAffinity, notNull: Bool = false, writers: WriteRule? = nil,
        lattice: StatusLattice? = nil, personal: PersonalData? = nil, published: Bool = false
    ) {
        self.name = name
        self.affinity = affinity
        self.notNull = notNull
        self.writers = writers
        self.lattice = lattice
        self.personal = personal
        self.published = published
    }

    /// The canonical text of the declaration, for the schema fingerprint.
    var canonical: String {
        var text = "\(name):\(affinity.rawValue):\(notNull ? 1 : 0)"
        if let writers { text += ":w=\(writers)" }
        if let lattice { text += ":l=" + lattice.canonical }
        if let personal { text += ":p=\(personal)" }
        if published { text += ":pub" }
        return text
    }
}

/// A replicated table, declared as data: its name, its primary key, its other columns, and the
/// rules for where its rows flow and who may write them. Liandong creates the table, its
/// change-capture triggers and its bookkeeping from this.
public struct TableSpec: Hashable, Sendable, Codable {
    public var name: String
    public var primaryKey: [ColumnSpec]
    public var columns: [ColumnSpec]
    /// The non-key INTEGER column holding each row's scope (a region code, Protocols/SPEC.md §17.1), fixed when
    /// the row is created. nil: the table is unscoped and replicates to every node.
    public var scopeColumn: String?
    /// Which nodes on the scope's root path hold the rows.
    public var flow: Flow
    /// Who may create a row, relative to its scope.
    public var insert: WriteRule
    /// Who may change a column of an existing row, unless the column names its own writers.
    public var update: WriteRule
    /// Who may delete a row.
    public var delete: WriteRule
    /// Rows are inserted once and never updated or deleted (case events, evaluations, audit).
    public var appendOnly: Bool

    public init(
        name: String, primaryKey: [ColumnSpec], columns: [ColumnSpec], scopeColumn: String? = nil,
        flow: Flow = .rootPath, insert: WriteRule = .anyone, update: WriteRule = .anyone, delete: WriteRule = .anyone, appendOnly: Bool = false
    ) {
        self.name = name
        self.flow = flow
        self.primaryKey = primaryKey
        self.columns = columns
        self.scopeColumn = scopeColumn
        self.insert = insert
        self.update = appendOnly ? .nobody : update
        self.delete = appendOnly ? .nobody : delete
        self.appendOnly = appendOnly
    }

    public var allColumns: [ColumnSpec] { primaryKey + columns }

    /// the visibility rule (Protocols/SPEC.md §17.1), per table: a row with scope S goes to node N when S and N lie on
    /// one root path (`rootPath`: catalogue rows flow down the scope's subtree and up to its
    /// ancestors), or only when N is S or an ancestor of S (`upward`: a case, its events and its
    /// evaluations go up to the city and decisions come back to the hall that registered it,
    /// never down to the halls below it).
    public enum Flow: String, Hashable, Sendable, Codable {
        case rootPath = "root-path"
        case upward
    }

    /// True when a row scoped to `scope` belongs at `node`, in `tree` (codes and moves, SPEC §20).
    public func isVisible(scope: NodeID, at node: NodeID, in tree: RegionTree = .prefix) -> Bool {
        switch flow {
        case .rootPath: tree.sharesRootPath(scope, node)
        case .upward: tree.isAncestorOrSelf(node, of: scope)
        }
    }

    /// Index of the scope column among the non-key columns.
    public var scopeIndex: Int? { scopeColumn.flatMap { name in columns.firstIndex { $0.name == name } } }

    /// The rule for changing column `index` of an existing row.
    public func writers(ofColumn index: Int) -> WriteRule { columns[index].writers ?? update }
}

/// The set of replicated tables a node holds. Both ends of a link must declare the same schema
/// (same version and fingerprint) or the hello is refused.
public struct ReplicaSchema: Hashable, Sendable, Codable {
    /// A short name for operators (e.g. `demo`, `government`).
    public var name: String
    /// Increases whenever the declaration changes.
    public var version: Int
    public var tables: [TableSpec]
    /// Local SQL run once when a replica is created (indexes, views): not replicated and not part
    /// of the fingerprint, so each node may tune it.
    public var localSQL: [String]

    public init(name: String, version: Int, tables: [TableSpec], localSQL: [String] = []) {
        self.name = name
        self.version = version
        self.tables = tables
        self.localSQL = localSQL
    }

    /// Names reserved for Liandong's bookkeeping columns and tables.
    public static let reservedPrefix = "_ld_"

    /// Checks that the declaration can be installed: valid identifiers, no reserved names,
    /// at least one key column, no duplicates.
    public func validate() throws(SchemaError) {
        guard !tables.isEmpty else { throw SchemaError("schema '\(name)' declares no tables") }
        var tableNames = Set<String>()
        for table in tables {
            guard Self.isIdentifier(table.name) else {
                throw SchemaError("table name '\(table.name)' must match [a-z][a-z0-9_]*")
            }
            guard tableNames.insert(table.name).inserted else {
                throw SchemaError("table '\(table.name)' is declared twice")
            }
            guard !table.primaryKey.isEmpty else {
                throw SchemaError("table '\(table.name)' has no primary key")
            }
            // So that a chunk of 512 whole rows stays within a frame's cell budget (SPEC §14).
            guard table.primaryKey.count + table.columns.count <= ChangeChunk.maxCells / ChangeChunk.maxRows / 2 else {
                throw SchemaError("table '\(table.name)' has more than \(ChangeChunk.maxCells / ChangeChunk.maxRows / 2) columns")
            }
            if let scope = table.scopeColumn {
                guard let index = table.scopeIndex, table.columns[index].affinity == .integer else {
                    throw SchemaError("table '\(table.name)': scope column '\(scope)' must be a non-key INTEGER column")
                }
            }
            for column in table.columns {
                guard let lattice = column.lattice else { continue }
                guard column.affinity == .text else {
                    throw SchemaError("column '\(table.name).\(column.name)': a status lattice needs a TEXT column")
                }
                try lattice.validate(table: table, column: column.name)
            }
            var columnNames = Set<String>()
            for column in table.allColumns {
                guard Self.isIdentifier(column.name), !column.name.hasPrefix(Self.reservedPrefix) else {
                    throw SchemaError(
                        "column '\(table.name).\(column.name)' must match [a-z][a-z0-9_]* and not start with \(Self.reservedPrefix)")
                }
                guard columnNames.insert(column.name).inserted else {
                    throw SchemaError("column '\(table.name).\(column.name)' is declared twice")
                }
            }
        }
    }

    /// A stable fingerprint of the declaration: FNV-1a 64 over `canonicalText`, exchanged in the
    /// hello so that two nodes with the same version number but different tables notice
    /// (Protocols/SPEC.md §6).
    public var fingerprint: String {
        var hash = FNV1a()
        hash.mix(canonicalText)
        return hash.hex
    }

    /// The canonical text of the declaration that the fingerprint hashes: name, version, and every
    /// table with its columns and rules, in declared order (grammar in Protocols/SPEC.md §6; the
    /// shipped schemas' texts are in Protocols/schemas/). Local SQL is not part of it.
    public var canonicalText: String {
        var text = "\(name)|\(version)"
        for table in tables {
            text += "|\(table.name)("
            text += table.primaryKey.map { "\($0.name):\($0.affinity.rawValue)" }.joined(separator: ",")
            text += ";"
            text += table.columns.map(\.canonical).joined(separator: ",")
            text += ")"
            if let scope = table.scopeColumn { text += "scope=\(scope)" + (table.flow == .upward ? "/up" : "") }
            text += "i=\(table.insert)u=\(table.update)d=\(table.delete)a=\(table.appendOnly ? 1 : 0)"
        }
        return text
    }

    public func tableIndex(named name: String) -> Int? { tables.firstIndex { $0.name == name } }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// A schema declaration that cannot be installed.
public struct SchemaError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "schema error: \(message)" }
}

extension ReplicaSchema {
    /// The schema of the two-node demo and the benchmark: a register of villagers' service
    /// requests with the 10-column record the benchmark uses.
    public static let demo = ReplicaSchema(
        name: "demo",
        version: 1,
        tables: [
            TableSpec(
                name: "record",
                primaryKey: [ColumnSpec("id", .text, notNull: true)],
                columns: [
                    ColumnSpec("name", .text),
                    ColumnSpec("village", .text),
                    ColumnSpec("kind", .text),
                    ColumnSpec("count", .integer),
                    ColumnSpec("amount", .integer),
                    ColumnSpec("priority", .integer),
                    ColumnSpec("score", .real),
                    ColumnSpec("note", .text),
                    ColumnSpec("flag", .integer),
                ]
            ),
            TableSpec(
                name: "note",
                primaryKey: [ColumnSpec("author", .integer, notNull: true), ColumnSpec("seq", .integer, notNull: true)],
                columns: [ColumnSpec("body", .text), ColumnSpec("updated", .text)]
            ),
        ]
    )


}
