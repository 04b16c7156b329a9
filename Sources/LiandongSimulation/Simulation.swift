import Foundation
import LiandongCore
import LiandongPowerCut
import LiandongDomain
import LiandongStore
import LiandongSync
import LiandongTransport
import LiandongWire
import Logging

/// How hostile the simulated network and hardware are. Rates are per message or per step.
public struct FaultRates: Sendable, Hashable {
    /// A message is lost.
    public var drop = 0.05
    /// A message arrives twice.
    public var duplicate = 0.05
    /// Each message is delayed by up to this much, so messages overtake each other.
    public var maxDelayMillis: Int64 = 400
    /// Per step: a random link (a node and its parent) is cut for a while.
    public var partition = 0.014
    /// Per step: a random node crashes (its process dies; its file stays) for a while.
    public var crash = 0.006
    /// Node clocks run up to this far early or late (half of the nodes are exact).
    public var maxSkewMillis: Int64 = 3000
    /// Half of the nodes read a clock that ticks only this often (cheap hardware clocks count
    /// seconds), so writes at different nodes often carry the same clock and only the origin
    /// orders them.
    public var coarseClockMillis: Int64 = 1000
    /// Per step: a random node's power fails. Its process dies and its files lose whatever was
    /// not fsynced (the power-cut layer); since every commit is durable, nothing committed may go.
    public var powerCut = 0.002
    /// Per step: someone sets a random running node's system clock (not the city's, the
    /// reference) forward or back by an hour to three days. The node keeps its parent's time
    /// (it watches the system clock against a monotonic one).
    public var clockJump = 0.003
    public var maxClockJumpMillis: Int64 = 3 * 86_400_000
    /// Per step: a random running node's replica is backed up (an online copy of the file).
    public var backup = 0.002
    /// Per step: a random node with a backup is stopped and its file replaced by the backup, as an
    /// operator restoring last week's copy does; what only the replaced file held is lost, and the
    /// tree must give the node back everything else it should hold, its own older rows included.
    public var restore = 0.002
    /// Per seed: the chance that the seed moves a village to the other town of its district
    /// (区划调整, Protocols/SPEC.md §20), once, at a random step.
    public var reparent = 0.5
    /// Per seed: the chance that one town or village syncs only in a window: closed for the
    /// minute from 5 s into the run (while it writes and its parent writes), open otherwise.
    public var syncWindow = 0.3
    /// Per step: someone who holds a running node's key opens a new connection to its parent
    /// and says hello as another node (Protocols/SPEC.md §8.2): the parent must refuse it and
    /// leave the other node's session alone.
    public var impostor = 0.004
    /// A message still on its way when its connection closed (a reconnect) is delivered over the
    /// new connection with this chance, as a peer replaying old frames would; otherwise it is
    /// lost with its connection. Sessions must shrug off either.
    public var replay = 0.5

    public init() {}

    /// No faults: what the heal phase uses for new messages.
    public static let none: FaultRates = {
        var rates = FaultRates()
        rates.drop = 0
        rates.duplicate = 0
        rates.maxDelayMillis = 0
        rates.partition = 0
        rates.crash = 0
        rates.powerCut = 0
        rates.clockJump = 0
        rates.backup = 0
        rates.restore = 0
        rates.reparent = 0
        rates.syncWindow = 0
        rates.impostor = 0
        rates.replay = 0
        return rates
    }()
}

/// One simulated run: its seed defines everything (tree, skews, operations, faults), so a run
/// replays exactly.
public struct SimulationConfiguration: Sendable {
    public var seed: UInt64
    /// Local operations to perform across the tree before healing.
    public var operations = 300
    public var faults = FaultRates()

    public init(seed: UInt64) { self.seed = seed }
}

/// What a run did and which invariants failed.
public struct SimulationReport: Sendable, CustomStringConvertible {
    public var seed: UInt64
    public var bugs: PlantedBugs
    public var operations = 0
    public var refusedLocally = 0
    public var steps = 0
    public var healSteps = 0
    public var delivered = 0
    public var dropped = 0
    public var duplicated = 0
    public var crashes = 0
    public var powerCuts = 0
    public var clockJumps = 0
    public var restores = 0
    public var partitions = 0
    /// Re-parentings (区划调整): 1 when the seed moved a village to the other town of its district.
    public var moves = 0
    /// The move, in words (`village → new town at step n`).
    public var move: String?
    /// The node that synced only in a window, if any, and how often it hung up when the window
    /// closed (once in sync) and connected again when it opened.
    public var windowNode: NodeID?
    public var windowHangUps = 0
    public var windowReconnects = 0
    /// Impostors' hellos refused (a connection saying hello as a node it did not authenticate as).
    public var impostorsRefused = 0
    /// Rows delivered in change chunks, and how many of them were delta rows (SPEC §5.5).
    public var rowsDelivered = 0
    public var deltaRowsDelivered = 0
    /// Rows a restored district holds with personal cells withheld (its own raw values lost with
    /// its file, the city's copy masked by design) and holds back from its towns, since no node
    /// of its subtree has them raw (docs/durability-and-time.md): the documented limit, counted
    /// rather than failed.
    public var heldBackForGood = 0
    /// Tombstones collected over the run at all nodes, and tombstones left at the end (SPEC §21).
    public var tombstonesCollected: Int64 = 0
    public var tombstonesLeft: Int64 = 0
    /// Invariant violations, first ones first; empty when the run passed.
    public var failures: [String] = []
    /// The replica files of the run (kept for inspection when it failed).
    public var directory: String = ""

    public var passed: Bool { failures.isEmpty }

    /// The command that replays this run.
    public var replayCommand: String {
        "liandong-soak --seed \(seed) --seeds 1" + (bugs.isEmpty ? "" : " --plant \(bugs)") + " --verbose"
    }

    public var description: String {
        var text =
            "seed \(seed): \(passed ? "passed" : "FAILED") — \(operations) operations (\(refusedLocally) refused locally), \(steps) steps + \(healSteps) to heal, "
            + "\(delivered) messages delivered, \(dropped) dropped, \(duplicated) duplicated, \(crashes) crashes, \(powerCuts) power cuts, \(clockJumps) clock jumps, \(restores) restores, \(partitions) partitions"
            + (moves > 0 ? ", \(moves) re-parenting (\(move ?? "?"))" : "")
            + (windowNode.map { ", node \($0) syncs in a window (hung up \(windowHangUps)×, reconnected \(windowReconnects)× when it opened)" } ?? "")
            + (impostorsRefused > 0 ? ", \(impostorsRefused) impostors refused" : "")
            + ", \(rowsDelivered) rows in chunks (\(deltaRowsDelivered) as deltas 增量行)"
            + ", \(tombstonesCollected) tombstones collected 墓碑回收 (\(tombstonesLeft) left)"
            + (heldBackForGood > 0 ? ", \(heldBackForGood) rows held back for good (raw values lost to a district's restore)" : "")
        for failure in failures { text += "\n  ✗ \(failure)" }
        return text
    }
}

/// The deterministic simulator (docs/testing.md): the 15-node city of the demo (1 city, 2 districts,
/// 4 towns, 8 villages) in one process, each node with a real SQLite replica file and the real
/// `SyncEngine` and `PeerSession`, talking through an in-process network that delays, drops,
/// duplicates and reorders messages, cuts and heals links, crashes and restarts nodes from their
/// files between steps, and skews clocks. Time is simulated: nothing depends on the wall clock or
/// on thread timing, so a seed replays exactly.
///
/// Invariants:
/// - during the run, after every merge and local write: no node holds a row outside its scope,
///   and no case's status moves backwards at any node;
/// - honest writes are never refused (`_ld_reject` stays empty);
/// - after healing, every link reaches "in sync" within a bounded time (no stall), and every
///   node holds exactly what the `Oracle` says it should: every write made anywhere (acknowledged
///   or not) is present wherever its scope allows, and nothing else.
public final class Simulation {
    public let configuration: SimulationConfiguration
    private let bench: SimulationBench
    private var rng: SplitMix64
    private var nodes: [SimulatedNode] = []
    private var byID: [NodeID: SimulatedNode] = [:]
    private var network: [InFlight] = []
    private var messageOrder = 0
    private var cutUntilStep: [NodeID: Int] = [:]
    private var oracle = Oracle(schema: GovernmentSchema.schema)
    /// Each replicated table's index, by name (a workload operation names the tables it writes).
    private let tableIndexes = Dictionary(uniqueKeysWithValues: GovernmentSchema.schema.tables.enumerated().map { ($1.name, $0) })
    private var report: SimulationReport
    private var step = 0
    private var faults: FaultRates
    private let logger: Logger
    private var session: SessionConfiguration
    private let drift = ClockDriftPolicy()
    private var failed: Bool { !report.failures.isEmpty }

    /// A message on its way.
    struct InFlight {
        var deliverAt: Int64
        var order: Int
        var from: NodeID
        var to: NodeID
        /// The child's connection it travels on (up or down).
        var connection: ConnectionID
        /// From the child to the parent.
        var upward: Bool
        var frame: [UInt8]
        var carriesRows: Bool
        /// An impostor's hello, which the parent must refuse.
        var impostor = false
    }
    /// The connections opened so far (each child's reconnect opens a new one), and whose each is.
    private var connectionCount: UInt64 = 0
    private var connectionOwner: [ConnectionID: NodeID] = [:]

    /// Simulated wall-clock time starts in 2040 (5 s before midnight UTC, so that a window node's
    /// window closes inside the run), ahead of any real clock, so that the capture triggers'
    /// `max(clock + 1, now)` always takes the simulated clock the driver sets.
    static let epochMillis: Int64 = 2_208_988_800_000 - 5_000
    static let stepMillis: Int64 = 25
    /// Heal steps allowed before a link counts as stalled (simulated 20 minutes).
    static let maxHealSteps = 48_000

    /// The tree: the demo city's 15 halls.
    public static let tree: [NodeID] = {
        let city = SyntheticCity.cityCode.rawValue
        var nodes = [city]
        for district in [2, 4] {
            let d = city + Int64(district) * 1_000_000
            nodes.append(d)
            for town in 1...2 {
                let t = d + Int64(town) * 1000
                nodes.append(t)
                for village in 1...2 { nodes.append(t + 200 + Int64(village)) }
            }
        }
        return nodes.map(NodeID.init(rawValue:))
    }()

    /// A run on `bench`'s replicas (wiped first).
    public init(_ configuration: SimulationConfiguration, on bench: SimulationBench) {
        self.configuration = configuration
        self.bench = bench
        self.rng = SplitMix64(seed: configuration.seed)
        self.report = SimulationReport(seed: configuration.seed, bugs: bench.bugs)
        self.faults = configuration.faults
        self.logger = bench.logger
        var session = SessionConfiguration()
        // Small chunks and windows, so that transfers span many messages and faults land inside them.
        session.chunkRows = 6
        session.window = 3
        session.heartbeatIntervalMillis = 1000
        session.peerTimeoutMillis = 5000
        session.ackTimeoutMillis = 3000
        session.rejectedChunkBackoffMillis = 2000
        if ProcessInfo.processInfo.environment["LIANDONG_SIM_NO_DELTAS"] != nil { session.sendsDeltas = false }
        self.session = session
    }

    /// Runs the simulation to the end and reports; never throws (an error is a failure).
    public func run() -> SimulationReport {
        report.directory = bench.directory
        do {
            try setUp()
            try chaos()
            if !failed { try heal() }
            if !failed { try settleTombstones() }
            if !failed { try finalChecks() }
        } catch {
            report.failures.append("error at step \(step): \(error)")
        }
        for node in nodes { bench.adopt(node.id, node.replica) }
        if failed { bench.keepFiles() }
        return report
    }

    // MARK: Phases

    private func setUp() throws {
        try bench.wipe()
        for id in Self.tree {
            let node = SimulatedNode(id: id, path: bench.path(id))
            if Bool.random(using: &rng) {
                node.skewMillis = Int64.random(in: -configuration.faults.maxSkewMillis...configuration.faults.maxSkewMillis, using: &rng)
            }
            if Bool.random(using: &rng) { node.clockResolutionMillis = max(1, configuration.faults.coarseClockMillis) }
            nodes.append(node)
            byID[id] = node
        }
        // Drawn from a generator of its own, so that the other faults of a seed stay as they are.
        var dice = SplitMix64(seed: configuration.seed ^ 0x7769_6E64_6F77)
        if Double.random(in: 0..<1, using: &dice) < faults.syncWindow {
            let candidates = nodes.filter { $0.id.tier >= .town }
            let node = candidates[Int.random(in: 0..<candidates.count, using: &dice)]
            node.schedule = Self.windowSchedule
            report.windowNode = node.id
        }
        for node in nodes { try start(node, bench.take(node.id)) }
    }

    /// A window node's schedule: closed for the first minute after midnight, open otherwise.
    static let windowSchedule = SyncSchedule.window(startMinute: 1, endMinute: 0)

    private func chaos() throws {
        while report.operations + report.refusedLocally < configuration.operations && !failed {
            step += 1
            injectFaults()
            injectImpostor()
            try reparent()
            restartDueNodes()
            observeClocks()
            // One local write per step (25 ms of simulated time). A node with nothing to do (no case
            // in a state it can act on) yields to another.
            let up = nodes.filter(\.isUp)
            for _ in 0..<(up.isEmpty ? 0 : 3) where try operate(at: up[Int.random(in: 0..<up.count, using: &rng)]) { break }
            try deliverDue()
            tickAll()
        }
        report.steps = step
    }

    private func heal() throws {
        faults = .none
        cutUntilStep = [:]
        for node in nodes where !node.isUp { try start(node, bench.reopen(node.id)) }
        var calm = 0
        for healStep in 1...Self.maxHealSteps {
            step += 1
            try deliverDue()
            tickAll()
            if failed { return }
            if healStep % 4 == 0 {
                calm = quiescent() ? calm + 1 : 0
                // Twice in a row, a heartbeat apart: nothing left to move.
                if calm >= 2 {
                    report.healSteps = healStep
                    return
                }
            }
        }
        report.healSteps = Self.maxHealSteps
        report.failures.append("links did not settle within \(Self.maxHealSteps) steps after healing (stall): \(unsettledLinks().joined(separator: "; "))")
    }

    /// What `tombstoneBench` measured: per tier, the most tombstones left at any node.
    public struct TombstoneFigure: Sendable {
        public var deletes: Int
        public var leftByTier: [(tier: Tier, maxLeft: Int64)]
        public var collected: Int64
        public var failures: [String]
    }

    /// Tombstone collection measured (Protocols/SPEC.md §21): the tree without faults, with chunks
    /// of 512 rows; `deletes` rows inserted and then deleted by the city and the districts
    /// (catalogue and implementation rows, which reach every node below their publisher), then
    /// healed and settled. Reports the tombstones left per tier.
    public func tombstoneBench(deletes: Int) -> TombstoneFigure {
        var figure = TombstoneFigure(deletes: deletes, leftByTier: [], collected: 0, failures: [])
        faults = .none
        session.chunkRows = 512
        session.window = 4
        do {
            try setUp()
            let writers = nodes.filter { $0.id.tier <= .district }
            let share = deletes / writers.count
            for (round, deleting) in [false, true].enumerated() {
                for (index, node) in writers.enumerated() {
                    guard let replica = node.replica, let engine = node.engine else { continue }
                    let count = share + (index == 0 ? deletes - share * writers.count : 0)
                    let id = node.id
                    let nodeNow = engine.correctedMillis(node.now(now))
                    let head = try replica.write { db in
                        _ = try SimulationBench.advanceClock(toAtLeast: HLC(millis: nodeNow), db)
                        for i in 0..<count {
                            if id.tier == .city {
                                try db.cachedStatement(
                                    sql: deleting ? "DELETE FROM item_catalog WHERE catalog_code = ?1"
                                        : "INSERT INTO item_catalog (catalog_code, task_name, task_type, task_state, scope) VALUES (?1, 'bench', '01', '1', ?2)"
                                ).execute(arguments: deleting ? ["B\(i)"] : ["B\(i)", id.rawValue])
                            } else {
                                try db.cachedStatement(
                                    sql: deleting ? "DELETE FROM item_impl WHERE task_handle_item = ?1"
                                        : "INSERT INTO item_impl (task_handle_item, task_code, catalog_code, task_name, project_type, promise_day, task_state, scope) VALUES (?1, ?1, 'SIM0', 'bench', '2', 5, '1', ?2)"
                                ).execute(arguments: deleting ? ["\(id)-B\(i)"] : ["\(id)-B\(i)", id.rawValue])
                            }
                        }
                        return try Replica.head(db)
                    }
                    engine.noteLocalCommit(head: head)
                }
                _ = round
                try heal()
                if failed { break }
            }
            if !failed { try settleTombstones() }
            var byTier: [Tier: Int64] = [:]
            for node in nodes {
                guard let replica = node.replica else { continue }
                byTier[node.id.tier] = max(byTier[node.id.tier] ?? 0, try replica.tombstoneCount())
                figure.collected += try replica.tombstonesCollected()
            }
            figure.leftByTier = byTier.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        } catch {
            report.failures.append("error at step \(step): \(error)")
        }
        for node in nodes { bench.adopt(node.id, node.replica) }
        figure.failures = report.failures
        return figure
    }

    /// Simulated time at most for the settled marks to go round the healed tree and every node
    /// to collect what all have (Protocols/SPEC.md §21): a few heartbeats and rounds per tier.
    static let maxSettleSteps = 1_600

    /// After healing: runs on until no tombstone is left anywhere or the settle time is up, so that
    /// collection, and what the oracle checks after it, happens in every seed.
    private func settleTombstones() throws {
        for settleStep in 1...Self.maxSettleSteps {
            step += 1
            try deliverDue()
            tickAll()
            if failed { return }
            if settleStep % 40 == 0 {
                var left: Int64 = 0
                for node in nodes { left += try node.replica?.tombstoneCount() ?? 0 }
                if left == 0 { return }
            }
        }
        var left: [String] = []
        for node in nodes { if let count = try node.replica?.tombstoneCount(), count > 0 { left.append("\(node.id): \(count)") } }
        report.failures.append("tombstones not collected within \(Self.maxSettleSteps) steps after healing (墓碑未回收): \(left.prefix(6).joined(separator: ", "))")
    }

    private func finalChecks() throws {
        var problems: [String] = []
        var states: [NodeID: [RowChange]] = [:]
        for node in nodes { if let replica = node.replica { states[node.id] = try replica.rowStates() } }
        // A district restored from a backup holds, from the city, its own lost writes with their
        // personal cells withheld; when no node below it holds such a row raw, the raw values are
        // gone (the city never held them) and the district keeps the row from its towns
        // (Protocols/SPEC.md §17.4). Those rows are not expected below it.
        var lost: [Oracle.Key: NodeID] = [:]
        for (id, held) in states where id.tier == .district {
            for state in held where state.isLive && state.versions.expanded(columnCount: state.values.count).contains(PrivacyProjection.withheldVersion) {
                let key = Oracle.Key(table: state.table, key: state.key)
                let below = states.contains { other, rows in
                    other != id && id.isAncestorOrSelf(of: other) && rows.contains { Oracle.Key(table: $0.table, key: $0.key) == key }
                }
                if !below { lost[key] = id }
            }
        }
        report.heldBackForGood = lost.count
        for node in nodes {
            guard let replica = node.replica, let held = states[node.id] else { continue }
            if let first = try replica.refusals(limit: 1).oldest.first {
                problems.append("node \(node.id) refused an honest write: \(first)")
            }
            if let forgery = try replica.forgeries(limit: 1).first {
                problems.append("node \(node.id) took an honest write for a forgery: \(forgery)")
            }
            report.tombstonesCollected += try replica.tombstonesCollected()
            report.tombstonesLeft += try replica.tombstoneCount()
            let excused = Set(lost.filter { $0.value != node.id && $0.value.isAncestorOrSelf(of: node.id) }.keys)
            problems += oracle.differences(at: node.id, holding: held, excusing: excused)
        }
        report.failures += problems.sorted().prefix(8)
    }

    // MARK: Faults

    /// The step at which this seed moves a village (nil: it does not), drawn from a generator of
    /// its own so that seeds without a move run exactly as before.
    private lazy var moveStep: Int? = {
        var dice = SplitMix64(seed: configuration.seed ^ 0x7265_7061_7265_6E74)
        guard Double.random(in: 0..<1, using: &dice) < faults.reparent else { return nil }
        return Int.random(in: 30...250, using: &dice)
    }()

    /// 区划调整: the district moves a village to its other town (Protocols/SPEC.md §20). The
    /// district records the move; the towns (and the city) adopt it as their next welcome (the
    /// city: the district's hello) would bring it; the village learns it from its new town's
    /// welcome. Tried from `moveStep` on, at a step where the towns, the district and the city run
    /// and the old town has relayed the village's rows to the district (its operator syncs it
    /// first: what it alone held of the village would go with its purge). The sessions of the
    /// old town are closed and messages in flight to or from it dropped, as a restart would.
    private func reparent() throws {
        guard let due = moveStep, step >= due, report.moves == 0 else { return }
        let villages = nodes.filter { $0.id.tier == .village }
        var dice = SplitMix64(seed: configuration.seed ^ 0x7669_6C6C_6167_65)
        let village = villages[Int.random(in: 0..<villages.count, using: &dice)]
        guard let oldTownID = village.parent, let districtID = oldTownID.parentCode,
            let newTown = nodes.first(where: { $0.id.tier == .town && $0.id.parentCode == districtID && $0.id != oldTownID }),
            let oldTown = byID[oldTownID], let district = byID[districtID], let city = byID[Self.tree[0]],
            let districtReplica = district.replica, let oldReplica = oldTown.replica, let newReplica = newTown.replica, let cityReplica = city.replica
        else { return }
        let acked = try oldReplica.link(districtID)?.acked ?? .zero
        guard try !oldReplica.readChunk(for: districtID, after: acked, limit: 100_000).rows.contains(where: { $0.scope == village.id }) else { return }
        let move = RegionMove(node: village.id, parent: newTown.id, decidedMillis: district.now(now), decidedBy: districtID)
        _ = try districtReplica.recordMove(move, nowMillis: district.now(now))
        for (node, replica, source) in [(city, cityReplica, districtID), (oldTown, oldReplica, districtID), (newTown, newReplica, districtID)] {
            let outcome = try replica.adoptMoves([move], from: source, nowMillis: node.now(now))
            if !outcome.refused.isEmpty { report.failures.append("node \(node.id) refused the move \(move): \(outcome.refused)") }
        }
        // Both towns restart their sessions (the new one so that the district sends it the
        // village's rows when it reconnects, §20.5); nothing in flight to or from them arrives.
        let touched: Set<NodeID> = [oldTownID, newTown.id, village.id]
        network.removeAll { touched.contains($0.from) || touched.contains($0.to) }
        for town in [oldTown, newTown] {
            town.driver?.restartSessions(reconnectAt: now + 200)
            district.driver?.forgetChild(town.id)
            for child in nodes where child.parent == town.id { child.driver?.restartSessions(reconnectAt: now + 200) }
        }
        village.driver?.restartSessions(reconnectAt: now + Int64.random(in: 200...1000, using: &dice))
        village.parent = newTown.id
        oracle.tree = districtReplica.tree
        report.moves = 1
        report.move = "\(village.id) from \(oldTownID) to \(newTown.id) at step \(step)"
    }

    private func injectFaults() {
        if Double.random(in: 0..<1, using: &rng) < faults.crash {
            let node = nodes[Int.random(in: 0..<nodes.count, using: &rng)]
            if node.isUp {
                bench.adopt(node.id, node.crash())
                node.downUntilStep = step + Int.random(in: 10...200, using: &rng)
                report.crashes += 1
            }
        }
        if Double.random(in: 0..<1, using: &rng) < faults.powerCut {
            let candidates = nodes.filter { SimulationBench.onPowerCutLayer.contains($0.id) }
            let node = candidates[Int.random(in: 0..<candidates.count, using: &rng)]
            if node.isUp {
                powerCut(node)
                node.downUntilStep = step + Int.random(in: 10...200, using: &rng)
                report.powerCuts += 1
            }
        }
        if Double.random(in: 0..<1, using: &rng) < faults.clockJump {
            let node = nodes[Int.random(in: 1..<nodes.count, using: &rng)]
            if node.isUp {
                let size = Int64.random(in: 3_600_000...max(3_600_000, faults.maxClockJumpMillis), using: &rng)
                node.skewMillis += Bool.random(using: &rng) ? size : -size
                report.clockJumps += 1
            }
        }
        if Double.random(in: 0..<1, using: &rng) < faults.backup {
            let node = nodes[Int.random(in: 0..<nodes.count, using: &rng)]
            if let replica = node.replica {
                let copy = bench.path(node.id) + ".backup"
                do {
                    try replica.backup(to: copy)
                    node.backupPath = copy
                } catch {
                    report.failures.append("backup of \(node.id) failed: \(error)")
                }
            }
        }
        if Double.random(in: 0..<1, using: &rng) < faults.restore {
            // A hall's PC is restored from its backup: a village's, a town's or a district's.
            // Not a node of a re-parenting: its backup predates the move (a restore that loses a
            // move is an operator error: record it again, deploy/README.md).
            let moved = Set(oracle.tree.moves.values.flatMap { [$0.node, $0.parent, $0.decidedBy] + ($0.node.parentCode.map { [$0] } ?? []) })
            let candidates = nodes.filter { $0.id.tier > .city && !moved.contains($0.id) }
            let node = candidates[Int.random(in: 0..<candidates.count, using: &rng)]
            if node.backupPath != nil {
                do {
                    try restore(node)
                    node.downUntilStep = step + Int.random(in: 10...200, using: &rng)
                    report.restores += 1
                } catch {
                    report.failures.append("restore of \(node.id) failed: \(error)")
                }
            }
        }
        if Double.random(in: 0..<1, using: &rng) < faults.partition {
            let node = nodes[Int.random(in: 1..<nodes.count, using: &rng)]
            cutUntilStep[node.id] = step + Int.random(in: 10...400, using: &rng)
            report.partitions += 1
        }
    }

    /// The power goes at `node`: its process dies with its connections (frozen first, so that
    /// closing them writes nothing), and its files lose every byte not fsynced. The restart
    /// opens the file afresh, as a rebooted PC does.
    private func powerCut(_ node: SimulatedNode) {
        let path = bench.path(node.id)
        liandong_powercut_freeze(path)
        _ = node.crash()
        bench.adopt(node.id, nil)
        liandong_powercut_thaw(path)
        for suffix in ["", "-wal", "-journal"] {
            let result = liandong_powercut_apply(path + suffix)
            if result != 0 { report.failures.append("power cut at \(node.id): cannot cut \(path + suffix) (errno \(result))") }
        }
        unlink(path + "-shm")
    }

    /// Replaces `node`'s file by its backup, with the node stopped: its connections closed, its
    /// messages still on the way dropped (its process is gone), the writes only the replaced file
    /// held forgotten by the oracle, and its status history reset (the old file holds older
    /// statuses, legitimately).
    ///
    /// Until the node is confirmed in sync with its parent it writes nothing: the domain names a
    /// hall's new case events by its count of the case's events, which repeats while the lost
    /// ones have not come back (docs/durability-and-time.md: restore, sync, then work).
    private func restore(_ node: SimulatedNode) throws {
        guard let backup = node.backupPath else { return }
        node.awaitingResync = true
        let path = bench.path(node.id)
        _ = node.crash()
        bench.adopt(node.id, nil)
        for suffix in ["", "-wal", "-shm", "-journal"] {
            unlink(path + suffix)
            unlink(path + suffix + "-unsynced")
        }
        try FileManager.default.copyItem(atPath: backup, toPath: path)
        let restored = try Replica.open(at: path, logger: logger, privacyKey: SimulationBench.privacyKey, vfs: SimulationBench.vfs(node.id))
        // As `liandong restore` does: the node knows it went back in time (SPEC §21.6).
        try restored.markRestored()
        bench.adopt(node.id, restored)
        network.removeAll { $0.from == node.id }
        node.statusRanks = [:]
        var holders: [(node: NodeID, states: [RowChange])] = []
        for other in nodes {
            // A node down after a power cut holds its file too: open it, for its restart as well.
            let replica = try other.replica ?? bench.held(other.id) ?? bench.reopen(other.id)
            if other.replica == nil { bench.adopt(other.id, replica) }
            holders.append((other.id, try replica.rowStates()))
        }
        oracle.forget(holders: holders)
    }

    /// Every running node looks at its clocks: the system clock (skewed, jumped) against a
    /// monotonic one (the simulation's).
    private func observeClocks() {
        for node in nodes { node.engine?.observeClock(wallMillis: node.now(now), monotonicMillis: now) }
    }

    /// Starts `node`'s engine on `replica`; every chunk it merges is checked as it commits.
    private func start(_ node: SimulatedNode, _ replica: Replica) throws {
        try node.start(replica, session: session, drift: drift, logger: logger)
        if let engine = node.engine {
            // The real node's policy and defaults (NodeConfiguration), in simulated time.
            let defaults = NodeConfiguration(databasePath: node.path, security: .insecure)
            let policy = LinkPolicy(
                hasParent: node.parent != nil, schedule: node.schedule, utcOffsetMinutes: 0,
                reconnectInitialMillis: defaults.reconnectInitialMillis, reconnectMaxMillis: defaults.reconnectMaxMillis)
            node.driver = LinkDriver(
                engine: engine, policy: policy, transport: SimulatedLinks(simulation: self, node: node), logger: logger, random: SplitMix64(seed: rng.next()))
        }
        // Every node seals its own cells; each district holds the seal keys of its subtree, as
        // its operator registers them (Protocols/SPEC.md §18.1).
        node.engine?.sealer = Self.sealer(node.id)
        if node.id.tier == .district {
            node.engine?.sealRegistry = Dictionary(
                uniqueKeysWithValues: Self.tree.filter { node.id.isAncestorOrSelf(of: $0) && $0 != node.id }.map { ($0, Self.sealer($0).publicKey) })
        }
        // A process reads its clocks from its first turn on: a clock set after that is noticed.
        node.engine?.observeClock(wallMillis: node.now(now), monotonicMillis: now)
        node.engine?.onMerge = { [unowned self, unowned node] sender, outcome in
            self.checkDuringRun(node, outcome.stored, cause: "merging changes from \(sender)")
        }
    }

    /// A node's seal key, fixed by its region code (a real node derives it from its key file).
    static func sealer(_ node: NodeID) -> SealSigner {
        var secret = [UInt8](repeating: 0, count: 32)
        withUnsafeBytes(of: node.rawValue.littleEndian) { secret.replaceSubrange(0..<8, with: $0) }
        return SealSigner(node: node, secret: secret)
    }

    private func restartDueNodes() {
        for node in nodes where !node.isUp && node.downUntilStep <= step {
            do { try start(node, bench.reopen(node.id)) } catch {
                report.failures.append("node \(node.id) could not restart from its file: \(error)")
            }
        }
    }

    /// True when the link between `child` and its parent is cut now.
    private func isCut(_ child: NodeID) -> Bool { (cutUntilStep[child] ?? 0) > step }

    // MARK: Local writes

    /// One local operation at `node`; false when it found nothing to do.
    private func operate(at node: SimulatedNode) throws -> Bool {
        guard let replica = node.replica, let engine = node.engine else { return false }
        if node.awaitingResync {
            guard let link = node.parentLink, link.session.isConfirmedInSync(head: engine.head) else { return false }
            node.awaitingResync = false
        }
        node.serial += 1
        let dice = rng.next()
        let serial = node.serial
        let id = node.id
        let nodeNow = engine.correctedMillis(node.now(now))
        let day = Day(year: 2026, month: 11, day: 16).advanced(by: step / 400)
        let tableIndexes = self.tableIndexes
        let result: (HLC, Workload.Operation, [RowChange], ChangeSeq)?
        do {
            result = try replica.writeIfAny { db in
                // The node's corrected time (its clock plus the offset to its parent's): the capture stamps after it.
                let clock = try SimulationBench.advanceClock(toAtLeast: HLC(millis: nodeNow), db)
                let headBefore = try Replica.head(db)
                guard let operation = try Workload.perform(at: id, dice: dice, serial: serial, day: day, db) else { return nil }
                // What the write stored (the row states stamped after the head), read back before it commits.
                let written = try replica.rowStates(changedAfter: headBefore, tables: operation.tables.compactMap { tableIndexes[$0] }, db)
                return (clock, operation, written, try Replica.head(db))
            }
        } catch {
            // The replica's guards refused it (a transition its status no longer allows); any
            // other error ends the run.
            guard error.underlying?.contains("liandong: ") ?? false else { throw error }
            report.refusedLocally += 1
            return true
        }
        guard let (clock, operation, states, head) = result else { return false }
        report.operations += 1
        oracle.record(states, writer: id, after: clock)
        checkDuringRun(node, states, cause: operation.name)
        engine.noteLocalCommit(head: head)
        return true
    }

    private var now: Int64 { Self.epochMillis + Int64(step) * Self.stepMillis }

    // MARK: Network

    /// Opens a new connection from `node` to its parent (the driver's reconnect).
    fileprivate func openConnection(from node: SimulatedNode) -> ConnectionID {
        connectionCount += 1
        let connection = withUnsafeBytes(of: connectionCount.littleEndian) { ConnectionID(Array($0)) }
        connectionOwner[connection] = node.id
        return connection
    }

    fileprivate func owner(of connection: ConnectionID) -> NodeID? { connectionOwner[connection] }

    /// True while `connection` is its owner's open connection to its parent.
    fileprivate func isOpen(_ connection: ConnectionID) -> Bool {
        guard let owner = connectionOwner[connection] else { return false }
        return byID[owner]?.parentConnection == connection
    }

    /// Puts a message on the network: lost, duplicated or delayed as the faults say.
    fileprivate func send(_ message: WireMessage, frame: [UInt8], from node: SimulatedNode, to peer: NodeID, on connection: ConnectionID, upward: Bool) {
        guard let engine = node.engine else { return }
        let child = upward ? node.id : peer
        if isCut(child) || Double.random(in: 0..<1, using: &rng) < faults.drop {
            report.dropped += 1
            return
        }
        var carriesRows = false
        if case .changes(let chunk) = message { carriesRows = !chunk.rows.isEmpty }
        let copies = Double.random(in: 0..<1, using: &rng) < faults.duplicate ? 2 : 1
        if copies == 2 { report.duplicated += 1 }
        // A node with planted bugs sends what its bug makes of the message.
        let frame = bench.bugs.isEmpty ? frame : engine.frame(bench.bugs.sent(message, senderHead: engine.head))
        for _ in 0..<copies {
            messageOrder += 1
            let delay = faults.maxDelayMillis > 0 ? Int64.random(in: 0...faults.maxDelayMillis, using: &rng) : 0
            network.append(
                InFlight(deliverAt: now + delay, order: messageOrder, from: node.id, to: peer, connection: connection, upward: upward, frame: frame, carriesRows: carriesRows))
        }
    }

    private func deliverDue() throws {
        let current = now
        guard network.contains(where: { $0.deliverAt <= current }) else { return }
        let due = network.filter { $0.deliverAt <= current }.sorted { ($0.deliverAt, $0.order) < ($1.deliverAt, $1.order) }
        network.removeAll { $0.deliverAt <= current }
        for message in due {
            let child = message.upward ? message.from : message.to
            var connection = message.connection
            if !message.impostor, !isOpen(connection), let current = byID[child]?.parentConnection, byID[child]?.parent == (message.upward ? message.to : message.from),
                Double.random(in: 0..<1, using: &rng) < faults.replay
            {
                connection = current
            }
            // A connection closed (a reconnect, a crash) takes what was on its way to the child with it.
            guard let target = byID[message.to], let engine = target.engine, let driver = target.driver, !isCut(child),
                message.upward || target.parentConnection == connection
            else {
                report.dropped += 1
                continue
            }
            report.delivered += 1
            var envelope: Envelope
            do { envelope = try Envelope(decoding: message.frame) } catch {
                report.failures.append("node \(message.to) could not decode a frame from \(message.from): \(error)")
                return
            }
            if case .changes(let chunk) = envelope.message {
                report.rowsDelivered += chunk.rows.count
                report.deltaRowsDelivered += chunk.rows.filter(\.isDelta).count
            }
            // A node with planted bugs merges what its bug would make of the message.
            var restamp: [RowChange] = []
            if !bench.bugs.isEmpty, let replica = target.replica {
                do { (envelope.message, restamp) = try bench.bugs.received(envelope.message, at: replica) } catch {
                    report.failures.append("node \(message.to) could not read the rows a planted bug changes: \(error)")
                    return
                }
            }
            defer {
                if !restamp.isEmpty, let replica = target.replica {
                    do { engine.noteLocalCommit(head: try PlantedBugs.restamp(restamp, at: replica, nowMillis: target.now(current))) } catch {
                        report.failures.append("node \(message.to) could not restamp rows for a planted bug: \(error)")
                    }
                }
            }
            // Sessions run on monotonic time (the simulation's); the engine maps it to the node's clock.
            engine.observeClock(wallMillis: target.now(current), monotonicMillis: current)
            if !message.upward {
                driver.receiveFromParent(envelope, now: current)
                checkRefusal(target)
                continue
            }
            // The network knows whose connection it is, as ZAP does under CURVE.
            guard let owner = connectionOwner[connection] else { continue }
            let outcome = driver.receiveFromChild(envelope, on: connection, identity: SimulatedNode.identity(owner), now: current)
            switch outcome {
            case .impostor where message.impostor:
                report.impostorsRefused += 1
            case .impostor(let claimed, let authenticated):
                report.failures.append("node \(target.id) took node \(authenticated)'s own hello for an impostor's claiming \(claimed)")
            case _ where message.impostor:
                report.failures.append("node \(target.id) did not refuse an impostor's hello (\(outcome)) on a connection authenticated as node \(owner)")
            case .helloRefused(let refusal):
                report.failures.append("node \(target.id) refused its child \(owner): \(refusal.reason)")
            case .malformed(let error):
                report.failures.append("node \(target.id) could not decode a frame from \(owner): \(error)")
            case .handled, .noSession:
                break
            }
        }
    }

    private func tickAll() {
        for node in nodes {
            guard let engine = node.engine, let driver = node.driver else { continue }
            engine.observeClock(wallMillis: node.now(now), monotonicMillis: now)
            let wasConnected = driver.parent != nil
            driver.tick(now: now)
            checkRefusal(node)
            guard node.schedule != .continuous, wasConnected != (driver.parent != nil) else { continue }
            // The window node: it connects only inside its window, and hangs up outside it.
            if driver.parentLinkAllowed(now: now) {
                if !wasConnected && node.hungUpForWindow { report.windowReconnects += 1 }
                node.hungUpForWindow = false
            } else if wasConnected {
                // Dropped for another reason (a lost parent) counts as well: it stays away until the window opens.
                report.windowHangUps += 1
                node.hungUpForWindow = true
            } else {
                report.failures.append("step \(step): node \(node.id) connected to its parent outside its sync window \(node.schedule)")
            }
        }
    }

    /// Honest nodes are never refused by their parent.
    private func checkRefusal(_ node: SimulatedNode) {
        guard let refusal = node.driver?.refused, !node.refusalReported else { return }
        node.refusalReported = true
        report.failures.append("node \(node.id) was refused by its parent: \(refusal.reason)")
    }

    /// Someone holding a running node's key connects to its parent and says hello as a sibling
    /// of that node, with the sibling's own hello (Protocols/SPEC.md §8.2).
    private func injectImpostor() {
        guard Double.random(in: 0..<1, using: &rng) < faults.impostor else { return }
        let candidates = nodes.filter { $0.isUp && $0.parent != nil }
        guard !candidates.isEmpty else { return }
        let holder = candidates[Int.random(in: 0..<candidates.count, using: &rng)]
        guard let parent = holder.parent,
            let victim = nodes.first(where: { $0.id != holder.id && $0.parent == parent && $0.isUp }), let engine = victim.engine,
            let (_, actions) = try? engine.openParentLink(now: now),
            let hello = actions.lazy.compactMap({ action -> WireMessage? in if case .send(let message) = action, case .hello = message { return message } else { return nil } }).first
        else { return }
        let connection = openConnection(from: holder)
        send(hello, frame: engine.frame(hello), from: holder, to: parent, on: connection, upward: true)
        // Whatever made it onto the network is the impostor's.
        for index in network.indices where network[index].connection == connection { network[index].impostor = true }
    }

    // MARK: Invariants

    /// No row outside the node's scope; no status moving backwards.
    private func checkDuringRun(_ node: SimulatedNode, _ states: [RowChange], cause: String) {
        let schema = oracle.schema
        for state in states {
            let table = schema.tables[state.table]
            if let scope = state.scope, !table.isVisible(scope: scope, at: node.id, in: oracle.tree) {
                report.failures.append("step \(step): node \(node.id) holds \(table.name)\(state.key) scoped to \(scope), outside its scope, after \(cause)")
            }
            guard state.isLive, let statusIndex = table.columns.firstIndex(where: { $0.lattice != nil }), case .text(let projectNo) = state.key[0] else { continue }
            let rank = table.columns[statusIndex].lattice!.rank(state.values[statusIndex])
            if let previous = node.statusRanks[projectNo], rank < previous {
                report.failures.append(
                    "step \(step): case \(projectNo) at node \(node.id) moved back to \(state.values[statusIndex]) (rank \(rank) < \(previous)) after \(cause)")
            }
            node.statusRanks[projectNo] = max(rank, node.statusRanks[projectNo] ?? rank)
        }
    }

    /// Every link established and in sync on both ends, and no rows on the way.
    private func quiescent() -> Bool {
        unsettledLinks(limit: 1).isEmpty
    }

    private func unsettledLinks(limit: Int = 4) -> [String] {
        var unsettled: [String] = []
        if let moving = network.first(where: \.carriesRows) { unsettled.append("changes from \(moving.from) to \(moving.to) on the way") }
        for node in nodes where node.parent != nil && unsettled.count < limit {
            guard let parent = byID[node.parent!], let engine = node.engine, let parentEngine = parent.engine else { continue }
            // After a move or a restore, in sync as `liandong sync` confirms it: caught up both
            // ways and digests agree, since rows no chunk carries then (SPEC §20.5, §21.6) are
            // found by digests. Otherwise caught up is enough, and must be: digests would also
            // repair what a merge bug lost, and hide it from the checks.
            let needsDigests = report.moves > 0 || report.restores > 0
            if needsDigests { node.driver?.confirmParentWhenCaughtUp() }
            guard let up = node.parentLink, needsDigests ? node.driver?.parentConfirmedInSync == true : up.session.isInSync(head: engine.head) else {
                unsettled.append(
                    "\(node.id) → \(parent.id) (head \(engine.head)): \(node.parentLink?.session.progress ?? "no link"); "
                        + "\(parent.id) → \(node.id) (head \(parentEngine.head)): \(parent.children[node.id]?.session.progress ?? "no link")")
                continue
            }
            guard let down = parent.children[node.id], down.session.isInSync(head: parentEngine.head) else {
                unsettled.append("\(parent.id) → \(node.id) (head \(parentEngine.head)): \(parent.children[node.id]?.session.progress ?? "no link")")
                continue
            }
        }
        return unsettled
    }
}

/// The simulated network as a node's `LinkDriver` sees it: a connection to the parent that each
/// reconnect opens anew, and the children's connections.
final class SimulatedLinks: LinkTransport {
    unowned let simulation: Simulation
    unowned let node: SimulatedNode

    init(simulation: Simulation, node: SimulatedNode) {
        self.simulation = simulation
        self.node = node
    }

    func openParentConnection() throws {
        node.parentConnection = simulation.openConnection(from: node)
    }

    func closeParentConnection() { node.parentConnection = nil }

    func sendToParent(_ message: WireMessage, frame: [UInt8]) -> Bool {
        guard let connection = node.parentConnection, let parent = node.parent else { return false }
        simulation.send(message, frame: frame, from: node, to: parent, on: connection, upward: true)
        return true
    }

    func sendToChild(_ connection: ConnectionID, _ message: WireMessage, frame: [UInt8]) -> ChildSendResult {
        // A connection its child closed (it reconnected, or crashed) is gone, as a ROUTER that
        // insists on delivery reports.
        guard simulation.isOpen(connection), let owner = simulation.owner(of: connection) else { return .unreachable }
        simulation.send(message, frame: frame, from: node, to: owner, on: connection, upward: false)
        return .sent
    }
}
