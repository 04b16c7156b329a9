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
/// `<table>__ld_tomb` (key columns plus the same `_ld_*` columns) keeps the causal length of every row ever deleted (even while it is deleted,
/// odd after it was re-inserted), so deletes replicate and re-inserts win deterministically.
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
        let newCausalLength = "coalesce((SELECT _ld_cl + (_ld_cl % 2 = 0) FROM \(tomb) WHERE \(keyMatch(table, "NEW"))), 1)"
        let freshRow = """
            UPDATE \(table.name) SET _ld_cl = \(newCausalLength), _ld_seq = \(clockValue), _ld_hlc = \(clockValue),
                _ld_org = \(nodeValue), _ld_cc = NULL, _ld_src = NULL
            WHERE rowid = NEW.rowid;
            UPDATE \(tomb) SET _ld_cl = _ld_cl + 1 WHERE \(keyMatch(table, "NEW")) AND _ld_cl % 2 = 0;
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
                _ld_seq INTEGER NOT NULL DEFAULT 0,
                _ld_hlc INTEGER NOT NULL DEFAULT 0,
                _ld_org INTEGER NOT NULL DEFAULT 0,
                _ld_cc TEXT,
                _ld_src INTEGER,
                PRIMARY KEY (\(keyNames))
            )
            """,
            "CREATE INDEX \(table.name)__ld_seq ON \(table.name)(_ld_seq)",
            """
            CREATE TABLE \(tomb) (
                \(keyDefinitions.joined(separator: ", ")),
                _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER,
                PRIMARY KEY (\(keyNames))
            ) WITHOUT ROWID
            """,
            "CREATE INDEX \(tomb)_seq ON \(tomb)(_ld_seq)",
            """
            CREATE TRIGGER \(table.name)__ld_insert AFTER INSERT ON \(table.name) WHEN \(notApplying)
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
                WHEN \(notApplying) AND \(table.primaryKey.map { "NEW.\($0.name) IS OLD.\($0.name)" }.joined(separator: " AND ")) AND (\(changed))
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
