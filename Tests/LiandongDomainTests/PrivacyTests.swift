import Crypto
import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// The privacy ceiling on the real `gov` schema and real replica files (Protocols/SPEC.md §17.4):
/// free text scrubbed at the district → city hop and refused raw by the city, the keyed hash
/// that the district's files cannot break, and the move of a version-1 salt out of the replica.
@Suite struct PrivacyTests {
    static let city = NodeID(rawValue: 441_700_000_000)
    static let district = NodeID(rawValue: 441_702_000_000)
    /// The receiver's time for each exchange: read when it happens, since the local writes it
    /// checks are stamped from the real clock (a value fixed when the suite started falls behind
    /// them by more than the drift bound on a loaded machine).
    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A city and a district on real files; the district holds `key` (and its key file, as
    /// deployed: `<replica>.privacy-key`).
    func pair(_ dir: TemporaryDirectory, key: PrivacyKey) throws -> (city: Replica, district: Replica) {
        let city = try Replica.temporary(Self.city.rawValue, in: dir, schema: GovernmentSchema.schema)
        let district = try Replica.temporary(Self.district.rawValue, in: dir, schema: GovernmentSchema.schema, privacyKey: key)
        try PrivacyKeyFile.create(key, at: PrivacyKeyFile.defaultPath(forReplicaAt: district.path))
        return (city, district)
    }

    /// A valid mainland ID number (check digit included) born on `birth` (YYYYMMDD).
    static func idNumber(region: String = "440102", birth: String, sequence: String) -> String {
        let body = region + birth + sequence
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    func text(_ replica: Replica, _ sql: String) throws -> String? {
        if case .text(let value) = try replica.query(sql).rows.first?.first { return value }
        return nil
    }

    /// Registers a case at the district whose free text people filled with identifiers.
    func registerChattyCase(at district: Replica, idNumber: String) throws {
        let node = Self.district
        try district.write { db in
            try CaseDesk.register(application("C-1", idNumber: idNumber, phone: "13812345678"), at: node, db)
            try db.execute(
                sql: "UPDATE case_accept SET project_name = ? WHERE project_no = 'C-1'",
                arguments: ["低保申请 身份证110105 19491231 002X 电话+86 138-1234-5678 预算13,500,000,000元"])
            try CaseDesk.event("C-1", "补正", by: node, at: "2026-11-03", scope: node, explain: "已电话１３９１２３４５６７８联系申请人", db)
            try CaseDesk.evaluate(
                "C-1", evalID: "E-1", level: 1, by: node, on: "2026-11-04", rater: ("王五", "13700002222", idNumber),
                words: "窗口让我再报一遍身份证\(idNumber)", db)
            try CaseDesk.rectify(evalID: "E-1", scope: node, status: 20, deadline: "2026-11-10", closedAt: nil, content: "已回访，座机029-8888-6666", db)
        }
    }

    /// SPEC §17.4: a district restored from a backup meets its subtree's cases first in the city's
    /// copies, personal cells withheld. It keeps those rows from its towns (which refuse withheld
    /// cells) and takes the raw values when its town sends them, on the append-only case event too.
    @Test func aRestoredDistrictFillsTheCitysWithheldCellsFromItsTown() throws {
        let dir = TemporaryDirectory()
        let key = PrivacyKey.random()
        let (city, district) = try pair(dir, key: key)
        let town = NodeID(rawValue: 441_702_001_000)
        let townReplica = try Replica.temporary(town.rawValue, in: dir, schema: GovernmentSchema.schema)
        try townReplica.write { db in
            try CaseDesk.register(application("T-1"), at: town, db)
            try CaseDesk.event("T-1", "补正", by: town, at: "2026-11-03", scope: town, explain: "已电话联系申请人张三丰", db)
        }
        _ = try townReplica.exchange(withParent: district, nowMillis: Self.now)
        _ = try district.exchange(withParent: city, nowMillis: Self.now)

        // The district's PC is replaced: an empty replica (older than the case) syncs with the city first.
        let restoredDir = TemporaryDirectory()
        let restored = try Replica.temporary(Self.district.rawValue, in: restoredDir, schema: GovernmentSchema.schema, privacyKey: key)
        // The city's digest repair gives back everything it holds, echoes of this district included.
        let fromCity = try city.readChunk(for: Self.district, suppressEchoes: false, after: .zero, limit: 512)
        _ = try restored.apply(fromCity, from: Self.city, role: .parent, repair: true, drift: ClockDriftPolicy(), nowMillis: Self.now)
        #expect(try restored.query("SELECT count(*) FROM case_accept WHERE project_no = 'T-1' AND applyer_name IS NULL").rows.first?.first == .integer(1))
        let schema = GovernmentSchema.schema
        let caseTables = Set(["case_accept", "case_event"].compactMap(schema.tableIndex(named:)))
        let down = try restored.readChunk(for: town, after: .zero, limit: 512)
        #expect(!down.rows.contains { caseTables.contains($0.table) }, "rows with withheld cells stay at the district")
        let projections = schema.tables.map(PrivacyProjection.init)
        #expect(!down.rows.contains { projections[$0.table].hasWithheldCell($0) })

        // The town's copies fill them in: nothing refused, the raw values back, the event included.
        _ = try townReplica.exchange(withParent: restored, nowMillis: Self.now)
        #expect(try restored.refusals(limit: 5).oldest.isEmpty)
        #expect(try text(restored, "SELECT applyer_name FROM case_accept WHERE project_no = 'T-1'") == "张三丰")
        #expect(try text(restored, "SELECT handle_explain FROM case_event WHERE event_name = '补正'") == "已电话联系申请人张三丰")
        let again = try restored.readChunk(for: town, suppressEchoes: false, after: .zero, limit: 512)
        #expect(again.rows.contains { caseTables.contains($0.table) } && !again.rows.contains { projections[$0.table].hasWithheldCell($0) })
    }

    @Test func freeTextIsScrubbedOnTheWayToTheCity() throws {
        let dir = TemporaryDirectory()
        let (city, district) = try pair(dir, key: .random())
        try registerChattyCase(at: district, idNumber: "440102199001011234")
        try district.exchange(withParent: city, nowMillis: Self.now)

        #expect(try text(city, "SELECT project_name FROM case_accept") == "低保申请 身份证110105********002X 电话138****5678 预算13,500,000,000元")
        #expect(try text(city, "SELECT handle_explain FROM case_event WHERE event_name = '补正'") == "已电话139****5678联系申请人")
        #expect(try text(city, "SELECT words FROM evaluation") == "窗口让我再报一遍身份证440102********1234")
        #expect(try text(city, "SELECT reform_content FROM rectification") == "已回访，座机029****6666")
        // Every text the city holds in a replicated table is free of identifiers (hashes aside:
        // 64 hex digits may hold a run of decimal digits by chance).
        for table in GovernmentSchema.schema.tables {
            let hashes = Set(table.columns.indices.filter { table.columns[$0].isKeyedHash }.map { $0 + table.primaryKey.count })
            for row in try city.dump(table: table.name) {
                for (index, value) in row.enumerated() where !hashes.contains(index) {
                    guard case .text(let text) = value else { continue }
                    #expect(PersonalIdentifiers.find(in: text).isEmpty, "\(table.name) at the city: \(text)")
                }
            }
        }
        // The district keeps the raw text, and the city's rows coming back down — as a digest
        // repair sends them — never overwrite it.
        #expect(try text(district, "SELECT project_name FROM case_accept")?.contains("138-1234-5678") == true)
        let buckets = Set(try city.digest(linkWith: Self.district).buckets.map(\.index))
        let repair = try city.statesInBuckets(buckets, linkWith: Self.district)
        #expect(!repair.isEmpty)
        _ = try district.apply(
            ChangeChunk(after: .zero, upTo: .zero, rows: repair, remaining: 0), from: Self.city, role: .parent, repair: true, drift: ClockDriftPolicy(),
            nowMillis: Self.now)
        #expect(try text(district, "SELECT project_name FROM case_accept")?.contains("138-1234-5678") == true)
        #expect(try text(district, "SELECT words FROM evaluation") == "窗口让我再报一遍身份证440102199001011234")
        #expect(try district.count("_ld_reject") == 0 && city.count("_ld_reject") == 0)
    }

    /// A district that does not scrub (misconfigured, or an older peer): the city refuses the
    /// row with rule `privacy`, naming table and column, and applies the rest of the chunk.
    @Test func theCityRefusesFreeTextStillHoldingAnIdentifier() throws {
        let dir = TemporaryDirectory()
        let (city, district) = try pair(dir, key: .random())
        try registerChattyCase(at: district, idNumber: "440102199001011234")
        var chunk = try district.readChunk(for: Self.city, after: .zero, limit: 512)
        let schema = GovernmentSchema.schema
        let cases = schema.tableIndex(named: "case_accept")!
        let column = schema.tables[cases].columns.firstIndex { $0.name == "project_name" }!
        let row = chunk.rows.firstIndex { $0.table == cases }!
        chunk.rows[row].values[column] = .text("低保申请 电话138 1234 5678")
        let outcome = try city.apply(chunk, from: Self.district, role: .child, drift: ClockDriftPolicy(), nowMillis: Self.now)
        #expect(outcome.rejected.count == 1)
        let refusal = try #require(outcome.rejected.first)
        #expect(refusal.rule == .privacy && refusal.table == "case_accept" && refusal.column == "project_name")
        #expect(refusal.description.contains("个人信息保护") && refusal.description.contains("free text"))
        #expect(try city.count("case_accept") == 0)
        #expect(try city.count("case_event") > 0 && city.count("evaluation") == 1)
        #expect(try city.count("_ld_reject", where: "tbl = 'case_accept' AND col = 'project_name' AND rule = 'privacy'") == 1)
    }

    /// The audit's attack: from the city's rows (masked ID number and its hash) and everything
    /// a district's replica file and its backup hold, brute-force the hidden birth date. With
    /// HMAC under a key kept outside the replica it finds nothing; with the key it finds every
    /// one (the control, so that the attack itself is shown to work).
    @Test func theDistrictsFilesDoNotGiveTheCityIDNumbersBack() throws {
        let dir = TemporaryDirectory()
        let key = PrivacyKey.random()
        let (city, district) = try pair(dir, key: key)
        let people = [
            Self.idNumber(birth: "19850317", sequence: "123"), Self.idNumber(birth: "19640229", sequence: "045"),
            Self.idNumber(birth: "20011130", sequence: "771"),
        ]
        try district.write { db in
            for (index, id) in people.enumerated() {
                try CaseDesk.register(application("C-\(index)", idNumber: id, phone: "1380000000\(index)"), at: Self.district, db)
            }
        }
        try district.exchange(withParent: city, nowMillis: Self.now)
        let backup = dir.file("district-backup.db")
        try district.backup(to: backup)

        let targets = try city.query("SELECT applyer_page_code, cert_hash FROM case_accept ORDER BY project_no").rows.compactMap { row -> (masked: String, hash: String)? in
            guard case .text(let masked) = row[0], case .text(let hash) = row[1] else { return nil }
            return (masked, hash)
        }
        #expect(targets.count == people.count && targets.allSatisfy { $0.masked.contains("********") })

        // Everything the files hold: every setting's value, and every token that could be a
        // secret (hex, base64, words of 16 characters or more) in the raw bytes of the database,
        // its log and the backup.
        var candidates = Set<String>()
        for path in [district.path, backup] {
            let copy = try Replica.open(at: path, logger: testLogger(), privacyKeyFile: dir.file("none"))
            for row in try copy.query("SELECT value FROM _ld_setting").rows { if case .text(let value) = row[0] { candidates.insert(value) } }
        }
        for path in [district.path, district.path + "-wal", backup] {
            guard let bytes = FileManager.default.contents(atPath: path) else { continue }
            var token: [UInt8] = []
            for byte in bytes + [0] {
                if (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 43 || byte == 47 || byte == 61 || byte == 45 || byte == 95 {
                    token.append(byte)
                    continue
                }
                if (16...96).contains(token.count) { candidates.insert(String(decoding: token, as: UTF8.self)) }
                token = []
            }
        }
        #expect(!candidates.contains(key.hex), "the key is in the replica or its backup")
        #expect(candidates.count > 10)
        #expect(recover(targets, candidates: candidates).isEmpty)
        // The control: the same attack with the key recovers every ID number.
        #expect(recover(targets, candidates: [key.hex]) == Set(people))
    }

    /// Tries every candidate as an HMAC key (hex) and as a version-1 salt (SHA-256 of salt,
    /// U+001F, ID number) on the first target's unknown birth date; a candidate that breaks it
    /// is then used on all targets. Returns the ID numbers recovered.
    func recover(_ targets: [(masked: String, hash: String)], candidates: Set<String>) -> Set<String> {
        guard let first = targets.first else { return [] }
        func dates() -> [String] {
            var result: [String] = []
            for year in 1920...2010 {
                let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
                for month in 1...12 {
                    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
                    for day in 1...days { result.append(String(format: "%04d%02d%02d", year, month, day)) }
                }
            }
            return result
        }
        let allDates = dates()
        func candidatesFor(_ masked: String) -> [String] {
            let prefix = String(masked.prefix(6)), suffix = String(masked.suffix(4))
            return allDates.map { Self.idNumber(region: prefix, birth: $0, sequence: String(suffix.prefix(3))) }.filter { $0.hasSuffix(suffix) }
        }
        let firstIDs = candidatesFor(first.masked)
        // Each hypothesis: a function from an ID number to its hash bytes.
        var hashes: [(String) -> [UInt8]] = []
        for candidate in candidates {
            if let key = Self.bytes(hex: candidate), key.count == PrivacyKey.byteCount {
                let symmetric = SymmetricKey(data: key)
                hashes.append { id in Array(HMAC<SHA256>.authenticationCode(for: Array(id.utf8), using: symmetric)) }
            }
            hashes.append { id in Array(SHA256.hash(data: Array((candidate + "\u{1F}" + id).utf8))) }
        }
        let targetBytes = targets.map { Self.bytes(hex: $0.hash) ?? [] }
        guard let breaking = hashes.first(where: { hash in firstIDs.contains { hash($0) == targetBytes[0] } }) else { return [] }
        var recovered = Set<String>()
        for (index, target) in targets.enumerated() {
            if let id = candidatesFor(target.masked).first(where: { breaking($0) == targetBytes[index] }) { recovered.insert(id) }
        }
        return recovered
    }

    /// Version 1 kept the salt in `_ld_setting`. Opening such a district moves it out: the
    /// setting and its bytes leave the file, a new random key (not derived from the salt, which
    /// every old backup holds) is written to `<replica>.privacy-key` with mode 0600 and used; a
    /// key file already there is kept; a town's salt just goes.
    @Test func aSaltLeftByVersion1IsMovedOutOfTheReplica() throws {
        let dir = TemporaryDirectory()
        let salt = "legacy-city-salt-Zm9vYmFyYmF6cXV4"
        let districtPath = dir.file("district.db")
        let keyPath = PrivacyKeyFile.defaultPath(forReplicaAt: districtPath)
        do {
            let old = try Replica.create(at: districtPath, node: Self.district, schema: GovernmentSchema.schema, logger: testLogger())
            try old.setSetting(Replica.privacySaltSetting, salt)
            try old.write { try CaseDesk.register(application("C-OLD"), at: Self.district, $0) }
        }
        #expect(try fileBytes(districtPath).contains(salt))
        #expect(!PrivacyKeyFile.exists(at: keyPath))

        let opened = try Replica.open(at: districtPath, logger: testLogger())
        #expect(try opened.setting(Replica.privacySaltSetting) == nil)
        let written = try #require(try PrivacyKeyFile.read(at: keyPath))
        #expect(opened.privacyKey == written)
        let fileText = try String(contentsOfFile: keyPath, encoding: .utf8)
        #expect(fileText == written.hex + "\n")
        let mode = (try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        #expect(try !fileBytes(districtPath).contains(salt), "the salt's bytes are still in the file or its log")
        #expect(written != (try? PrivacyKey(bytes: Array(SHA256.hash(data: Array(salt.utf8))))))
        // The hash the city gets is the HMAC under the written key.
        let city = try Replica.temporary(Self.city.rawValue, in: dir, schema: GovernmentSchema.schema)
        try opened.exchange(withParent: city, nowMillis: Self.now)
        #expect(try city.query("SELECT cert_hash FROM case_accept").rows == [[PersonalData.keyedHash(.text("440102199001011234"), key: written)]])
        // Opening again changes nothing.
        #expect(try Replica.open(at: districtPath, logger: testLogger()).privacyKey == written)

        // A key file installed before the upgrade is the one used.
        let secondPath = dir.file("district2.db")
        let installed = PrivacyKey.random()
        do {
            let old = try Replica.create(at: secondPath, node: Self.district, schema: GovernmentSchema.schema, logger: testLogger())
            try old.setSetting(Replica.privacySaltSetting, salt)
        }
        try PrivacyKeyFile.create(installed, at: PrivacyKeyFile.defaultPath(forReplicaAt: secondPath))
        let second = try Replica.open(at: secondPath, logger: testLogger())
        #expect(second.privacyKey == installed)
        #expect(try second.setting(Replica.privacySaltSetting) == nil)

        // A town never needed the salt: it goes, and no key file appears.
        let townPath = dir.file("town.db")
        do {
            let old = try Replica.create(at: townPath, node: NodeID(rawValue: 441_702_001_000), schema: GovernmentSchema.schema, logger: testLogger())
            try old.setSetting(Replica.privacySaltSetting, salt)
        }
        let town = try Replica.open(at: townPath, logger: testLogger())
        #expect(town.privacyKey == nil)
        #expect(try town.setting(Replica.privacySaltSetting) == nil)
        #expect(!PrivacyKeyFile.exists(at: PrivacyKeyFile.defaultPath(forReplicaAt: townPath)))
    }

    /// Replicas made with `gov` v1 (no free-text declarations) adopt v2 when opened to sync: the
    /// district then scrubs its free text on the way to the city, the city masks in place the raw
    /// text it received before (versions kept, raw bytes gone from its file), and the guards are
    /// the current ones.
    @Test func version1ReplicasAdoptTheFreeTextDeclaration() throws {
        let dir = TemporaryDirectory()
        var v1 = GovernmentSchema.schema
        v1.version = 1
        for table in v1.tables.indices {
            for column in v1.tables[table].columns.indices where v1.tables[table].columns[column].personal == .freeText {
                v1.tables[table].columns[column].personal = nil
            }
        }
        #expect(v1.fingerprint != GovernmentSchema.schema.fingerprint)
        let key = PrivacyKey.random()
        let districtPath = dir.file("district.db"), cityPath = dir.file("city.db")
        do {
            let old = try Replica.create(at: districtPath, node: Self.district, schema: v1, logger: testLogger(), privacyKey: key)
            let oldCity = try Replica.create(at: cityPath, node: Self.city, schema: v1, logger: testLogger())
            try registerChattyCase(at: old, idNumber: "440102199001011234")
            try old.exchange(withParent: oldCity, nowMillis: Self.now)
            // What the audit found: v1 sent free text raw.
            #expect(try text(oldCity, "SELECT words FROM evaluation") == "窗口让我再报一遍身份证440102199001011234")
        }
        let opened = try Replica.open(at: districtPath, logger: testLogger(), privacyKey: key)
        #expect(opened.schema.version == 1)
        let adopted = try opened.adoptingDeclaration(GovernmentSchema.schema)
        #expect(adopted.schema == GovernmentSchema.schema && adopted.privacyKey == key)
        #expect(try Replica.open(at: districtPath, logger: testLogger(), privacyKey: key).schema.version == GovernmentSchema.version)
        #expect(try adopted.adoptingDeclaration(GovernmentSchema.schema).schema == GovernmentSchema.schema)
        #expect(try text(adopted, "SELECT words FROM evaluation") == "窗口让我再报一遍身份证440102199001011234")

        let oldCity = try Replica.open(at: cityPath, logger: testLogger())
        let versionsBefore = try oldCity.rowStates().map(\.versions)
        let city = try oldCity.adoptingDeclaration(GovernmentSchema.schema)
        #expect(try text(city, "SELECT words FROM evaluation") == "窗口让我再报一遍身份证440102********1234")
        #expect(try text(city, "SELECT project_name FROM case_accept") == "低保申请 身份证110105********002X 电话138****5678 预算13,500,000,000元")
        let versionsAfter = try city.rowStates().map(\.versions)
        #expect(versionsAfter == versionsBefore, "\(zip(versionsBefore, versionsAfter).filter { $0.0 != $0.1 }.prefix(3))")
        let cityBytes = try fileBytes(cityPath)
        #expect(!cityBytes.contains("440102199001011234") && !cityBytes.contains("138-1234-5678") && !cityBytes.contains("029-8888-6666"))
        // Nothing is left to send either way, and nothing is refused.
        try registerMore(at: adopted)
        try adopted.exchange(withParent: city, nowMillis: Self.now)
        #expect(try text(city, "SELECT handle_explain FROM case_event WHERE project_no = 'C-2' AND event_name = '补正'") == "电话138****0000")
        #expect(try city.count("_ld_reject") == 0 && adopted.count("_ld_reject") == 0)

        // The guards were created again: published amounts pass, a mobile does not.
        let insert = "INSERT INTO disclosure_record (record_id, item_id, title, body, formed_date, scope) VALUES (?, 'i', '公示', ?, '2026-11-01', ?)"
        try adopted.write { try $0.execute(sql: insert, arguments: ["D1", "¥13500000000", Self.district.rawValue]) }
        #expect(throws: StoreError.self) { try adopted.write { try $0.execute(sql: insert, arguments: ["D2", "电话138-1234-5678", Self.district.rawValue]) } }
        // A newer declaration that changes a table beyond what the file can follow is refused:
        // a required (NOT NULL) column the rows it holds do not have.
        var other = GovernmentSchema.schema
        other.version = GovernmentSchema.version + 1
        other.tables[0].columns.append(ColumnSpec("extra", .text, notNull: true))
        #expect { try adopted.adoptingDeclaration(other) } throws: { "\($0)".contains("liandong init") }
    }

    func registerMore(at district: Replica) throws {
        try district.write { db in
            try CaseDesk.register(application("C-2", idNumber: "440102199202021234", phone: "13800000000"), at: Self.district, db)
            try CaseDesk.event("C-2", "补正", by: Self.district, at: "2026-11-05", scope: Self.district, explain: "电话13800000000", db)
        }
    }

    /// A key file others may read, or one that is not 64 hex digits, is refused with the fix.
    @Test func aKeyFileOthersCanReadIsRefused() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("key")
        try PrivacyKeyFile.create(.random(), at: path)
        #expect(throws: StoreError.self) { try PrivacyKeyFile.create(.random(), at: path) }
        chmod(path, 0o644)
        #expect { try PrivacyKeyFile.read(at: path) } throws: { "\($0)".contains("chmod 600") }
        let short = dir.file("short")
        try "abc123\n".write(toFile: short, atomically: true, encoding: .utf8)
        chmod(short, 0o600)
        #expect { try PrivacyKeyFile.read(at: short) } throws: { "\($0)".contains("64 hex digits") }
        #expect(try PrivacyKeyFile.read(at: dir.file("absent")) == nil)
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let high = UInt8(String(decoding: digits[pair...pair + 1], as: UTF8.self), radix: 16) else { return nil }
            out.append(high)
        }
        return out
    }

    /// The raw bytes of a replica file and its write-ahead log, as text.
    func fileBytes(_ path: String) throws -> String {
        let bytes = (FileManager.default.contents(atPath: path) ?? Data()) + (FileManager.default.contents(atPath: path + "-wal") ?? Data())
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Replica {
    func count(_ table: String, where condition: String = "1") throws -> Int64 {
        try query("SELECT count(*) FROM \(table) WHERE \(condition)").rows.first?.first?.integerValue ?? -1
    }
}
