import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import LiandongWire
import Testing

/// Intruders against real `liandong run` processes (Protocols/SPEC.md §2.1, §8.2): the town and
/// its village are separate processes; the intruders are sockets of this test.
@Suite(.serialized) struct IntruderProcessTests {
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    func linkState(_ db: String) throws -> (state: String, error: String?) { try LiandongTesting.linkState(ofReplica: db) }

    func rows(_ db: String) throws -> Int {
        Int(try cli(["sql", "--db", db, "SELECT count(*) AS n FROM record"]).output.split(separator: "\n").last.map(String.init) ?? "") ?? -1
    }

    /// An intruder with the village's code but its own key learns nothing and changes nothing;
    /// a revoked village is cut off at once and keeps its later rows to itself.
    @Test func anImpostorLearnsNothingAndARevokedVillageIsCutOff() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let pair = try NodePair(in: dir, endpoint: endpoint, throughCLI: true)
        let (townDB, villageDB) = (pair.townDB, pair.villageDB)
        #expect(try cli(["sql", "--db", townDB, "INSERT INTO record (id, name, village) VALUES ('t1', '张三', '441702001201')"]).status == 0)
        let town = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", townDB], logPath: dir.file("town.log"))
        let village = try NodeProcess(executable: liandongExecutable, arguments: ["run", "--db", villageDB], logPath: dir.file("village.log"))
        defer { NodeProcess.terminateAll(village, town) }
        #expect(try eventually(seconds: 20) { try rows(villageDB) == 1 })

        // The intruder knows the town's public key (it is not secret) and the village's code.
        let townKey = try #require(CurveKey(z85: try cli(["keys", "show", "--db", townDB]).output.trimmingCharacters(in: .whitespacesAndNewlines)))
        let context = try ZMQContext()
        let intruder = try ZMQSocket(context: context, kind: .dealer)
        defer { intruder.close() }
        try intruder.secure(.curveClient(try CurveKeyPair.generate(), server: townKey))
        try intruder.setRoutingID("441702001201")
        try intruder.connect(endpoint)
        let hello = LocalIdentity(node: NodeID(rawValue: 441_702_001_201), schema: .demo).hello(cursor: .zero, head: .zero)
        try intruder.send([Envelope(schemaVersion: 1, message: .hello(hello)).encoded()], blocking: true)
        let forged = RowChange(
            table: 0, key: [.text("forged")], causalLength: 1, values: Array(repeating: .null, count: 9),
            versions: CompactVersions(base: CellVersion(hlc: HLC(millis: wallClockMillis()), origin: NodeID(rawValue: 441_702_001_201))))
        try intruder.send(
            [Envelope(schemaVersion: 1, message: .changes(ChangeChunk(after: .zero, upTo: ChangeSeq(rawValue: 1), rows: [forged], remaining: 0))).encoded()],
            blocking: true)
        #expect(try zmqPollReadable([intruder], timeoutMillis: 2000) == [false])
        #expect(try rows(townDB) == 1)
        #expect(((try? String(contentsOfFile: dir.file("town.log"), encoding: .utf8)) ?? "").contains("its key is not enrolled"))

        // The real village still syncs; then its key is revoked at the town.
        #expect(try cli(["sql", "--db", villageDB, "INSERT INTO record (id, name, village) VALUES ('v1', '李四', '441702001201')"]).status == 0)
        #expect(try eventually(seconds: 20) { try rows(townDB) == 2 })
        #expect(try cli(["keys", "revoke", "--db", townDB, "--child", "441702001201"]).status == 0)
        #expect(try eventually(seconds: 10) { try linkState(villageDB).state == "refused" }, "\((try? linkState(villageDB)) ?? ("?", nil))")
        #expect(try linkState(villageDB).error?.contains("revoked") == true)
        #expect(try cli(["sql", "--db", villageDB, "INSERT INTO record (id, name, village) VALUES ('v2', '王五', '441702001201')"]).status == 0)
        Thread.sleep(forTimeInterval: 2)
        #expect(try rows(townDB) == 2)
        #expect(town.isRunning && village.isRunning)
    }
}
