import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// `liandong export` (`ExchangeExport`): the exchange tables' columns, a known row's values, and
/// incremental batches on a district replica whose own window registers and handles the cases.
@Suite struct ExportTests {
    static let district = NodeID(rawValue: 441_702_000_000)
    static let dept = "11441702MB0000001"

    /// The columns of the exchange tables (docs/export.md), envelope included, in order.
    static let expectedColumns: [String: [String]] = [
        "up_pro_accept": [
            "project_no", "task_handle_item", "task_code", "catalog_code", "task_name", "task_version", "project_type", "apply_channel",
            "applyer_type", "applyer_name", "applyer_page_type", "applyer_page_code", "cert_hash", "contact_name", "contact_type",
            "contact_code", "contact_mobile", "legal", "address", "zip_code", "project_name", "origin_node", "current_node", "agent_id",
            "org_code", "org_name", "handle_user_name", "status", "apply_date", "receive_date", "accept_date", "accept_doc_no",
            "promise_date", "paused_workdays", "result_date", "result_type", "delivered_date", "visit_count",
            "row_guid", "version", "cd_batch", "cd_operation", "cd_time", "data_source",
        ],
        "up_pro_process": [
            "row_guid", "project_no", "event_name", "process_name", "node_id", "tier", "handle_user_name", "handle_explain",
            "event_start_time", "event_end_time", "remark", "version", "cd_batch", "cd_operation", "cd_time", "data_source",
        ],
        "up_pro_result": [
            "project_no", "result_date", "result_type", "result_explain", "result_cetr_name", "result_cetr_no", "is_delivery_results",
            "handle_user_name", "row_guid", "version", "cd_batch", "cd_operation", "cd_time", "data_source",
        ],
        "up_evaluation": [
            "eval_id", "project_no", "task_code", "node_id", "org_code", "window_no", "work_no", "eval_stage", "level", "channel",
            "indicators", "words", "anonymous", "rater_type", "rater_name", "rater_cert_type", "rater_cert_hash", "rater_phone", "eval_time",
            "row_guid", "version", "cd_batch", "cd_operation", "cd_time", "data_source",
        ],
    ]

    /// Two cases at the district's own window: P1 accepted, concluded and rated; P2 only
    /// registered, its name holding a comma, a quote and a line break (RFC 4180 quoting).
    func loaded(_ dir: TemporaryDirectory) throws -> Replica {
        let replica = try Replica.temporary(Self.district.rawValue, in: dir, schema: GovernmentSchema.schema)
        let district = Self.district
        let dept = Self.dept
        try replica.write { db in
            try db.execute(
                sql: """
                    INSERT INTO item_impl (task_handle_item, task_code, catalog_code, task_name, dept_code, dept_name, project_type, promise_day, task_state, scope)
                    VALUES ('441702-0001', '441702-0001-T', '000001', '低保申请', ?, '民政局', '2', 5, '1', ?)
                    """,
                arguments: [dept, district.rawValue])
            let calendar = try WorkCalendar.load(db)
            for (number, name) in [("P1", "低保申请"), ("P2", "证明,\"加急\"\n第二行")] {
                try CaseDesk.register(
                    CaseApplication(
                        projectNo: number, taskHandleItem: "441702-0001", taskName: name, instant: false, channel: "window", applicantName: "张三",
                        idNumber: "11010519491231002X", phone: "13812345678", address: "广东省阳江市江城区某街1号", applyDate: "2026-11-02"),
                    at: district, db)
            }
            try CaseDesk.accept("P1", by: district, on: "2026-11-02", promiseDays: 5, calendar: calendar, db)
            try CaseDesk.conclude("P1", by: district, on: "2026-11-04", approved: true, db)
            try CaseDesk.evaluate("P1", evalID: "E1", level: 5, by: district, on: "2026-11-05", rater: nil, words: "很好", db)
        }
        return replica
    }

    /// A file's records (RFC 4180: quoted fields, doubled quotes, CRLF).
    static func records(_ path: String) throws -> [[String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let char = chars.popFirst() {
            if quoted {
                if char == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(char)
                }
            } else if char == "\"" {
                quoted = true
            } else if char == "," {
                record.append(field)
                field = ""
            } else if char == "\r\n" || char == "\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.append(char)
            }
        }
        return records
    }

    /// The rows of a CSV file as column → value.
    static func rows(_ path: String) throws -> [[String: String]] {
        let all = try records(path)
        return all.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(all[0], $0)) }
    }

    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func headersValuesAndIncrementalBatches() throws {
        let dir = TemporaryDirectory()
        let replica = try loaded(dir)
        let out = dir.file("exchange")

        // First export: every row, inserted (I), version 1.
        let first = try ExchangeExport.run(replica, format: .csv, to: out, now: Self.now, logger: testLogger())
        #expect(first.rows.map(\.rows) == [2, 4, 1, 1])
        let batch = try #require(first.directory)
        for table in NationalExchange.tables {
            let records = try Self.records("\(batch)/\(table.name).csv")
            #expect(records.first == Self.expectedColumns[table.name], "\(table.name)")
            #expect(records.dropFirst().allSatisfy { $0.count == records[0].count }, "\(table.name)")
        }
        let accepts = try Self.rows("\(batch)/up_pro_accept.csv")
        let p1 = try #require(accepts.first { $0["project_no"] == "P1" })
        #expect(p1["task_code"] == "441702-0001-T" && p1["catalog_code"] == "000001" && p1["org_code"] == Self.dept && p1["org_name"] == "民政局")
        #expect(p1["status"] == "CONCLUDED" && p1["result_type"] == "准予" && p1["accept_date"] == "2026-11-02" && p1["result_date"] == "2026-11-04")
        #expect(p1["origin_node"] == "441702000000" && p1["applyer_name"] == "张三" && p1["task_version"] == "" && p1["contact_name"] == "")
        #expect(p1["row_guid"] == "P1" && p1["version"] == "1" && p1["cd_operation"] == "I" && p1["data_source"] == "441702000000")
        #expect(p1["cd_batch"] == first.batch && p1["cd_batch"]?.hasPrefix("441702000000-") == true)
        #expect(p1["cd_time"].flatMap { ISO8601DateFormatter().date(from: $0) } == Self.now)
        let p2 = try #require(accepts.first { $0["project_no"] == "P2" })
        #expect(p2["task_name"] == "证明,\"加急\"\n第二行" && p2["status"] == "SUBMITTED")
        let events = try Self.rows("\(batch)/up_pro_process.csv")
        #expect(Set(events.compactMap { $0["event_name"] }) == ["申请", "受理", "办结"])
        #expect(events.allSatisfy { $0["tier"] == "2" && $0["node_id"] == "441702000000" && $0["process_name"] == $0["event_name"] })
        let result = try Self.rows("\(batch)/up_pro_result.csv")
        #expect(result.count == 1 && result[0]["result_type"] == "准予" && result[0]["is_delivery_results"] == "1")
        let evaluation = try Self.rows("\(batch)/up_evaluation.csv")
        #expect(evaluation.count == 1 && evaluation[0]["level"] == "5" && evaluation[0]["task_code"] == "441702-0001-T" && evaluation[0]["words"] == "很好")

        // One case row changes: only it is exported, as an update (U), version 2.
        try replica.write { db in try db.execute(sql: "UPDATE case_accept SET visit_count = 0 WHERE project_no = 'P2'") }
        let second = try ExchangeExport.run(replica, format: .csv, to: out, now: Self.now, logger: testLogger())
        #expect(second.rows.map(\.rows) == [1, 0, 0, 0])
        #expect(second.after == first.upTo && second.batch != first.batch)
        let changed = try Self.rows("\(try #require(second.directory))/up_pro_accept.csv")
        #expect(changed.count == 1 && changed[0]["project_no"] == "P2" && changed[0]["cd_operation"] == "U" && changed[0]["version"] == "2")
        #expect(changed[0]["visit_count"] == "0" && changed[0]["cd_batch"] == second.batch)
        #expect(try Self.records("\(second.directory!)/up_pro_process.csv") == [Self.expectedColumns["up_pro_process"]!])

        // Nothing changed: nothing written, the cursor stays.
        let entries = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        let third = try ExchangeExport.run(replica, format: .csv, to: out, now: Self.now, logger: testLogger())
        #expect(third.total == 0 && third.directory == nil && third.batch == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == entries)
        #expect(try replica.setting(ExchangeExport.cursorSetting) == String(second.upTo.rawValue))

        // --full: every row again, each an update with its next version.
        let full = try ExchangeExport.run(replica, format: .csv, to: out, full: true, now: Self.now, logger: testLogger())
        #expect(full.rows.map(\.rows) == [2, 4, 1, 1])
        let again = try Self.rows("\(try #require(full.directory))/up_pro_accept.csv")
        #expect(Set(again.map { "\($0["project_no"]!) \($0["cd_operation"]!) \($0["version"]!)" }) == ["P1 U 2", "P2 U 3"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func jsonFilesHoldNumbersStringsAndNulls() throws {
        let dir = TemporaryDirectory()
        let replica = try loaded(dir)
        let summary = try ExchangeExport.run(replica, format: .json, to: dir.file("json"), now: Self.now, logger: testLogger())
        let batch = try #require(summary.directory)
        for table in NationalExchange.tables {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(batch)/\(table.name).json"))
            let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]], "\(table.name)")
            #expect(rows.allSatisfy { Set($0.keys) == Set(Self.expectedColumns[table.name]!) }, "\(table.name)")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(batch)/up_evaluation.json"))
        let evaluation = try #require((try JSONSerialization.jsonObject(with: data) as? [[String: Any]])?.first)
        #expect(evaluation["level"] as? Int == 5 && evaluation["version"] as? Int == 1 && evaluation["eval_id"] as? String == "E1")
        #expect(evaluation["window_no"] is NSNull && evaluation["cd_operation"] as? String == "I")
    }

    @Test func theExportCommandSummarisesAndRefusesClearly() throws {
        let dir = TemporaryDirectory()
        let replica = try loaded(dir)
        let ok = try runCommand(liandongExecutable, ["export", "--db", replica.path, "--out", dir.file("out")])
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("办件 up_pro_accept: 2 rows") && ok.output.contains("好差评 up_evaluation: 1 rows"), "\(ok.output)")
        let nothing = try runCommand(liandongExecutable, ["export", "--db", replica.path, "--out", dir.file("out")])
        #expect(nothing.status == 0 && nothing.output.contains("no files written"), "\(nothing.output)")

        let format = try runCommand(liandongExecutable, ["export", "--db", replica.path, "--out", dir.file("out"), "--format", "xml"])
        #expect(format.status != 0 && format.output.contains("unknown format 'xml'") && format.output.contains("export format"), "\(format.output)")
        #expect(FileManager.default.createFile(atPath: dir.file("a-file"), contents: Data()))
        let unwritable = try runCommand(liandongExecutable, ["export", "--db", replica.path, "--out", dir.file("a-file")])
        #expect(unwritable.status != 0 && unwritable.output.contains("export directory"), "\(unwritable.output)")
        let demo = try Replica.create(at: dir.file("demo.db"), node: Self.district, schema: .demo, logger: testLogger())
        let schema = try runCommand(liandongExecutable, ["export", "--db", demo.path, "--out", dir.file("out")])
        #expect(schema.status != 0 && schema.output.contains("'gov' schema") && schema.output.contains("rule: export source"), "\(schema.output)")
    }
}

/// At the city the export writes the personal columns exactly as the replica holds them: masked
/// and hashed, never unmasked.
@Suite struct CityExportTests {
    @Test func theCityExportsMaskedValuesAsHeld() throws {
        let dir = TemporaryDirectory()
        let city = NodeID(rawValue: 441_700_000_000)
        let replica = try Replica.temporary(city.rawValue, in: dir, schema: GovernmentSchema.schema)
        let hash = String(repeating: "ab", count: 32)
        try replica.write { db in
            // As the district's masking sent it (a merge: stamped, not a local write).
            try db.execute(sql: "INSERT INTO _ld_applying (flag) VALUES (1)")
            try db.execute(
                sql: """
                    INSERT INTO case_accept (project_no, task_handle_item, task_name, project_type, apply_channel, applyer_name, applyer_page_code,
                        cert_hash, contact_mobile, apply_date, status, scope, _ld_seq)
                    VALUES ('C1', '441702-0001', '低保申请', '2', 'window', '张*', '110105********002X', ?, '138****5678', '2026-11-02', 'SUBMITTED', 441702001201, 7)
                    """,
                arguments: [hash])
            try db.execute(sql: "UPDATE _ld_clock SET seq = max(seq, 7)")
            try db.execute(sql: "DELETE FROM _ld_applying")
        }
        let summary = try ExchangeExport.run(replica, format: .csv, to: dir.file("out"), logger: testLogger())
        #expect(summary.rows.map(\.rows) == [1, 0, 0, 0] && !summary.personalDataRaw)
        let batch = try #require(summary.directory)
        let row = try #require(try ExportTests.rows("\(batch)/up_pro_accept.csv").first)
        #expect(row["applyer_name"] == "张*" && row["applyer_page_code"] == "110105********002X" && row["contact_mobile"] == "138****5678")
        #expect(row["cert_hash"] == hash && row["data_source"] == "441700000000" && row["origin_node"] == "441702001201")
    }
}
