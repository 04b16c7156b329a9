import Crypto
import Foundation
import GRDB
import LiandongCore
import Synchronization

/// The key that seals a node's audit log (审计日志): derived from a secret outside the replica
/// (the node's secret key), so that whoever edits the file cannot forge the chain again.
public struct AuditKey: Sendable {
    let bytes: [UInt8]

    /// The key derived from `secret` (the node's 32-byte secret key).
    public init(secret: [UInt8]) {
        bytes = Array(SHA256.hash(data: Array("liandong audit v1".utf8) + secret))
    }
}

/// What the audit log records.
public enum AuditEvent: String, Sendable, Codable {
    /// A chunk from a peer was merged (its refused rows are a `refused` entry).
    case accepted
    /// Rows of a chunk were refused, with the rules they broke.
    case refused
    /// A peer acknowledged holding this node's changes up to a stamp.
    case relayed
    /// A session with a peer opened.
    case session
    /// A forgery was found here or reported from below (Protocols/SPEC.md §18.4).
    case forgery
    /// A re-parenting (区划调整) was recorded or adopted here (Protocols/SPEC.md §20).
    case move
    /// Rows of a moved node's scope were removed here: this node no longer lies on its path (§20.4).
    case purge
}

/// One entry of the audit log.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var atMillis: Int64
    public var peer: NodeID?
    public var event: String
    public var detail: String
    /// Whether the entry is sealed with the node's audit key (HMAC) or only hashed (SHA-256:
    /// a node without a key, `--insecure`).
    public var keyed: Bool
    public var hash: [UInt8]
}

/// The outcome of `Replica.verifyAudit`.
public struct AuditVerification: Sendable {
    /// Entries checked.
    public var entries: Int
    /// The first problem found: the entry and what is wrong with it; nil when the chain holds.
    public var problem: (id: Int64, reason: String)?
    /// The head file beside the replica recorded entries the log no longer has.
    public var isIntact: Bool { problem == nil }
}

/// The audit log's current key (set by the running node) and head.
final class AuditTrail: Sendable {
    let key = Mutex<AuditKey?>(nil)
}

extension Replica {
    /// The table: append-only, each entry chained to the one before it (`docs/audit.md`).
    static let auditTable = """
        CREATE TABLE IF NOT EXISTS _ld_audit (
            id INTEGER PRIMARY KEY,
            at_ms INTEGER NOT NULL,
            peer INTEGER,
            event TEXT NOT NULL,
            detail TEXT NOT NULL,
            keyed INTEGER NOT NULL,
            hash BLOB NOT NULL
        )
        """

    /// Where the newest entry's id and hash are also written, outside the replica, so that
    /// cutting entries off the end of the log is noticed too.
    public var auditHeadPath: String { "\(path).audit-head" }

    /// How many entries the audit chain holds: the newest entry's id, since ids run 1, 2, 3… along
    /// the chain (`appendAudit`); cheap on a log of millions, unlike counting. `verifyAudit`
    /// checks that the chain really is unbroken.
    public func auditChainLength() throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM _ld_audit") ?? 0 }
    }

    /// Seals this replica's audit entries from now on with `key`.
    public func useAuditKey(_ key: AuditKey?) { audit.key.withLock { $0 = key } }

    /// Appends an entry in the caller's write transaction.
    func appendAudit(_ event: AuditEvent, peer: NodeID?, detail: String, nowMillis: Int64, _ db: Database) throws {
        let key = audit.key.withLock { $0 }
        let previous = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, hash FROM _ld_audit ORDER BY id DESC LIMIT 1"))
        let id = (previous?[0] as Int64? ?? 0) + 1
        let previousHash: [UInt8] = (previous?[1] as Data?).map(Array.init) ?? []
        let hash = Self.auditHash(previous: previousHash, id: id, atMillis: nowMillis, peer: peer, event: event.rawValue, detail: detail, key: key)
        try db.cachedStatement(sql: "INSERT INTO _ld_audit (id, at_ms, peer, event, detail, keyed, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [id, nowMillis, peer?.rawValue, event.rawValue, detail, key != nil, Data(hash)])
        let headPath = auditHeadPath
        let head = "\(id) \(hash.map { String(format: "%02x", $0) }.joined())\n"
        db.afterNextTransaction { _ in try? head.write(toFile: headPath, atomically: true, encoding: .utf8) }
    }

    /// The entry's seal: HMAC-SHA256 under the audit key (or SHA-256 without one) of the
    /// previous entry's seal and this entry's fields, each length-prefixed.
    static func auditHash(previous: [UInt8], id: Int64, atMillis: Int64, peer: NodeID?, event: String, detail: String, key: AuditKey?) -> [UInt8] {
        var message = previous
        func append(_ value: Int64) { withUnsafeBytes(of: value.bigEndian) { message += $0 } }
        func append(_ text: String) {
            append(Int64(text.utf8.count))
            message += Array(text.utf8)
        }
        append(id)
        append(atMillis)
        append(peer?.rawValue ?? 0)
        append(event)
        append(detail)
        if let key { return Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key.bytes))) }
        return Array(SHA256.hash(data: message))
    }

    /// Records a merged chunk, and the rows it refused, in the merge's transaction.
    func auditApplied(_ chunk: ChangeChunk, outcome: ApplyOutcome, from peer: NodeID, role: LinkRole, repair: Bool, nowMillis: Int64, _ db: Database) throws {
        let kind = repair ? "repair" : "chunk (\(chunk.after.rawValue), \(chunk.upTo.rawValue)]"
        try appendAudit(
            .accepted, peer: peer,
            detail: "\(kind) from \(role) \(peer): \(chunk.rows.count) rows, \(outcome.stored.count) stored, \(outcome.unchanged) unchanged, \(outcome.rejected.count) refused",
            nowMillis: nowMillis, db)
        guard let first = outcome.rejected.first else { return }
        var byRule: [String: Int] = [:]
        for rejection in outcome.rejected { byRule[rejection.rule.rawValue, default: 0] += 1 }
        let rules = byRule.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ")
        try appendAudit(.refused, peer: peer, detail: "\(outcome.rejected.count) rows from \(peer) refused (\(rules)); first: \(first)", nowMillis: nowMillis, db)
    }

    /// The newest `limit` entries, newest first.
    public func auditEntries(limit: Int) throws(StoreError) -> [AuditEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, at_ms, peer, event, detail, keyed, hash FROM _ld_audit ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.entry)
        }
    }

    private static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(
            id: row[0], atMillis: row[1], peer: (row[2] as Int64?).map(NodeID.init(rawValue:)), event: row[3], detail: row[4], keyed: row[5],
            hash: Array(row[6] as Data? ?? Data()))
    }

    /// Checks the whole chain: consecutive ids from 1, every seal recomputed (with `key`, the
    /// node's audit key, for sealed entries), no unsealed entry after a sealed one, and the head
    /// file beside the replica not ahead of the log.
    public func verifyAudit(key: AuditKey?) throws(StoreError) -> AuditVerification {
        try read { db in
            var verification = AuditVerification(entries: 0, problem: nil)
            var previous: [UInt8] = []
            var expectedID: Int64 = 1
            var sealedSeen = false
            let rows = try Row.fetchCursor(db, sql: "SELECT id, at_ms, peer, event, detail, keyed, hash FROM _ld_audit ORDER BY id")
            while let row = try rows.next() {
                let entry = Self.entry(row)
                verification.entries += 1
                if entry.id != expectedID {
                    verification.problem = (expectedID, "entries \(expectedID)…\(entry.id - 1) are missing (deleted)")
                    return verification
                }
                if entry.keyed && key == nil {
                    verification.problem = (entry.id, "the entry is sealed with the node's key; give the node's key file to check it")
                    return verification
                }
                if sealedSeen && !entry.keyed {
                    verification.problem = (entry.id, "an unsealed entry after sealed ones (an entry was replaced)")
                    return verification
                }
                sealedSeen = sealedSeen || entry.keyed
                let expected = Self.auditHash(
                    previous: previous, id: entry.id, atMillis: entry.atMillis, peer: entry.peer, event: entry.event, detail: entry.detail,
                    key: entry.keyed ? key : nil)
                if expected != entry.hash {
                    verification.problem = (entry.id, "the entry (or one before it) was edited: its seal does not match")
                    return verification
                }
                previous = entry.hash
                expectedID += 1
            }
            if let head = try? String(contentsOfFile: auditHeadPath, encoding: .utf8),
                let recorded = head.split(separator: " ").first.flatMap({ Int64($0) }), recorded >= expectedID
            {
                verification.problem = (expectedID, "the log ends at entry \(expectedID - 1) but entry \(recorded) was written (entries cut off the end)")
            }
            return verification
        }
    }
}
