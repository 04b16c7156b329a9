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

    public init(_ name: String, _ affinity: ColumnAffinity, notNull: Bool = false) {
        self.name = name
        self.affinity = affinity
        self.notNull = notNull
    }
}

/// A replicated table, declared as data: its name, its primary key and its other columns.
/// Liandong creates the table, its change-capture triggers and its bookkeeping from this.
public struct TableSpec: Hashable, Sendable, Codable {
    public var name: String
    public var primaryKey: [ColumnSpec]
    public var columns: [ColumnSpec]

    public init(name: String, primaryKey: [ColumnSpec], columns: [ColumnSpec]) {
        self.name = name
        self.primaryKey = primaryKey
        self.columns = columns
    }

    public var allColumns: [ColumnSpec] { primaryKey + columns }
}

/// The set of replicated tables a node holds. Both ends of a link must declare the same schema
/// (same version and fingerprint) or the hello is refused.
public struct ReplicaSchema: Hashable, Sendable, Codable {
    /// A short name for operators (e.g. `demo`, `government`).
    public var name: String
    /// Increases whenever the declaration changes.
    public var version: Int
    public var tables: [TableSpec]

    public init(name: String, version: Int, tables: [TableSpec]) {
        self.name = name
        self.version = version
        self.tables = tables
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

    /// A stable fingerprint of the declaration (FNV-1a 64 over a canonical text), exchanged in
    /// the hello so that two nodes with the same version number but different tables notice.
    public var fingerprint: String {
        var text = "\(name)|\(version)"
        for table in tables {
            text += "|\(table.name)("
            text += table.primaryKey.map { "\($0.name):\($0.affinity.rawValue)" }.joined(separator: ",")
            text += ";"
            text += table.columns.map { "\($0.name):\($0.affinity.rawValue):\($0.notNull ? 1 : 0)" }.joined(separator: ",")
            text += ")"
        }
        var hash = FNV1a()
        hash.mix(text)
        return hash.hex
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
    /// requests with the 10-column record the benchmark describes.
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

    /// Built-in schemas by name.
    public static func builtIn(named name: String) -> ReplicaSchema? {
        switch name {
        case "demo": .demo
        default: nil
        }
    }
}
