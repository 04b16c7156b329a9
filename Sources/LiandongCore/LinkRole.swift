/// What the node at the other end of a link is to this node. Stored in link records as its raw
/// value (`parent`, `child`), printed in `status` and used as the `role` label of metrics.
public enum LinkRole: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The peer is this node's parent: it sends this node what flows down and the decisions on
    /// the cases this node registered.
    case parent
    /// The peer is one of this node's children: its changes are admitted against its authority
    /// and scope, and its seals checked.
    case child

    /// The role this node has at the peer's end of the same link.
    public var reversed: LinkRole { self == .parent ? .child : .parent }

    public var description: String { rawValue }
}
