import Foundation
import LiandongCore
import LiandongTesting
import LiandongTransport
import Testing

/// `liandong keys` as an operator uses it: every mistake gets a sentence that says what to do.
@Suite struct KeysCommandTests {
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommand(liandongExecutable, arguments) }

    @Test func enrolmentMistakesAreRefusedWithAReason() throws {
        let dir = TemporaryDirectory()
        let town = dir.file("town.db")
        let village = dir.file("village.db")
        #expect(try cli(["init", "--db", town, "--region", "441702001000", "--listen", "tcp://127.0.0.1:\(try freeLoopbackPort())", "--schema", "demo"]).status == 0)
        #expect(try cli(["init", "--db", village, "--region", "441702001201", "--parent", "tcp://127.0.0.1:1", "--schema", "demo"]).status == 0)
        let key = try cli(["keys", "show", "--db", village]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(CurveKey(z85: key) != nil)

        let stranger = try cli(["keys", "enrol", "--db", town, "--child", "441702002201", "--key=\(key)"])
        #expect(stranger.status != 0 && stranger.output.contains("not a direct child"), "\(stranger.output)")
        let garbage = try cli(["keys", "enrol", "--db", town, "--child", "441702001201", "--key=not-a-key"])
        #expect(garbage.status != 0 && garbage.output.contains("not a public key"), "\(garbage.output)")
        #expect(try cli(["keys", "enrol", "--db", town, "--child", "441702001201", "--key=\(key)"]).status == 0)
        let twice = try cli(["keys", "enrol", "--db", town, "--child", "441702001202", "--key=\(key)"])
        #expect(twice.status != 0 && twice.output.contains("already enrolled for node 441702001201"), "\(twice.output)")
        let wrongParent = try cli(["keys", "parent", "--db", village, "--node", "441702002000", "--key=\(key)"])
        #expect(wrongParent.status != 0 && wrongParent.output.contains("not the parent") && wrongParent.output.contains("--moved"), "\(wrongParent.output)")
        // A village moved while offline (区划调整) takes its new town's key with --moved.
        let moved = try cli(["keys", "parent", "--db", village, "--node", "441702002000", "--key=\(key)", "--moved"])
        #expect(moved.status == 0 && moved.output.contains("区划调整"), "\(moved.output)")

        #expect(try cli(["keys", "revoke", "--db", town, "--child", "441702001201"]).status == 0)
        let again = try cli(["keys", "enrol", "--db", town, "--child", "441702001201", "--key=\(key)"])
        #expect(again.status != 0 && again.output.contains("never enrolled again"), "\(again.output)")
        #expect(try cli(["keys", "list", "--db", town]).output.contains("revoked"))
        let nothing = try cli(["keys", "revoke", "--db", town, "--child", "441702001201"])
        #expect(nothing.status != 0 && nothing.output.contains("no active key"), "\(nothing.output)")

        // A key file others may read is refused, with the fix.
        chmod(village + ".node-key", 0o644)
        let exposed = try cli(["run", "--db", village])
        #expect(exposed.status != 0 && exposed.output.contains("chmod 600"), "\(exposed.output)")
        chmod(village + ".node-key", 0o600)
        // An older replica without a key file: the command that makes one.
        try FileManager.default.removeItem(atPath: village + ".node-key")
        let keyless = try cli(["run", "--db", village])
        #expect(keyless.status != 0 && keyless.output.contains("liandong keys generate"), "\(keyless.output)")
        #expect(try cli(["keys", "generate", "--db", village]).status == 0)
        #expect(try cli(["keys", "show", "--db", village]).output.trimmingCharacters(in: .whitespacesAndNewlines) != key)
    }
}
