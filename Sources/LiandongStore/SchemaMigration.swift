import LiandongCore

/// One step of a schema's history, from version `version - 1` to `version` (docs/upgrades.md):
/// SQL the step runs on the file (may be none) and the declaration the schema has from then on.
/// A step is data, shipped once and never edited afterwards; a change to the schema is a new
/// step at the end of its `SchemaHistory`.
public struct SchemaMigration: Sendable {
    /// The version this step brings a replica to.
    public var version: Int
    /// Statements run, in order, before the declaration is adopted, in the upgrade's transaction.
    /// They touch local things only (indexes, views, node-local settings): replicated rows change
    /// by sync, never by an upgrade.
    public var sql: [String]
    /// The declaration at `version`. The file must be able to follow it in place from the one
    /// before (`Replica.followsInPlace`).
    public var declaration: ReplicaSchema

    public init(version: Int, sql: [String] = [], declaration: ReplicaSchema) {
        self.version = version
        self.sql = sql
        self.declaration = declaration
    }
}

/// Every step of one schema's history, oldest first, append-only: what `liandong upgrade` applies
/// to bring a replica of any earlier version to the newest.
public struct SchemaHistory: Sendable {
    /// The schema's name.
    public var name: String
    /// The steps, each reaching the version after the one before it.
    public var steps: [SchemaMigration]

    /// Checks that the steps belong to `name`, follow one another a version at a time, and
    /// declare the version they reach.
    public init(name: String, steps: [SchemaMigration]) throws(SchemaError) {
        for (index, step) in steps.enumerated() {
            guard step.declaration.name == name, step.declaration.version == step.version else {
                throw SchemaError("migration to \(name) v\(step.version) declares schema \(step.declaration.name) v\(step.declaration.version)")
            }
            if index > 0, step.version != steps[index - 1].version + 1 {
                throw SchemaError("migrations of \(name): v\(steps[index - 1].version) is followed by v\(step.version), not v\(steps[index - 1].version + 1)")
            }
        }
        self.name = name
        self.steps = steps
    }

    /// The newest version the history reaches (nil: no steps).
    public var newest: Int? { steps.last?.version }

    /// The steps a replica at `version` still needs, oldest first. Throws when the history does
    /// not reach back to it (a replica older than the first step).
    public func pending(from version: Int) throws(SchemaError) -> [SchemaMigration] {
        let later = steps.filter { $0.version > version }
        if let first = later.first, first.version != version + 1 {
            throw SchemaError(
                "schema \(name) v\(version) is older than the upgrade history of this build (it starts at v\(first.version - 1)); create a new replica with `liandong init` and let it resync")
        }
        return later
    }
}
