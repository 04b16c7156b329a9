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
    /// Ancestry is the tree's (`tree`: codes and moves, Protocols/SPEC.md §20).
    public func permits(_ writer: NodeID, scope: NodeID?, in tree: RegionTree = .prefix) -> Bool {
        switch self {
        case .anyone: return true
        case .nobody: return false
        case .scopeNode: return scope == nil || writer == scope
        case .onPath(let tiers):
            guard let scope else { return tiers.contains(writer.tier) }
            return tiers.contains(writer.tier) && tree.isAncestorOrSelf(writer, of: scope)
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

extension WriteRule {
    /// True when some node may write under this rule a row scoped to `scope` (nil: unscoped):
    /// `on-path` needs a listed tier at or above the scope's.
    public func hasWriter(forScope scope: NodeID?) -> Bool {
        switch self {
        case .anyone, .scopeNode: return true
        case .nobody: return false
        case .onPath(let tiers):
            guard let scope else { return !tiers.isEmpty }
            return tiers.contains { $0 <= scope.tier }
        }
    }
}
