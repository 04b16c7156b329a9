import LiandongCore
import LiandongStore
import LiandongWire
import Logging

/// What the engine keeps in memory for tombstone collection (墓碑回收, Protocols/SPEC.md §21).
struct TombstoneKeeping {
    /// Settled marks heard from peers and not yet stored.
    var heard: [NodeID: ChangeSeq] = [:]
    /// The marks last stored, so that a mark heard again is not written again.
    var stored: [NodeID: ChangeSeq] = [:]
    /// When the last round ran (monotonic milliseconds).
    var lastRoundMillis: Int64 = .min
    /// Tombstones collected since the last log line, and when that was.
    var unlogged = 0
    var lastLogMillis: Int64 = .min
}

extension SyncEngine {
    /// The settled mark this node sends `peer`; 0 (nothing settled) if it cannot be read.
    func settledMark(for peer: NodeID) -> ChangeSeq {
        (try? replica.settledMark(for: peer)) ?? .zero
    }

    /// Notes a settled mark `link`'s peer sent. It can never exceed what the peer acknowledged of
    /// this node, so a larger claim is cut down to that.
    func heardSettled(_ settled: ChangeSeq, on link: SyncLink) {
        guard let peer = link.peer, link.session.phase == .established else { return }
        let mark = min(settled, link.session.acked)
        if tombstones.stored[peer] == mark {
            tombstones.heard[peer] = nil
        } else {
            tombstones.heard[peer] = mark
        }
    }

    /// Stores the settled marks heard and drops the tombstones every link has settled, at most
    /// once per `tombstoneRoundMillis`, and only when a mark changed.
    func collectTombstonesIfDue(now: Int64) {
        guard !tombstones.heard.isEmpty, tombstones.lastRoundMillis == .min || now - tombstones.lastRoundMillis >= tombstoneRoundMillis else { return }
        tombstones.lastRoundMillis = now
        let heard = tombstones.heard
        do {
            let round = try replica.collectTombstones(settled: heard)
            tombstones.heard = [:]
            tombstones.stored.merge(heard) { $1 }
            tombstones.unlogged += round.collected
            if tombstones.unlogged > 0, tombstones.lastLogMillis == .min || now - tombstones.lastLogMillis >= 60_000 {
                logger.info(
                    "collected tombstones every link has settled (墓碑回收)",
                    metadata: [
                        "tombstones.collected": "\(tombstones.unlogged)", "tombstones.total": "\(round.total)",
                        "tombstones.threshold": "\(round.threshold.map { "\($0)" } ?? "none")",
                    ])
                tombstones.unlogged = 0
                tombstones.lastLogMillis = now
            }
        } catch {
            if rateLimiter.allows("tombstones", now: now) {
                logger.warning("cannot collect tombstones; trying again later", metadata: ["error": "\(error)"])
            }
        }
    }
}

extension SyncEngine {
    /// A restored node's repair to `link`'s peer (SPEC §21.6): a live row whose stamp here is at or
    /// below the settled mark that peer gave this node was held by the peer's side; it is held back
    /// instead of sent, and if the peer's own repair does not bring it back before the next
    /// comparison, the peer lacks it entirely: deleted and collected there, so it goes here too.
    func holdBackSettledRows(_ rows: [RowChange], on link: SyncLink) -> [RowChange] {
        guard let peer = link.peer else { return rows }
        do {
            let settled = try replica.settledMarks()[peer] ?? .zero
            guard settled > .zero else { return rows }
            let live = rows.filter(\.isLive)
            let stamps = try replica.liveStamps(of: live)
            var held: Set<RowKey> = []
            for (row, stamp) in zip(live, stamps) {
                if let stamp, stamp <= settled.rawValue { held.insert(RowKey(table: row.table, key: row.key)) }
            }
            link.heldFromRepair.formUnion(held)
            return rows.filter { !held.contains(RowKey(table: $0.table, key: $0.key)) }
        } catch {
            logger.warning("cannot read the stamps of rows to repair; sending them", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            return rows
        }
    }

    /// Drops the rows held back from the last repair that the peer's own repair did not bring back.
    func dropRowsThePeerCollected(on link: SyncLink, now: Int64) {
        guard let peer = link.peer, !link.heldFromRepair.isEmpty else { return }
        let rows = Array(link.heldFromRepair)
        link.heldFromRepair = []
        do {
            let dropped = try replica.dropCollectedElsewhere(rows)
            if dropped > 0 {
                logger.info(
                    "restored replica dropped rows its peer had settled and no longer holds: deleted and collected there (恢复后删除已回收的行)",
                    metadata: ["peer.node": "\(peer)", "rows.dropped": "\(dropped)"])
            }
        } catch {
            logger.warning("cannot drop rows deleted and collected elsewhere; trying at the next comparison", metadata: ["peer.node": "\(peer)", "error": "\(error)"])
            link.heldFromRepair = Set(rows)
        }
    }
}
