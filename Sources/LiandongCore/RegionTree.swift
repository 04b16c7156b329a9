/// A re-parenting (区划调整): node `node` keeps its code but now hangs under `parent`, a node of
/// the same tier as its old parent, as decided by `decidedBy` at `decidedMillis`
/// (Protocols/SPEC.md §20).
public struct RegionMove: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The node that moves (it keeps its code, and its subtree moves with it).
    public var node: NodeID
    /// Its new parent.
    public var parent: NodeID
    /// When the move was decided, milliseconds since 1970-01-01T00:00Z.
    public var decidedMillis: Int64
    /// The authority that decided it: an ancestor-or-self of both the old and the new parent.
    public var decidedBy: NodeID

    public init(node: NodeID, parent: NodeID, decidedMillis: Int64, decidedBy: NodeID) {
        self.node = node
        self.parent = parent
        self.decidedMillis = decidedMillis
        self.decidedBy = decidedBy
    }

    public var description: String { "\(node) → \(parent) (decided by \(decidedBy) at \(decidedMillis) ms)" }

    /// Of two moves of one node, the one that stands: the later decision, then the higher authority code.
    func supersedes(_ other: RegionMove) -> Bool {
        (decidedMillis, decidedBy.rawValue, parent.rawValue) > (other.decidedMillis, other.decidedBy.rawValue, other.parent.rawValue)
    }
}

/// A move that cannot be recorded or adopted, naming the rule it breaks (Protocols/SPEC.md §20.2).
public struct RegionMoveError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Rule: String, Sendable, Hashable {
        /// The new parent is not at the tier of the old one (the tier above the moved node).
        case tier
        /// The new parent lies in the moved node's own subtree, or is the node itself.
        case cycle
        /// The deciding node is not an ancestor-or-self of both the old and the new parent.
        case authority
        /// The city cannot move; a move of a node to the parent it already has.
        case nothingToMove = "nothing-to-move"
    }

    public var rule: Rule
    public var move: RegionMove
    public var reason: String

    public var description: String {
        "re-parenting (区划调整) \(move.node) → \(move.parent) breaks the \(rule.rawValue) rule: \(reason)"
    }
}

/// The region tree as a node knows it: each node's parent follows from its code (Protocols/SPEC.md
/// §3) unless a known move (区划调整) says otherwise (§20). Every ancestry question about the tree
/// (handshake, scope visibility, authority, seals) goes through this type.
public struct RegionTree: Hashable, Sendable {
    /// The standing move of each moved node.
    public private(set) var moves: [NodeID: RegionMove]

    /// The tree the codes alone describe (no moves).
    public static let prefix = RegionTree()

    public init() { self.moves = [:] }

    /// A tree from stored moves, taken as they are (they were checked when recorded). Of two
    /// moves of one node the later decision stands.
    public init(moves: [RegionMove]) {
        var byNode: [NodeID: RegionMove] = [:]
        for move in moves where byNode[move.node].map({ move.supersedes($0) }) ?? true { byNode[move.node] = move }
        self.moves = byNode
    }

    /// The moves, ordered by decision time (the order in which they are adopted).
    public var orderedMoves: [RegionMove] {
        moves.values.sorted { ($0.decidedMillis, $0.node.rawValue) < ($1.decidedMillis, $1.node.rawValue) }
    }

    /// The node's parent: its move's, else the one its code implies (nil for the city).
    public func parent(of node: NodeID) -> NodeID? {
        moves[node]?.parent ?? node.parentCode
    }

    /// The node's ancestors from the city down, then the node itself.
    public func ancestorsOrSelf(of node: NodeID) -> [NodeID] {
        guard !moves.isEmpty else { return node.ancestorsOrSelf }
        var path = [node]
        var current = node
        // A parent is always one tier up (moves keep tiers), so a path has at most four nodes.
        while path.count < 4, let up = parent(of: current) {
            path.append(up)
            current = up
        }
        return path.reversed()
    }

    /// True when `ancestor` is `node` or lies above it on its root path.
    public func isAncestorOrSelf(_ ancestor: NodeID, of node: NodeID) -> Bool {
        guard !moves.isEmpty else { return ancestor.isAncestorOrSelf(of: node) }
        guard ancestor.tier <= node.tier else { return false }
        return ancestorsOrSelf(of: node).contains(ancestor)
    }

    /// True when `child` is a direct child of `parent`.
    public func isChild(_ child: NodeID, of parent: NodeID) -> Bool {
        self.parent(of: child) == parent
    }

    /// True when the two nodes lie on one root path (the visibility rule, Protocols/SPEC.md §17.1).
    public func sharesRootPath(_ a: NodeID, _ b: NodeID) -> Bool {
        isAncestorOrSelf(a, of: b) || isAncestorOrSelf(b, of: a)
    }

    /// The codes of `node`'s subtree (itself included) as disjoint ascending ranges: its code block
    /// without the blocks of nodes moved out of it, with the blocks of nodes moved in. One range
    /// (the code block) when no move touches it; at most 1 + 2 × `moves.count`.
    public func subtreeIntervals(of node: NodeID) -> [ClosedRange<Int64>] {
        guard !moves.isEmpty else { return [node.subtreeRange] }
        var cuts: Set<Int64> = [node.subtreeRange.lowerBound, node.subtreeRange.upperBound + 1]
        for moved in moves.keys {
            cuts.insert(moved.subtreeRange.lowerBound)
            cuts.insert(moved.subtreeRange.upperBound + 1)
        }
        let sorted = cuts.sorted()
        var result: [ClosedRange<Int64>] = []
        for (low, next) in zip(sorted, sorted.dropFirst()) where contains(node, code: low) {
            if let last = result.last, last.upperBound + 1 == low {
                result[result.count - 1] = last.lowerBound...(next - 1)
            } else {
                result.append(low...(next - 1))
            }
        }
        return result
    }

    /// Whether `code` (any value in the code space, standing for the piece of it that begins there)
    /// lies in `node`'s subtree: inside the deepest moved block containing it, the walk up is by
    /// code until that moved node, then along its move.
    private func contains(_ node: NodeID, code: Int64) -> Bool {
        let deepest = moves.keys.filter { $0.subtreeRange.contains(code) }.max { $0.tier < $1.tier }
        if node.subtreeRange.contains(code), deepest.map({ $0.isAncestorOrSelf(of: node) }) ?? true { return true }
        guard let deepest else { return false }
        return isAncestorOrSelf(node, of: deepest)
    }

    /// Checks `move` against this tree: the new parent is at the old parent's tier, not in the
    /// moved node's subtree, and the deciding node is an ancestor-or-self of both parents.
    public func check(_ move: RegionMove) throws(RegionMoveError) {
        guard let old = parent(of: move.node) else {
            throw RegionMoveError(rule: .nothingToMove, move: move, reason: "node \(move.node) is the city (市); it has no parent to change")
        }
        if move.parent.tier != old.tier {
            throw RegionMoveError(
                rule: .tier, move: move,
                reason: "the new parent \(move.parent) is a \(move.parent.tier.name) (\(move.parent.tier.chineseName)); a \(move.node.tier.name) (\(move.node.tier.chineseName)) hangs under a \(old.tier.name) (\(old.tier.chineseName)), as its parent \(old) is")
        }
        if isAncestorOrSelf(move.node, of: move.parent) {
            throw RegionMoveError(rule: .cycle, move: move, reason: "the new parent \(move.parent) lies in the subtree of \(move.node)")
        }
        if old == move.parent {
            throw RegionMoveError(rule: .nothingToMove, move: move, reason: "\(move.parent) is already the parent of \(move.node)")
        }
        guard isAncestorOrSelf(move.decidedBy, of: old), isAncestorOrSelf(move.decidedBy, of: move.parent) else {
            throw RegionMoveError(
                rule: .authority, move: move,
                reason: "node \(move.decidedBy) is not above both the old parent \(old) and the new parent \(move.parent); the district decides a move between its towns, the city a move across districts")
        }
    }

    /// This tree with `move` recorded, after `check`.
    public func applying(_ move: RegionMove) throws(RegionMoveError) -> RegionTree {
        try check(move)
        var tree = self
        tree.moves[move.node] = move
        return tree
    }

    /// The moves a peer announced, adopted: moves this tree already holds, or that an already
    /// held later decision of the same node overrides, are skipped. The rest are checked in
    /// decision order together with the held ones, each against the tree as it stood when it was
    /// decided (moves may arrive out of order: a district's move of a village, then the city's
    /// move of the village's old town); held moves stand as they are. A move that fails `check`
    /// is refused with its reason and changes nothing.
    public func adopting(_ announced: [RegionMove]) -> (tree: RegionTree, adopted: [RegionMove], refused: [RegionMoveError]) {
        var fresh: [NodeID: RegionMove] = [:]
        for move in announced {
            if let held = moves[move.node], held == move || held.supersedes(move) { continue }
            if let other = fresh[move.node], other.supersedes(move) { continue }
            fresh[move.node] = move
        }
        guard !fresh.isEmpty else { return (self, [], []) }
        let order = { (a: RegionMove, b: RegionMove) in (a.decidedMillis, a.node.rawValue) < (b.decidedMillis, b.node.rawValue) }
        let all = (moves.values.filter { fresh[$0.node] == nil } + fresh.values).sorted(by: order)
        var tree = RegionTree()
        var adopted: [RegionMove] = []
        var refused: [RegionMoveError] = []
        for move in all {
            if fresh[move.node] == move {
                do throws(RegionMoveError) {
                    tree = try tree.applying(move)
                    adopted.append(move)
                } catch where error.rule == .nothingToMove && tree.parent(of: move.node) == move.parent {
                    // A move back under the parent the code implies, by a node that never saw the
                    // move away: recorded, so that the standing decision is the same everywhere.
                    tree.moves[move.node] = move
                    adopted.append(move)
                } catch {
                    refused.append(error)
                    // The held decision for the node, if any, stands.
                    if let held = moves[move.node] { tree.moves[move.node] = held }
                }
            } else {
                tree.moves[move.node] = move
            }
        }
        return (tree, adopted, refused)
    }

    /// This tree with `move` recorded as it is (already checked by `adopting` or `applying`).
    public func inserting(_ move: RegionMove) -> RegionTree {
        var tree = self
        tree.moves[move.node] = move
        return tree
    }
}
