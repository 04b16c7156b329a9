import Foundation
import GRDB
import LiandongCore
import LiandongDomain
import LiandongLocalCluster
import LiandongMirror
import LiandongStore
import LiandongTesting
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL mirror (docs/postgres-mirror.md) against a real server: `tools/postgres-start`
/// starts it and exports `LIANDONG_TEST_POSTGRES`. Each test mirrors into a schema of its own.
@Suite(.serialized) struct MirrorTests {
    static var url: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["LIANDONG_TEST_POSTGRES"], !url.isEmpty else {
                throw MirrorError("LIANDONG_TEST_POSTGRES is not set: run tools/postgres-start (tools/test does) and export the URL it prints")
            }
            return url
        }
    }

    static func freshSchema() -> String { "ld_test_\(UInt32.random(in: 0...UInt32.max))" }

    /// A generated city's city replica (the synthetic city of `liandong generate`), as a copy.
    static func cityReplica(_ dir: TemporaryDirectory) throws -> String {
        let generated = dir.file("city")
        let result = try runCommand(liandongExecutable, ["generate", "--dir", generated, "--days", "3", "--districts", "2"])
        #expect(result.status == 0, "\(result.output)")
        return "\(generated)/\(SyntheticCity.cityCode).db"
    }

    /// Every mirrored table's rows in PostgreSQL, as text, sorted.
    static func postgresRows(_ target: MirrorTarget, _ tables: [TableSpec]) async throws -> [String: [String]] {
        let logger = Logger(label: "test")
        let connection = try await PostgresConnection.connect(configuration: target.testConfiguration, id: 9, logger: logger)
        var all: [String: [String]] = [:]
        defer { Task { try? await connection.close() } }
        for table in tables {
            let columns = table.allColumns.map { "coalesce(\($0.name)::text, '∅')" }.joined(separator: " || '|' || ")
            let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT \(columns) FROM \(target.schema).\(table.name)"), logger: logger)
            var texts: [String] = []
            for try await text in rows.decode(String.self) { texts.append(text) }
            all[table.name] = texts.sorted()
        }
        return all
    }

    /// The same from the replica.
    static func replicaRows(_ replica: Replica) throws -> [String: [String]] {
        let tables = replica.schema.tables
        return try replica.read { db in
            var all: [String: [String]] = [:]
            for table in tables {
                let columns = table.allColumns.map { "coalesce(CAST(\($0.name) AS TEXT), '∅')" }.joined(separator: " || '|' || ")
                all[table.name] = try String.fetchAll(db, sql: "SELECT \(columns) FROM \(table.name) WHERE _ld_seq > 0").sorted()
            }
            return all
        }
    }

    static func query(_ target: MirrorTarget, _ sql: String) async throws -> [String] {
        let logger = Logger(label: "test")
        let connection = try await PostgresConnection.connect(configuration: target.testConfiguration, id: 9, logger: logger)
        var texts: [String] = []
        defer { Task { try? await connection.close() } }
        for try await text in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(String.self) { texts.append(text) }
        return texts
    }

    @Test func aCityMirrorsExactlyAndResumesFromItsCursor() async throws {
        let dir = TemporaryDirectory()
        let path = try Self.cityReplica(dir)
        let replica = try Replica.open(at: path, logger: testLogger())
        let target = try MirrorTarget(url: Self.url, schema: Self.freshSchema())
        let mirror = PostgresMirror(replica: replica, target: target, batchRows: 97, logger: testLogger())
        let first = try await mirror.mirrorOnce()
        #expect(first > 0)
        let expected = try Self.replicaRows(replica)
        #expect(expected["case_accept"]?.isEmpty == false)
        #expect(try await Self.postgresRows(target, replica.schema.tables) == expected)

        // Nothing new: a second run applies nothing, and changes nothing.
        #expect(try await mirror.mirrorOnce() == 0)
        #expect(try await Self.postgresRows(target, replica.schema.tables) == expected)

        // Updates and deletes, then a new mirror (a restart) resumes from the cursor in PostgreSQL.
        let deleted = try replica.write { db -> Int in
            // Rows the city itself may write (write authority): its region catalogue.
            try db.execute(sql: "UPDATE region SET name = name || '·改' WHERE rowid IN (SELECT rowid FROM region ORDER BY rowid LIMIT 5)")
            try db.execute(sql: "DELETE FROM region WHERE rowid IN (SELECT rowid FROM region ORDER BY rowid DESC LIMIT 1)")
            return db.changesCount
        }
        #expect(deleted > 0)
        let restarted = PostgresMirror(replica: try replica.reopened(), target: target, batchRows: 3, logger: testLogger())
        let second = try await restarted.mirrorOnce()
        #expect(second >= 5 + deleted && second < first, "only the changed rows travel after a restart")
        let changed = try Self.replicaRows(replica)
        #expect(changed != expected)
        #expect(try await Self.postgresRows(target, replica.schema.tables) == changed)
        // The personal columns are exactly the city's (masked) values: the comparison above holds them.

        // The statistics views equal the Swift statistics for the same replica and period.
        let (from, to) = (try Day("2026-11-16"), try Day("2026-11-18"))
        let swift = try replica.read { db in try SupervisionStatistics.compute(db, root: SyntheticCity.cityCode, from: from, to: to) }
        let viewRows = try await Self.query(
            target,
            "SELECT district::text || ' ' || accepted || ' ' || not_accepted || ' ' || concluded || ' ' || one_visit || ' ' || zero_visit || ' ' || online || ' ' || proxy || ' ' || instant_accepted || ' ' || evaluations || ' ' || good || ' ' || bad || ' ' || alerts_raised || ' ' || alerts_answered FROM \(target.schema).stats_by_district('\(from)', '\(to)')"
        )
        let swiftRows = swift.filter { $0.group != SupervisionStatistics.totalGroup }.map {
            [$0.group, "\($0.accepted)", "\($0.notAccepted)", "\($0.concluded)", "\($0.oneVisit)", "\($0.zeroVisit)", "\($0.online)", "\($0.proxy)",
             "\($0.instantAccepted)", "\($0.evaluations)", "\($0.good)", "\($0.bad)", "\($0.alertsRaised)", "\($0.alertsAnswered)"].joined(separator: " ")
        }
        #expect(swift.first { $0.group == SupervisionStatistics.totalGroup }.map { $0.accepted > 0 } == true)
        #expect(viewRows.filter { !$0.hasSuffix(" 0 0 0 0 0 0 0 0 0 0 0 0 0") }.sorted() == swiftRows.filter { !$0.hasSuffix(" 0 0 0 0 0 0 0 0 0 0 0 0 0") }.sorted())
        await Self.dropSchema(target)
    }

    /// `supervision_stats` in PostgreSQL gives every figure `liandong stats` gives, the
    /// working-day ones (按时办结 on time, 超期 overdue) and the end-of-period ones (未关闭, 差评整改)
    /// included, for every grouping and for a city and a district root.
    @Test func theSupervisionStatisticsInPostgreSQLEqualLiandongStats() async throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.open(at: try Self.cityReplica(dir), logger: testLogger())
        let target = try MirrorTarget(url: Self.url, schema: Self.freshSchema())
        try await PostgresMirror(replica: replica, target: target, logger: testLogger()).mirrorOnce()
        let district = NodeID(rawValue: SyntheticCity.cityCode.rawValue + 2_000_000)
        let cases: [(NodeID, String?, StatisticsGrouping?)] = [
            (SyntheticCity.cityCode, nil, nil), (SyntheticCity.cityCode, "town", .region(.town)), (SyntheticCity.cityCode, "village", .region(.village)),
            (SyntheticCity.cityCode, "dept", .department), (SyntheticCity.cityCode, "item", .item), (district, nil, nil),
        ]
        var totalConcluded = 0
        var totalOverdue = 0
        for (from, to) in [("2026-11-16", "2026-11-18"), ("2026-11-17", "2026-11-17"), ("2026-11-18", "2026-11-30")] {
            for (root, name, grouping) in cases {
                let swift = try replica.read { db in try SupervisionStatistics.compute(db, root: root, from: try Day(from), to: try Day(to), by: grouping) }
                let sql = try await Self.query(
                    target,
                    """
                    SELECT concat_ws(' ', group_key, accepted, not_accepted, concluded, on_time, overdue, instant_accepted, instant_on_site, one_visit, zero_visit,
                        online, proxy, evaluations, good, bad, valid_bad, rectified, alerts_raised, alerts_answered, alerts_open,
                        coalesce(on_time_rate::text, '-'), coalesce(on_site_rate::text, '-'), coalesce(one_visit_rate::text, '-'), coalesce(zero_visit_rate::text, '-'),
                        coalesce(online_rate::text, '-'), coalesce(proxy_rate::text, '-'), coalesce(good_rate::text, '-'), coalesce(bad_rate::text, '-'),
                        coalesce(rectified_rate::text, '-'))
                    FROM \(target.schema).supervision_stats(\(root.rawValue), '\(from)', '\(to)', \(name.map { "'\($0)'" } ?? "NULL"))
                    """)
                let expected = swift.map { s in
                    let counts = [
                        s.accepted, s.notAccepted, s.concluded, s.onTime, s.overdue, s.instantAccepted, s.instantOnSite, s.oneVisit, s.zeroVisit,
                        s.online, s.proxy, s.evaluations, s.good, s.bad, s.validBad, s.rectified, s.alertsRaised, s.alertsAnswered, s.alertsOpen,
                    ]
                    return ([s.group] + counts.map(String.init)).joined(separator: " ")
                }
                let context = "root \(root), \(name ?? "default") grouping, \(from)…\(to)"
                // The group and its counts, in order (the total last).
                #expect(sql.map { $0.split(separator: " ").dropLast(9).joined(separator: " ") } == expected, "\(context)")
                // The rates, to four decimals.
                for (row, stats) in zip(sql, swift) {
                    let rates = row.split(separator: " ").suffix(9).map { $0 == "-" ? nil : Double($0) }
                    let swiftRates = [stats.onTimeRate, stats.onSiteRate, stats.oneVisitRate, stats.zeroVisitRate, stats.onlineRate, stats.proxyRate, stats.goodRate, stats.badRate, stats.rectifiedRate]
                    for (a, b) in zip(rates, swiftRates) {
                        #expect((a == nil) == (b == nil) && abs((a ?? 0) - (b ?? 0)) < 0.000_11, "\(context): \(row)")
                    }
                }
                if root == SyntheticCity.cityCode, grouping == nil, let total = swift.last {
                    totalConcluded += total.concluded
                    totalOverdue += total.overdue
                }
            }
        }
        // The figures compared are not all zero: cases concluded, some of them late or open past due.
        #expect(totalConcluded > 0 && totalOverdue > 0)
        // A grouping it does not know is refused by name.
        await #expect(throws: (any Error).self) {
            _ = try await Self.query(target, "SELECT group_key FROM \(target.schema).supervision_stats(\(SyntheticCity.cityCode.rawValue), '2026-11-16', '2026-11-18', 'street')")
        }
        await Self.dropSchema(target)
    }

    /// Drops a test's schema (with its tables, views and functions), so that runs leave nothing behind.
    /// The mirror talks TLS as libpq's `sslmode` says: the tests' URL asks for verify-full
    /// against the test CA (tools/postgres-start), and the server sees an encrypted connection;
    /// what cannot be verified is refused with the reason.
    @Test func theMirrorVerifiesTheServerOverTLS() async throws {
        let target = try MirrorTarget(url: Self.url, schema: Self.freshSchema())
        #expect(target.tls == .verifyFull)
        #expect(try await Self.query(target, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == ["true"])
        let url = try Self.url
        // An address where verify-full needs the certificate's name.
        let byAddress = try MirrorTarget(url: url.replacingOccurrences(of: "@localhost:", with: "@127.0.0.1:"), schema: target.schema)
        #expect(throws: MirrorError.self) { try byAddress.connectionConfiguration() }
        // verify-ca checks the signature only: the address will do.
        let caOnly = try MirrorTarget(url: url.replacingOccurrences(of: "@localhost:", with: "@127.0.0.1:").replacingOccurrences(of: "verify-full", with: "verify-ca"), schema: target.schema)
        #expect(try await Self.query(caOnly, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == ["true"])
        // A CA that did not sign the server's certificate: the handshake fails.
        let dir = TemporaryDirectory()
        let otherCA = dir.file("other-ca.pem")
        try Self.otherCertificate.write(toFile: otherCA, atomically: true, encoding: .utf8)
        let wrongCA = try MirrorTarget(url: url.replacing(#/sslrootcert=[^&]*/#, with: "sslrootcert=\(otherCA)"), schema: target.schema)
        await #expect(throws: (any Error).self) { _ = try await Self.query(wrongCA, "SELECT 'connected'") }
        let mirror = PostgresMirror(replica: try Replica.open(at: try Self.cityReplica(dir), logger: testLogger()), target: wrongCA, logger: testLogger())
        await #expect(throws: MirrorError.self) { try await mirror.mirrorOnce() }
        // Unknown modes, and verification without a CA, are configuration errors.
        #expect(throws: MirrorError.self) { try MirrorTarget(url: "postgres://u@localhost/db?sslmode=always") }
        #expect(throws: MirrorError.self) { try MirrorTarget(url: "postgres://u@localhost/db?sslmode=verify-ca") }
    }

    /// A self-signed certificate that signed nothing of the test server's.
    static let otherCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBhTCCASugAwIBAgIUYIJzE0UCVN+vuTHj4rS0Q7tVEJwwCgYIKoZIzj0EAwIw
        GDEWMBQGA1UEAwwNbm90IHRoZSB0ZXN0czAeFw0yNjEyMDMxNTIxMTVaFw0zNjEx
        MzAxNTIxMTVaMBgxFjAUBgNVBAMMDW5vdCB0aGUgdGVzdHMwWTATBgcqhkjOPQIB
        BggqhkjOPQMBBwNCAAQ/kAXc0weUYhctokpFTObF3WEsQHHWZqmNiKtkgIjQWP3i
        +JJ5oQi6YSuzhEwlbX/l1BQAOsI1bQCvAZoAhvOvo1MwUTAdBgNVHQ4EFgQUe8JJ
        HRoZK5BzudwQ5Eotgj5OFDMwHwYDVR0jBBgwFoAUe8JJHRoZK5BzudwQ5Eotgj5O
        FDMwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiA7sPxk5/IkJDVy
        UTYd77MooAbUDsdDi/9w7MtibsRZKQIhAPRr/Rzi6YAwZuHHj8hVazGmhLEQxvSd
        ZyqqxVjPBH+d
        -----END CERTIFICATE-----
        """

    /// Called at the end of each test: a failing test leaves its schema for inspection.
    static func dropSchema(_ target: MirrorTarget) async {
        _ = try? await Self.query(target, "DROP SCHEMA IF EXISTS \(target.schema) CASCADE")
    }

    @Test func aBatchAppliedTwiceChangesNothing() async throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.open(at: try Self.cityReplica(dir), logger: testLogger())
        let target = try MirrorTarget(url: Self.url, schema: Self.freshSchema())
        let mirror = PostgresMirror(replica: replica, target: target, logger: testLogger())
        try await mirror.mirrorOnce()
        let before = try await Self.postgresRows(target, replica.schema.tables)
        // Move the cursor back to 0 by hand: every row is offered again, and nothing changes.
        _ = try await Self.query(target, "UPDATE \(target.schema)._ld_mirror SET cursor = 0 RETURNING cursor::text")
        #expect(try await mirror.mirrorOnce() > 0)
        #expect(try await Self.postgresRows(target, replica.schema.tables) == before)
        #expect(before == (try Self.replicaRows(replica)))
        await Self.dropSchema(target)
    }

    /// A real `liandong run` city mirroring continuously, killed (SIGKILL) mid-mirror, written
    /// to while down, restarted: PostgreSQL ends equal to the replica, no row missing or doubled
    /// (primary keys in PostgreSQL forbid doubles; the counts and contents are compared).
    @Test func aKilledCityResumesTheMirror() async throws {
        let dir = TemporaryDirectory()
        let path = try Self.cityReplica(dir)
        let schema = Self.freshSchema()
        let target = try MirrorTarget(url: Self.url, schema: schema)
        let environment = ["LIANDONG_MIRROR_POSTGRES": try Self.url, "LIANDONG_MIRROR_SCHEMA": schema, "LIANDONG_MIRROR_BATCH_ROWS": "5"]
        let log = dir.file("city.log")
        let arguments = ["run", "--db", path, "--insecure", "--listen", "tcp://127.0.0.1:\(try freeLoopbackPort())"]
        var city = try NodeProcess(executable: liandongExecutable, arguments: arguments, logPath: log, environment: environment)
        defer { city.kill9() }
        // Kill it once the mirror has moved, before it is done.
        var cursor = "0"
        for _ in 0..<600 {
            cursor = (try? await Self.query(target, "SELECT cursor::text FROM \(schema)._ld_mirror"))?.first ?? "0"
            if cursor != "0" { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        city.kill9()
        _ = city.waitForExit(seconds: 10)
        let replica = try Replica.open(at: path, logger: testLogger())
        let head = try replica.head().rawValue
        #expect(cursor != "0", "the mirror started: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let killedAt = (try await Self.query(target, "SELECT cursor::text FROM \(schema)._ld_mirror")).first.flatMap { Int64($0) } ?? 0
        #expect(killedAt < head, "killed mid-mirror")
        try replica.write { db in
            try db.execute(sql: "UPDATE region SET name = name || '·改' WHERE rowid IN (SELECT rowid FROM region ORDER BY rowid LIMIT 3 OFFSET 3)")
            try db.execute(sql: "DELETE FROM region WHERE rowid IN (SELECT rowid FROM region ORDER BY rowid LIMIT 1 OFFSET 1)")
        }
        let finalHead = try replica.head().rawValue
        city = try NodeProcess(executable: liandongExecutable, arguments: arguments, logPath: log, environment: environment)
        var caughtUp = false
        for _ in 0..<3000 {
            if let now = (try? await Self.query(target, "SELECT cursor::text FROM \(schema)._ld_mirror"))?.first.flatMap({ Int64($0) }), now >= finalHead {
                caughtUp = true
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(caughtUp, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        city.terminate()
        _ = city.waitForExit(seconds: 10)
        #expect(try await Self.postgresRows(target, replica.schema.tables) == (try Self.replicaRows(replica)))
        await Self.dropSchema(target)
    }
}

extension MirrorTarget {
    var testConfiguration: PostgresConnection.Configuration {
        get throws { try connectionConfiguration() }
    }
}
