import ArgumentParser
import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the node and, per link, last contact, changes pending each way and lag.")

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var security: SecurityOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    struct LinkReport: Codable {
        var peer: String
        var role: String
        var lastContact: String
        var secondsSinceContact: Int64?
        var pendingOut: Int64
        var pendingIn: Int64
        var lagSeconds: Double
        var lastError: String?
        /// connected, lost, refused, idle or silent (the node stopped while connected), with since when.
        var state: String
        var secondsInState: Int64?
        /// The peer's time minus this node's system clock, last measured, in seconds.
        var peerClockOffsetSeconds: Double?
        /// "agree" only when the last digest comparison found both replicas equal; when they last agreed.
        var digests: String
        var digestsAgreedAt: String?
        /// A child link: the schema version this node last spoke to it (Protocols/SPEC.md §12.1).
        var schemaVersion: Int?
        /// The settled mark (SPEC §21) the peer last sent, 0 if none (an older peer, or not yet).
        var settled: Int64
    }

    struct Report: Codable {
        var node: String
        var tier: String
        /// The replica's schema and version, and the version this build runs (nil: not shipped).
        var schema: String
        var schemaVersion: Int
        var buildSchemaVersion: Int?
        var running: Bool
        var head: Int64
        var parentEndpoint: String?
        var listenEndpoint: String?
        var schedule: String
        /// Whether the schedule lets the node sync with its parent now.
        var windowOpen: Bool
        var rejected: Int64
        /// Milliseconds this node adds to its system clock (learned from its parent).
        var clockCorrectionMillis: Int64
        /// Changes this node holds that its parent does not have yet.
        var waitingForParent: Int64
        /// The node's public key (nil: no key file: the node runs only with --insecure).
        var publicKey: String?
        /// Children enrolled and not revoked, revoked keys, and whether the parent's key is set.
        var enrolledChildren: Int
        var revokedKeys: Int
        var parentKeySet: Bool
        /// Seal keys registered here (a district: its towns' and villages').
        var sealers: Int
        /// Forgeries found here or reported from below (伪造), newest first (at most 20).
        var forgeries: [String]
        /// Re-parentings (区划调整) this node knows, and the purges they caused here (SPEC §20).
        var moves: [String]
        var purges: [String]
        /// Tombstones (墓碑) held now, and collected since the replica was made (SPEC §21).
        var tombstones: Int64
        var tombstonesCollected: Int64
        var links: [LinkReport]
    }

    func run() throws {
        let given = try loadSettings(db: replica.db, config: security.config, overrides: replica.logLevelOverride + security.overrides)
        let logger = makeLogger(given.logLevel ?? .info)
        let report = try failing { () throws -> Report in
            let opened = try Replica.openShipped(at: replica.db, logger: logger)
            let settings = try fillingGaps(given, from: opened)
            let head = try opened.head()
            let now = wallClockMillis()
            let running = NodeLock.isHeld(path: NodeConfiguration.lockPath(forReplica: replica.db))
            func iso(_ millis: Int64) -> String { Date(timeIntervalSince1970: Double(millis) / 1000).ISO8601Format() }
            let settled = try opened.settledMarks()
            let links = try LinkReading.all(in: opened, nowMillis: now, nodeRunning: running).map { reading -> LinkReport in
                let link = reading.link
                let digests =
                    switch link.digestAgreed {
                    case true?: "agree 一致 (checked \(max(0, now - link.digestCheckedMillis) / 1000)s ago)"
                    case false?: "differ 不一致, repairing (checked \(max(0, now - link.digestCheckedMillis) / 1000)s ago)"
                    case nil: "not compared yet 未比对"
                    }
                return LinkReport(
                    peer: link.peer.description, role: link.role.rawValue,
                    lastContact: link.lastContactMillis == 0 ? "never" : iso(link.lastContactMillis),
                    secondsSinceContact: reading.secondsSinceContact,
                    pendingOut: reading.pendingOut, pendingIn: reading.pendingIn, lagSeconds: reading.lagSeconds, lastError: link.lastError,
                    state: reading.state, secondsInState: reading.secondsInState, peerClockOffsetSeconds: link.clockOffsetMillis.map { Double($0) / 1000 },
                    digests: digests, digestsAgreedAt: link.digestAgreedMillis == 0 ? nil : iso(link.digestAgreedMillis),
                    schemaVersion: link.role == .child ? (try opened.setting(SyncEngine.sentVersionSetting(link.peer))).flatMap { Int($0) } : nil,
                    settled: settled[link.peer]?.rawValue ?? 0)
            }
            // Only the schedule is read here; the links' security is reported from the files.
            let configuration = try nodeConfiguration(settings, db: replica.db, security: .insecure)
            let open = configuration.schedule.isOpen(
                atLocalMinute: SyncSchedule.localMinute(millis: now, utcOffsetMinutes: configuration.utcOffsetMinutes))
            let rejected = try opened.refusals(limit: 0).count
            let key = try? NodeKeyFile.load(from: settings.nodeKeyPath(replica: replica.db), node: opened.node)
            let enrolled = (try? EnrolledKeys.load(from: settings.enrolledPath(replica: replica.db))) ?? EnrolledKeys()
            var waiting: Int64 = 0
            if let parent = opened.tree.parent(of: opened.node) {
                waiting = try opened.pendingCount(for: parent, after: try opened.link(parent)?.acked ?? .zero)
            }
            return Report(
                node: opened.node.description, tier: opened.node.tier.name,
                schema: opened.schema.name, schemaVersion: opened.schema.version, buildSchemaVersion: ShippedSchemas.named(opened.schema.name)?.version,
                running: running, head: head.rawValue,
                parentEndpoint: configuration.parentEndpoint,
                listenEndpoint: configuration.listenEndpoint, schedule: configuration.schedule.description,
                windowOpen: open, rejected: rejected, clockCorrectionMillis: try opened.clockOffsetMillis(), waitingForParent: waiting,
                publicKey: key?.pair.publicKey.z85, enrolledChildren: enrolled.activeChildren.count, revokedKeys: enrolled.children.count - enrolled.activeChildren.count,
                parentKeySet: enrolled.parent != nil, sealers: enrolled.sealers.count, forgeries: try opened.forgeries(limit: 20).map(\.detail),
                moves: opened.tree.orderedMoves.map(\.description),
                purges: try opened.purges().map { "\(iso($0.atMillis)) \($0)" },
                tombstones: try opened.tombstoneCount(), tombstonesCollected: try opened.tombstonesCollected(), links: links)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            say(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        let tier = Tier(name: report.tier)
        say("node 节点 \(report.node)  tier 层级 \(report.tier) (\(tier?.chineseName ?? ""))  \(report.running ? "running 运行中" : "stopped 已停止")")
        say("parent 上级 \(report.parentEndpoint ?? "-")  listen 监听 \(report.listenEndpoint ?? "-")")
        if let build = report.buildSchemaVersion, build > report.schemaVersion {
            say("schema 模式 \(report.schema) v\(report.schemaVersion): this build runs v\(build); upgrade pending 待升级 (with the node stopped: liandong upgrade --db \(replica.db))")
        } else {
            say("schema 模式 \(report.schema) v\(report.schemaVersion)")
        }
        if let publicKey = report.publicKey {
            say("security 安全: CURVE 加密认证, node key 公钥 \(publicKey); enrolled children 已登记下级 \(report.enrolledChildren)"
                + (report.revokedKeys > 0 ? " (revoked 已吊销 \(report.revokedKeys))" : "") + "; parent key 上级公钥 \(report.parentKeySet ? "set 已配置" : "not set 未配置")")
        } else {
            say("security 安全: no node key file 无节点密钥 (run `liandong keys generate`; without it the node runs only with --insecure)")
        }
        if report.parentEndpoint != nil {
            say("schedule 同步计划 \(report.schedule)" + (report.windowOpen ? "  (open now 当前可同步)" : "  (closed now 窗口未开: \(report.waitingForParent) change(s) wait for the window 待窗口同步; liandong sync forces it)"))
        }
        if report.sealers > 0 {
            say("seal keys 签封公钥 registered for \(report.sealers) node(s) below: their writes are checked for forgery 防伪造校验")
        }
        for move in report.moves { say("moved 区划调整 \(move)") }
        for purge in report.purges { say("purged 已清理 \(purge)") }
        if !report.forgeries.isEmpty {
            say("FORGERIES 伪造 \(report.forgeries.count)\(report.forgeries.count == 20 ? "+" : ""): writes in other nodes' names that they never sealed (see `liandong audit show`):")
            for forgery in report.forgeries.prefix(5) { say("    \(forgery)") }
        }
        if report.rejected > 0 {
            say("refused changes 拒收 \(report.rejected): see `liandong sql --db \(replica.db) \"SELECT * FROM _ld_reject ORDER BY id DESC LIMIT 20\"`")
        }
        if report.clockCorrectionMillis != 0 {
            say("clock correction 时钟校正 \(String(format: "%+.1f", Double(report.clockCorrectionMillis) / 1000)) s (this PC's clock is off; stamps use the parent's time 按上级时间盖戳)")
        }
        say("tombstones 墓碑 \(report.tombstones) held, \(report.tombstonesCollected) collected 已回收 (dropped once every link settled the delete)")
        if report.links.isEmpty {
            say("no links yet 尚无连接")
            return
        }
        for link in report.links {
            let ago = link.secondsSinceContact.map { " (\($0)s ago)" } ?? ""
            let since = link.secondsInState.map { " for \($0)s" } ?? ""
            say("\(link.role) \(link.peer): \(link.state)\(since)  last contact 最近联系 \(link.lastContact)\(ago)")
            say("    pending out 待发 \(link.pendingOut)  pending in 待收 \(link.pendingIn)  lag 滞后 \(String(format: "%.1f", link.lagSeconds)) s"
                + (link.peerClockOffsetSeconds.map { "  peer clock 对端时钟 \(String(format: "%+.1f", $0)) s" } ?? ""))
            say("    digests 数据比对: \(link.digests)" + (link.digestsAgreedAt.map { "; last agreed 最近一致 \($0)" } ?? ""))
            if let version = link.schemaVersion, version < report.schemaVersion {
                say("    speaks schema 模式 v\(version) to this child (not yet upgraded 下级未升级); what v\(report.schemaVersion) adds is held back until it upgrades")
            }
            say("    settled 已落定 \(link.settled == 0 ? "nothing yet 尚无" : "up to this node's stamp \(link.settled)")")
            if let error = link.lastError { say("    last error 最近错误: \(error)") }
        }
    }
}
