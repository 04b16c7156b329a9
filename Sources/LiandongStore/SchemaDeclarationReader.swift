import Foundation
import LiandongCore

/// Reads the language-neutral declaration JSON (`ReplicaSchema.declarationJSON`, Protocols/SPEC.md
/// §6.1) back into a `ReplicaSchema`: the form a replica records its schema in
/// (`StoredSchema`) and the form the migration history keeps each version's declaration in.
///
/// Every key is the specification's, spelled out here, so that renaming a Swift property or case
/// never changes what an existing file means. The document's `fingerprint` must equal the one
/// computed from what was read: that proves every field the fingerprint covers was understood.
extension ReplicaSchema {
    /// The schema declared by `json` (as `declarationJSON` writes it), with `localSQL` (indexes
    /// and views, each node's own and not part of the declaration). Throws when the text is not
    /// such a declaration, a rule or kind is unknown, or the fingerprint does not match.
    public init(declarationJSON json: String, localSQL: [String] = []) throws(SchemaError) {
        let document: DeclarationDocument
        do {
            document = try JSONDecoder().decode(DeclarationDocument.self, from: Data(json.utf8))
        } catch let error as SchemaError {
            throw error
        } catch {
            throw SchemaError("the declaration is not the JSON of Protocols/SPEC.md §6.1: \(error)")
        }
        self.init(name: document.name, version: document.version, tables: try document.tables.map { table throws(SchemaError) in try table.spec() }, localSQL: localSQL)
        guard fingerprint == document.fingerprint else {
            throw SchemaError(
                "schema '\(name)' v\(version): the declaration's fingerprint is \(document.fingerprint) but what it declares hashes to \(fingerprint); the file was edited or written by another version of the format")
        }
    }
}

extension WriteRule {
    /// The rule `description` writes (`anyone`, `nobody`, `scope-node`, `on-path(district,town)`).
    public init(declared text: String) throws(SchemaError) {
        switch text {
        case "anyone": self = .anyone
        case "nobody": self = .nobody
        case "scope-node": self = .scopeNode
        default:
            guard text.hasPrefix("on-path("), text.hasSuffix(")") else { throw SchemaError("unknown write rule '\(text)'") }
            let inner = text.dropFirst("on-path(".count).dropLast()
            var tiers = Set<Tier>()
            for name in inner.split(separator: ",", omittingEmptySubsequences: false) where !(inner.isEmpty && name.isEmpty) {
                guard let tier = Tier(name: String(name)) else { throw SchemaError("write rule '\(text)': unknown tier '\(name)'") }
                tiers.insert(tier)
            }
            self = .onPath(tiers)
        }
    }
}

extension PersonalData {
    /// The kind `description` writes (`name`, `id-number`, `phone`, `address`, `free-text`,
    /// `hash(column)`).
    public init(declared text: String) throws(SchemaError) {
        switch text {
        case "name": self = .name
        case "id-number": self = .idNumber
        case "phone": self = .phone
        case "address": self = .address
        case "free-text": self = .freeText
        default:
            guard text.hasPrefix("hash("), text.hasSuffix(")"), text.count > "hash()".count else { throw SchemaError("unknown personal-data kind '\(text)'") }
            self = .keyedHash(of: String(text.dropFirst("hash(".count).dropLast()))
        }
    }
}

/// The JSON objects of Protocols/SPEC.md §6.1, key by key.
private struct DeclarationDocument: Decodable {
    var name: String
    var version: Int
    var fingerprint: String
    var tables: [DeclaredTable]
}

private struct DeclaredKeyColumn: Decodable {
    var name: String
    var affinity: String
}

private struct DeclaredTable: Decodable {
    var name: String
    var primaryKey: [DeclaredKeyColumn]
    var columns: [DeclaredColumn]
    var scopeColumn: String?
    var flow: String?
    var insert: String
    var update: String
    var delete: String
    var appendOnly: Bool

    enum CodingKeys: String, CodingKey {
        case name, columns, flow, insert, update, delete
        case primaryKey = "primary_key"
        case scopeColumn = "scope_column"
        case appendOnly = "append_only"
    }

    func spec() throws(SchemaError) -> TableSpec {
        let flow: TableSpec.Flow
        if let text = self.flow {
            guard let declared = TableSpec.Flow(rawValue: text) else { throw SchemaError("table '\(name)': unknown flow '\(text)'") }
            flow = declared
        } else {
            flow = .rootPath
        }
        var key: [ColumnSpec] = []
        for column in primaryKey { key.append(ColumnSpec(column.name, try affinity(column.affinity, column.name), notNull: true)) }
        var columns: [ColumnSpec] = []
        for column in self.columns { columns.append(try column.spec(table: name)) }
        return TableSpec(
            name: name, primaryKey: key, columns: columns, scopeColumn: scopeColumn, flow: flow, insert: try WriteRule(declared: insert),
            update: try WriteRule(declared: update), delete: try WriteRule(declared: delete), appendOnly: appendOnly)
    }

    func affinity(_ text: String, _ column: String) throws(SchemaError) -> ColumnAffinity {
        guard let affinity = ColumnAffinity(rawValue: text) else { throw SchemaError("column '\(name).\(column)': unknown affinity '\(text)'") }
        return affinity
    }
}

private struct DeclaredColumn: Decodable {
    var name: String
    var affinity: String
    var notNull: Bool
    var writers: String?
    var lattice: DeclaredLattice?
    var personal: String?
    var published: Bool

    enum CodingKeys: String, CodingKey {
        case name, affinity, writers, lattice, personal, published
        case notNull = "not_null"
    }

    func spec(table: String) throws(SchemaError) -> ColumnSpec {
        guard let affinity = ColumnAffinity(rawValue: affinity) else { throw SchemaError("column '\(table).\(name)': unknown affinity '\(self.affinity)'") }
        return ColumnSpec(
            name, affinity, notNull: notNull, writers: try writers.map { text throws(SchemaError) in try WriteRule(declared: text) },
            lattice: try lattice?.lattice(), personal: try personal.map { text throws(SchemaError) in try PersonalData(declared: text) }, published: published)
    }
}

private struct DeclaredLattice: Decodable {
    var order: [String]
    var initial: [String: String]
    var transitions: [String: [String: String]]
    var requires: [String: [String]]

    func lattice() throws(SchemaError) -> StatusLattice {
        var initial: [String: WriteRule] = [:]
        for (value, rule) in self.initial { initial[value] = try WriteRule(declared: rule) }
        var transitions: [String: [String: WriteRule]] = [:]
        for (from, targets) in self.transitions {
            for (to, rule) in targets { transitions[from, default: [:]][to] = try WriteRule(declared: rule) }
        }
        return StatusLattice(order: order, initial: initial, transitions: transitions, requires: requires)
    }
}
