import LiandongCore

/// A digest of a replica's replicated rows (declared columns, ordered by key): two replicas that
/// hold the same data have the same digest, whatever their files look like.
public enum ReplicaDigest {
    public static func of(_ replica: Replica, tables: [String]? = nil) throws(StoreError) -> String {
        var hash = FNV1a()
        // A separator after each value, so that ("ab","c") and ("a","bc") differ.
        func mix(_ text: String) { hash.mix(text + "\u{1F}") }
        for table in tables ?? replica.schema.tables.map(\.name) {
            mix(table)
            for row in try replica.dump(table: table) {
                for value in row { mix(value.description) }
                mix("\n")
            }
        }
        return hash.hex
    }
}
