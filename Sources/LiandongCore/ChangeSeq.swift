/// A node's local change stamp. Every row change a node stores — written locally or merged from a
/// peer — gets a fresh stamp from the node's clock, so stamps increase in commit order. A peer's
/// cursor ("I hold all your changes up to stamp N") is a `ChangeSeq` of the sending node.
///
/// Stamps are clock values rather than a plain counter on purpose: a node restored from an old
/// backup still issues stamps above everything it issued before the backup was taken (the wall
/// clock has moved on), so a peer's cursor never hides the restored node's new changes.
public struct ChangeSeq: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public static let zero = ChangeSeq(rawValue: 0)
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public static func < (lhs: ChangeSeq, rhs: ChangeSeq) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}
