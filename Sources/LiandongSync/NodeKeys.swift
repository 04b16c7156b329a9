import Foundation
import LiandongCore
import LiandongTransport

/// A node's CURVE key pair (节点密钥) in its own file, never in the replica or its backups
/// (deploy/README.md, "Keys and enrolment"). The file is created with mode 0600 and refused when
/// others may read it.
///
/// Format, one field per line (a line starting with `#` is a comment):
/// ```
/// node 441702001201
/// public <40 Z85 characters>
/// secret <40 Z85 characters>
/// ```
public struct NodeKeyFile: Sendable {
    public var node: NodeID
    public var pair: CurveKeyPair

    public init(node: NodeID, pair: CurveKeyPair) {
        self.node = node
        self.pair = pair
    }

    /// The node's seal key (Protocols/SPEC.md §18.1), derived from its secret key.
    public var sealer: SealSigner { SealSigner(node: node, secret: pair.secretKey.bytes) }

    /// The seal key's public half in the Z85 form operators exchange.
    public var sealPublicKey: CurveKey { CurveKey(bytes: sealer.publicKey.bytes)! }

    /// Where a replica's key file lives unless configured otherwise: beside it.
    public static func defaultPath(forReplica path: String) -> String { "\(path).node-key" }

    /// Reads the key file at `path`, checking its mode and that it belongs to `node`.
    public static func load(from path: String, node expected: NodeID? = nil) throws(NodeError) -> NodeKeyFile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw NodeError("cannot read the node key file \(path) (节点密钥): \(error.localizedDescription); create one with `liandong keys generate`")
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path), let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw NodeError("the node key file \(path) may be read by others (mode \(String(mode, radix: 8))); run `chmod 600 \(path)`")
        }
        var fields: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // Only whole lines are comments: `#` is a Z85 character.
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            if words.isEmpty || words[0].hasPrefix("#") { continue }
            guard words.count == 2, ["node", "public", "secret"].contains(words[0]) else {
                throw NodeError("\(path), line \(number + 1): expected `node CODE`, `public KEY` or `secret KEY`")
            }
            fields[words[0]] = words[1]
        }
        guard let code = fields["node"], let node = try? NodeID(validating: code) else { throw NodeError("\(path): no valid `node` line") }
        guard let secretText = fields["secret"], let secret = CurveKey(z85: secretText), let pair = CurveKeyPair(secretKey: secret) else {
            throw NodeError("\(path): no valid `secret` line (40 Z85 characters)")
        }
        if let publicText = fields["public"], CurveKey(z85: publicText) != pair.publicKey {
            throw NodeError("\(path): the public key does not belong to the secret key")
        }
        if let expected, expected != node {
            throw NodeError("\(path) is the key of node \(node), not of node \(expected)")
        }
        return NodeKeyFile(node: node, pair: pair)
    }

    /// Writes the file at `path` with mode 0600; refuses to replace an existing one.
    public func write(to path: String) throws(NodeError) {
        let text = """
            # 联动 Liandong node key (节点密钥) of node \(node). SECRET: keep mode 0600; never copy it
            # with the replica or into a backup of it. Give others only the public key.
            node \(node)
            public \(pair.publicKey)
            secret \(pair.secretKey)

            """
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw NodeError(errno == EEXIST ? "\(path) exists already; a node keeps its key (rotate with `liandong keys rotate`)" : "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Foundation.write(descriptor, $0.baseAddress, $0.count) }) == bytes.count, fsync(descriptor) == 0 else {
            throw NodeError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Whom a node trusts (已登记节点): its parent's public key, and the public keys of the
/// children allowed to connect, each bound to one region code. Kept in a file beside the replica
/// (public keys only: not secret), so that a restored backup cannot bring back a revoked key.
/// The running node re-reads it when it changes: an enrolment or revocation takes effect within
/// a second, without a restart.
///
/// Format, one entry per line (a line starting with `#` is a comment):
/// ```
/// parent 441702001000 <Z85 public key>
/// child 441702001201 <Z85 public key> active 2026-12-02T01:00:00Z
/// child 441702001202 <Z85 public key> revoked 2026-12-03T09:30:00Z
/// sealer 441702001201 <Z85 seal key>
/// ```
///
/// `sealer` lines (at a district) are the seal keys of the towns and villages below it
/// (Protocols/SPEC.md §18.1): cells in their names are checked against their seals, and the city
/// learns them from the district.
public struct EnrolledKeys: Sendable, Equatable {
    public struct Parent: Sendable, Equatable {
        public var node: NodeID
        public var key: CurveKey
        public init(node: NodeID, key: CurveKey) {
            self.node = node
            self.key = key
        }
    }

    public struct Child: Sendable, Equatable {
        public var node: NodeID
        public var key: CurveKey
        public var revoked: Bool
        /// When it was enrolled, or revoked.
        public var since: Date
    }

    public var parent: Parent?
    public var children: [Child] = []
    /// Registered seal keys of nodes below this one, as Z85 text of 32 bytes.
    public var sealers: [NodeID: CurveKey] = [:]

    public init() {}

    /// The registered seal keys.
    public var sealKeys: [NodeID: SealPublicKey] {
        sealers.compactMapValues { SealPublicKey(bytes: $0.bytes) }
    }

    /// Where a replica's enrolment file lives unless configured otherwise: beside it.
    public static func defaultPath(forReplica path: String) -> String { "\(path).enrolled" }

    /// The child enrolled with `key`, if it is enrolled and not revoked.
    public func activeChild(withKey key: CurveKey) -> Child? {
        children.first { $0.key == key && !$0.revoked }
    }

    /// True when `node` may connect with `key`.
    public func admits(_ node: NodeID, key: CurveKey) -> Bool { activeChild(withKey: key)?.node == node }

    public var activeChildren: [Child] { children.filter { !$0.revoked } }

    /// Enrols `key` for child `node`. A key belongs to one node: enrolling it for another is refused.
    public mutating func enrol(_ node: NodeID, key: CurveKey, at date: Date) throws(NodeError) {
        if let other = children.first(where: { $0.key == key && $0.node != node }) {
            throw NodeError("key \(key.short)… is already enrolled for node \(other.node); every node has its own key")
        }
        if let index = children.firstIndex(where: { $0.key == key }) {
            guard children[index].revoked else { return }
            throw NodeError("key \(key.short)… of node \(node) was revoked on \(Self.format(children[index].since)); a revoked key is never enrolled again: generate a new one")
        }
        children.append(Child(node: node, key: key, revoked: false, since: date))
    }

    /// Revokes `node`'s keys (only `key` when given); returns how many were revoked.
    @discardableResult
    public mutating func revoke(_ node: NodeID, key: CurveKey? = nil, at date: Date) -> Int {
        var count = 0
        for index in children.indices where children[index].node == node && !children[index].revoked && (key == nil || children[index].key == key) {
            children[index].revoked = true
            children[index].since = date
            count += 1
        }
        return count
    }

    public static func load(from path: String) throws(NodeError) -> EnrolledKeys {
        guard FileManager.default.fileExists(atPath: path) else { return EnrolledKeys() }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw NodeError("cannot read the enrolment file \(path) (已登记节点): \(error.localizedDescription)")
        }
        return try parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws(NodeError) -> EnrolledKeys {
        var result = EnrolledKeys()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // Only whole lines are comments: `#` is a Z85 character.
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            if words.isEmpty || words[0].hasPrefix("#") { continue }
            let place = "\(path), line \(number + 1)"
            guard words.count >= 3, let node = try? NodeID(validating: words[1]) else {
                throw NodeError("\(place): expected `parent CODE KEY` or `child CODE KEY active|revoked TIME`")
            }
            guard let key = CurveKey(z85: words[2]) else { throw NodeError("\(place): `\(words[2])` is not a public key (40 Z85 characters)") }
            switch words[0] {
            case "parent" where words.count == 3:
                guard result.parent == nil else { throw NodeError("\(place): a node has one parent") }
                result.parent = Parent(node: node, key: key)
            case "sealer" where words.count == 3:
                guard SealPublicKey(bytes: key.bytes) != nil else { throw NodeError("\(place): `\(words[2])` is not a seal key") }
                result.sealers[node] = key
            case "child" where words.count == 5 && (words[3] == "active" || words[3] == "revoked"):
                guard let since = ISO8601DateFormatter().date(from: words[4]) else { throw NodeError("\(place): `\(words[4])` is not a time like 2026-12-02T01:00:00Z") }
                result.children.append(Child(node: node, key: key, revoked: words[3] == "revoked", since: since))
            default:
                throw NodeError("\(place): expected `parent CODE KEY` or `child CODE KEY active|revoked TIME`")
            }
        }
        return result
    }

    /// What tells a changed file from an unchanged one: its modification time and size, nil when
    /// it does not exist.
    public struct FileState: Equatable, Sendable {
        var modified: Date?
        var size: Int?
    }

    public static func fileState(_ path: String) -> FileState? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return FileState(modified: attributes[.modificationDate] as? Date, size: attributes[.size] as? Int)
    }

    static func format(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// The file's text.
    public func rendered(owner: NodeID) -> String {
        var lines = ["# 联动 Liandong enrolled keys (已登记节点) of node \(owner): public keys only.", "# Edit with `liandong keys`; the running node re-reads this file when it changes."]
        if let parent { lines.append("parent \(parent.node) \(parent.key)") }
        for child in children { lines.append("child \(child.node) \(child.key) \(child.revoked ? "revoked" : "active") \(Self.format(child.since))") }
        for (node, key) in sealers.sorted(by: { $0.key < $1.key }) { lines.append("sealer \(node) \(key)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Replaces the file at `path` atomically (write, fsync, rename).
    public func write(to path: String, owner: NodeID) throws(NodeError) {
        let temporary = "\(path).tmp"
        let bytes = Array(rendered(owner: owner).utf8)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw NodeError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            throw NodeError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// How a node secures its links (Protocols/SPEC.md §2.1).
public enum LinkSecurity: Sendable {
    /// CURVE on every link: this node's key pair, and the enrolment file it re-reads.
    case curve(NodeKeyFile, enrolledPath: String)
    /// No encryption and no authentication (`--insecure`): local experiments only, loudly logged.
    case insecure
}
