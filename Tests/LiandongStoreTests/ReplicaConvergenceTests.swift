import Foundation
import LiandongCore
import LiandongStore
import LiandongTesting
import Testing

/// Convergence of real SQLite replicas: random local writes through SQL (inserts, updates of
/// random columns, deletes, re-inserts, re-keys) on a town and two villages, exchanged along the tree as chunks in random
/// order, with duplicates, partial (chunked) deliveries and partitions; afterwards every replica
/// holds the same rows and the same versions.
@Suite struct ReplicaConvergenceTests {
    static let nodes: [Int64] = [441_702_001_000, 441_702_001_201, 441_702_001_202]
    static let keys = (0..<6).map { "k\($0)" }
    /// The links of the tree (from, to): the town (0) with each of its villages; the villages
    /// reach each other through the town, as in the field.
    static let links = [(0, 1), (1, 0), (0, 2), (2, 0)]

    static func randomWrite(_ replica: Replica, _ rng: inout SplitMix64, log: inout [String]) throws {
        let key = keys.randomElement(using: &rng)!
        let value = Int.random(in: 0...1000, using: &rng)
        let sql: String
        switch Int.random(in: 0..<10, using: &rng) {
        case 0...2: sql = "INSERT OR REPLACE INTO record (id, name, count, note) VALUES ('\(key)', 'n\(value)', \(value), 'ins')"
        case 3...5: sql = "UPDATE record SET \(["name", "count", "note", "score"].randomElement(using: &rng)!) = \(value) WHERE id = '\(key)'"
        case 6: sql = "UPDATE record SET name = 'both\(value)', amount = \(value) WHERE id = '\(key)'"
        case 7, 8: sql = "DELETE FROM record WHERE id = '\(key)'"
        default: sql = "UPDATE OR IGNORE record SET id = '\(keys.randomElement(using: &rng)!)' WHERE id = '\(key)'"
        }
        log.append("\(replica.node): \(sql)")
        _ = try replica.query(sql)
    }

    /// Sends everything `from` holds that `to` may lack, in chunks of random size, sometimes
    /// twice, sometimes stopping early (a partition mid-transfer).
    static func exchange(from: Replica, to: Replica, _ rng: inout SplitMix64, complete: Bool, log: inout [String]) throws {
        var after = try to.cursor(on: from.node)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        while true {
            let chunk = try from.readChunk(for: to.node, after: after, limit: Int.random(in: 1...4, using: &rng))
            log.append("\(from.node) -> \(to.node): \(chunk.rows.map { "\($0.key)@\($0.causalLength)" })")
            _ = try to.apply(chunk, from: from.node, role: from.node.tier > to.node.tier ? .child : .parent, drift: ClockDriftPolicy(), nowMillis: now)
            if Bool.random(using: &rng) { _ = try to.apply(chunk, from: from.node, role: from.node.tier > to.node.tier ? .child : .parent, drift: ClockDriftPolicy(), nowMillis: now) }
            after = chunk.upTo
            if chunk.remaining == 0 { break }
            if !complete && Int.random(in: 0..<4, using: &rng) == 0 { break }
        }
    }

    static func state(_ replica: Replica) throws -> [String] {
        try replica.query("SELECT id, name, count, note, score, amount, _ld_cl FROM record ORDER BY id").rows.map { $0.map(\.description).joined(separator: "|") }
            + replica.query("SELECT id, _ld_cl FROM record__ld_tomb WHERE id NOT IN (SELECT id FROM record) ORDER BY id").rows.map { "tomb " + $0.map(\.description).joined(separator: "|") }
    }

    @Test(arguments: 0..<200)
    func randomHistoriesConverge(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let dir = TemporaryDirectory()
        let replicas = try Self.nodes.map { try Replica.temporary($0, in: dir) }
        var log: [String] = []
        for _ in 0..<Int.random(in: 20...60, using: &rng) {
            if Int.random(in: 0..<3, using: &rng) == 0 {
                let (a, b) = Self.links.randomElement(using: &rng)!
                try Self.exchange(from: replicas[a], to: replicas[b], &rng, complete: false, log: &log)
            } else {
                try Self.randomWrite(replicas.randomElement(using: &rng)!, &rng, log: &log)
            }
        }
        // Heal: full exchanges in random order until no replica learns anything new.
        for _ in 0..<3 {
            for (a, b) in Self.links.shuffled(using: &rng) {
                try Self.exchange(from: replicas[a], to: replicas[b], &rng, complete: true, log: &log)
            }
        }
        let states = try replicas.map(Self.state)
        #expect(states[0] == states[1], "seed \(seed)\n\(log.joined(separator: "\n"))")
        #expect(states[1] == states[2], "seed \(seed)\n\(log.joined(separator: "\n"))")
        for replica in replicas { #expect(try replica.integrityCheck() == "ok") }
    }
}
