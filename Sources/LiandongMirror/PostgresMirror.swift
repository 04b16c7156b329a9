import Foundation
import GRDB
import LiandongCore
import LiandongStore
import Logging
import Metrics
import NIOCore
import NIOSSL
import PostgresNIO

/// Where the mirror writes: a PostgreSQL server, a role, a database and a schema
/// (docs/postgres-mirror.md). The password comes from its own file, never from the replica.
public struct MirrorTarget: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// A unix socket directory instead of TCP (`?host=/var/run/postgresql`).
    public var socketDirectory: String?
    public var user: String
    public var password: String?
    public var database: String
    /// The PostgreSQL schema holding the mirrored tables, the cursor and the views.
    public var schema: String
    /// TLS on the TCP connection, as libpq's `sslmode` names it.
    public var tls: TLSMode
    /// The CA certificate (PEM) that must have signed the server's (`sslrootcert`), for
    /// `verify-ca` and `verify-full`.
    public var rootCertificate: String?

    /// libpq's `sslmode`s. `prefer` (the default, as libpq's) and `require` encrypt without
    /// checking whom they talk to; `verify-ca` checks the server's certificate against
    /// `sslrootcert`, `verify-full` its name too: what a data centre's network should use.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// Parses `postgres://user[:password]@host[:port]/database[?host=/socket/dir]
    /// [&sslmode=MODE][&sslrootcert=PATH]`; a password file, when given, wins over a password
    /// in the URL.
    public init(url text: String, passwordFile: String? = nil, schema: String = "liandong") throws(MirrorError) {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? "") else {
            throw MirrorError("the mirror's postgres URL \(text) is not postgres://USER@HOST[:PORT]/DATABASE")
        }
        guard let user = url.user, !user.isEmpty else { throw MirrorError("the mirror's postgres URL \(text) names no user (postgres://USER@HOST/DATABASE)") }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard !database.isEmpty else { throw MirrorError("the mirror's postgres URL \(text) names no database (postgres://USER@HOST/DATABASE)") }
        guard schema.range(of: "^[a-z_][a-z0-9_]*$", options: .regularExpression) != nil else {
            throw MirrorError("the mirror's schema \(schema) is not a plain lower-case SQL identifier")
        }
        self.user = user
        self.database = database
        self.host = url.host ?? "127.0.0.1"
        self.port = url.port ?? 5432
        self.socketDirectory = url.queryItems?.first { $0.name == "host" }?.value
        let mode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? TLSMode.prefer.rawValue
        guard let tls = TLSMode(rawValue: mode) else {
            throw MirrorError("the mirror's postgres URL has sslmode=\(mode); use one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.tls = tls
        self.rootCertificate = url.queryItems?.first { $0.name == "sslrootcert" }?.value
        if [.verifyCA, .verifyFull].contains(tls), rootCertificate == nil {
            throw MirrorError("the mirror's postgres URL has sslmode=\(mode) but no sslrootcert=PATH (the CA certificate the server's must be signed by)")
        }
        self.schema = schema
        self.password = url.password
        if let passwordFile {
            do {
                self.password = try String(contentsOfFile: passwordFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw MirrorError("cannot read the mirror's PostgreSQL password file \(passwordFile): \(error)")
            }
        }
    }

    /// The target without its password, for logs and errors.
    public var description: String {
        let place = socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } ?? "\(host):\(port)"
        return "postgres://\(user)@\(place)/\(database) schema \(schema), TLS \(tls.rawValue)"
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// How postgres-nio connects; throws when the CA certificate cannot be read.
    public func connectionConfiguration() throws(MirrorError) -> PostgresConnection.Configuration {
        if let socketDirectory {
            // A unix socket stays on the machine: no TLS, as libpq does.
            return .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        if tls == .verifyFull, Self.isIPAddress(host) {
            // The name check needs a name: TLS sends none for an address (SNI), and postgres-nio
            // then checks none, which would make verify-full verify-ca without saying so.
            throw MirrorError("sslmode=verify-full checks the server's name, but the mirror's postgres URL gives the address \(host): give the name in the server's certificate, or use sslmode=verify-ca")
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let rootCertificate {
            guard FileManager.default.isReadableFile(atPath: rootCertificate) else {
                throw MirrorError("cannot read the mirror's CA certificate (sslrootcert) \(rootCertificate)")
            }
            configuration.trustRoots = .file(rootCertificate)
        }
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: configuration) } catch {
            throw MirrorError("cannot set up TLS to PostgreSQL with sslrootcert \(rootCertificate ?? "-"): \(error)")
        }
        let mode: PostgresConnection.Configuration.TLS =
            switch tls {
            case .disable: .disable
            case .prefer: .prefer(context)
            case .require, .verifyCA, .verifyFull: .require(context)
            }
        return .init(host: host, port: port, username: user, password: password, database: database, tls: mode)
    }
}

/// A mirror failure, naming what failed.
public struct MirrorError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One cell read from the replica.
enum MirrorValue: Sendable, Hashable {
    case null, integer(Int64), real(Double), text(String), blob([UInt8])

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob([UInt8](data))
        }
    }
}

/// One row state of a batch: a live row's key and columns, or a deleted key.
struct MirrorRow: Sendable {
    var table: Int
    var seq: Int64
    /// Key values then column values (live), or the key values alone (deleted).
    var values: [MirrorValue]
    var deleted: Bool
}

/// The rows changed after a cursor, oldest first, and the cursor after them.
struct MirrorBatch: Sendable {
    var after: Int64
    var upTo: Int64
    var rows: [MirrorRow]
}

/// Mirrors a replica into PostgreSQL (docs/postgres-mirror.md): the rows stamped after the
/// mirror's cursor, in `_ld_seq` order, upserted by primary key with a version guard, deleted keys
/// deleted, and the cursor moved in the same PostgreSQL transaction as the rows.
public final class PostgresMirror: Sendable {
    public let replica: Replica
    public let target: MirrorTarget
    public let batchRows: Int
    let logger: Logger
    let tables: [TableSpec]
    private let rowsMirrored = Counter(label: "liandong_mirror_rows_total")
    private let lagRows = Gauge(label: "liandong_mirror_lag_stamps")
    private let failures = Counter(label: "liandong_mirror_failures_total")

    public init(replica: Replica, target: MirrorTarget, batchRows: Int = 500, logger: Logger) {
        self.replica = replica
        self.target = target
        self.batchRows = max(1, batchRows)
        self.logger = logger
        self.tables = replica.schema.tables
    }

    /// The mirror's name for this replica in the cursor table: its node.
    var source: Int64 { replica.node.rawValue }

    func q(_ name: String) -> String { "\(target.schema).\(name)" }

    static func postgresType(_ column: ColumnSpec) -> String {
        switch column.affinity {
        case .integer: "bigint"
        case .real: "double precision"
        case .text: "text"
        case .blob: "bytea"
        case .numeric: "numeric"
        }
    }

    /// The DDL of the mirror's schema: one table per replicated table (same names, key, columns,
    /// and `_ld_seq`), the cursor table, and the statistics views. Idempotent.
    public var schemaSQL: [String] {
        var statements = ["CREATE SCHEMA IF NOT EXISTS \(target.schema)"]
        for table in tables {
            let columns = table.allColumns.map { "\($0.name) \(Self.postgresType($0))" } + ["_ld_seq bigint NOT NULL"]
            let key = table.primaryKey.map(\.name).joined(separator: ", ")
            statements.append("CREATE TABLE IF NOT EXISTS \(q(table.name)) (\(columns.joined(separator: ", ")), PRIMARY KEY (\(key)))")
        }
        statements.append(
            "CREATE TABLE IF NOT EXISTS \(q("_ld_mirror")) (source bigint PRIMARY KEY, cursor bigint NOT NULL, schema_name text NOT NULL, schema_version integer NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())"
        )
        statements += MirrorViews.statements(schema: target.schema, tables: Set(tables.map(\.name)))
        return statements
    }

    /// Reads the rows stamped after `after`, at most `batchRows` of them, from one snapshot.
    func readBatch(after: Int64) throws(StoreError) -> MirrorBatch {
        let tables = self.tables
        let limit = batchRows
        return try replica.read { db in
            let head = try Replica.head(db).rawValue
            var found: [MirrorRow] = []
            for (index, table) in tables.enumerated() {
                let keys = table.primaryKey.map(\.name)
                let all = table.allColumns.map(\.name)
                let tomb = "\(table.name)__ld_tomb"
                let buried = keys.map { "\(table.name).\($0) = \(tomb).\($0)" }.joined(separator: " AND ")
                let live = try Row.fetchCursor(
                    db, sql: "SELECT _ld_seq, \(all.joined(separator: ", ")) FROM \(table.name) WHERE _ld_seq > 0 AND _ld_seq > ? ORDER BY _ld_seq LIMIT ?",
                    arguments: [after, limit + 1])
                while let row = try live.next() {
                    found.append(MirrorRow(table: index, seq: row[0], values: (1...all.count).map { MirrorValue(row[$0] as DatabaseValue) }, deleted: false))
                }
                let tombs = try Row.fetchCursor(
                    db,
                    sql: "SELECT _ld_seq, \(keys.joined(separator: ", ")) FROM \(tomb) WHERE _ld_seq > ? AND NOT EXISTS (SELECT 1 FROM \(table.name) WHERE \(buried)) ORDER BY _ld_seq LIMIT ?",
                    arguments: [after, limit + 1])
                while let row = try tombs.next() {
                    found.append(MirrorRow(table: index, seq: row[0], values: (1...keys.count).map { MirrorValue(row[$0] as DatabaseValue) }, deleted: true))
                }
            }
            found.sort { $0.seq < $1.seq }
            if found.count > limit {
                let taken = Array(found.prefix(limit))
                return MirrorBatch(after: after, upTo: taken.last!.seq, rows: taken)
            }
            return MirrorBatch(after: after, upTo: max(head, after), rows: found)
        }
    }

    /// Connects, with the target named in the error when it fails.
    func connect() async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: try target.connectionConfiguration(), id: 1, logger: logger)
        } catch {
            throw MirrorError("cannot connect to PostgreSQL at \(target): \(String(reflecting: error))")
        }
    }

    /// Creates the schema, its tables and views in one transaction, and the cursor row, if missing.
    func prepare(_ connection: PostgresConnection) async throws {
        let statements = schemaSQL
        let logger = logger
        let source = source
        let schema = replica.schema
        let cursorTable = q("_ld_mirror")
        do {
            try await connection.withTransaction(logger: logger) { connection in
                // Two mirrors starting at once must not race on CREATE … IF NOT EXISTS.
                try await connection.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_xact_lock(7400)"), logger: logger)
                for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                var binds = PostgresBindings()
                binds.append(source)
                binds.append(schema.name)
                binds.append(schema.version)
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "INSERT INTO \(cursorTable) (source, cursor, schema_name, schema_version) VALUES ($1, 0, $2, $3) ON CONFLICT (source) DO NOTHING",
                        binds: binds), logger: logger)
            }
        } catch {
            throw MirrorError("cannot create the mirror's schema \(target.schema) in \(target): \(String(reflecting: error))")
        }
    }

    /// The cursor PostgreSQL holds for this replica: every row stamped at or below it is mirrored.
    public func cursor(_ connection: PostgresConnection) async throws -> Int64 {
        var binds = PostgresBindings()
        binds.append(source)
        let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT cursor FROM \(q("_ld_mirror")) WHERE source = $1", binds: binds), logger: logger)
        for try await cursor in rows.decode(Int64.self) { return cursor }
        return 0
    }

    /// Applies `batch` and moves the cursor to its end, in one PostgreSQL transaction. Applying a
    /// batch again changes nothing: upserts only replace an older `_ld_seq`, deletes only remove
    /// one, and the cursor only moves forward.
    func apply(_ batch: MirrorBatch, _ connection: PostgresConnection) async throws {
        let tables = tables
        let logger = logger
        let source = source
        let cursorTable = q("_ld_mirror")
        let upserts = tables.map { table -> String in
            let all = table.allColumns.map(\.name) + ["_ld_seq"]
            let placeholders = (1...all.count).map { "$\($0)" }.joined(separator: ", ")
            let keys = table.primaryKey.map(\.name)
            let updates = (table.columns.map(\.name) + ["_ld_seq"]).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
            return """
                INSERT INTO \(q(table.name)) AS t (\(all.joined(separator: ", "))) VALUES (\(placeholders))
                ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET \(updates) WHERE t._ld_seq < excluded._ld_seq
                """
        }
        let deletes = tables.map { table -> String in
            let keys = table.primaryKey.map(\.name)
            let match = keys.enumerated().map { "\($0.element) = $\($0.offset + 1)" }.joined(separator: " AND ")
            return "DELETE FROM \(q(table.name)) WHERE \(match) AND _ld_seq < $\(keys.count + 1)"
        }
        try await connection.withTransaction(logger: logger) { connection in
            for row in batch.rows {
                var binds = PostgresBindings()
                for value in row.values { Self.bind(value, &binds) }
                binds.append(row.seq)
                try await connection.query(PostgresQuery(unsafeSQL: row.deleted ? deletes[row.table] : upserts[row.table], binds: binds), logger: logger)
            }
            var binds = PostgresBindings()
            binds.append(source)
            binds.append(batch.upTo)
            try await connection.query(
                PostgresQuery(unsafeSQL: "UPDATE \(cursorTable) SET cursor = greatest(cursor, $2), updated_at = now() WHERE source = $1", binds: binds), logger: logger)
        }
    }

    static func bind(_ value: MirrorValue, _ binds: inout PostgresBindings) {
        switch value {
        case .null: binds.appendNull()
        case .integer(let number): binds.append(number)
        case .real(let number): binds.append(number)
        case .text(let text): binds.append(text)
        case .blob(let bytes): binds.append(ByteBuffer(bytes: bytes))
        }
    }

    /// Mirrors until PostgreSQL holds every row stamped up to the replica's head at the start;
    /// returns how many row states it applied. `liandong mirror --once` runs this.
    @discardableResult
    public func mirrorOnce() async throws -> Int {
        let connection = try await connect()
        do {
            let applied = try await catchUp(connection, prepared: false)
            try await connection.close().get()
            return applied
        } catch {
            try? await connection.close().get()
            throw error
        }
    }

    func catchUp(_ connection: PostgresConnection, prepared: Bool) async throws -> Int {
        if !prepared { try await prepare(connection) }
        var cursor = try await self.cursor(connection)
        var applied = 0
        while true {
            let batch = try readBatch(after: cursor)
            if batch.rows.isEmpty && batch.upTo == cursor { break }
            do {
                try await apply(batch, connection)
            } catch {
                throw MirrorError("cannot apply \(batch.rows.count) rows (stamps \(batch.after)–\(batch.upTo)) to \(target): \(String(reflecting: error))")
            }
            applied += batch.rows.count
            rowsMirrored.increment(by: batch.rows.count)
            logger.debug("mirrored a batch", metadata: ["mirror.rows": "\(batch.rows.count)", "mirror.cursor": "\(batch.upTo)"])
            cursor = batch.upTo
            if batch.rows.isEmpty { break }
        }
        let head = try replica.head().rawValue
        lagRows.record(Double(max(0, head - cursor)))
        return applied
    }

    /// Mirrors continuously until cancelled: catches up every `pollMillis`; when PostgreSQL is
    /// unreachable or a batch fails, logs what failed and retries with back-off, from the cursor
    /// PostgreSQL holds (a batch that failed left neither its rows nor its cursor).
    public func run(pollMillis: Int = 500, maxBackoffMillis: Int = 30_000) async {
        var backoff = 500
        logger.info("mirroring the replica into PostgreSQL (PostgreSQL 镜像)", metadata: ["mirror.target": "\(target)"])
        while !Task.isCancelled {
            var connection: PostgresConnection?
            do {
                let open = try await connect()
                connection = open
                try await prepare(open)
                let resumed = try await cursor(open)
                logger.info("mirror connected", metadata: ["mirror.target": "\(target)", "mirror.cursor": "\(resumed)"])
                backoff = 500
                while !Task.isCancelled {
                    let applied = try await catchUp(open, prepared: true)
                    if applied > 0 { logger.info("mirrored rows into PostgreSQL", metadata: ["mirror.rows": "\(applied)"]) }
                    try await Task.sleep(for: .milliseconds(pollMillis))
                }
            } catch is CancellationError {
            } catch {
                failures.increment()
                logger.error("the PostgreSQL mirror failed; retrying from the cursor PostgreSQL holds", metadata: ["mirror.error": "\(error)", "mirror.retry_ms": "\(backoff)"])
                try? await Task.sleep(for: .milliseconds(backoff))
                backoff = min(maxBackoffMillis, backoff * 2)
            }
            if let connection { try? await connection.close().get() }
        }
    }
}
