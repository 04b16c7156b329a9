import Foundation
import LiandongStore
import LiandongSync
import LiandongTesting
import Testing

/// The configuration file as the operator meets it (docs/configuration.md): `init` writes it,
/// the commands that run a node read it, the environment overrides it, a wrong key stops them
/// with the configuration status, and a replica without one keeps its stored settings.
@Suite struct ConfigCommandTests {
    func cli(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try runCommand(liandongExecutable, arguments, environment: environment)
    }

    /// The parent endpoint `status --json` reports.
    func parent(_ db: String, environment: [String: String] = [:]) throws -> String? {
        let status = try cli(["status", "--db", db, "--json", "--log-level", "error"], environment: environment)
        #expect(status.status == 0, "\(status.output)")
        let json = status.output.drop { $0 != "{" }
        let report = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return report?["parentEndpoint"] as? String
    }

    @Test func initWritesTheFileAndTheNodeReadsIt() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("town.db")
        let created = try cli(["init", "--db", db, "--region", "441702001000", "--listen", "tcp://0.0.0.0:7400", "--parent", "tcp://10.0.0.1:7400", "--schedule", "window 02:00-04:00"])
        #expect(created.status == 0, "\(created.output)")
        let path = NodeConfigurationFile.defaultPath(forReplica: db)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"parent\" : \"tcp://10.0.0.1:7400\"") && text.contains("window 02:00-04:00") && text.contains("\"nodeKeyFile\" : \"town.db.node-key\""), "\(text)")
        let keyFile = try String(contentsOfFile: dir.file("town.db.node-key"), encoding: .utf8)
        let secret = try #require(keyFile.split(separator: "\n").first { $0.hasPrefix("secret ") }?.dropFirst(7))
        #expect(!text.contains(secret), "paths only, no key material")

        // The file is what the node reads: change it, and status follows.
        let set = try cli(["config", "write", "--db", db, "--set", "node.parent=tcp://10.0.0.2:7400"])
        #expect(set.status == 0, "\(set.output)")
        #expect(try parent(db) == "tcp://10.0.0.2:7400")
        #expect(try parent(db, environment: ["LIANDONG_NODE_PARENT": "tcp://10.0.0.3:7400"]) == "tcp://10.0.0.3:7400")
        let show = try cli(["config", "show", "--db", db], environment: ["LIANDONG_SESSION_CHUNK_ROWS": "64"])
        #expect(show.output.contains("LIANDONG_SESSION_CHUNK_ROWS") && show.output.contains("file \(path)"), "\(show.output)")

        // A misspelt key stops the node before it starts, naming the key and the file.
        try Data(#"{"node": {"parnet": "tcp://10.0.0.4:7400"}}"#.utf8).write(to: URL(fileURLWithPath: path))
        let refused = try cli(["run", "--db", db, "--insecure"])
        #expect(refused.status == 3 && refused.output.contains("node.parnet") && refused.output.contains(path), "\(refused.output)")
    }

    /// The key commands use the files the configuration names, the same ones `run` reads.
    @Test func keyCommandsFollowTheConfiguredSecrets() throws {
        let dir = TemporaryDirectory()
        let town = dir.file("town.db")
        let village = dir.file("village.db")
        #expect(try cli(["init", "--db", town, "--region", "441702001000", "--listen", "tcp://127.0.0.1:1"]).status == 0)
        #expect(try cli(["init", "--db", village, "--region", "441702001201", "--parent", "tcp://127.0.0.1:1"]).status == 0)
        #expect(try cli(["config", "write", "--db", village, "--set", "secrets.enrolledFile=trusted/keys.enrolled"]).status == 0)
        try FileManager.default.createDirectory(atPath: dir.file("trusted"), withIntermediateDirectories: true)
        let townKey = try cli(["keys", "show", "--db", town]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let parent = try cli(["keys", "parent", "--db", village, "--node", "441702001000", "--key=\(townKey)"])
        #expect(parent.status == 0, "\(parent.output)")
        #expect(FileManager.default.fileExists(atPath: dir.file("trusted/keys.enrolled")), "\(parent.output)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("village.db.enrolled")))
    }

    /// A replica set up before configuration files has none: it keeps running on the settings
    /// `init` stored in it, and `config write` writes them to a file.
    @Test func aReplicaWithoutAFileKeepsItsStoredSettings() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("village.db")
        #expect(try cli(["init", "--db", db, "--region", "441702001201", "--parent", "tcp://10.0.0.1:7400"]).status == 0)
        let path = NodeConfigurationFile.defaultPath(forReplica: db)
        try FileManager.default.removeItem(atPath: path)
        #expect(try parent(db) == "tcp://10.0.0.1:7400")
        let show = try cli(["config", "show", "--db", db])
        #expect(show.output.contains("replica settings of \(db)") && show.output.contains("not used by a village"), "\(show.output)")
        #expect(try cli(["config", "write", "--db", db]).status == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("tcp://10.0.0.1:7400"), "\(text)")
    }
}
