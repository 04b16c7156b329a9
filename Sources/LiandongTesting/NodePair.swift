import Foundation
import LiandongCore

/// A town and its village initialised with `liandong init` (schema `demo`) in a directory, the
/// village enrolled at the town and holding the town's key, ready for `liandong run`.
public struct NodePair {
    public static let town = NodeID(rawValue: 441_702_001_000)
    public static let village = NodeID(rawValue: 441_702_001_201)

    public let endpoint: String
    public let townDB: String
    public let villageDB: String

    /// `throughCLI`: enrol with `liandong keys`, as two operators do; otherwise write the files directly.
    public init(in dir: TemporaryDirectory, endpoint: String, throughCLI: Bool = false) throws {
        self.endpoint = endpoint
        townDB = dir.file("town.db")
        villageDB = dir.file("village.db")
        for (db, arguments) in [
            (townDB, ["--region", Self.town.description, "--listen", endpoint]), (villageDB, ["--region", Self.village.description, "--parent", endpoint]),
        ] {
            let initialised = try runCommand(liandongExecutable, ["init", "--db", db, "--schema", "demo"] + arguments)
            guard initialised.status == 0 else { throw TestKeys.EnrolmentFailure(output: initialised.output) }
        }
        if throughCLI {
            try TestKeys.enrolWithCLI(child: Self.village, at: villageDB, parent: Self.town, at: townDB)
        } else {
            try TestKeys.enrol(child: Self.village, at: villageDB, parent: Self.town, at: townDB)
        }
    }
}

/// The first link of the replica at `db` as `liandong status --json` reports it: its state and
/// last error ("none" when the node has no link yet).
public func linkState(ofReplica db: String) throws -> (state: String, error: String?) {
    let status = try runCommand(liandongExecutable, ["status", "--db", db, "--json"])
    guard let data = status.output.data(using: .utf8), let report = try JSONSerialization.jsonObject(with: data) as? [String: Any],
        let link = (report["links"] as? [[String: Any]])?.first
    else { return ("none", nil) }
    return ((link["state"] as? String) ?? "?", link["lastError"] as? String)
}

/// Each link's digest state (`digests`) of the replica at `db`, as `liandong status --json`
/// reports it; empty when the status cannot be read.
public func linkDigests(ofReplica db: String) throws -> [String] {
    let status = try runCommand(liandongExecutable, ["status", "--db", db, "--json"])
    guard status.status == 0, let data = status.output.data(using: .utf8),
        let report = try JSONSerialization.jsonObject(with: data) as? [String: Any], let links = report["links"] as? [[String: Any]]
    else { return [] }
    return links.compactMap { $0["digests"] as? String }
}
