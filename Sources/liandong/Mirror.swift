import ArgumentParser
import Foundation
import LiandongMirror
import LiandongStore

/// `liandong mirror`: the replica mirrored into PostgreSQL (PostgreSQL 镜像, docs/postgres-mirror.md),
/// once (`--once`) or until SIGTERM/SIGINT. `liandong run` mirrors by itself when the
/// configuration's `mirror.postgres` is set.
struct Mirror: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mirror the replica into PostgreSQL (PostgreSQL 镜像): upserts by primary key and stamp, deletes applied, the supervision statistics as SQL views.")

    @OptionGroup var replica: ReplicaOptions

    @Option(help: "postgres://USER@HOST[:PORT]/DATABASE (or ?host=/socket/dir for a unix socket).")
    var postgres: String

    @Option(help: "A file holding the PostgreSQL role's password (secrets stay in their own files).")
    var passwordFile: String?

    @Option(help: "The PostgreSQL schema to mirror into.")
    var schema: String = "liandong"

    @Flag(help: "Mirror everything the replica holds now, then exit.")
    var once = false

    func run() async throws {
        let logger = makeLogger(replica.logLevel)
        let opened = try failing { try Replica.openShipped(at: replica.db, logger: logger) }
        let target: MirrorTarget
        do { target = try MirrorTarget(url: postgres, passwordFile: passwordFile, schema: schema) } catch {
            throw CommandFailure("error: \(error)", status: .usage)
        }
        let mirror = PostgresMirror(replica: opened, target: target, logger: logger)
        if once {
            do {
                let rows = try await mirror.mirrorOnce()
                print("mirrored \(rows) row states (行) into \(target)")
            } catch {
                throw CommandFailure("error: \(error)")
            }
            return
        }
        let task = Task { await mirror.run() }
        let signals = DispatchSource.makeSignalSource(signal: SIGTERM)
        signal(SIGTERM, SIG_IGN)
        signals.setEventHandler { task.cancel() }
        signals.resume()
        await task.value
        signals.cancel()
    }
}
