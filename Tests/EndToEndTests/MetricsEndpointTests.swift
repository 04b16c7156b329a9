import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// `liandong run --http`: /metrics, /healthz and /readyz of a live two-node tree (a town and
/// its village as real processes, real replicas, CURVE over loopback), and systemd's READY=1
/// and STOPPING=1 through `$NOTIFY_SOCKET` (docs/metrics.md).
@Suite(.serialized) struct MetricsEndpointTests {
    static let town = NodeID(rawValue: 441_702_001_000)
    static let village = NodeID(rawValue: 441_702_001_201)

    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    @Test func metricsOfALiveTwoNodeTree() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let townDB = dir.file("town.db")
        let villageDB = dir.file("village.db")
        #expect(try cli(["init", "--db", townDB, "--region", "\(Self.town)", "--tier", "town", "--listen", endpoint, "--schema", "demo"]).status == 0)
        #expect(try cli(["init", "--db", villageDB, "--region", "\(Self.village)", "--parent", endpoint, "--schema", "demo"]).status == 0)
        try TestKeys.enrolWithCLI(child: Self.village, at: villageDB, parent: Self.town, at: townDB)
        do {
            try Replica.open(at: villageDB, logger: testLogger()).insertRecords(300, prefix: "v")
            try Replica.open(at: townDB, logger: testLogger()).insertRecords(20, prefix: "t")
        }
        let notify = try NotifySocket(address: dir.file("notify"))
        let townPort = try freeLoopbackPort()
        let villagePort = try freeLoopbackPort()
        let townNode = try NodeProcess(
            executable: liandongExecutable, arguments: ["run", "--db", townDB, "--http", "127.0.0.1:\(townPort)"], logPath: dir.file("town.log"),
            environment: ["NOTIFY_SOCKET": notify.address])
        // A port alone: loopback.
        let villageNode = try NodeProcess(
            executable: liandongExecutable, arguments: ["run", "--db", villageDB, "--http", "\(villagePort)"], logPath: dir.file("village.log"))
        defer {
            villageNode.terminate()
            townNode.terminate()
            villageNode.waitForExit(seconds: 10)
            townNode.waitForExit(seconds: 10)
        }
        func log(_ name: String) -> String { (try? String(contentsOfFile: dir.file("\(name).log"), encoding: .utf8)) ?? "" }

        let ready = notify.awaitLine("READY=1", seconds: 30)
        #expect(ready != nil, "no READY=1 from the town; its log:\n\(log("town"))")

        let townReplica = try Replica.open(at: townDB, logger: testLogger())
        let villageReplica = try Replica.open(at: villageDB, logger: testLogger())
        #expect(try eventually(seconds: 60) { try townReplica.dumpAll() == villageReplica.dumpAll() }, "town log:\n\(log("town"))")

        for port in [townPort, villagePort] {
            let health = try httpGet(port: port, path: "/healthz")
            #expect(health.status == 200, "\(health.body)")
            let readiness = try httpGet(port: port, path: "/readyz")
            #expect(readiness.status == 200, "\(readiness.body)")
            #expect(try httpGet(port: port, path: "/nothing-here").status == 404)
        }

        // The town's view of its child: once the village's chunks are merged and acknowledged,
        // nothing is pending either way and the link is up. The replica's gauges are read at most
        // every 5 s, so this waits for a scrape that sees the settled state.
        let child = ["peer": "\(Self.village)", "role": "child"]
        var townSamples: [PrometheusSample] = []
        let settled = try eventually(seconds: 60) {
            let reply = try httpGet(port: townPort, path: "/metrics")
            guard reply.status == 200 else { return false }
            townSamples = try PrometheusText.parse(reply.body)
            return townSamples.value("liandong_link_connected", child) == 1 && townSamples.value("liandong_link_pending_out_changes", child) == 0
                && townSamples.value("liandong_link_pending_in_changes", child) == 0
        }
        #expect(settled, "town's /metrics never showed the village's link settled:\n\(townSamples.filter { $0.labels["peer"] != nil }.map(\.line).joined(separator: "\n"))")
        let reply = try httpGet(port: townPort, path: "/metrics")
        #expect(reply.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        townSamples = try PrometheusText.parse(reply.body)
        let lastContact = try #require(townSamples.value("liandong_link_last_contact_timestamp_seconds", child))
        #expect(lastContact > 1_600_000_000 && lastContact < Date().timeIntervalSince1970 + 60)
        #expect(townSamples.value("liandong_link_lag_seconds", child) == 0)
        // The town merged the village's 300 rows in at least one timed chunk.
        #expect((townSamples.value("liandong_chunk_merge_duration_seconds_count", child) ?? 0) >= 1)
        #expect(townSamples.contains { $0.name == "liandong_chunk_merge_duration_seconds_bucket" && $0.labels["peer"] == "\(Self.village)" && $0.labels["le"] == "+Inf" })
        #expect((townSamples.value("liandong_replica_size_bytes", [:]) ?? 0) > 0)
        // Each merged chunk is an audit entry.
        #expect((townSamples.value("liandong_audit_chain_length", [:]) ?? 0) >= 1)
        #expect(townSamples.value("liandong_ready", [:]) == 1)
        #expect(townSamples.value("liandong_rows_applied_total", [:]).map { $0 >= 300 } == true)

        // The village's view of its parent: it sent its rows in timed chunks.
        let parent = ["peer": "\(Self.town)", "role": "parent"]
        var villageSamples: [PrometheusSample] = []
        let villageSettled = try eventually(seconds: 60) {
            villageSamples = try PrometheusText.parse(try httpGet(port: villagePort, path: "/metrics").body)
            return villageSamples.value("liandong_link_connected", parent) == 1 && villageSamples.value("liandong_link_pending_out_changes", parent) == 0
        }
        #expect(villageSettled, "\(villageSamples.filter { $0.labels["peer"] != nil }.map(\.line).joined(separator: "\n"))")
        #expect((villageSamples.value("liandong_chunk_send_duration_seconds_count", parent) ?? 0) >= 1)
        #expect(villageSamples.value("liandong_link_last_contact_timestamp_seconds", parent).map { $0 > 0 } == true)
        #expect(villageSamples.value("liandong_clock_correction_seconds", [:]) != nil)
        // The parent's welcome carries its time: the village measured the offset.
        #expect(villageSamples.value("liandong_link_peer_clock_offset_seconds", parent) != nil)

        // SIGTERM: systemd hears STOPPING=1, and the node exits cleanly.
        townNode.terminate()
        #expect(notify.awaitLine("STOPPING=1", seconds: 20) != nil)
        #expect(townNode.waitForExit(seconds: 20) && townNode.exitStatus == 0, "\(log("town"))")
    }

    /// A village that writes outside its authority (its guard triggers dropped, as a tampered
    /// PC's could be) is refused at the town, and the town's /metrics counts the refusal by rule
    /// on the village's link.
    @Test func refusalsAreCountedByRule() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let townDB = dir.file("town.db")
        let villageDB = dir.file("village.db")
        #expect(try cli(["init", "--db", townDB, "--region", "\(Self.town)", "--tier", "town", "--listen", endpoint]).status == 0)
        #expect(try cli(["init", "--db", villageDB, "--region", "\(Self.village)", "--parent", endpoint]).status == 0)
        try TestKeys.enrolWithCLI(child: Self.village, at: villageDB, parent: Self.town, at: townDB)
        let guards = try Replica.open(at: villageDB, logger: testLogger()).query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%__ld_guard%'").rows
            .compactMap { if case .text(let name) = $0[0] { name } else { nil } }
        #expect(!guards.isEmpty)
        let tamper = guards.map { "DROP TRIGGER \($0);" }.joined(separator: "\n")
            + "\nINSERT INTO item_catalog (catalog_code, task_name, task_type, task_state, scope) VALUES ('FORGED', '伪造事项', '05', '1', 441702000000);"
        let shell = try runCommand("/usr/bin/sqlite3", [villageDB], input: tamper)
        #expect(shell.status == 0, "\(shell.output)")

        let port = try freeLoopbackPort()
        let townNode = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB, "--http", "\(port)"], logPath: dir.file("town.log"))
        let villageNode = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"))
        defer {
            villageNode.terminate()
            townNode.terminate()
            villageNode.waitForExit(seconds: 10)
            townNode.waitForExit(seconds: 10)
        }
        let refused = ["peer": "\(Self.village)", "role": "child", "rule": "authority"]
        var samples: [PrometheusSample] = []
        // The town's HTTP side comes up with the node: until then the connection is refused.
        let counted = try eventually(seconds: 60) {
            guard let reply = try? httpGet(port: port, path: "/metrics") else { return false }
            samples = try PrometheusText.parse(reply.body)
            return (samples.value("liandong_refusals_total", refused) ?? 0) >= 1
        }
        let log = (try? String(contentsOfFile: dir.file("town.log"), encoding: .utf8)) ?? ""
        #expect(counted, "\(samples.filter { $0.name.contains("refus") || $0.name.contains("rejected") }.map(\.line)) town log:\n\(log.suffix(3000))")
        #expect((samples.value("liandong_rows_rejected_total", [:]) ?? 0) >= 1)
        #expect(try Replica.open(at: townDB, logger: testLogger()).refusals(limit: 1).oldest.first?.rule == .authority)
    }

    /// A village whose parent has never answered is healthy and ready (offline by design), and
    /// its /metrics carries the parent's link anyway: never heard from, everything pending.
    @Test func anOfflineVillageIsReadyAndShowsWhatWaits() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("v.db")
        let nowhere = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        #expect(try cli(["init", "--db", db, "--region", "\(Self.village)", "--parent", nowhere, "--schema", "demo"]).status == 0)
        try Replica.open(at: db, logger: testLogger()).insertRecords(25, prefix: "v")
        let port = try freeLoopbackPort()
        let node = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", db, "--insecure", "--http", "\(port)"], logPath: dir.file("v.log"))
        defer {
            node.terminate()
            node.waitForExit(seconds: 10)
        }
        #expect(try eventually { (try? httpGet(port: port, path: "/readyz"))?.status == 200 })
        #expect(try httpGet(port: port, path: "/healthz").status == 200)
        let samples = try PrometheusText.parse(try httpGet(port: port, path: "/metrics").body)
        let parent = ["peer": "\(Self.town)", "role": "parent"]
        #expect(samples.value("liandong_link_pending_out_changes", parent) == 25, "\(samples.filter { $0.labels["peer"] != nil }.map(\.line))")
        #expect(samples.value("liandong_link_connected", parent) == 0)
        #expect(samples.value("liandong_link_last_contact_timestamp_seconds", parent) == 0)
        #expect(samples.value("liandong_link_lag_seconds", parent).map { $0 >= 0 } == true)
        #expect(samples.value("liandong_ready", [:]) == 1)
    }

    @Test func badHTTPAddressIsAUsageError() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("v.db")
        #expect(try cli(["init", "--db", db, "--region", "\(Self.village)", "--parent", "tcp://127.0.0.1:1", "--schema", "demo"]).status == 0)
        let bad = try cli(["run", "--db", db, "--insecure", "--http", "localhost:notaport"])
        #expect(bad.status == 64, "\(bad.output)")
        #expect(bad.output.contains("--http"))
    }

    /// A taken port stops the node with the configuration status, naming the address.
    @Test func takenHTTPPortIsAConfigurationError() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("v.db")
        #expect(try cli(["init", "--db", db, "--region", "\(Self.village)", "--parent", "tcp://127.0.0.1:1", "--schema", "demo"]).status == 0)
        let port = try freeLoopbackPort()
        // Something else holds the port: another node's HTTP side.
        #expect(try cli(["init", "--db", dir.file("other.db"), "--region", "441702001202", "--parent", "tcp://127.0.0.1:1", "--schema", "demo"]).status == 0)
        let holder = try NodeProcess(
            executable: liandongExecutable, arguments: ["run", "--db", dir.file("other.db"), "--insecure", "--http", "\(port)"], logPath: dir.file("holder.log"))
        defer {
            holder.terminate()
            holder.waitForExit(seconds: 10)
        }
        #expect(try eventually { (try? httpGet(port: port, path: "/healthz"))?.status == 200 })
        let taken = try cli(["run", "--db", db, "--insecure", "--http", "\(port)"])
        #expect(taken.status == 3, "\(taken.output)")
        #expect(taken.output.contains("cannot serve HTTP on 127.0.0.1:\(port)"))
    }

    @Test func parserRejectsWhatIsNotTheExpositionFormat() throws {
        let good = """
            # HELP x_total Things.
            # TYPE x_total counter
            x_total{peer="1",role="child"} 3
            # TYPE y gauge
            y 1.5e3
            # TYPE z histogram
            z_bucket{le="+Inf"} +Inf
            z_count 4
            # TYPE w untyped
            w{a="q\\"uote"} NaN 1700000000000

            """
        let samples = try PrometheusText.parse(good)
        #expect(samples.count == 5)
        #expect(samples.value("x_total", ["peer": "1", "role": "child"]) == 3)
        #expect(samples.first { $0.name == "w" }?.labels["a"] == "q\"uote")
        #expect(throws: PrometheusText.Malformed.self) { try PrometheusText.parse("# TYPE a gauge\na 1\nb 2\n") }
        for bad in ["x_total{peer=1} 3", "x_total 3 4 5", "9lives 1", "x{peer=\"1\"", "x one", "# TYPE x gauges", "x{peer=\"1\"} "] {
            #expect(throws: PrometheusText.Malformed.self, "\(bad)") { try PrometheusText.parse(bad) }
        }
    }
}

/// One sample of the Prometheus text exposition format (version 0.0.4).
struct PrometheusSample {
    var name: String
    var labels: [String: String]
    var value: Double
    var line: String
}

extension [PrometheusSample] {
    /// The value of the sample `name` with exactly `labels`.
    func value(_ name: String, _ labels: [String: String]) -> Double? {
        first { $0.name == name && $0.labels == labels }?.value
    }
}

/// A strict reader of the text exposition format: every line is empty, a comment (`# HELP name
/// text`, `# TYPE name kind`, or any other `#` line), or `name{label="value",…} value [timestamp]`.
enum PrometheusText {
    struct Malformed: Error, CustomStringConvertible {
        var line: String
        var reason: String
        var description: String { "\(reason): \(line)" }
    }

    static func parse(_ text: String) throws -> [PrometheusSample] {
        var samples: [PrometheusSample] = []
        var types: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) where !line.isEmpty {
            if line.hasPrefix("#") {
                let words = line.split(separator: " ", maxSplits: 3).map(String.init)
                if words.count >= 3, words[1] == "HELP" || words[1] == "TYPE" {
                    guard isMetricName(words[2]) else { throw Malformed(line: line, reason: "bad metric name") }
                    if words[1] == "TYPE" {
                        guard words.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(words[3]) else {
                            throw Malformed(line: line, reason: "bad type")
                        }
                        guard types.updateValue(words[3], forKey: words[2]) == nil else { throw Malformed(line: line, reason: "second TYPE") }
                    }
                }
                continue
            }
            samples.append(try sample(line))
        }
        // Every sample belongs to a family declared by a TYPE line, when the text has any (a
        // histogram's samples carry the suffixes _bucket, _sum and _count).
        if !types.isEmpty {
            for sample in samples {
                let family = ["_bucket", "_sum", "_count"].first { sample.name.hasSuffix($0) && types[String(sample.name.dropLast($0.count))] == "histogram" }
                    .map { String(sample.name.dropLast($0.count)) } ?? sample.name
                guard types[family] != nil else { throw Malformed(line: sample.line, reason: "no TYPE for its family") }
            }
        }
        return samples
    }

    static func isMetricName(_ name: some StringProtocol) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" || first == ":" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
    }

    static func isLabelName(_ name: some StringProtocol) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    static func sample(_ line: String) throws -> PrometheusSample {
        var rest = Substring(line)
        let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
        let name = rest[..<nameEnd]
        guard isMetricName(name) else { throw Malformed(line: line, reason: "bad metric name") }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let equals = rest.firstIndex(of: "=") else { throw Malformed(line: line, reason: "label without =") }
                let label = rest[..<equals]
                guard isLabelName(label) else { throw Malformed(line: line, reason: "bad label name") }
                rest = rest[rest.index(after: equals)...]
                guard rest.first == "\"" else { throw Malformed(line: line, reason: "unquoted label value") }
                rest = rest.dropFirst()
                var value = ""
                var closed = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if character == "\\" {
                        guard let escaped = rest.first else { break }
                        rest = rest.dropFirst()
                        switch escaped {
                        case "n": value.append("\n")
                        case "\\", "\"": value.append(escaped)
                        default: throw Malformed(line: line, reason: "bad escape")
                        }
                    } else if character == "\"" {
                        closed = true
                        break
                    } else {
                        value.append(character)
                    }
                }
                guard closed else { throw Malformed(line: line, reason: "unterminated label value") }
                guard labels.updateValue(value, forKey: String(label)) == nil else { throw Malformed(line: line, reason: "label twice") }
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" { throw Malformed(line: line, reason: "expected , or }") }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { throw Malformed(line: line, reason: "no space before the value") }
        let words = rest.dropFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 1 || words.count == 2 else { throw Malformed(line: line, reason: "expected a value and at most a timestamp") }
        let value: Double
        switch words[0] {
        case "+Inf": value = .infinity
        case "-Inf": value = -.infinity
        case "NaN": value = .nan
        default:
            guard let number = Double(words[0]) else { throw Malformed(line: line, reason: "bad value") }
            value = number
        }
        if words.count == 2, Int64(words[1]) == nil { throw Malformed(line: line, reason: "bad timestamp") }
        return PrometheusSample(name: String(name), labels: labels, value: value, line: line)
    }
}
