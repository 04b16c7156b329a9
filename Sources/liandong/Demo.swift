import ArgumentParser
import Foundation
import LiandongCore
import LiandongDomain
import LiandongLocalCluster
import LiandongStore
import LiandongSync
import LiandongTransport

/// `liandong demo`: a whole small city on loopback (README) — 1 city, 2 districts, 4 towns and
/// 8 villages as 15 separate node processes, each with its own SQLite file.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A small city on loopback: 15 node processes (市 1, 区县 2, 乡镇 4, 村 8) load the catalogue, register and handle cases with villages offline, converge, and print the city's statistics.")

    @Option(help: "Directory for the demo's replicas and logs (kept for inspection; emptied first).")
    var dir: String = "liandong-demo"

    @OptionGroup var simulation: SimulationOptions

    @Option(name: .long, help: "Log level for the node processes.")
    var logLevel: String = "warning"

    func run() async throws {
        let started = Date()
        let logger = makeLogger(.warning)
        let first: Day
        do { first = try Day(simulation.firstDay) } catch { throw CommandFailure("error: \(error)") }
        let city = SyntheticCity(seed: simulation.seed, shape: .demo, firstDay: first, days: simulation.days)
        let fm = FileManager.default
        try? fm.removeItem(atPath: dir)
        try fm.createDirectory(atPath: "\(dir)/logs", withIntermediateDirectories: true)
        // One privacy key for the city's districts, in the file each district's process reads
        // by default (`<replica>.privacy-key`, mode 0600).
        let privacyKey = PrivacyKey.random()

        say("联动 Liandong demo — a small city on loopback: 1 city 市, 2 districts 区县, 4 towns 乡镇, 8 villages 村 as 15 processes")
        say("seed \(simulation.seed), \(simulation.days) days from \(first) to \(city.horizon); replicas and logs in \(dir)/")

        // 1. Nodes.
        var replicas: [NodeID: Replica] = [:]
        var endpoints: [NodeID: String] = [:]
        for node in city.nodes where node.tier != .village { endpoints[node] = "tcp://127.0.0.1:\(try freeLoopbackPort())" }
        for node in city.nodes {
            let replica = try failing { try Replica.create(at: path(node), node: node, schema: GovernmentSchema.schema, logger: logger, privacyKey: privacyKey) }
            try failing {
                try replica.setSetting(NodeConfiguration.listenSetting, endpoints[node])
                try replica.setSetting(NodeConfiguration.parentSetting, node.parentCode.flatMap { endpoints[$0] })
                if node.tier == .district { try PrivacyKeyFile.create(privacyKey, at: PrivacyKeyFile.defaultPath(forReplicaAt: path(node))) }
            }
            replicas[node] = replica
        }
        // Every node gets its key pair; every parent enrols its children's public keys and every
        // child holds its parent's, as operators do with `liandong keys` (deploy/README.md).
        var keys: [NodeID: NodeKeyFile] = [:]
        for node in city.nodes {
            let file = NodeKeyFile(node: node, pair: try failing { try CurveKeyPair.generate() })
            try failing { try file.write(to: NodeKeyFile.defaultPath(forReplica: path(node))) }
            keys[node] = file
        }
        var enrolments: [NodeID: EnrolledKeys] = Dictionary(uniqueKeysWithValues: city.nodes.map { ($0, EnrolledKeys()) })
        for node in city.nodes {
            guard let parent = node.parentCode else { continue }
            try failing { try enrolments[parent]!.enrol(node, key: keys[node]!.pair.publicKey, at: Date()) }
            enrolments[node]!.parent = EnrolledKeys.Parent(node: parent, key: keys[parent]!.pair.publicKey)
        }
        // Each district registers the seal keys of its towns and villages (`liandong keys sealer`).
        for district in city.districts {
            for node in city.nodes where district.isAncestorOrSelf(of: node) && node != district {
                enrolments[district]!.sealers[node] = keys[node]!.sealPublicKey
            }
        }
        for node in city.nodes { try failing { try enrolments[node]!.write(to: EnrolledKeys.defaultPath(forReplica: path(node)), owner: node) } }
        var processes: [NodeID: NodeProcess] = [:]
        defer {
            for process in processes.values { process.terminate() }
            for process in processes.values { process.waitForExit(seconds: 10) }
        }
        func start(_ node: NodeID) throws {
            processes[node] = try NodeProcess(
                executable: NodeProcess.currentExecutable, arguments: ["run", "--db", path(node), "--log-level", logLevel], logPath: "\(dir)/logs/\(node).log")
        }
        func stop(_ node: NodeID) {
            processes[node]?.terminate()
            processes[node]?.waitForExit(seconds: 10)
            processes[node] = nil
        }
        for node in city.nodes { try start(node) }
        say("1. started 15 nodes 节点: city \(SyntheticCity.cityCode) → districts \(city.districts.map(\.description).joined(separator: ", ")) → 4 towns → 8 villages")
        say("   every link is encrypted and authenticated (CURVE 加密认证): each node has its own key pair, each parent admits only its enrolled children's keys")
        say("   every town's and village's writes are sealed 来源签封 and checked at its district and the city (seal keys registered at each district)")

        // 2. Catalogue down.
        var mark = Date()
        for node in city.nodes {
            try failing { try replicas[node]!.write { try city.publish(at: node, $0) } }
        }
        let villages = city.nodes.filter { $0.tier == .village }
        try await waitUntil("the catalogue to reach every village", seconds: 60) {
            try villages.allSatisfy { village in
                let district = village.ancestorsOrSelf[1]
                let rows = try replicas[village]!.query("SELECT (SELECT count(*) FROM item_catalog), (SELECT count(*) FROM item_impl)").rows.first ?? []
                return rows == [.integer(Int64(city.shape.baseItems)), .integer(Int64(city.implementationItems(of: district).count))]
            }
        }
        let implementation = city.districts.map { city.implementationItems(of: $0).count }
        say("2. catalogue 事项目录: city 市 published \(city.shape.baseItems) base items 基本目录 and the holiday calendar 节假日; districts 区县 published \(implementation.map(String.init).joined(separator: " and ")) implementation items 实施清单 with their materials 申请材料; all 8 villages hold them after \(ms(since: mark)) ms")

        // 3. Some villages go offline; every hall registers cases day by day.
        let offline = [villages[1], villages[4], villages[6]]
        for village in offline { stop(village) }
        say("3. villages \(offline.map(\.description).joined(separator: ", ")) go offline 离线 (their processes stop; their files stay writable)")
        var registered = 0
        for day in city.workingDays {
            for node in city.nodes where node.tier != .city {
                registered += try failing { try replicas[node]!.write { try city.register(at: node, on: day, $0) } }
            }
        }
        say("4. halls register \(registered) cases 办件 over \(city.workingDays.count) working days (villages 代办 on behalf of villagers, offline ones too)")

        // 4. Rounds of work while the villages are away, then again once they are back.
        mark = Date()
        var online = Set(city.nodes).subtracting(offline)
        let steps = try await work(city, replicas, online: online)
        say("5. towns receive and accept 接件受理, districts conclude 办结, halls deliver 送达 and collect evaluations 好差评: \(steps) steps in \(ms(since: mark)) ms")
        mark = Date()
        for village in offline { try start(village) }
        online = Set(city.nodes)
        let later = try await work(city, replicas, online: online)
        say("6. the offline villages come back 恢复联网: their cases go up, decisions come down, \(later) more steps; settled after \(ms(since: mark)) ms")

        // 电子监察 on the last working day: the districts raise alerts on cases near or past due,
        // unfinished rectifications and unpublished disclosure; the handling towns and districts
        // answer some of them (说明/整改).
        mark = Date()
        let supervised = city.lastWorkingDay
        var outcome = Supervision.Outcome()
        for district in city.districts {
            let run = try failing { try replicas[district]!.write { try city.supervise(at: district, $0) } }
            outcome.raised += run.raised
            outcome.escalated += run.escalated
            outcome.closed += run.closed
        }
        try await settle(city, replicas, online: online)
        var answered = 0
        for node in city.nodes where node.tier == .town || node.tier == .district {
            answered += try failing { try replicas[node]!.write { try city.answerAlerts(at: node, $0) } }
        }
        try await settle(city, replicas, online: online)
        say("7. electronic supervision 电子监察 on \(supervised): the districts raise \(outcome.raised + outcome.escalated) alerts 预警 (\(outcome.escalated) escalated to red 升级红牌); the handling towns and districts answer 答复 \(answered); settled after \(ms(since: mark)) ms")

        // 5. Convergence proof.
        mark = Date()
        var proof: [ConvergenceProof.NodeReport] = []
        try await waitUntil("every replica to hold exactly its scope", seconds: 60) {
            proof = try failing { try ConvergenceProof.check(city.nodes.map { replicas[$0]! }, privacyKey: privacyKey) }
            return proof.allSatisfy(\.converged)
        }
        let tables = [
            "item_catalog", "item_impl", "item_material", "case_accept", "case_event", "case_material", "case_special", "case_result", "evaluation",
            "rectification", "disclosure_record", "supervision_alert",
        ]
        say("8. rows per node and table 各节点行数:")
        var table: [[String]] = []
        for node in city.nodes {
            let counts = try failing { try replicas[node]!.query("SELECT " + tables.map { "(SELECT count(*) FROM \($0))" }.joined(separator: ", ")).rows.first ?? [] }
            table.append([node.description, "\(node.tier.name) \(node.tier.chineseName)"] + counts.map(\.description))
        }
        say(indent(TextTable.render(["node 节点", "tier 层级"] + tables, table)))
        say("9. convergence proof 收敛证明 (digest of the rows each node should hold — its root path's scopes, personal data masked at the city — against the rows it holds):")
        say(indent(TextTable.render(
            ["node 节点", "should hold 应有", "holds 实有", "expected digest", "held digest", ""],
            proof.map { [$0.node.description, String($0.expectedRows), String($0.heldRows), $0.expectedDigest, $0.heldDigest, $0.converged ? "✓ converged 一致" : "✗ differs 不一致"] })))
        let leaks = try failing {
            try villages.reduce(0) { total, village in
                total + (try replicas[village]!.query("SELECT count(*) FROM case_accept WHERE scope != \(village.rawValue)").rows.first?.first?.integerValue ?? 0)
            }
        }
        let rawAtCity = try failing {
            try replicas[SyntheticCity.cityCode]!.query("SELECT count(*) FROM case_accept WHERE length(replace(applyer_page_code, '*', '')) > 10 OR contact_mobile NOT LIKE '%****%'").rows.first?.first?.integerValue ?? -1
        }
        say("   villages holding another village's cases 越级/横向数据: \(leaks); raw ID numbers or phones at the city 市级明文个人信息: \(rawAtCity)")
        let sealedAtCity = try failing { try replicas[SyntheticCity.cityCode]!.sealedCellCount() }
        let forgeries = try failing { try city.nodes.reduce(0) { $0 + (try replicas[$1]!.forgeries(limit: 1000).count) } }
        say("   cells the city holds under verified seals 已验签: \(sealedAtCity); forgeries found 伪造 anywhere: \(forgeries)")

        // 6. The city's statistics per district.
        let stats = try failing {
            try replicas[SyntheticCity.cityCode]!.read { try SupervisionStatistics.compute($0, root: SyntheticCity.cityCode, from: first, to: city.horizon) }
        }
        say("10. the city's statistics 市级统计 for \(first) … \(city.horizon), per district 按区县:")
        say(indent(TextTable.render(SupervisionStatistics.headings, stats.map(\.cells))))
        let alerts = try failing {
            try replicas[SyntheticCity.cityCode]!.query("""
                SELECT count(*), coalesce(sum(color = 'yellow'), 0), coalesce(sum(color = 'red'), 0),
                    coalesce(sum(response IS NOT NULL AND trim(response) != ''), 0), coalesce(sum(closed_at IS NULL), 0),
                    coalesce(sum(closed_at IS NULL AND (response IS NULL OR trim(response) = '')), 0)
                FROM supervision_alert
                """).rows.first?.map { $0.integerValue ?? 0 } ?? []
        }
        if alerts.count == 6 {
            say("   预警 alerts at the city 市级电子监察: raised 已发出 \(alerts[0]) (yellow 黄牌 \(alerts[1]), red 红牌 \(alerts[2])), answered 已答复 \(alerts[3]), open 未关闭 \(alerts[4]) (of which unanswered 未答复 \(alerts[5]))")
        }
        let converged = proof.allSatisfy(\.converged) && leaks == 0 && rawAtCity == 0 && forgeries == 0 && sealedAtCity > 0
        say(String(format: "%@ in %.1f s. Inspect: liandong stats --db %@ --from %@ --to %@", converged ? "Done 完成" : "FAILED 失败",
                   Date().timeIntervalSince(started), path(SyntheticCity.cityCode), first.description, city.horizon.description))
        if !converged { throw CommandFailure("error: the demo did not converge; see \(dir)/logs/") }
    }

    private func path(_ node: NodeID) -> String { "\(dir)/\(node).db" }

    /// Rounds of work: every online node acts on what it holds, then the tree settles; until a
    /// round does nothing.
    private func work(_ city: SyntheticCity, _ replicas: [NodeID: Replica], online: Set<NodeID>) async throws -> Int {
        var total = 0
        for _ in 0..<20 {
            var steps = 0
            for node in city.nodes where online.contains(node) {
                steps += try failing { try replicas[node]!.write { try city.act(at: node, $0) } }
            }
            try await settle(city, replicas, online: online)
            total += steps
            if steps == 0 { break }
        }
        return total
    }

    /// Waits until no link between online nodes has anything pending either way.
    private func settle(_ city: SyntheticCity, _ replicas: [NodeID: Replica], online: Set<NodeID>) async throws {
        var quietPolls = 0
        try await waitUntil("the tree to settle", seconds: 60) {
            var quiet = true
            for node in city.nodes where online.contains(node) {
                let replica = replicas[node]!
                for link in try failing({ try replica.links() }) where online.contains(link.peer) {
                    let pendingOut = try failing { try replica.pendingCount(for: link.peer, after: link.acked) }
                    if link.inboundPending > 0 || pendingOut > 0 { quiet = false }
                }
            }
            quietPolls = quiet ? quietPolls + 1 : 0
            return quietPolls >= 3
        }
    }

    private func waitUntil(_ what: String, seconds: Double, _ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CommandFailure("error: timed out after \(Int(seconds)) s waiting for \(what); see the logs in \(dir)/logs/")
    }

    private func ms(since date: Date) -> Int { Int(Date().timeIntervalSince(date) * 1000) }

    private func indent(_ text: String) -> String { text.split(separator: "\n", omittingEmptySubsequences: false).map { "   " + $0 }.joined(separator: "\n") }
}
