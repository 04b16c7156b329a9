import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTransport

/// Node keys and enrolment for tests, in the files a real node uses (beside each replica), so
/// that every test link runs encrypted and authenticated like production.
public enum TestKeys {
    /// The key file beside the replica at `path` for `node`, created if missing.
    @discardableResult
    public static func keyFile(replicaPath path: String, node: NodeID) throws -> NodeKeyFile {
        let keyPath = NodeKeyFile.defaultPath(forReplica: path)
        if let existing = try? NodeKeyFile.load(from: keyPath, node: node) { return existing }
        let file = NodeKeyFile(node: node, pair: try CurveKeyPair.generate())
        try file.write(to: keyPath)
        return file
    }

    /// CURVE with the files beside `replica` (the key created if missing).
    public static func security(for replica: Replica) throws -> LinkSecurity {
        try keyFile(replicaPath: replica.path, node: replica.node)
        return try NodeConfiguration.keysBeside(replica.path, node: replica.node)
    }

    /// Enrols the child at `childPath` at its parent at `parentPath`, and the parent's key at the
    /// child, as `liandong keys enrol` and `liandong keys parent` do. `listedAs` puts the parent's
    /// key under another code at the child (an operator's mistake, for refusal tests).
    public static func enrol(child: NodeID, at childPath: String, parent: NodeID, at parentPath: String, listedAs: NodeID? = nil) throws {
        let childKey = try keyFile(replicaPath: childPath, node: child)
        let parentKey = try keyFile(replicaPath: parentPath, node: parent)
        let parentEnrolment = EnrolledKeys.defaultPath(forReplica: parentPath)
        var atParent = try EnrolledKeys.load(from: parentEnrolment)
        if atParent.activeChild(withKey: childKey.pair.publicKey) == nil {
            try atParent.enrol(child, key: childKey.pair.publicKey, at: Date())
            try atParent.write(to: parentEnrolment, owner: parent)
        }
        let childEnrolment = EnrolledKeys.defaultPath(forReplica: childPath)
        var atChild = try EnrolledKeys.load(from: childEnrolment)
        atChild.parent = EnrolledKeys.Parent(node: listedAs ?? parent, key: parentKey.pair.publicKey)
        try atChild.write(to: childEnrolment, owner: child)
    }

    /// Enrols a child with the real CLI (`liandong keys show`, `keys enrol`, `keys parent`), as
    /// two operators would. `--key=KEY`: a Z85 key may start with `-`.
    public static func enrolWithCLI(child: NodeID, at childPath: String, parent: NodeID, at parentPath: String) throws {
        let childKey = try runCommand(liandongExecutable, ["keys", "show", "--db", childPath])
        let parentKey = try runCommand(liandongExecutable, ["keys", "show", "--db", parentPath])
        guard childKey.status == 0, parentKey.status == 0 else { throw EnrolmentFailure(output: childKey.output + parentKey.output) }
        let enrolled = try runCommand(
            liandongExecutable, ["keys", "enrol", "--db", parentPath, "--child", child.description, "--key=" + childKey.output.trimmingCharacters(in: .whitespacesAndNewlines)])
        let trusted = try runCommand(
            liandongExecutable, ["keys", "parent", "--db", childPath, "--node", parent.description, "--key=" + parentKey.output.trimmingCharacters(in: .whitespacesAndNewlines)])
        guard enrolled.status == 0, trusted.status == 0 else { throw EnrolmentFailure(output: enrolled.output + trusted.output) }
    }

    public struct EnrolmentFailure: Error, CustomStringConvertible {
        public var output: String
        public var description: String { "enrolment through the CLI failed: \(output)" }
    }

    /// `enrol` for two open replicas.
    public static func enrol(_ child: Replica, under parent: Replica) throws {
        try enrol(child: child.node, at: child.path, parent: parent.node, at: parent.path)
    }

    /// Enrols every node of `paths` whose parent is also in `paths` (a whole tree at once).
    public static func enrolTree(_ paths: [NodeID: String]) throws {
        for (node, path) in paths {
            guard let parent = node.parentCode, let parentPath = paths[parent] else { continue }
            try enrol(child: node, at: path, parent: parent, at: parentPath)
        }
    }
}
