/// Who may write a row or a column, relative to the row's scope (Protocols/SPEC.md §17.2). Checked against the
/// origin of every change at the first hop that sees it.
public enum WriteRule: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Any node (unscoped tables such as the demo's).
    case anyone
    /// Only the node the row is scoped to: the publisher of a catalogue row, the hall where a
    /// case was registered.
    case scopeNode
    /// The scope node or one of its ancestors, if its tier is listed: e.g. the town and district
    /// above a village's case.
    case onPath(Set<Tier>)
    /// Nobody, once the row exists (append-only tables, the scope column).
    case nobody

    /// True when `writer` may write under this rule a row scoped to `scope` (nil: unscoped).
    public func permits(_ writer: NodeID, scope: NodeID?) -> Bool {
        switch self {
        case .anyone: return true
        case .nobody: return false
        case .scopeNode: return scope == nil || writer == scope
        case .onPath(let tiers):
            guard let scope else { return tiers.contains(writer.tier) }
            return tiers.contains(writer.tier) && writer.isAncestorOrSelf(of: scope)
        }
    }

    /// A stable text (tiers sorted), used in errors and in the schema fingerprint.
    public var description: String {
        switch self {
        case .anyone: "anyone"
        case .nobody: "nobody"
        case .scopeNode: "scope-node"
        case .onPath(let tiers): "on-path(\(tiers.sorted().map(\.name).joined(separator: ",")))"
        }
    }

    /// The rule in words for operators, English and Chinese.
    public var explanation: String {
        switch self {
        case .anyone: "any node may write"
        case .nobody: "nobody may change it once written (只增不改)"
        case .scopeNode: "only the row's own node may write it (仅本级)"
        case .onPath(let tiers):
            "only the row's own node or an ancestor of tier \(tiers.sorted().map { "\($0.name) \($0.chineseName)" }.joined(separator: "/")) may write it"
        }
    }
}

/// A status column that merges as a monotonic lattice (Protocols/SPEC.md §4–5): of two concurrent values the
/// later one in `order` wins, so a status never moves backwards at any node, and each value may
/// be set only by the writers its rule names.
public struct StatusLattice: Hashable, Sendable, Codable {
    /// Every value, lowest first. The order is the merge's total order, including for concurrent
    /// transitions from different tiers.
    public var order: [String]
    /// For each value, who may set it (relative to the row's scope); values without a rule cannot be set.
    public var setters: [String: WriteRule]

    public init(order: [String], setters: [String: WriteRule]) {
        self.order = order
        self.setters = setters
    }

    /// The rank of a value; unknown values and NULL rank below every known value.
    public func rank(_ value: ColumnValue) -> Int {
        guard case .text(let text) = value, let index = order.firstIndex(of: text) else { return -1 }
        return index
    }

    /// True when `writer` may set `value` on a row scoped to `scope`.
    public func permits(_ value: ColumnValue, by writer: NodeID, scope: NodeID?) -> Bool {
        guard case .text(let text) = value else { return false }
        return setters[text]?.permits(writer, scope: scope) ?? false
    }
}
