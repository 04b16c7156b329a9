import LiandongCore
import LiandongStore

/// The schemas this build ships and `liandong init --schema` knows by name, and the files that
/// describe them to other peers in `Protocols/schemas/` (Protocols/SPEC.md §6).
public enum ShippedSchemas {
    /// Every shipped schema, by name: `gov` (the government-service domain) and `demo`.
    public static let all: [ReplicaSchema] = [GovernmentSchema.schema, .demo]

    public static func named(_ name: String) -> ReplicaSchema? { all.first { $0.name == name } }

    /// The upgrade history (`SchemaHistory`) of the shipped schema `name`, whose last step
    /// reaches the shipped version (`gov`: `GovernmentHistory`; `demo` has had one version
    /// and no steps); nil for a schema this build does not ship.
    public static func history(named name: String) throws(SchemaError) -> SchemaHistory? {
        switch name {
        case GovernmentSchema.name: try GovernmentHistory.history()
        case ReplicaSchema.demo.name: try SchemaHistory(name: name, steps: [])
        default: nil
        }
    }

    /// The files of `Protocols/schemas/`, by file name: for each schema `<name>.json` (the
    /// declaration) and `<name>.canonical.txt` (the canonical text its fingerprint hashes,
    /// followed by one line feed that is not part of it). `liandong schema --write` writes them.
    public static func protocolFiles() -> [(name: String, contents: String)] {
        all.flatMap { schema in
            [(name: "\(schema.name).json", contents: schema.declarationJSON), (name: "\(schema.name).canonical.txt", contents: schema.canonicalText + "\n")]
        }
    }
}
