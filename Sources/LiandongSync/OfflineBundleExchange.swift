import Foundation
import LiandongCore
import LiandongStore
import LiandongTransport
import LiandongWire
import Logging

/// Exports and imports offline bundles (离线数据包, Protocols/SPEC.md §19) for one node: the
/// same chunks, seals, admission, merge and cursors as a live link (§9, §17, §18), carried in a
/// file. Which peer a bundle is for or from is decided by the node's enrolment file: its parent,
/// or an active child.
public struct OfflineBundleExchange {
    public let replica: Replica
    public let key: NodeKeyFile
    public let enrolled: EnrolledKeys
    let engine: SyncEngine
    let logger: Logger

    /// `key` must be the replica's node key; `enrolled` its enrolment file.
    /// Earlier versions of the replica's schema: a child still on one of them gets bundles
    /// narrowed to it, and its bundles are widened (Protocols/SPEC.md §12.1, §19).
    public var earlierSchemas: [ReplicaSchema] {
        get { engine.earlierSchemas }
        nonmutating set { engine.earlierSchemas = newValue }
    }

    public init(replica: Replica, key: NodeKeyFile, enrolled: EnrolledKeys, logger: Logger) throws(StoreError) {
        self.replica = replica
        self.key = key
        self.enrolled = enrolled
        self.logger = logger
        engine = try SyncEngine(replica: replica, session: SessionConfiguration(), drift: ClockDriftPolicy(), logger: logger)
        engine.sealer = key.sealer
        engine.sealRegistry = enrolled.sealKeys
        // Merges from a bundle are logged in the audit log (审计日志) sealed with the node's key,
        // as the running node's merges are.
        replica.useAuditKey(AuditKey(secret: key.pair.secretKey.bytes))
    }

    /// A peer of this node that bundles may travel with: its role and the CURVE public keys it
    /// may use (a child in the middle of a key rotation has two).
    public struct Peer: Sendable {
        public var node: NodeID
        /// The peer's role relative to this node.
        public var role: LinkRole
        public var keys: [CurveKey]
    }

    /// `node` as this node's parent or one of its enrolled, unrevoked children; refused (rule
    /// `enrolment`) otherwise.
    public func peer(_ node: NodeID) throws(BundleError) -> Peer {
        if let parent = enrolled.parent, parent.node == node { return Peer(node: node, role: .parent, keys: [parent.key]) }
        let keys = enrolled.children.filter { $0.node == node && !$0.revoked }.map(\.key)
        if !keys.isEmpty { return Peer(node: node, role: .child, keys: keys.reversed()) }
        if enrolled.children.contains(where: { $0.node == node }) {
            throw BundleError(.enrolment, "node \(node)'s keys are revoked at node \(replica.node) (已吊销)")
        }
        throw BundleError(
            .enrolment,
            "node \(node) is neither node \(replica.node)'s parent nor an enrolled child (未登记); enrol it first (`liandong keys enrol` or `liandong keys parent`)")
    }

    /// What an export wrote.
    public struct ExportReport: Sendable {
        public var bundle: OfflineBundle
        public var bytes: [UInt8]
        public var rows: Int
        public var chunks: Int
        public var seals: Int
    }

    /// Everything `peer` lacks of this node's changes after what it acknowledged (by link or by
    /// bundle), as a signed, encrypted bundle.
    public func export(for node: NodeID, wallMillis: Int64) throws -> ExportReport {
        let peer = try peer(node)
        let after = try replica.link(node)?.acked ?? .zero
        // A child last met at an earlier version of the schema gets rows as that version holds them.
        let spoken = peer.role == .child ? try replica.setting(SyncEngine.sentVersionSetting(node)).flatMap { Int($0) } : nil
        let bridge = spoken.flatMap { engine.bridge(toVersion: $0) }
        var chunks: [ChangeChunk] = []
        var next = after
        while true {
            var chunk = try replica.readChunk(for: node, after: next, limit: SessionConfiguration().chunkRows)
            if chunk.rows.isEmpty && chunk.upTo <= next { break }
            if let bridge { chunk.rows = chunk.rows.compactMap(bridge.narrowed) }
            chunk.seals += try engine.ownSeals(chunk.rows, to: node)
            chunks.append(chunk)
            next = chunk.upTo
        }
        let identity = bridge.map { LocalIdentity(node: replica.node, schema: replica.schema).speaking($0.older) } ?? LocalIdentity(node: replica.node, schema: replica.schema)
        var id = [UInt8](repeating: 0, count: 16)
        var random = SystemRandomNumberGenerator()
        for i in id.indices { id[i] = random.next() }
        var header = OfflineBundle.Header(
            sender: replica.node, recipient: node, id: id, createdMillis: engine.correctedMillis(wallMillis), after: after, upTo: next,
            holds: try replica.cursor(on: node), head: try replica.head(), schemaName: identity.schemaName, schemaVersion: UInt32(identity.schemaVersion),
            schemaFingerprint: identity.schemaFingerprint, sealKey: key.sealer.publicKey)
        if replica.node.tier == .district, peer.role == .parent {
            // As in the district's hello: the city checks the cells of the district's subtree with these.
            header.sealKeys = enrolled.sealKeys.filter { replica.node.isAncestorOrSelf(of: $0.key) && $0.key != replica.node }
                .map { SealKeyEntry(node: $0.key, key: $0.value) }.sorted { $0.node < $1.node }
        }
        let sealed = try OfflineBundle.seal(chunks, schemaVersion: UInt32(identity.schemaVersion), header: header, senderKey: key, recipientKey: peer.keys[0])
        let rows = chunks.reduce(0) { $0 + $1.rows.count }
        logger.info(
            "offline bundle exported (离线数据包 导出)",
            metadata: ["peer.node": "\(node)", "bundle.id": "\(header.idHex)", "changeset.count": "\(rows)", "bundle.after": "\(after)", "bundle.up_to": "\(next)"])
        return ExportReport(bundle: sealed.bundle, bytes: sealed.bytes, rows: rows, chunks: chunks.count, seals: chunks.reduce(0) { $0 + $1.seals.count })
    }

    /// What an import did.
    public struct ImportReport: Sendable {
        public var header: OfflineBundle.Header
        public var role: LinkRole
        public var rows: Int
        public var changed: Int
        public var unchanged: Int
        public var rejected: [Rejection]
        public var heldBack: Int
        /// The cursor on the sender after the import.
        public var cursor: ChangeSeq
    }

    /// The setting that records an imported bundle (rule `replay`).
    static func importedSetting(_ header: OfflineBundle.Header) -> String { "bundle.imported.\(header.idHex)" }

    /// Checks a bundle's bytes and applies its chunks, in this order (SPEC §19.5): format,
    /// signature, recipient, enrolment, schema, decryption, replay, content. A bundle that fails
    /// a check changes nothing (`BundleError` names the rule). Then every chunk goes through the
    /// same validation, admission, seal checks and merge as one from the wire, the cursor on the
    /// sender advances as for a received chunk, the sender's acknowledgement in the header is
    /// stored, and the bundle's id is recorded.
    public func importBundle(_ bytes: [UInt8], wallMillis: Int64) throws -> ImportReport {
        let bundle = try OfflineBundle(decoding: bytes)
        let header = bundle.header
        guard bundle.isSignatureValid else {
            throw BundleError(.signature, "the signature does not verify with the sender's seal key: the file was changed after node \(header.sender) wrote it (已被篡改)")
        }
        guard header.recipient == replica.node else {
            throw BundleError(.recipient, "the bundle is for node \(header.recipient), not for this node \(replica.node)")
        }
        let peer = try peer(header.sender)
        if let registered = enrolled.sealKeys[header.sender], registered != header.sealKey {
            throw BundleError(.enrolment, "the bundle is signed with another seal key than the one registered here for node \(header.sender)")
        }
        let identity = LocalIdentity(node: replica.node, schema: replica.schema)
        // From a child still on an earlier version this node's version only adds to: widened.
        let bridge =
            peer.role == .child && header.schemaName == identity.schemaName && header.schemaVersion < UInt32(identity.schemaVersion)
            ? engine.bridge(toVersion: Int(header.schemaVersion)).flatMap { $0.older.fingerprint == header.schemaFingerprint ? $0 : nil } : nil
        guard bridge != nil
            || (header.schemaName == identity.schemaName && header.schemaVersion == UInt32(identity.schemaVersion) && header.schemaFingerprint == identity.schemaFingerprint)
        else {
            throw BundleError(
                .schema,
                "the bundle holds schema \(header.schemaName) v\(header.schemaVersion) (\(header.schemaFingerprint)); this replica holds \(identity.schemaName) v\(identity.schemaVersion) (\(identity.schemaFingerprint))"
            )
        }
        var opened: [(protocolVersion: UInt32, schemaVersion: UInt32, chunk: ChangeChunk)]?
        var lastError: BundleError?
        for candidate in peer.keys where opened == nil {
            do { opened = try bundle.open(secret: key.pair.secretKey, senderKey: candidate) } catch { lastError = error }
        }
        guard var frames = opened else { throw lastError ?? BundleError(.decryption, "no enrolled key of node \(header.sender) opens the bundle") }
        if let imported = try replica.setting(Self.importedSetting(header)) {
            throw BundleError(
                .replay,
                "bundle \(header.idHex) from node \(header.sender) was imported already (\(imported)); to send node \(header.sender) what it lacks, export a new bundle")
        }
        // The whole bundle is checked before anything of it is applied.
        let corrected = engine.correctedMillis(wallMillis)
        var expected = header.after
        if let bridge {
            for index in frames.indices {
                do { frames[index].chunk = try engine.widened(frames[index].chunk, by: bridge) } catch {
                    throw BundleError(.content, "chunk \(index + 1): \(error)")
                }
            }
        }
        for (index, frame) in frames.enumerated() {
            guard frame.protocolVersion == liandongProtocolVersion, frame.schemaVersion == header.schemaVersion else {
                throw BundleError(.format, "chunk \(index + 1) is protocol v\(frame.protocolVersion), schema v\(frame.schemaVersion)")
            }
            guard frame.chunk.after == expected, frame.chunk.upTo > frame.chunk.after else {
                throw BundleError(.content, "chunk \(index + 1) covers (\(frame.chunk.after), \(frame.chunk.upTo)], expected to start at \(expected)")
            }
            expected = frame.chunk.upTo
            do { try replica.validate(frame.chunk, from: header.sender, drift: ClockDriftPolicy(), nowMillis: corrected) } catch {
                throw BundleError(.content, "chunk \(index + 1): \(error)")
            }
        }
        guard expected == header.upTo else { throw BundleError(.content, "the chunks end at \(expected), the header says \(header.upTo)") }
        var report = ImportReport(
            header: header, role: peer.role, rows: 0, changed: 0, unchanged: 0, rejected: [], heldBack: 0, cursor: try replica.cursor(on: header.sender))
        let check = sealCheck(for: header, role: peer.role)
        for frame in frames {
            let chunk = frame.chunk
            let outcome = try replica.apply(
                chunk, from: header.sender, role: peer.role, drift: ClockDriftPolicy(), nowMillis: corrected, wallMillis: wallMillis, seals: check,
                ownSealed: chunk.seals.isEmpty ? [] : engine.ownSealed(chunk.seals))
            report.rows += chunk.rows.count
            report.changed += outcome.changed
            report.unchanged += outcome.unchanged
            report.rejected += outcome.rejected
            report.heldBack += outcome.heldBack
            report.cursor = outcome.cursor
        }
        // The sender holds this node's changes up to `holds`; never beyond this node's head.
        let acked = min(header.holds, try replica.head())
        let summary = report.rejected.first.map { "\(report.rejected.count) of \(report.rows) rows of bundle \(header.idHex) refused; first: \($0)" }
        let errorUpdate: String?? = summary.map { Optional($0) }
        try replica.recordContact(peer: header.sender, role: peer.role, nowMillis: wallMillis, acked: acked, peerHead: header.head, error: errorUpdate)
        try replica.setSetting(
            Self.importedSetting(header), "from \(header.sender) (\(header.after), \(header.upTo)] written \(header.createdMillis) imported \(wallMillis)")
        if peer.role == .child {
            // Bundles back to it are written in the version it runs (SPEC §12.1). What a later
            // version adds reaches it by its next online session after it upgrades, or by digests.
            try replica.setSetting(SyncEngine.sentVersionSetting(header.sender), String(header.schemaVersion))
        }
        logger.info(
            "offline bundle imported (离线数据包 导入)",
            metadata: [
                "peer.node": "\(header.sender)", "bundle.id": "\(header.idHex)", "changeset.count": "\(report.rows)", "changeset.changed": "\(report.changed)",
                "changeset.rejected": "\(report.rejected.count)",
            ])
        return report
    }

    /// The seal keys cells from a child are checked against, as for a live link (SPEC §18.4):
    /// from a district's bundle those it lists for nodes below it, then those registered here
    /// for nodes below the child (a district's `sealer` lines).
    func sealCheck(for header: OfflineBundle.Header, role: LinkRole) -> SealCheck? {
        guard role == .child else { return nil }
        let sender = header.sender
        var keys: [NodeID: SealPublicKey] = [:]
        if sender.tier == .district {
            for entry in header.sealKeys where sender.isAncestorOrSelf(of: entry.node) && entry.node != sender { keys[entry.node] = entry.key }
        }
        for (node, key) in enrolled.sealKeys where sender.isAncestorOrSelf(of: node) && node != sender { keys[node] = key }
        return keys.isEmpty ? nil : SealCheck(keys: keys)
    }
}
