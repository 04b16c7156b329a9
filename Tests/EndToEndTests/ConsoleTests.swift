import Foundation
import LiandongConsole
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// `liandong console` (docs/console.md): the demo city's nodes as real processes, the console on
/// the city's replica, loaded in headless Chromium (Debian's `chromium`, which
/// tools/install-deps installs); and the console's security: loopback unless a password is
/// set, HTTP Basic when it is, GET only, every value escaped.
@Suite(.serialized) struct ConsoleTests {
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    /// Debian's chromium (or `$LIANDONG_CHROMIUM`); a clear failure, never a skip, when missing.
    static func chromium() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["LIANDONG_CHROMIUM"] { return explicit }
        for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw ChromiumMissing()
    }

    struct ChromiumMissing: Error, CustomStringConvertible {
        var description: String { "headless Chromium is needed to load the console and was not found: run tools/install-deps (it installs Debian's chromium), or set LIANDONG_CHROMIUM" }
    }

    /// Chromium's headless flags, with a profile of its own in `dir`.
    static func chromiumArguments(_ dir: TemporaryDirectory) -> [String] {
        ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(dir.file("chromium-profile"))"]
    }

    /// Waits until the console answers `/` (with `headers`), returning false after 30 s.
    static func awaitConsole(port: Int, headers: [String: String] = [:]) -> Bool {
        eventually(seconds: 30) { ((try? httpRequest(port: port, method: "GET", path: "/", headers: headers))?.status ?? 0) != 0 }
    }

    /// Where the screenshots are kept: `.build/console-screenshots/` of the package.
    static var screenshotDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/console-screenshots").path
    }

    @Test func theDemoCityInHeadlessChromium() throws {
        let browser = try Self.chromium()
        let dir = TemporaryDirectory()
        let demoDir = dir.file("demo")
        let demo = try cli(["demo", "--dir", demoDir])
        try #require(demo.status == 0, "the demo failed:\n\(demo.output)")
        // "Inspect: liandong stats --db D --from A --to B": the demo's period.
        let inspect = try #require(demo.output.split(separator: "\n").last { $0.contains("Inspect: liandong stats") })
        let words = inspect.split(separator: " ").map(String.init)
        let from = try #require(words.firstIndex(of: "--from").map { words[$0 + 1] })
        let to = try #require(words.firstIndex(of: "--to").map { words[$0 + 1] })
        let nodes = try FileManager.default.contentsOfDirectory(atPath: demoDir).filter { $0.hasSuffix(".db") }.map { String($0.dropLast(3)) }.sorted()
        #expect(nodes.count == 15, "\(nodes)")
        let city = "\(SyntheticCity.cityCode)"
        let cityDB = "\(demoDir)/\(city).db"

        // The city and its districts run again from the demo's files (keys and endpoints kept).
        let running = nodes.filter { (try? NodeID(validating: $0))?.tier ?? .village <= .district }
        var processes: [NodeProcess] = []
        defer {
            for process in processes { process.terminate() }
            for process in processes { process.waitForExit(seconds: 10) }
        }
        for node in running {
            processes.append(try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", "\(demoDir)/\(node).db", "--log-level", "warning"], logPath: dir.file("\(node).log")))
        }
        let port = try freeLoopbackPort()
        processes.append(try NodeProcess(executable: liandongExecutable, arguments: ["console", "--db", cityDB, "--listen", "\(port)"], logPath: dir.file("console.log")))
        func log(_ name: String) -> String { (try? String(contentsOfFile: dir.file("\(name).log"), encoding: .utf8)) ?? "" }
        try #require(Self.awaitConsole(port: port), "the console never answered; its log:\n\(log("console"))")
        // The city's links to its districts come up (as `liandong status` reads them).
        let cityReplica = try Replica.open(at: cityDB, logger: testLogger())
        #expect(
            try eventually(seconds: 60) {
                try LinkReading.all(in: cityReplica, nowMillis: wallClockMillis(), nodeRunning: true).filter { $0.role == .child }.allSatisfy { $0.state == "connected" }
            })

        let url = "http://127.0.0.1:\(port)/?from=\(from)&to=\(to)"
        let dom = try runCommand(browser, Self.chromiumArguments(dir) + ["--dump-dom", url])
        try #require(dom.status == 0, "chromium failed:\n\(dom.output.prefix(2000))")
        for node in nodes {
            #expect(dom.output.contains("data-node=\"\(node)\""), "the console does not show node \(node)")
        }
        var names: [String: String] = [:]
        for row in try cityReplica.query("SELECT region_code, name FROM region").rows {
            if case .text(let code) = row[0], case .text(let name) = row[1] { names[code] = name }
        }
        for node in nodes { if let name = names[node] { #expect(dom.output.contains(name), "the console does not name node \(node) \(name)") } }
        #expect(dom.output.contains("已连接 connected"))

        // The statistics are `liandong stats`' own, cell for cell.
        let stats = try cli(["stats", "--db", cityDB, "--from", from, "--to", to, "--format", "json", "--log-level", "error"])
        try #require(stats.status == 0, "\(stats.output)")
        struct Report: Decodable { var groups: [SupervisionStatistics] }
        let report = try JSONDecoder().decode(Report.self, from: Data(stats.output.utf8))
        #expect(report.groups.count == 3, "two districts and the total")
        for group in report.groups {
            let cells = group.cells
            let row = "<th>\(HTML.text(cells[0]))</th>" + cells.dropFirst().map { "<td>\(HTML.text($0))</td>" }.joined()
            #expect(dom.output.contains(row), "the console's row for \(group.group) differs from `liandong stats`: expected \(row)")
        }
        #expect(dom.output.contains("<svg"), "no chart")
        #expect(report.groups.last!.accepted > 0)

        // The other pages load, and a screenshot of each is kept.
        try FileManager.default.createDirectory(atPath: Self.screenshotDirectory, withIntermediateDirectories: true)
        for (page, path) in [("overview", "/?from=\(from)&to=\(to)"), ("alerts", "/alerts"), ("refusals", "/refusals")] {
            let file = "\(Self.screenshotDirectory)/console-\(page).png"
            try? FileManager.default.removeItem(atPath: file)
            let shot = try runCommand(browser, Self.chromiumArguments(dir) + ["--screenshot=\(file)", "--window-size=1280,2000", "http://127.0.0.1:\(port)\(path)"])
            #expect(shot.status == 0 && FileManager.default.fileExists(atPath: file), "no screenshot of \(page):\n\(shot.output.prefix(2000))")
        }
        let alerts = try httpGet(port: port, path: "/alerts")
        #expect(alerts.status == 200)
        #expect(alerts.body.contains("电子监察"))
        let alertCount = try cityReplica.query("SELECT count(*) FROM supervision_alert").rows.first?.first?.integerValue ?? 0
        #expect(alertCount > 0 && alerts.body.contains("预警 alerts \(alertCount)"), "the alerts page does not count the city's \(alertCount) alerts")
        #expect(try httpGet(port: port, path: "/refusals").status == 200)
    }

    /// A city replica of the government schema with markup in a region's name and an alert's
    /// case fields, as a hostile or careless writer could leave them.
    static func hostileCity(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.file("city.db")
        let replica = try Replica.create(at: path, node: SyntheticCity.cityCode, schema: GovernmentSchema.schema, logger: testLogger())
        _ = try replica.query(
            "INSERT INTO region (region_code, name, level, parent_code, scope) VALUES ('441702000000', '<script>alert(''区'')</script>', 2, '\(SyntheticCity.cityCode)', \(SyntheticCity.cityCode.rawValue))")
        _ = try replica.query(
            "INSERT INTO supervision_alert (alert_id, project_no, rule, color, raised_at, scope, subject) VALUES ('case-due/x/red', '<img src=x onerror=alert(1)>', 'case-due', 'red', '2026-11-20', 441702000000, '\"><b>粗</b>')")
        // A refusal as a merge records it (`_ld_reject`), its detail quoting the refused value.
        _ = try replica.query(
            "INSERT INTO _ld_reject (at_ms, peer, writer, tbl, col, rule, detail) VALUES (1764547200000, 441702000000, 441702001201, 'case_accept', 'status', 'authority', 'refused <script>x</script>')")
        return path
    }

    @Test func everyValueIsEscaped() throws {
        let dir = TemporaryDirectory()
        let path = try Self.hostileCity(dir)
        let port = try freeLoopbackPort()
        let console = try NodeProcess(executable: liandongExecutable, arguments: ["console", "--db", path, "--listen", "127.0.0.1:\(port)"], logPath: dir.file("console.log"))
        defer {
            console.terminate()
            console.waitForExit(seconds: 10)
        }
        try #require(Self.awaitConsole(port: port))
        let tree = try httpGet(port: port, path: "/tree")
        #expect(tree.status == 200)
        #expect(tree.headers["content-type"] == "text/html; charset=utf-8")
        #expect(!tree.body.contains("<script>"))
        #expect(tree.body.contains("&lt;script&gt;alert(&#39;区&#39;)&lt;/script&gt;"))
        let alerts = try httpGet(port: port, path: "/alerts")
        #expect(!alerts.body.contains("<img"))
        #expect(!alerts.body.contains("<b>"))
        #expect(alerts.body.contains("&lt;img src=x onerror=alert(1)&gt;") || alerts.body.contains("&quot;&gt;&lt;b&gt;粗&lt;/b&gt;"))
        let refusals = try httpGet(port: port, path: "/refusals")
        #expect(refusals.status == 200)
        #expect(refusals.body.contains("拒收 refused changes（1）"))
        #expect(refusals.body.contains("write authority 写权限"))
        #expect(refusals.body.contains("refused &lt;script&gt;x&lt;/script&gt;") && !refusals.body.contains("<script>"))
        #expect(try httpGet(port: port, path: "/stats?from=2026-13-01").status == 400)
        #expect(HTML.text("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
    }

    @Test func beyondLoopbackWithoutAPasswordIsRefused() throws {
        let dir = TemporaryDirectory()
        let path = try Self.hostileCity(dir)
        for listen in ["0.0.0.0:\(try freeLoopbackPort())", "[::]:\(try freeLoopbackPort())"] {
            let refused = try cli(["console", "--db", path, "--listen", listen])
            #expect(refused.status == 3, "\(refused.output)")
            #expect(refused.output.contains("--password-file"), "\(refused.output)")
        }
        let empty = dir.file("empty-password")
        try Data("\n".utf8).write(to: URL(fileURLWithPath: empty))
        let emptyRefused = try cli(["console", "--db", path, "--listen", "0.0.0.0:\(try freeLoopbackPort())", "--password-file", empty])
        #expect(emptyRefused.status == 3, "\(emptyRefused.output)")
    }

    @Test func aPasswordFileAsksForCredentialsAndOnlyGETIsServed() throws {
        let dir = TemporaryDirectory()
        let path = try Self.hostileCity(dir)
        let passwordFile = dir.file("console-password")
        try Data("秘密 s3cret\n".utf8).write(to: URL(fileURLWithPath: passwordFile))
        let port = try freeLoopbackPort()
        let console = try NodeProcess(
            executable: liandongExecutable, arguments: ["console", "--db", path, "--listen", "127.0.0.1:\(port)", "--password-file", passwordFile, "--user", "jiancha"],
            logPath: dir.file("console.log"))
        defer {
            console.terminate()
            console.waitForExit(seconds: 10)
        }
        try #require(Self.awaitConsole(port: port))
        func basic(_ credentials: String) -> [String: String] { ["Authorization": "Basic " + Data(credentials.utf8).base64EncodedString()] }
        let anonymous = try httpGet(port: port, path: "/")
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Basic realm=") == true)
        #expect(try httpRequest(port: port, method: "GET", path: "/stats", headers: basic("jiancha:wrong")).status == 401)
        #expect(try httpRequest(port: port, method: "GET", path: "/stats", headers: basic("admin:秘密 s3cret")).status == 401)
        #expect(try httpRequest(port: port, method: "GET", path: "/nothing", headers: basic("jiancha:秘密 s3cret")).status == 404)
        let page = try httpRequest(port: port, method: "GET", path: "/", headers: basic("jiancha:秘密 s3cret"))
        #expect(page.status == 200)
        #expect(page.body.contains("节点树"))
        #expect(try httpRequest(port: port, method: "HEAD", path: "/", headers: basic("jiancha:秘密 s3cret")).status == 200)
        for method in ["POST", "PUT", "DELETE"] {
            let reply = try httpRequest(port: port, method: method, path: "/", headers: basic("jiancha:秘密 s3cret"))
            #expect(reply.status == 405, "\(method)")
            #expect(reply.headers["allow"] == "GET, HEAD")
        }
    }
}
