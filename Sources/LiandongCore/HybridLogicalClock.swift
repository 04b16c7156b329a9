/// A hybrid logical clock value: wall-clock milliseconds since 1970 in the high bits and a
/// 16-bit logical counter in the low bits, packed into one `Int64` so that SQL can compare and
/// advance it (`max(hlc + 1, now_ms << 16)`). Ordering the packed value orders (millis, counter).
public struct HLC: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public static let logicalBits: Int64 = 16
    public static let zero = HLC(rawValue: 0)

    public let rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }

    public init(millis: Int64, counter: Int64 = 0) {
        self.rawValue = (millis << Self.logicalBits) | (counter & 0xFFFF)
    }

    /// The wall-clock component, in milliseconds since 1970-01-01T00:00Z.
    public var millis: Int64 { rawValue >> Self.logicalBits }
    /// The logical component.
    public var counter: Int64 { rawValue & 0xFFFF }

    public static func < (lhs: HLC, rhs: HLC) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The next local value: strictly greater than `self` and never behind the wall clock.
    public func tick(nowMillis: Int64) -> HLC {
        HLC(rawValue: max(rawValue + 1, nowMillis << Self.logicalBits))
    }

    /// The SQL expression that `tick` performs inside SQLite, given the column holding the clock
    /// and the one holding the correction (milliseconds) added to the system clock: the offset
    /// to the parent's time (Protocols/SPEC.md §4.5). Triggers use it so that writes from any
    /// SQLite client advance the same clock from the same corrected time.
    public static func sqlTick(_ column: String, offset: String) -> String {
        "max(\(column) + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + \(offset)) << \(logicalBits))"
    }

    public var description: String { "\(millis).\(counter)" }

    /// The SQL expression for the next change stamp (`ChangeSeq`) given the column holding the
    /// last one: one more, and never behind the system clock (uncorrected), packed as a clock
    /// value is. So stamps only ever grow, and a replica rolled back to an older file (a restored
    /// backup, a power cut) issues stamps after every one it issued before, as long as its system
    /// clock has moved on (Protocols/SPEC.md §4.3).
    public static func sqlNextStamp(_ column: String) -> String {
        "max(\(column) + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << \(logicalBits))"
    }

    /// `sqlNextStamp` in Swift, from the system clock's reading `wallMillis`.
    public static func nextStamp(after stamp: Int64, wallMillis: Int64) -> Int64 {
        max(stamp + 1, wallMillis << logicalBits)
    }
}

/// Rejects remote clocks that run too far ahead of local time: adopting one would drag every
/// later local write into the future (Protocols/SPEC.md §4–5).
public struct ClockDriftPolicy: Sendable {
    /// How far ahead of local wall-clock time a remote clock may be, in milliseconds.
    public var maxAheadMillis: Int64
    /// How far a peer's change stamps (`ChangeSeq`, from its uncorrected system clock, SPEC §4.3)
    /// may run ahead of local corrected time: a hall PC's clock may be days fast (31 days).
    public var maxStampAheadMillis: Int64

    public init(maxAheadMillis: Int64 = 5 * 60 * 1000, maxStampAheadMillis: Int64 = 31 * 86_400_000) {
        self.maxAheadMillis = maxAheadMillis
        self.maxStampAheadMillis = maxStampAheadMillis
    }

    /// Throws when `remote` is beyond the bound.
    public func check(_ remote: HLC, nowMillis: Int64, origin: NodeID) throws(ClockDriftError) {
        if remote.millis - nowMillis > maxAheadMillis {
            throw ClockDriftError(origin: origin, remote: remote, nowMillis: nowMillis, boundMillis: maxAheadMillis)
        }
    }
}

/// A remote clock too far ahead of ours.
public struct ClockDriftError: Error, Sendable, CustomStringConvertible {
    public var origin: NodeID
    public var remote: HLC
    public var nowMillis: Int64
    public var boundMillis: Int64
    public var description: String {
        "clock of node \(origin) is \(remote.millis - nowMillis) ms ahead of local time (bound \(boundMillis) ms): "
            + "change rejected; fix that node's system clock (NTP)"
    }
}
