/// A summary of the row states two linked nodes should both hold (Protocols/SPEC.md §16): the
/// rows visible to the child of the link, bucketed by the time of their newest version, each
/// bucket with its row count and an order-independent hash of (table, key, causal length, every
/// cell version). Two replicas hold the same states exactly when their digests are equal (up to
/// a 64-bit hash collision per bucket); a difference names the buckets to exchange.
///
/// Values are not hashed, only versions: across the privacy ceiling the same version carries a
/// masked value above and the raw value below. On that link (district ↔ city) the personal
/// columns' versions are left out too, since their masked, hashed or withheld forms carry
/// versions of their own.
public struct LinkDigest: Sendable, Hashable {
    /// Width of a bucket in milliseconds of version time (one hour).
    public static let bucketMillis: Int64 = 3_600_000
    /// The most buckets a digest message may carry: 2^18 hours, thirty years of rows
    /// (Protocols/SPEC.md §14).
    public static let maxBuckets = 1 << 18

    public struct Bucket: Sendable, Hashable {
        /// Version time / `bucketMillis`.
        public var index: Int64
        public var rows: Int64
        public var hash: UInt64
        public init(index: Int64, rows: Int64, hash: UInt64) {
            self.index = index
            self.rows = rows
            self.hash = hash
        }
    }

    /// Non-empty buckets, ascending by index.
    public var buckets: [Bucket]

    public init(buckets: [Bucket]) { self.buckets = buckets.sorted { $0.index < $1.index } }

    /// Total rows covered.
    public var rows: Int64 { buckets.reduce(0) { $0 + $1.rows } }

    /// The bucket indexes where `self` and `other` differ (present in one only, or unequal).
    public func differences(from other: LinkDigest) -> [Int64] {
        var mine: [Int64: Bucket] = [:]
        for bucket in buckets { mine[bucket.index] = bucket }
        var different: Set<Int64> = []
        for bucket in other.buckets {
            if mine.removeValue(forKey: bucket.index) != bucket { different.insert(bucket.index) }
        }
        different.formUnion(mine.keys)
        return different.sorted()
    }
}
