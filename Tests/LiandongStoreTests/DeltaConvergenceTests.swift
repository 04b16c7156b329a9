import Foundation
import LiandongCore
import LiandongStore
import LiandongTesting
import Testing

/// Delta rows (Protocols/SPEC.md §5.5) between real SQLite replicas: random local writes, and
/// chunks read with a delta base the sender believes (the receiver's own, or an older one it
/// learned earlier, or now and then one it has no right to), delivered in random sizes, twice,
/// and old chunks again out of order. Every replica ends with the same rows and versions as
/// whole rows alone would give, and every refused delta costs a resend, never a cell.
@Suite struct DeltaConvergenceTests {
    static let nodes: [Int64] = [441_702_001_000, 441_702_001_201, 441_702_001_202]
    static let links = [(0, 1), (1, 0), (0, 2), (2, 0)]

    /// What the simulated sender believes of each link's delta base, and the chunks it sent.
    final class Links {
        var believed: [String: ChangeSeq] = [:]
        var sent: [String: [ChangeChunk]] = [:]
        var deltaRows = 0
        var refusals = 0
        var wholeRowsRead = 0
    }

    static func linkName(_ from: Replica, _ to: Replica) -> String { "\(from.node)>\(to.node)" }

    static func exchange(from: Replica, to: Replica, _ rng: inout SplitMix64, complete: Bool, links: Links, log: inout [String]) throws {
        let name = linkName(from, to)
        let role: LinkRole = from.node.tier > to.node.tier ? .child : .parent
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var after = try to.cursor(on: from.node)
        while true {
            // The sender's belief: what the receiver last acknowledged, sometimes older (acks
            // still in flight), rarely higher than the truth (a restored receiver, a liar).
            var base = links.believed[name] ?? .zero
            if Int.random(in: 0..<10, using: &rng) == 0 { base = ChangeSeq(rawValue: base.rawValue / 2) }
            if Int.random(in: 0..<25, using: &rng) == 0 { base = try from.head() }
            let chunk = try from.readChunk(for: to.node, after: after, limit: Int.random(in: 1...5, using: &rng), deltaBase: base)
            links.deltaRows += chunk.rows.filter(\.isDelta).count
            links.wholeRowsRead += chunk.rows.filter { !$0.isDelta }.count
            links.sent[name, default: []].append(chunk)
            log.append("\(name) base \(base.rawValue): \(chunk.rows.map { "\($0.key)@\($0.causalLength)\($0.isDelta ? "Δ\($0.columns)" : "")" }) complete \(chunk.complete)")
            switch Self.apply(chunk, from: from, to: to, role: role, now: now) {
            case .success(let outcome):
                links.believed[name] = outcome.deltaBase
                if Bool.random(using: &rng) { _ = try Self.apply(chunk, from: from, to: to, role: role, now: now).get() }
            case .failure(let error) where error.code == .deltaBase:
                // Refused whole: nothing kept, the receiver's base is 0 again; resend whole.
                links.refusals += 1
                links.believed[name] = .zero
                #expect(try to.deltaBase(on: from.node) == .zero)
                log.append("  refused: \(error)")
                continue
            case .failure(let error):
                throw error
            }
            // An old chunk of this link again, out of order: it merges as a no-op or an older
            // state, or is refused if its base no longer holds.
            if let old = links.sent[name]?.randomElement(using: &rng), Int.random(in: 0..<3, using: &rng) == 0 {
                switch Self.apply(old, from: from, to: to, role: role, now: now) {
                case .success: break
                case .failure(let error) where error.code == .deltaBase:
                    links.refusals += 1
                    links.believed[name] = .zero
                case .failure(let error): throw error
                }
            }
            after = chunk.upTo
            if chunk.remaining == 0 { break }
            if !complete && Int.random(in: 0..<4, using: &rng) == 0 { break }
        }
    }

    static func apply(_ chunk: ChangeChunk, from: Replica, to: Replica, role: LinkRole, now: Int64) -> Result<ApplyOutcome, StoreError> {
        do {
            return .success(try to.apply(chunk, from: from.node, role: role, drift: ClockDriftPolicy(), nowMillis: now))
        } catch {
            return .failure(error)
        }
    }

    /// `steps` random local writes and partial exchanges (two in three are writes).
    static func randomRun(_ replicas: [Replica], steps: Int, _ rng: inout SplitMix64, links: Links, log: inout [String]) throws {
        for _ in 0..<steps {
            if Int.random(in: 0..<3, using: &rng) == 0 {
                let (a, b) = Self.links.randomElement(using: &rng)!
                try Self.exchange(from: replicas[a], to: replicas[b], &rng, complete: false, links: links, log: &log)
            } else {
                try ReplicaConvergenceTests.randomWrite(replicas.randomElement(using: &rng)!, &rng, log: &log)
            }
        }
    }

    /// A village and its town, fresh.
    static func villageAndTown(in dir: TemporaryDirectory) throws -> (village: Replica, town: Replica) {
        (try Replica.temporary(nodes[1], in: dir), try Replica.temporary(nodes[0], in: dir))
    }

    /// Every row state with one version per column: representation-independent.
    static func states(_ replica: Replica) throws -> [String] {
        try replica.rowStates().map { row in
            let versions = row.isLive ? row.versions.expanded(columnCount: row.values.count).map { "\($0.hlc.rawValue)/\($0.origin.rawValue)" } : ["\(row.versions.base.hlc.rawValue)"]
            return "\(row.table) \(row.key) cl\(row.causalLength) \(row.values) \(versions)"
        }.sorted()
    }

    @Test(arguments: 0..<150)
    func deltasAndWholeRowsConvergeInAnyOrder(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let dir = TemporaryDirectory()
        let replicas = try Self.nodes.map { try Replica.temporary($0, in: dir) }
        let links = Links()
        var log: [String] = []
        try Self.randomRun(replicas, steps: Int.random(in: 30...80, using: &rng), &rng, links: links, log: &log)
        // Heal with deltas too: a cell a delta wrongly left out is never sent again, so it shows here.
        for _ in 0..<3 {
            for (a, b) in Self.links.shuffled(using: &rng) {
                try Self.exchange(from: replicas[a], to: replicas[b], &rng, complete: true, links: links, log: &log)
            }
        }
        let states = try replicas.map(Self.states)
        #expect(states[0] == states[1], "seed \(seed)\n\(log.joined(separator: "\n"))")
        #expect(states[1] == states[2], "seed \(seed)\n\(log.joined(separator: "\n"))")
        for replica in replicas { #expect(try replica.integrityCheck() == "ok") }
    }

    /// Over a run of seeds both paths run: deltas are sent, and some are refused.
    @Test func theRandomRunsSendDeltasAndRefuseSome() throws {
        let links = Links()
        for seed in 0..<20 as Range<UInt64> {
            var rng = SplitMix64(seed: seed)
            let dir = TemporaryDirectory()
            let replicas = try Self.nodes.map { try Replica.temporary($0, in: dir) }
            var log: [String] = []
            try Self.randomRun(replicas, steps: 60, &rng, links: links, log: &log)
        }
        #expect(links.deltaRows > 0)
        #expect(links.refusals > 0)
        #expect(links.wholeRowsRead > 0)
    }

    @Test func aOneColumnUpdateTravelsAsADeltaOfThatCell() throws {
        let dir = TemporaryDirectory()
        let (village, town) = try Self.villageAndTown(in: dir)
        _ = try village.query("INSERT INTO record (id, name, count, note, score, amount) VALUES ('a', '张三', 1, '备注', 2.5, 10)")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let first = try village.readChunk(for: town.node, after: .zero, limit: 512, deltaBase: .zero)
        #expect(first.rows.count == 1 && !first.rows[0].isDelta && first.complete)
        let applied = try town.apply(first, from: village.node, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(applied.deltaBase == first.upTo)
        _ = try village.query("UPDATE record SET count = 2 WHERE id = 'a'")
        let second = try village.readChunk(for: town.node, after: first.upTo, limit: 512, deltaBase: applied.deltaBase)
        let countColumn = try #require(ReplicaSchema.demo.tables[0].columns.firstIndex { $0.name == "count" })
        #expect(second.rows.map(\.columns) == [[countColumn]])
        #expect(second.rows[0].values == [.integer(2)])
        #expect(second.deltaBase == applied.deltaBase)
        // The village holds every cell the town stored so far (its delta base on the town): the
        // expanded delta is the village's own state, and is not echoed back.
        _ = try town.apply(second, from: village.node, role: .child, drift: ClockDriftPolicy(), nowMillis: now, peerHolds: try town.head())
        #expect(try town.query("SELECT name, count, note FROM record").rows == [[.text("张三"), .integer(2), .text("备注")]])
        let sync = try town.readChunk(for: village.node, after: .zero, limit: 512)
        #expect(sync.rows.isEmpty && sync.complete)
        let synced = try village.apply(sync, from: town.node, role: .parent, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(synced.deltaBase == sync.upTo)
        // The town writes a note the village does not hold yet; the village's next delta merges
        // with it, and the merged row goes back (the village lacks the note) as a delta of the
        // cells the village's base on the town does not cover.
        _ = try town.query("UPDATE record SET note = '镇备注' WHERE id = 'a'")
        _ = try village.query("UPDATE record SET count = 3 WHERE id = 'a'")
        let echoed = try village.readChunk(for: town.node, after: second.upTo, limit: 512, deltaBase: second.upTo)
        #expect(echoed.rows.map(\.columns) == [[countColumn]])
        _ = try town.apply(echoed, from: village.node, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
        let back = try town.readChunk(for: village.node, after: sync.upTo, limit: 512, deltaBase: synced.deltaBase)
        let noteColumn = try #require(ReplicaSchema.demo.tables[0].columns.firstIndex { $0.name == "note" })
        #expect(back.rows.map(\.columns) == [[countColumn, noteColumn].sorted()])
        #expect(try village.apply(back, from: town.node, role: .parent, drift: ClockDriftPolicy(), nowMillis: now).changed == 1)
        #expect(try village.query("SELECT count, note FROM record").rows == [[.integer(3), .text("镇备注")]])
        // A base the town never proved is refused whole, and the town's base is 0 again.
        _ = try village.query("UPDATE record SET note = '新备注' WHERE id = 'a'")
        var third = try village.readChunk(for: town.node, after: echoed.upTo, limit: 512, deltaBase: echoed.upTo)
        third.deltaBase = try village.head()
        #expect(throws: StoreError.self) { try town.apply(third, from: village.node, role: .child, drift: ClockDriftPolicy(), nowMillis: now) }
        #expect(try town.deltaBase(on: village.node) == .zero)
        #expect(try town.query("SELECT note FROM record").rows == [[.text("镇备注")]])
        let resent = try village.readChunk(for: town.node, after: echoed.upTo, limit: 512, deltaBase: .zero)
        #expect(resent.rows.allSatisfy { !$0.isDelta })
        _ = try town.apply(resent, from: village.node, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(try town.query("SELECT note FROM record").rows == [[.text("新备注")]])
    }

    @Test func aDeltaForARowTheReceiverDoesNotHoldIsRefusedWhole() throws {
        let dir = TemporaryDirectory()
        let (village, town) = try Self.villageAndTown(in: dir)
        _ = try village.query("INSERT INTO record (id, name, count) VALUES ('a', 'x', 1)")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        // The town never received the insert; the village wrongly believes it did.
        let head = try village.head()
        _ = try village.query("UPDATE record SET count = 2 WHERE id = 'a'")
        let chunk = try village.readChunk(for: town.node, after: head, limit: 512, deltaBase: head)
        #expect(chunk.rows.first?.isDelta == true)
        do {
            _ = try town.apply(chunk, from: village.node, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
            Issue.record("a delta for a row the town does not hold was applied")
        } catch {
            #expect(error.code == .deltaBase)
            #expect(error.description.contains("delta base"))
        }
        #expect(try town.query("SELECT count(*) FROM record").rows == [[.integer(0)]])
    }
}
