import LiandongCore

/// The SQL that makes a declared table replicated: the table with Liandong's bookkeeping columns,
/// its tombstone table, and the triggers that capture every local write in the same transaction,
/// whatever client makes it (this process, another process, the stock `sqlite3` shell).
///
/// Bookkeeping columns on every replicated table (all named `_ld_*`, owned by Liandong):
/// - `_ld_cl`: causal length (odd: present);
/// - `_ld_seq`: the local change stamp of the row's last change (indexed; drives sync);
/// - `_ld_hlc`, `_ld_org`: the base version (clock, origin node) shared by most columns;
/// - `_ld_cc`: JSON `{"column":[hlc,origin],…}` for columns whose version differs from the base;
/// - `_ld_src`: the peer this exact row state came from (not echoed back to it), NULL if local.
///
/// `<table>__ld_tomb` (key columns plus the same `_ld_*` columns) keeps, for every key ever
/// deleted, the causal length of its last deletion (always even). While the key is deleted the
/// tombstone is the row's state; once the key is live again (causal length = tombstone + 1) the
/// tombstone is only history and is not sent. So deletes replicate and re-inserts win
/// deterministically, and an insert needs one lookup, no tombstone write.
/// An insert continues the causal length from the key's tombstone, if it was ever deleted.
/// Every row change gets its own stamp (a re-key ticks twice: the old key's tombstone and the new
/// row), because chunk boundaries fall between stamps.
/// Triggers do nothing while `_ld_applying` has a row: the merge sets it inside its own
/// transaction, so merged rows are not mistaken for local writes.
enum ChangeCaptureSQL {
    static let bookkeeping = """
        CREATE TABLE _ld_clock (
            id INTEGER PRIMARY KEY CHECK (id = 0),
            hlc INTEGER NOT NULL,
            node INTEGER NOT NULL
        );
        CREATE TABLE _ld_applying (flag INTEGER);
        CREATE TABLE _ld_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE _ld_link (
            peer INTEGER PRIMARY KEY,
            role TEXT NOT NULL,
            cursor INTEGER NOT NULL DEFAULT 0,
            acked INTEGER NOT NULL DEFAULT 0,
            peer_head INTEGER NOT NULL DEFAULT 0,
            inbound_pending INTEGER NOT NULL DEFAULT 0,
            last_contact_ms INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        """

    /// Placeholders a row is inserted with until its trigger stamps it. They are stored in as
    /// many bytes as real stamps (8) and region codes (6), so the trigger's update keeps the record's
    /// size and SQLite overwrites it in place instead of rebuilding the cell; the negative stamp
    /// keeps the row out of the partial `_ld_seq > 0` index until then.
    static let unstampedSeq = "-9223372036854775808"
    static let unstampedOrigin = "100000000000"

    static func tick() -> String { "UPDATE _ld_clock SET hlc = \(HLC.sqlTick("hlc"));" }

    static let clockValue = "(SELECT hlc FROM _ld_clock)"
    static let nodeValue = "(SELECT node FROM _ld_clock)"
    static let notApplying = "NOT EXISTS (SELECT 1 FROM _ld_applying)"

    static func tombName(_ table: TableSpec) -> String { "\(table.name)__ld_tomb" }

    static func keyMatch(_ table: TableSpec, _ row: String, qualifier: String = "") -> String {
        table.primaryKey.map { "\(qualifier)\($0.name) = \(row).\($0.name)" }.joined(separator: " AND ")
    }

    static func install(_ table: TableSpec) -> [String] {
        let tomb = tombName(table)
        let keyNames = table.primaryKey.map(\.name).joined(separator: ", ")
        let keyDefinitions = table.primaryKey.map { "\($0.name) \($0.affinity.rawValue) NOT NULL" }
        let columnDefinitions = table.columns.map { "\($0.name) \($0.affinity.rawValue)\($0.notNull ? " NOT NULL" : "")" }
        let newCausalLength = "coalesce((SELECT _ld_cl + 1 FROM \(tomb) WHERE \(keyMatch(table, "NEW"))), 1)"
        let freshRow = """
            UPDATE \(table.name) SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT hlc, hlc, node FROM _ld_clock),
                _ld_cl = \(newCausalLength), _ld_cc = NULL, _ld_src = NULL
            WHERE rowid = NEW.rowid;
            """
        let buryOld = """
            INSERT INTO \(tomb) (\(keyNames), _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src)
            VALUES (\(table.primaryKey.map { "OLD.\($0.name)" }.joined(separator: ", ")), OLD._ld_cl + (OLD._ld_cl % 2),
                    \(clockValue), \(clockValue), \(nodeValue), NULL)
            ON CONFLICT (\(keyNames)) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
                _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
            """
        var statements = [
            """
            CREATE TABLE \(table.name) (
                \((keyDefinitions + columnDefinitions).joined(separator: ",\n    ")),
                _ld_cl INTEGER NOT NULL DEFAULT 1,
                _ld_seq INTEGER NOT NULL DEFAULT \(unstampedSeq),
                _ld_hlc INTEGER NOT NULL DEFAULT \(unstampedSeq),
                _ld_org INTEGER NOT NULL DEFAULT \(unstampedOrigin),
                _ld_cc TEXT,
                _ld_src INTEGER,
                PRIMARY KEY (\(keyNames))
            )
            """,
            // Partial: a row enters the index once its trigger stamps it, not with the placeholder 0
            // it is inserted with (that would cost two extra index writes per insert).
            "CREATE INDEX \(table.name)__ld_seq ON \(table.name)(_ld_seq) WHERE _ld_seq > 0",
            """
            CREATE TABLE \(tomb) (
                \(keyDefinitions.joined(separator: ", ")),
                _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER,
                PRIMARY KEY (\(keyNames))
            ) WITHOUT ROWID
            """,
            "CREATE INDEX \(tomb)_seq ON \(tomb)(_ld_seq)",
            """
            CREATE TRIGGER \(table.name)__ld_insert AFTER INSERT ON \(table.name) WHEN NEW._ld_seq = \(unstampedSeq)
            BEGIN
                \(tick())
                \(freshRow)
            END
            """,
            """
            CREATE TRIGGER \(table.name)__ld_delete AFTER DELETE ON \(table.name) WHEN \(notApplying)
            BEGIN
                \(tick())
                \(buryOld)
            END
            """,
            """
            CREATE TRIGGER \(table.name)__ld_rekey AFTER UPDATE OF \(keyNames) ON \(table.name)
            WHEN \(notApplying) AND (\(table.primaryKey.map { "NEW.\($0.name) IS NOT OLD.\($0.name)" }.joined(separator: " OR ")))
            BEGIN
                \(tick())
                \(buryOld)
                \(tick())
                \(freshRow)
            END
            """,
        ]
        if !table.columns.isEmpty {
            let changed = table.columns.map { "NEW.\($0.name) IS NOT OLD.\($0.name)" }.joined(separator: " OR ")
            let paths = table.columns.map {
                "CASE WHEN NEW.\($0.name) IS NOT OLD.\($0.name) THEN '$.\($0.name)' ELSE '$._' END, json_array(\(clockValue), \(nodeValue))"
            }
            statements.append(
                """
                CREATE TRIGGER \(table.name)__ld_update AFTER UPDATE OF \(table.columns.map(\.name).joined(separator: ", ")) ON \(table.name)
                WHEN NEW._ld_seq IS OLD._ld_seq AND \(table.primaryKey.map { "NEW.\($0.name) IS OLD.\($0.name)" }.joined(separator: " AND ")) AND (\(changed))
                BEGIN
                    \(tick())
                    UPDATE \(table.name) SET _ld_seq = \(clockValue), _ld_src = NULL,
                        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), \(paths.joined(separator: ", "))), '$._')
                    WHERE rowid = NEW.rowid;
                END
                """)
        }
        return statements
    }
}
