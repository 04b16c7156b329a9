import LiandongCore

/// A digest of a replica's replicated rows (declared columns, ordered by key): two replicas that
/// hold the same data have the same digest, whatever their files look like.
public enum ReplicaDigest {
    public static func of(_ replica: Replica, tables: [String]? = nil) throws(StoreError) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash ^= 0xFF
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for table in tables ?? replica.schema.tables.map(\.name) {
            mix(table)
            for row in try replica.dump(table: table) {
                for value in row { mix(value.description) }
                mix("\n")
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
