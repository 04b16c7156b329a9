import ArgumentParser
import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTransport

/// Where a node's key file and enrolment file are, and whether it runs without them.
struct SecurityOptions: ParsableArguments {
    @Option(help: "The node's secret key file (节点密钥, mode 0600). Default: the configuration file's secrets.nodeKeyFile, else <db>.node-key.")
    var keyFile: String?

    @Option(help: "The enrolment file: the parent's and the children's public keys (已登记节点). Default: the configuration file's secrets.enrolledFile, else <db>.enrolled.")
    var enrolledFile: String?

    @Flag(help: "Run links without encryption or authentication (不加密): local experiments only.")
    var insecure = false

    /// The configuration file, which names the key and enrolment files unless the options above do.
    @OptionGroup var config: ConfigFileOptions

    /// The node key file: `--key-file`, else the configuration's `secrets.nodeKeyFile`
    /// (docs/configuration.md), else `<db>.node-key`.
    func keyPath(_ db: String) throws -> String { try loadSettings(db: db, config: config, overrides: overrides).nodeKeyPath(replica: db) }
    /// The enrolment file: `--enrolled-file`, else `secrets.enrolledFile`, else `<db>.enrolled`.
    func enrolledPath(_ db: String) throws -> String { try loadSettings(db: db, config: config, overrides: overrides).enrolledPath(replica: db) }
}

/// `liandong keys`: a node's CURVE key pair and the keys it trusts (deploy/README.md, "Keys and
/// enrolment").
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Node keys and enrolment (节点密钥与登记): generate, show, enrol or revoke a child, set the parent's key.",
        subcommands: [Generate.self, Show.self, Enrol.self, Revoke.self, Parent.self, Sealer.self, List.self, Rotate.self])

    /// The node a replica belongs to, without opening it for writing.
    static func node(of db: String) throws -> NodeID {
        try failing { try Replica.openShipped(at: db, logger: makeLogger(.warning)).node }
    }

    /// The node of `db` and the region tree it knows (codes and moves, Protocols/SPEC.md §20).
    static func nodeAndTree(of db: String) throws -> (NodeID, RegionTree) {
        let replica = try failing { try Replica.openShipped(at: db, logger: makeLogger(.warning)) }
        return (replica.node, replica.tree)
    }

    /// A public key an operator typed or pasted.
    static func publicKey(_ text: String) throws -> CurveKey {
        guard let key = CurveKey(z85: text) else { throw CommandFailure("error: '\(text)' is not a public key (40 Z85 characters)") }
        return key
    }

    /// Reads the enrolment file of `db`'s node, lets `change` edit it, and writes it back
    /// atomically; returns the file's path.
    @discardableResult
    static func updateEnrolment(db: String, security: SecurityOptions, owner: NodeID, _ change: (inout EnrolledKeys) throws -> Void) throws -> String {
        let path = try security.enrolledPath(db)
        var enrolled = try failing { try EnrolledKeys.load(from: path) }
        try failing { try change(&enrolled) }
        try failing { try enrolled.write(to: path, owner: owner) }
        return path
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create this node's key pair (once; the secret stays in its file) and print the public key.")
        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var security: SecurityOptions

        func run() throws {
            let node = try Keys.node(of: replica.db)
            let pair = try failing { try CurveKeyPair.generate() }
            let keyPath = try security.keyPath(replica.db)
            try failing { try NodeKeyFile(node: node, pair: pair).write(to: keyPath) }
            say("node 节点 \(node) key pair written to \(keyPath) (mode 0600)")
            say("public key 公钥 \(pair.publicKey)")
            say("seal key 签封公钥 \(NodeKeyFile(node: node, pair: pair).sealPublicKey) (register it at the district: liandong keys sealer)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print this node's public key (give it to the parent's operator), or with --seal its seal key (give it to the district's operator).")
        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var security: SecurityOptions
        @Flag(help: "Print the seal key (签封公钥) instead: the district checks this node's writes with it.") var seal = false

        func run() throws {
            let keyPath = try security.keyPath(replica.db)
            let key = try failing { try NodeKeyFile.load(from: keyPath) }
            say(seal ? key.sealPublicKey.z85 : key.pair.publicKey.z85)
        }
    }

    struct Enrol: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Allow a child to connect with its public key (the running node takes it within a second).")
        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var security: SecurityOptions
        @Option(help: "The child's region code.") var child: String
        @Option(help: "The child's public key (40 characters, from `liandong keys show` at the child).") var key: String

        func run() throws {
            let (owner, tree) = try Keys.nodeAndTree(of: replica.db)
            let childNode = try failing { try NodeID(validating: child) }
            guard tree.parent(of: childNode) == owner else {
                throw CommandFailure(
                    "error: node \(childNode) is not a direct child of node \(owner) in the region tree; a child moved here (区划调整) is enrolled once this node knows the move (`liandong status` lists the moves)")
            }
            let publicKey = try Keys.publicKey(key)
            let path = try Keys.updateEnrolment(db: replica.db, security: security, owner: owner) { try $0.enrol(childNode, key: publicKey, at: Date()) }
            say("enrolled 已登记 child \(childNode) with key \(publicKey.short)… in \(path)")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a child's keys: it is refused at once and its live session dropped within a second.")
        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var security: SecurityOptions
        @Option(help: "The child's region code.") var child: String
        @Option(help: "Revoke only this key (rotation); default: every key of the child.") var key: String?

        func run() throws {
            let owner = try Keys.node(of: replica.db)
            let childNode = try failing { try NodeID(validating: child) }
            let only = try key.map(Keys.publicKey)
            var count = 0
            let enrolledPath = try security.enrolledPath(replica.db)
            let path = try Keys.updateEnrolment(db: replica.db, security: security, owner: owner) { enrolled in
                count = enrolled.revoke(childNode, key: only, at: Date())
                guard count > 0 else {
                    throw NodeError("node \(childNode) has no active key\(only.map { " \($0.short)…" } ?? "") in \(enrolledPath)")
                }
            }
            say("revoked 已吊销 \(count) key(s) of child \(childNode) in \(path)")
        }
    }

    struct Parent: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the parent's public key (from `liandong keys show` at the parent).")
        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var security: SecurityOptions
        @Option(help: "The parent's region code.") var node: String
        @Option(help: "The parent's public key (40 characters).") var key: String
        @Flag(help: "This node was moved (区划调整) under --node while offline; its welcome must name the move.") var moved = false

        func run() throws {
            let (owner, tree) = try Keys.nodeAndTree(of: replica.db)
            let parentNode = try failing { try NodeID(validating: node) }
            let expected = tree.parent(of: owner)
            // A node moved while offline (区划调整) learns the move from its new parent's welcome,
            // so a parent of the right tier is accepted here; the welcome must confirm it.
            guard let expected, expected == parentNode || (moved && expected.tier == parentNode.tier) else {
                let hint = expected?.tier == parentNode.tier ? "; if this node was moved under \(parentNode) (区划调整), add --moved" : ""
                throw CommandFailure("error: node \(parentNode) is not the parent of node \(owner) in the region tree (its parent is \(expected.map { "\($0)" } ?? "none"))\(hint)")
            }
            if expected != parentNode {
                say("note: node \(parentNode) is not \(owner)'s parent \(expected) as this node knows the tree; it connects only if \(parentNode)'s welcome names the move (区划调整)")
            }
            let publicKey = try Keys.publicKey(key)
            let path = try Keys.updateEnrolment(db: replica.db, security: security, owner: owner) { $0.parent = EnrolledKeys.Parent(node: parentNode, key: publicKey) }
            say("parent 上级 \(parentNode) key \(publicKey.short)… set in \(path)")
        }
    }

    struct Sealer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "At a district: register the seal key of a town or village below it (from `liandong keys show --seal` there); its writes are then checked for forgery on the way up, here and at the city.")
        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var security: SecurityOptions
        @Option(help: "The town's or village's region code.") var node: String
        @Option(help: "Its seal key (40 characters).") var key: String

        func run() throws {
            let owner = try Keys.node(of: replica.db)
            let sealer = try failing { try NodeID(validating: node) }
            guard owner.isAncestorOrSelf(of: sealer), sealer != owner else {
                throw CommandFailure("error: node \(sealer) is not below node \(owner) in the region tree; a district registers the seal keys of its own towns and villages")
            }
            guard owner.tier == .district else {
                throw CommandFailure("error: node \(owner) is a \(owner.tier.name) (\(owner.tier.chineseName)); seal keys are registered at the district (区县), which vouches for them to the city")
            }
            let sealKey = try Keys.publicKey(key)
            let path = try Keys.updateEnrolment(db: replica.db, security: security, owner: owner) { $0.sealers[sealer] = sealKey }
            say("registered 已登记 the seal key \(sealKey.short)… of node \(sealer) in \(path)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List this node's key and the keys it trusts.")
        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var security: SecurityOptions

        func run() throws {
            let keyPath = try security.keyPath(replica.db)
            let key = try? NodeKeyFile.load(from: keyPath)
            say("this node 本节点: \(key.map { "\($0.node) \($0.pair.publicKey) seal 签封 \($0.sealPublicKey)" } ?? "no key file at \(keyPath)")")
            let enrolledPath = try security.enrolledPath(replica.db)
            let enrolled = try failing { try EnrolledKeys.load(from: enrolledPath) }
            say("parent 上级: \(enrolled.parent.map { "\($0.node) \($0.key)" } ?? "-")")
            for child in enrolled.children {
                say("child 下级 \(child.node) \(child.key) \(child.revoked ? "revoked 已吊销" : "active 有效") since \(child.since.ISO8601Format())")
            }
            for (node, sealKey) in enrolled.sealers.sorted(by: { $0.key < $1.key }) { say("sealer 签封 \(node) \(sealKey)") }
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace this node's key pair: the old file is kept as <key-file>.old. Enrol the new public key at the parent before restarting, then revoke the old one.")
        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var security: SecurityOptions

        func run() throws {
            let node = try Keys.node(of: replica.db)
            let path = try security.keyPath(replica.db)
            let old = try failing { try NodeKeyFile.load(from: path, node: node) }
            let pair = try failing { try CurveKeyPair.generate() }
            try? FileManager.default.removeItem(atPath: path + ".old")
            do { try FileManager.default.moveItem(atPath: path, toPath: path + ".old") } catch {
                throw CommandFailure("error: cannot keep the old key as \(path).old: \(error.localizedDescription)")
            }
            try failing { try NodeKeyFile(node: node, pair: pair).write(to: path) }
            say("new public key 新公钥 \(pair.publicKey) (old \(old.pair.publicKey.short)… kept in \(path).old)")
            say("at the parent: liandong keys enrol --child \(node) --key='\(pair.publicKey)'; restart this node; then revoke the old key there")
        }
    }
}
