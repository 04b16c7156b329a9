import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import Testing

/// `liandong bundle export` and `bundle import` (离线数据包, Protocols/SPEC.md §19) with the real
/// executable and real files: a town and a village that never run exchange their rows by USB
/// stick both ways, and every refusal (a replay, a changed byte, a truncated or garbage file, a
/// bundle for another node, one from an unenrolled node or key) changes nothing.
@Suite(.serialized) struct BundleTests {
    static let otherVillage = NodeID(rawValue: 441_702_001_202)
    static let strayVillage = NodeID(rawValue: 441_702_001_203)

    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    func insert(_ db: String, prefix: String, _ range: Range<Int>) throws {
        for i in range {
            let result = try cli(["sql", "--db", db, "INSERT INTO record (id, name, village, count) VALUES ('\(prefix)-\(i)', '代办 \(i)', '\(NodePair.village)', \(i))"])
            #expect(result.status == 0, "\(result.output)")
        }
    }

    /// Every replicated row of the replica at `db`, as `liandong sql` prints them.
    func rows(_ db: String) throws -> String {
        let result = try cli(["sql", "--db", db, "--log-level", "error", "SELECT id, name, village, count FROM record ORDER BY id"])
        #expect(result.status == 0, "\(result.output)")
        return result.output
    }

    func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
    func write(_ bytes: [UInt8], _ path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    /// A node that is not part of the pair, with its own key, trusting the town as its parent.
    func outsider(_ node: NodeID, in dir: TemporaryDirectory, name: String, townDB: String) throws -> String {
        let db = dir.file(name)
        let initialised = try cli(["init", "--db", db, "--schema", "demo", "--region", node.description, "--parent", "tcp://127.0.0.1:1"])
        #expect(initialised.status == 0, "\(initialised.output)")
        var enrolled = EnrolledKeys()
        let townKey = try NodeKeyFile.load(from: NodeKeyFile.defaultPath(forReplica: townDB))
        enrolled.parent = EnrolledKeys.Parent(node: NodePair.town, key: townKey.pair.publicKey)
        try enrolled.write(to: EnrolledKeys.defaultPath(forReplica: db), owner: node)
        return db
    }

    /// The round trip: the village exports for the town, the town imports it and writes a
    /// reply, the village imports the reply; both then hold each other's rows, and the next
    /// export skips what the other side acknowledged. Importing a bundle again is refused and
    /// changes nothing.
    @Test func aTownAndAVillageExchangeTheirRowsByBundle() throws {
        let dir = TemporaryDirectory()
        let pair = try NodePair(in: dir, endpoint: "tcp://127.0.0.1:1")
        let (townDB, villageDB) = (pair.townDB, pair.villageDB)
        try insert(villageDB, prefix: "village", 0..<6)
        try insert(townDB, prefix: "town", 0..<4)
        let up = dir.file("village-to-town.ldbundle")
        let down = dir.file("town-to-village.ldbundle")

        let exported = try cli(["bundle", "export", "--db", villageDB, "--for", NodePair.town.description, "--out", up])
        #expect(exported.status == 0, "\(exported.output)")
        #expect(exported.output.contains("离线数据包") && exported.output.contains("导出") && exported.output.contains("6 rows"), "\(exported.output)")
        #expect(exported.output.contains("1 seal(s)"), "the village seals its own cells for the town, as on the link: \(exported.output)")
        let fileBytes = try bytes(up)
        #expect(Array(fileBytes.prefix(8)) == Array("LDBUNDLE".utf8))
        #expect(fileBytes.firstRange(of: Array("village-0".utf8)) == nil, "the rows are encrypted")

        let imported = try cli(["bundle", "import", "--db", townDB, up, "--reply", down])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("导入") && imported.output.contains("6 changed"), "\(imported.output)")
        #expect(imported.output.contains("4 rows"), "the reply carries the town's rows: \(imported.output)")

        let back = try cli(["bundle", "import", "--db", villageDB, down])
        #expect(back.status == 0, "\(back.output)")
        #expect(back.output.contains("4 changed"), "\(back.output)")

        let townRows = try rows(townDB)
        #expect(townRows == (try rows(villageDB)))
        #expect(townRows.contains("village-5") && townRows.contains("town-3"), "\(townRows)")

        // The merges are in each side's audit log, and the chain holds.
        for db in [townDB, villageDB] {
            let audit = try cli(["audit", "verify", "--db", db])
            #expect(audit.status == 0, "\(audit.output)")
        }

        // Again: refused by rule, and nothing changes at either side.
        for (db, file) in [(townDB, up), (villageDB, down)] {
            let again = try cli(["bundle", "import", "--db", db, file])
            #expect(again.status != 0 && again.output.contains("replay 重放") && again.output.contains("nothing was changed"), "\(again.output)")
        }
        #expect(try rows(townDB) == townRows && rows(villageDB) == townRows)

        // The reply acknowledged the village's rows: its next bundle carries none of them; the
        // town got the acknowledgement of its rows from nothing yet, so it sends them again.
        let next = try cli(["bundle", "export", "--db", villageDB, "--for", NodePair.town.description, "--out", dir.file("next.ldbundle")])
        #expect(next.status == 0 && next.output.contains(" 0 rows"), "\(next.output)")
        let second = try cli(["bundle", "import", "--db", townDB, dir.file("next.ldbundle")])
        #expect(second.status == 0, "\(second.output)")
        let townNext = try cli(["bundle", "export", "--db", townDB, "--for", NodePair.village.description, "--out", dir.file("town-next.ldbundle")])
        #expect(townNext.status == 0 && townNext.output.contains(" 0 rows"), "the village's acknowledgement came with its bundle: \(townNext.output)")

        // An existing output file is not replaced.
        let exists = try cli(["bundle", "export", "--db", villageDB, "--for", NodePair.town.description, "--out", up])
        #expect(exists.status != 0 && exists.output.contains("--force"), "\(exists.output)")
    }

    /// A changed byte anywhere (header, encrypted part, signature), a truncated file and a file
    /// that is no bundle are refused, naming the rule; the town holds nothing of them, and the
    /// unchanged bundle still imports afterwards.
    @Test func aChangedTruncatedOrGarbageBundleIsRefused() throws {
        let dir = TemporaryDirectory()
        let pair = try NodePair(in: dir, endpoint: "tcp://127.0.0.1:1")
        try insert(pair.villageDB, prefix: "village", 0..<3)
        let good = dir.file("good.ldbundle")
        let exported = try cli(["bundle", "export", "--db", pair.villageDB, "--for", NodePair.town.description, "--out", good])
        #expect(exported.status == 0, "\(exported.output)")
        let original = try bytes(good)
        let before = try rows(pair.townDB)

        for position in [30, original.count / 2, original.count - 1] {
            var flipped = original
            flipped[position] ^= 0x01
            let file = dir.file("flipped-\(position).ldbundle")
            try write(flipped, file)
            let result = try cli(["bundle", "import", "--db", pair.townDB, file])
            #expect(result.status != 0 && result.output.contains("signature 签名") && result.output.contains("nothing was changed"), "byte \(position): \(result.output)")
        }
        let cases: [(String, [UInt8], String)] = [
            ("truncated", Array(original.prefix(original.count - 70)), "format 格式"),
            ("half", Array(original.prefix(40)), "format 格式"),
            ("garbage", Array("这不是数据包 not a bundle".utf8), "format 格式"),
            ("empty", [], "format 格式"),
        ]
        for (name, content, rule) in cases {
            let file = dir.file("\(name).ldbundle")
            try write(content, file)
            let result = try cli(["bundle", "import", "--db", pair.townDB, file])
            #expect(result.status != 0 && result.output.contains(rule), "\(name): \(result.output)")
            #expect(!result.output.contains("Fatal error"), "\(name): \(result.output)")
        }
        #expect(try rows(pair.townDB) == before)

        let result = try cli(["bundle", "import", "--db", pair.townDB, good])
        #expect(result.status == 0 && result.output.contains("3 changed"), "\(result.output)")
    }

    /// A bundle for another node, from a node the town never enrolled, and from a node using
    /// another key than the enrolled one (an impostor in the village's name) are refused;
    /// so is an export for a node that is not enrolled.
    @Test func foreignBundlesAreRefused() throws {
        let dir = TemporaryDirectory()
        let pair = try NodePair(in: dir, endpoint: "tcp://127.0.0.1:1")
        try insert(pair.townDB, prefix: "town", 0..<2)
        let villageBefore = try rows(pair.villageDB)
        let townBefore = try rows(pair.townDB)

        // For another village of the town: the village is not its recipient.
        let otherDB = dir.file("other.db")
        #expect(try cli(["init", "--db", otherDB, "--schema", "demo", "--region", Self.otherVillage.description, "--parent", "tcp://127.0.0.1:1"]).status == 0)
        try TestKeys.enrol(child: Self.otherVillage, at: otherDB, parent: NodePair.town, at: pair.townDB)
        let forOther = dir.file("for-other.ldbundle")
        #expect(try cli(["bundle", "export", "--db", pair.townDB, "--for", Self.otherVillage.description, "--out", forOther]).status == 0)
        let wrongRecipient = try cli(["bundle", "import", "--db", pair.villageDB, forOther])
        #expect(wrongRecipient.status != 0 && wrongRecipient.output.contains("recipient 收件节点"), "\(wrongRecipient.output)")
        #expect(try rows(pair.villageDB) == villageBefore)

        // From a village the town never enrolled.
        let strayDB = try outsider(Self.strayVillage, in: dir, name: "stray.db", townDB: pair.townDB)
        try insert(strayDB, prefix: "stray", 0..<2)
        let stray = dir.file("stray.ldbundle")
        #expect(try cli(["bundle", "export", "--db", strayDB, "--for", NodePair.town.description, "--out", stray]).status == 0)
        let unenrolled = try cli(["bundle", "import", "--db", pair.townDB, stray])
        #expect(unenrolled.status != 0 && unenrolled.output.contains("enrolment 登记"), "\(unenrolled.output)")

        // In the village's name, with a key the town never enrolled.
        let impostorDB = try outsider(NodePair.village, in: dir, name: "impostor.db", townDB: pair.townDB)
        try insert(impostorDB, prefix: "forged", 0..<2)
        let forged = dir.file("impostor.ldbundle")
        #expect(try cli(["bundle", "export", "--db", impostorDB, "--for", NodePair.town.description, "--out", forged]).status == 0)
        let impostor = try cli(["bundle", "import", "--db", pair.townDB, forged])
        #expect(impostor.status != 0 && impostor.output.contains("decryption 解密"), "\(impostor.output)")
        #expect(try rows(pair.townDB) == townBefore)

        // From the village once the town revoked its key (a stolen PC): refused, though written before.
        let beforeRevocation = dir.file("before-revocation.ldbundle")
        try insert(pair.villageDB, prefix: "late", 0..<1)
        #expect(try cli(["bundle", "export", "--db", pair.villageDB, "--for", NodePair.town.description, "--out", beforeRevocation]).status == 0)
        #expect(try cli(["keys", "revoke", "--db", pair.townDB, "--child", NodePair.village.description]).status == 0)
        let revoked = try cli(["bundle", "import", "--db", pair.townDB, beforeRevocation])
        #expect(revoked.status != 0 && revoked.output.contains("enrolment 登记") && revoked.output.contains("revoked"), "\(revoked.output)")
        #expect(try rows(pair.townDB) == townBefore)

        // Nor does a node export for a node it has not enrolled.
        let notEnrolled = try cli(["bundle", "export", "--db", pair.townDB, "--for", Self.strayVillage.description, "--out", dir.file("x.ldbundle")])
        #expect(notEnrolled.status != 0 && notEnrolled.output.contains("enrolment 登记"), "\(notEnrolled.output)")
    }
}
