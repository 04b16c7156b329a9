import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync

/// The console's pages (docs/console.md), rendered on the server as HTML without script: every
/// value from the replica is escaped (`HTML.text`), the layout is the only markup.
enum ConsolePages {
    /// The pages, in the order of the navigation bar: path and title.
    static let navigation: [(path: String, title: String)] = [
        ("/", "总览 overview"), ("/tree", "节点树 node tree"), ("/stats", "统计 statistics"), ("/alerts", "电子监察 supervision alerts"),
        ("/refusals", "拒收 refusals"),
    ]

    /// A whole page: head, navigation, `body`.
    static func page(title: String, node: NodeID, current: String, body: String) -> String {
        let nav = navigation.map { item in
            item.path == current ? "<a href=\"\(item.path)\" class=\"current\">\(HTML.text(item.title))</a>" : "<a href=\"\(item.path)\">\(HTML.text(item.title))</a>"
        }.joined(separator: " ")
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>\(HTML.text(title)) — 联动 Liandong \(node)</title>
            <style>
            body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;margin:0;color:#222;background:#f6f7f9}
            header{background:#a61b1b;color:#fff;padding:10px 20px}header h1{margin:0;font-size:20px}
            nav{background:#fff;border-bottom:1px solid #ddd;padding:8px 20px}nav a{margin-right:14px;color:#a61b1b;text-decoration:none}nav a.current{font-weight:bold;text-decoration:underline}
            main{padding:10px 20px}section{background:#fff;border:1px solid #ddd;border-radius:4px;padding:10px 14px;margin-bottom:14px}
            h2{font-size:17px;margin:4px 0 10px}table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
            thead th{background:#eef0f3}td.num{text-align:right}.state-connected{color:#176b1e}.state-lost,.state-refused,.state-silent{color:#b00}
            .red{color:#b00;font-weight:bold}.yellow{color:#a07000;font-weight:bold}.note{color:#666;font-size:12px}
            table.alerts td:nth-child(8){min-width:16em}.charts{display:flex;flex-wrap:wrap;gap:16px}
            </style></head>
            <body><header><h1>联动 Liandong 控制台 console — 节点 node \(node) (\(node.tier.chineseName) \(node.tier.name))</h1></header>
            <nav>\(nav)</nav><main>
            \(body)
            </main></body></html>
            """
    }

    /// A duration in seconds for people: 12 秒, 3 分 20 秒, 5 小时 2 分, 4 天 3 小时.
    static func duration(_ seconds: Double) -> String {
        let whole = Int64(seconds.rounded())
        switch whole {
        case ..<60: return "\(whole) 秒"
        case ..<3600: return "\(whole / 60) 分 \(whole % 60) 秒"
        case ..<86_400: return "\(whole / 3600) 小时 \(whole % 3600 / 60) 分"
        default: return "\(whole / 86_400) 天 \(whole % 86_400 / 3600) 小时"
        }
    }

    static func stateLabel(_ state: String) -> String {
        switch state {
        case "connected": "已连接 connected"
        case "lost": "已断开 lost"
        case "refused": "被拒绝 refused"
        case "idle": "空闲 idle"
        case "never": "从未连接 never"
        case "silent": "无响应 silent"
        case "stopped": "本节点未运行 stopped"
        default: "未知 \(state)"
        }
    }

    static func nodeLabel(_ node: NodeID, _ name: String?) -> String {
        "<span class=\"code\">\(node)</span>" + (name.map { " " + HTML.text($0) } ?? "")
    }

    // MARK: 节点树

    /// The node tree with each link's state, lag and backlog.
    static func treeSection(_ tree: ConsoleReading.Tree) -> String {
        var html = "<section id=\"tree\"><h2>节点树 node tree（本副本所含下辖节点 the subtree this replica holds: \(tree.nodes.count) 个节点 nodes）</h2>"
        html += "<p class=\"note\">本节点 this node: \(tree.running ? "运行中 running" : "未运行 stopped")。链路 link state, 滞后 lag, 待同步 backlog (待发 pending out / 待收 pending in) as <code>liandong status</code> reads them.</p>"
        if let parent = tree.parentLink {
            html += "<p>上级 parent \(parent.peer): " + linkSummary(parent) + "</p>"
        }
        html += "<table><thead><tr><th>节点 node</th><th>层级 tier</th><th>办件 cases</th><th>链路 link</th><th>滞后 lag</th><th>待发 pending out</th><th>待收 pending in</th><th>最近联系 last contact</th></tr></thead><tbody>"
        for entry in tree.nodes {
            let indent = String(repeating: "　", count: tree.depth(entry.node) * 2)
            var cells = [
                "\(indent)\(nodeLabel(entry.node, entry.name))", "\(entry.node.tier.chineseName) \(entry.node.tier.name)", "<span class=\"num\">\(entry.cases)</span>",
            ]
            if let link = entry.link {
                cells += [
                    "<span class=\"state-\(HTML.attribute(link.state))\">\(HTML.text(stateLabel(link.state)))</span>" + (link.secondsInState.map { " (\(duration(Double($0))))" } ?? ""),
                    duration(link.lagSeconds), String(link.pendingOut), String(link.pendingIn),
                    link.secondsSinceContact.map { "\(duration(Double($0))) 前 ago" } ?? "从未 never",
                ]
            } else if entry.node == tree.root {
                cells += ["本节点 this node", "", "", "", ""]
            } else {
                cells += [entry.via.map { "经 via \($0)" } ?? "无直接链路 no direct link", "", "", "", ""]
            }
            html += "<tr data-node=\"\(entry.node)\">" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table></section>"
    }

    static func linkSummary(_ link: LinkReading) -> String {
        "\(HTML.text(stateLabel(link.state))), 滞后 lag \(duration(link.lagSeconds)), 待发 pending out \(link.pendingOut), 待收 pending in \(link.pendingIn)"
            + (link.link.lastError.map { ", 最近错误 last error: " + HTML.text($0) } ?? "")
    }

    // MARK: 统计

    /// The figures drawn as charts (the table shows all of them).
    static let chartedFigures = ["受理量 accepted", "办结量 concluded", "按时办结率 on-time rate", "超期件数 overdue", "好评率 good rate", "预警 alerts raised"]

    /// The statistics table (the cells `liandong stats` prints) and a bar chart per charted figure.
    static func statisticsSection(_ query: StatisticsQuery, rows: [SupervisionStatistics]) -> String {
        var html = "<section id=\"stats\"><h2>统计 supervision statistics（\(query.from) … \(query.to)，\(HTML.text(query.by.label))）</h2>"
        html += "<form method=\"get\" action=\"/stats\">起 from <input name=\"from\" value=\"\(query.from)\" size=\"10\"> 止 to <input name=\"to\" value=\"\(query.to)\" size=\"10\"> 分组 by <select name=\"by\">"
        for grouping in StatisticsQuery.By.allCases {
            html += "<option value=\"\(grouping.rawValue)\"\(grouping == query.by ? " selected" : "")>\(HTML.text(grouping.label))</option>"
        }
        html += "</select> <button type=\"submit\">查询 show</button></form>"
        html += "<p class=\"note\">同 the same figures as <code>liandong stats --from \(query.from) --to \(query.to) --by \(query.by.rawValue)</code>; 比率 rates over their denominators, — when it is 0.</p>"
        html += "<table class=\"stats\"><thead><tr>" + SupervisionStatistics.headings.map { "<th>\(HTML.text($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            let cells = row.cells
            html += "<tr data-group=\"\(HTML.attribute(row.group))\"><th>\(HTML.text(cells[0]))</th>" + cells.dropFirst().map { "<td>\(HTML.text($0))</td>" }.joined() + "</tr>"
        }
        html += "</tbody></table>"
        let groups = rows.filter { $0.group != SupervisionStatistics.totalGroup }
        if !groups.isEmpty {
            html += "<div class=\"charts\">"
            for heading in chartedFigures {
                guard let figure = SupervisionStatistics.figures.first(where: { $0.heading == heading }) else { continue }
                html += barChart(title: heading, bars: groups.map { (label: $0.name.map { name in "\(name)" } ?? $0.group, figure: figure.value($0)) })
            }
            html += "</div>"
        }
        return html + "</section>"
    }

    /// A horizontal bar chart in inline SVG: one bar per group, counts scaled to the largest,
    /// rates to 100%.
    static func barChart(title: String, bars: [(label: String, figure: SupervisionStatistics.Figure)]) -> String {
        let rowHeight = 22
        let labelWidth = 150
        let barWidth = 220
        let height = 28 + bars.count * rowHeight
        let largest = bars.map { bar -> Double in if case .count(let count) = bar.figure { Double(count) } else { 1 } }.max() ?? 1
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 70)\" height=\"\(height)\" role=\"img\" aria-label=\"\(HTML.attribute(title))\">"
        svg += "<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">\(HTML.text(title))</text>"
        for (index, bar) in bars.enumerated() {
            let y = 26 + index * rowHeight
            let fraction: Double
            let value: String
            switch bar.figure {
            case .count(let count):
                fraction = largest > 0 ? Double(count) / largest : 0
                value = String(count)
            case .rate(let rate):
                fraction = rate ?? 0
                value = rate.map { "\(Int(($0 * 1000).rounded()) / 10).\(Int(($0 * 1000).rounded()) % 10)%" } ?? "—"
            }
            let width = Int((fraction * Double(barWidth)).rounded())
            let label = bar.label.count > 10 ? String(bar.label.prefix(10)) + "…" : bar.label
            svg += "<text x=\"0\" y=\"\(y + 14)\" font-size=\"12\">\(HTML.text(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"\(rowHeight - 6)\" fill=\"#c0392b\"></rect>"
            svg += "<text x=\"\(labelWidth + width + 4)\" y=\"\(y + 14)\" font-size=\"12\">\(HTML.text(value))</text>"
        }
        return svg + "</svg>"
    }

    // MARK: 电子监察

    static func ruleLabel(_ rule: String) -> String {
        switch Supervision.Rule(rawValue: rule) {
        case .caseDue: "办件超期 case due"
        case .rectificationDue: "差评整改 rectification due"
        case .disclosureDue: "政务公开 disclosure due"
        case nil: rule
        }
    }

    /// The alerts of 电子监察 with their answers.
    static func alertsSection(count: Int, alerts: [ConsoleReading.Alert], names: [String: String]) -> String {
        let answered = alerts.filter { !($0.response ?? "").trimmingCharacters(in: .whitespaces).isEmpty }.count
        var html = "<section id=\"alerts\"><h2>电子监察 supervision alerts（预警 alerts \(count)\(alerts.count < count ? ", 显示最新 newest \(alerts.count)" : "")；已答复 answered \(answered)）</h2>"
        guard !alerts.isEmpty else { return html + "<p>无预警 no alerts.</p></section>" }
        html += "<table class=\"alerts\"><thead><tr><th>等级 colour</th><th>规则 rule</th><th>对象 subject</th><th>所属 scope</th><th>责任节点 responsible</th><th>发出 raised</th><th>期限 due</th><th>答复 answer</th><th>答复日 answered</th><th>关闭 closed</th></tr></thead><tbody>"
        for alert in alerts {
            let color = alert.color == "red" ? "<span class=\"red\">红牌 red</span>" : alert.color == "yellow" ? "<span class=\"yellow\">黄牌 yellow</span>" : HTML.text(alert.color)
            let scope = NodeID(rawValue: alert.scope)
            let cells = [
                color, HTML.text(ruleLabel(alert.rule)), "<span title=\"\(HTML.attribute(alert.id))\">\(HTML.text(alert.subject ?? alert.projectNo ?? ""))</span>", nodeLabel(scope, names[scope.description]),
                alert.responsibleNode.map { String($0) } ?? "", HTML.text(alert.raisedAt), HTML.text(alert.dueDate ?? ""),
                alert.response.map(HTML.text) ?? "<span class=\"note\">未答复 unanswered</span>", HTML.text(alert.answeredAt ?? ""),
                alert.closedAt.map(HTML.text) ?? "<span class=\"note\">未关闭 open</span>",
            ]
            html += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table></section>"
    }

    // MARK: 拒收

    /// Refusals by rule and the newest refused changes.
    static func refusalsSection(byRule: [(rule: String, count: Int)], newest: [ConsoleReading.Refusal]) -> String {
        let total = byRule.reduce(0) { $0 + $1.count }
        var html = "<section id=\"refusals\"><h2>拒收 refused changes（\(total)）</h2>"
        guard total > 0 else { return html + "<p>无拒收 nothing refused: every change received was admitted.</p></section>" }
        html += HTML.table(
            headings: ["规则 rule", "次数 count"],
            rows: byRule.map { [HTML.text(Rejection.Rule(rawValue: $0.rule)?.label ?? $0.rule), String($0.count)] })
        html += "<h2>最新 newest \(newest.count)</h2>"
        html += HTML.table(
            headings: ["时间 at", "来自 peer", "写入者 writer", "表 table", "列 column", "规则 rule", "说明 detail"],
            rows: newest.map { refusal in
                [
                    Date(timeIntervalSince1970: Double(refusal.atMillis) / 1000).ISO8601Format(), String(refusal.peer), refusal.writer.map { String($0) } ?? "",
                    HTML.text(refusal.table), HTML.text(refusal.column ?? ""), HTML.text(Rejection.Rule(rawValue: refusal.rule)?.label ?? refusal.rule),
                    HTML.text(refusal.detail),
                ]
            })
        return html + "</section>"
    }
}

/// The statistics page's query: the period and the grouping, as `liandong stats` takes them.
struct StatisticsQuery: Sendable {
    /// `by`: a region tier, the department or the item, as `liandong stats --by`.
    enum By: String, CaseIterable, Sendable {
        case district, town, village, dept, item

        var grouping: StatisticsGrouping { StatisticsGrouping(name: rawValue)! }

        var label: String {
            switch self {
            case .district, .town, .village: "按\(Tier(name: rawValue)!.chineseName) by \(rawValue)"
            case .dept: "按部门 by department"
            case .item: "按事项 by item"
            }
        }
    }

    var from: Day
    var to: Day
    var by: By

    /// A parameter the page cannot use.
    struct Invalid: Error {
        var message: String
    }

    /// From the page's parameters: `to` defaults to `today`, `from` to 30 days before `to`, `by`
    /// to the tier below `node` (as `liandong stats`).
    init(from: String?, to: String?, by: String?, node: NodeID, today: Day) throws(Invalid) {
        do {
            self.to = try to.flatMap { $0.isEmpty ? nil : $0 }.map(Day.init) ?? today
            self.from = try from.flatMap { $0.isEmpty ? nil : $0 }.map(Day.init) ?? self.to.advanced(by: -30)
        } catch {
            throw Invalid(message: "日期无效 invalid date (yyyy-MM-dd): \(error)")
        }
        guard self.from <= self.to else { throw Invalid(message: "起 from \(self.from) 晚于 is after 止 to \(self.to)") }
        if let by, !by.isEmpty {
            guard let grouping = By(rawValue: by) else {
                throw Invalid(message: "分组无效 invalid by '\(by)': one of \(By.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.by = grouping
        } else {
            self.by = By(rawValue: Tier(rawValue: min(node.tier.rawValue + 1, Tier.village.rawValue))!.name)!
        }
    }
}
