import LiandongCore
import LiandongWire

/// Who this node is on the wire: what it puts in its hello and checks in its peers'.
public struct LocalIdentity: Sendable, Hashable {
    public var node: NodeID
    public var schemaName: String
    public var schemaVersion: Int
    public var schemaFingerprint: String
    public var software: String
    /// The region tree as this node knows it (codes and moves, Protocols/SPEC.md §20); a
    /// parent's welcome carries its moves.
    public var tree: RegionTree = .prefix

    public init(node: NodeID, schema: ReplicaSchema, software: String = "liandong/\(liandongProtocolVersion)") {
        self.node = node
        self.schemaName = schema.name
        self.schemaVersion = schema.version
        self.schemaFingerprint = schema.fingerprint
        self.software = software
    }

    public var tier: Tier { node.tier }

    /// The identity this node shows on a link that speaks `older`, an earlier version of its
    /// schema (Protocols/SPEC.md §12.1).
    public func speaking(_ older: ReplicaSchema) -> LocalIdentity {
        var spoken = self
        spoken.schemaVersion = older.version
        spoken.schemaFingerprint = older.fingerprint
        return spoken
    }

    /// The hello (or welcome) this node sends: with the moves decided in this node's subtree,
    /// which its parent adopts (SPEC §20.3).
    /// `deltaBase`: this node's delta base on the peer (Protocols/SPEC.md §5.5); every hello
    /// says that this node takes delta rows.
    public func hello(cursor: ChangeSeq, head: ChangeSeq, deltaBase: ChangeSeq = .zero) -> Hello {
        Hello(
            node: node, tier: tier, schemaName: schemaName, schemaFingerprint: schemaFingerprint, cursor: cursor, head: head,
            software: software, moves: tree.orderedMoves.filter { tree.isAncestorOrSelf(node, of: $0.decidedBy) }, takesDeltas: true, deltaBase: deltaBase)
    }

    /// The welcome this node sends a child: a hello carrying every move it knows (SPEC §20.3).
    public func welcome(cursor: ChangeSeq, head: ChangeSeq, deltaBase: ChangeSeq = .zero) -> Hello {
        var welcome = hello(cursor: cursor, head: head, deltaBase: deltaBase)
        welcome.moves = tree.orderedMoves
        return welcome
    }

    /// The tree this node works in once it adopts `welcome`'s moves (those that pass
    /// `RegionTree.check`; a refused one changes nothing).
    public func tree(adopting welcome: Hello) -> RegionTree {
        welcome.moves.isEmpty ? tree : tree.adopting(welcome.moves).tree
    }

    /// The checks a child makes on its parent's welcome (Protocols/SPEC.md §8.2): the welcome
    /// must come from this node's parent in the region tree, at the tier above, with the same
    /// schema. Nil when acceptable.
    public func refusal(forWelcome welcome: Hello) -> Refusal? {
        // A welcome from the node this one was moved under names the move (SPEC §20.5).
        guard let expected = tree(adopting: welcome).parent(of: node) else {
            return Refusal(code: .wrongParent, reason: "node \(node) is the city (市); it has no parent")
        }
        if welcome.node != expected || welcome.tier != expected.tier {
            return Refusal(
                code: .wrongParent,
                reason: "the node at the parent endpoint is \(welcome.node) (\(welcome.tier.name) \(welcome.tier.chineseName)), not this node's parent \(expected) (\(expected.tier.name) \(expected.tier.chineseName)); check the parent endpoint")
        }
        if welcome.schemaName != schemaName || welcome.schemaFingerprint != schemaFingerprint {
            return Refusal(
                code: .wrongParent,
                reason: "parent \(welcome.node) runs schema \(welcome.schemaName) (\(welcome.schemaFingerprint)), this node \(schemaName) (\(schemaFingerprint))")
        }
        return nil
    }

    /// The checks a parent makes on a child's hello (Protocols/SPEC.md §3, §8). Nil when acceptable.
    public func refusal(for hello: Hello, protocolVersion: UInt32, schemaVersion: UInt32) -> Refusal? {
        if protocolVersion != liandongProtocolVersion {
            return Refusal(code: .protocolVersion, reason: "protocol version \(protocolVersion) is not supported; node \(node) speaks \(liandongProtocolVersion)")
        }
        if hello.schemaName != schemaName || Int(schemaVersion) != self.schemaVersion || hello.schemaFingerprint != schemaFingerprint {
            let newer = Int(schemaVersion) > self.schemaVersion && hello.schemaName == schemaName
            return Refusal(
                code: .schemaMismatch,
                reason: "schema \(hello.schemaName) v\(schemaVersion) (\(hello.schemaFingerprint)) differs from node \(node)'s \(schemaName) v\(self.schemaVersion) (\(schemaFingerprint)); "
                    + (newer
                        ? "upgrade this parent first: a tree upgrades from the city down, and a parent keeps syncing with children one version behind (模式版本：先升级上级)"
                        : "the child's version is not one this parent can speak; upgrade the child (liandong upgrade)"))
        }
        if hello.node == node || !tree.isAncestorOrSelf(node, of: hello.node) {
            let moved = tree.moves[hello.node].map { "; it was moved under \($0.parent) (区划调整, decided by \($0.decidedBy)): connect it there" } ?? ""
            return Refusal(code: .notAChild, reason: "node \(hello.node) is not below node \(node) in the region tree\(moved)")
        }
        if hello.node.tier.rawValue != tier.rawValue + 1 || hello.tier != hello.node.tier || tree.parent(of: hello.node) != node {
            return Refusal(
                code: .wrongTier,
                reason: "node \(hello.node) (\(hello.node.tier)) cannot be a direct child of \(tier) node \(node); connect it to its \(Tier(rawValue: hello.node.tier.rawValue - 1).map(\.name) ?? "parent")")
        }
        return nil
    }
}
