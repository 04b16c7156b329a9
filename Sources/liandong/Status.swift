import ArgumentParser
import Foundation
import LiandongCore
import LiandongStore
import LiandongSync

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the node and, per link, last contact, changes pending each way and lag.")

    @OptionGroup var replica: ReplicaOptions

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
    }

    struct Report: Codable {
        var node: String
        var tier: String
        var running: Bool
        var head: Int64
        var parentEndpoint: String?
        var listenEndpoint: String?
        var schedule: String
        /// Whether the schedule lets the node sync with its parent now.
        var windowOpen: Bool
        var rejected: Int64
        /// Changes this node holds that its parent does not have yet.
        var waitingForParent: Int64
        var links: [LinkReport]
    }

    func run() throws {
        let logger = makeLogger(replica.logLevel)
        let report = try failing { () throws -> Report in
            let opened = try Replica.open(at: replica.db, logger: logger)
            let head = try opened.head()
            let now = wallClockMillis()
            let links = try opened.links().map { link -> LinkReport in
                let pendingOut = try opened.pendingCount(for: link.peer, after: link.acked)
                // Lag: how long the oldest change the peer does not hold yet has been waiting.
                let oldest = try opened.oldestPending(for: link.peer, after: link.acked)
                let lag = oldest.map { Double(max(0, now - HLC(rawValue: $0.rawValue).millis)) / 1000 } ?? 0
                return LinkReport(
                    peer: link.peer.description, role: link.role,
                    lastContact: link.lastContactMillis == 0 ? "never" : Date(timeIntervalSince1970: Double(link.lastContactMillis) / 1000).ISO8601Format(),
                    secondsSinceContact: link.lastContactMillis == 0 ? nil : (now - link.lastContactMillis) / 1000,
                    pendingOut: pendingOut, pendingIn: link.inboundPending, lagSeconds: lag, lastError: link.lastError)
            }
            let configuration = try NodeConfiguration.stored(in: opened, databasePath: replica.db)
            let open = configuration.schedule.isOpen(
                atLocalMinute: SyncSchedule.localMinute(millis: now, utcOffsetMinutes: configuration.utcOffsetMinutes))
            let rejected = try opened.refusals(limit: 0).count
            var waiting: Int64 = 0
            if let parent = opened.node.parentCode {
                waiting = try opened.pendingCount(for: parent, after: try opened.link(parent)?.acked ?? .zero)
            }
            return Report(
                node: opened.node.description, tier: opened.node.tier.name,
                running: NodeLock.isHeld(path: NodeConfiguration(databasePath: replica.db).lockPath), head: head.rawValue,
                parentEndpoint: try opened.setting(NodeConfiguration.parentSetting),
                listenEndpoint: try opened.setting(NodeConfiguration.listenSetting), schedule: configuration.schedule.description,
                windowOpen: open, rejected: rejected, waitingForParent: waiting, links: links)
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
        if report.parentEndpoint != nil {
            say("schedule 同步计划 \(report.schedule)" + (report.windowOpen ? "  (open now 当前可同步)" : "  (closed now 窗口未开: \(report.waitingForParent) change(s) wait for the window 待窗口同步; liandong sync forces it)"))
        }
        if report.rejected > 0 {
            say("refused changes 拒收 \(report.rejected): see `liandong sql --db \(replica.db) \"SELECT * FROM _ld_reject ORDER BY id DESC LIMIT 20\"`")
        }
        if report.links.isEmpty {
            say("no links yet 尚无连接")
            return
        }
        say("peer 对端        role 角色  last contact 最近联系        pending out 待发  pending in 待收  lag 滞后(s)  last error")
        for link in report.links {
            let ago = link.secondsSinceContact.map { " (\($0)s ago)" } ?? ""
            say(
                "\(link.peer)  \(link.role.padding(toLength: 8, withPad: " ", startingAt: 0))  \((link.lastContact + ago).padding(toLength: 34, withPad: " ", startingAt: 0))  \(String(link.pendingOut).padding(toLength: 14, withPad: " ", startingAt: 0))  \(String(link.pendingIn).padding(toLength: 13, withPad: " ", startingAt: 0))  \(String(format: "%.1f", link.lagSeconds).padding(toLength: 10, withPad: " ", startingAt: 0))  \(link.lastError ?? "-")"
            )
        }
    }
}
