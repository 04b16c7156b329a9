import Foundation
import GRDB
import LiandongCore
import LiandongStore
import LiandongWire

/// How the harness plants each bug: by changing what a node sends, or what it merges, into what
/// the buggy node would have made of it, before the real engine and replica see it. The node's
/// own code stays correct; its behaviour on the wire and in its file is the buggy node's.
extension PlantedBugs {
    /// `message` as a sender with these bugs sends it: with `relayGap`, a chunk that leaves rows
    /// behind claims to cover everything up to the sender's head.
    func sent(_ message: WireMessage, senderHead: ChangeSeq) -> WireMessage {
        guard contains(.relayGap), case .changes(var chunk) = message, chunk.remaining > 0 else { return message }
        chunk.upTo = max(chunk.upTo, senderHead)
        return .changes(chunk)
    }

    /// `message` as a receiver with these bugs merges it, and the rows it already held that a
    /// non-idempotent merge would stamp again (`restamp`).
    func received(_ message: WireMessage, at replica: Replica) throws -> (message: WireMessage, restamp: [RowChange]) {
        let rows: [RowChange]
        switch message {
        case .changes(let chunk): rows = chunk.rows
        case .repair(let repair, _): rows = repair
        default: return (message, [])
        }
        guard !isEmpty, !rows.isEmpty else { return (message, []) }
        let locals = try replica.states(of: rows.map { RowKey(table: $0.table, key: $0.key) })
        var kept: [RowChange] = []
        var restamp: [RowChange] = []
        for (incoming, local) in zip(rows, locals) {
            if contains(.deleteOfUnseenRowDropped), local == nil, !incoming.isLive { continue }
            if contains(.nonIdempotentApply), let local, local.isLive,
                RowMerge.dominates(local, incoming, lattices: replica.schema.tables[incoming.table].lattices)
            {
                restamp.append(local)
            }
            kept.append(misordered(incoming, against: local))
        }
        switch message {
        case .changes(var chunk):
            chunk.rows = kept
            return (.changes(chunk), restamp)
        case .repair(_, let seals):
            return (.repair(kept, seals: seals), restamp)
        default:
            return (message, restamp)
        }
    }

    /// `incoming` with every cell that a buggy order of versions would lose to the local one
    /// replaced by the local cell, so that the real merge keeps it.
    private func misordered(_ incoming: RowChange, against local: RowChange?) -> RowChange {
        guard contains(.missingTieBreak) || contains(.wrongClockComparison), let local, local.isLive, incoming.isLive,
            local.causalLength == incoming.causalLength, local.values.count == incoming.values.count
        else { return incoming }
        let count = incoming.values.count
        let localVersions = local.versions.expanded(columnCount: count)
        var versions = incoming.versions.expanded(columnCount: count)
        var row = incoming
        var changed = false
        for column in 0..<count {
            let (mine, theirs) = (localVersions[column], versions[column])
            guard theirs > mine else { continue }
            let tie = contains(.missingTieBreak) && theirs.hlc == mine.hlc
            let counterIgnored = contains(.wrongClockComparison) && theirs.hlc.millis == mine.hlc.millis && theirs.origin < mine.origin
            guard tie || counterIgnored else { continue }
            row.values[column] = local.values[column]
            versions[column] = mine
            changed = true
        }
        if changed { row.versions = CompactVersions(versions, fallback: incoming.versions.base) }
        return row
    }

    /// Stamps `rows` again at `replica` with its own clock at `nowMillis`, values unchanged, as a
    /// merge that is not idempotent would store a duplicate: a change of the node's own that no
    /// write made. Written as the replica's bookkeeping is (docs/change-capture.md), with the
    /// merge flag held so that no capture trigger runs.
    /// Returns the replica's head after.
    static func restamp(_ rows: [RowChange], at replica: Replica, nowMillis: Int64) throws -> ChangeSeq {
        let tables = replica.schema.tables
        return try replica.write { db in
            try db.execute(sql: "INSERT INTO _ld_applying (flag) VALUES (1)")
            for row in rows {
                let table = tables[row.table]
                try db.execute(sql: "UPDATE _ld_clock SET seq = seq + 1, hlc = max(hlc + 1, ?)", arguments: [HLC(millis: nowMillis).rawValue])
                let keyWhere = table.primaryKey.map { "\($0.name) = ?" }.joined(separator: " AND ")
                try db.execute(
                    sql: """
                        UPDATE \(table.name) SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_hlc = (SELECT hlc FROM _ld_clock),
                            _ld_org = (SELECT node FROM _ld_clock), _ld_cc = NULL, _ld_src = NULL
                        WHERE \(keyWhere)
                        """, arguments: StatementArguments(row.key.map(\.databaseValue)))
            }
            try db.execute(sql: "DELETE FROM _ld_applying")
            return try Replica.head(db)
        }
    }
}
