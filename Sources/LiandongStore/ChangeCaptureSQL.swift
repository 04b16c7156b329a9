import LiandongCore

/// The SQL that makes a declared table replicated: the table with Liandong's bookkeeping columns,
/// its tombstone table, and the triggers that capture every local update and delete in the same
/// transaction, whatever client makes it (this process, another process, the stock `sqlite3` shell).
///
/// Bookkeeping columns on every replicated table (all named `_ld_*`, owned by Liandong):
/// - `_ld_cl`: causal length (odd: present);
/// - `_ld_seq`: the local change stamp of the row's last change (indexed; drives sync);
/// - `_ld_hlc`, `_ld_org`: the base version (clock, origin node) shared by most columns;
/// - `_ld_cc`: JSON `{"column":[hlc,origin],…}` for columns whose version differs from the base;
/// - `_ld_src`: the peer this exact row state came from (not echoed back to it), NULL if local;
/// - `_ld_cs`: JSON, the change stamp at which each cell was stored, while it differs from the
///   row's (`CellStamps`): what lets a delta row leave out the cells a peer holds.
///
/// Inserts have no trigger: a row is inserted with the placeholder stamp (`unstampedSeq`, the
/// column default), which marks it as a local insert not yet stamped, in the row itself and so in
/// the same transaction. It is stamped — clock, origin, causal length — before its transaction
/// commits when this replica's writer made it (`Replica.stampInserts`), or when the node next looks
/// when another program did (`Replica.stampForeignInserts`); docs/change-capture.md. An insert
/// trigger would cost a trigger frame and a clock-row update per row: about three times what the
/// stamp costs in one statement per run of rows.
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
/// transaction, so merged rows are not mistaken for local writes. Nor do they act on a row still
/// unstamped: its insert has not been published, so an update is part of the insert and a delete
/// cancels it.
enum ChangeCaptureSQL {
    static let bookkeeping = """
        CREATE TABLE _ld_clock (
            id INTEGER PRIMARY KEY CHECK (id = 0),
            hlc INTEGER NOT NULL,
            node INTEGER NOT NULL,
            seq INTEGER NOT NULL DEFAULT 0,
            offset_ms INTEGER NOT NULL DEFAULT 0
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
            last_error TEXT,
            \(linkColumnsSince2.map { "\($0.name) \($0.definition)" }.joined(separator: ",\n    "))
        );
        \(gapTable);
        CREATE TABLE _ld_reject (
            id INTEGER PRIMARY KEY,
            at_ms INTEGER NOT NULL,
            peer INTEGER NOT NULL,
            writer INTEGER,
            tbl TEXT NOT NULL,
            col TEXT,
            rule TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        """

    /// Keys of rows from `peer` that this node did not store as sent (refused, held back): it
    /// lacks cells of them that its delta base on the peer would otherwise vouch for, so a delta
    /// row for such a key is refused until the row comes whole (Protocols/SPEC.md §5.5).
    /// `key` is a hash of the key; a collision only costs a whole row.
    static let gapTable = """
        CREATE TABLE IF NOT EXISTS _ld_gap (peer INTEGER NOT NULL, tbl INTEGER NOT NULL, key INTEGER NOT NULL, PRIMARY KEY (peer, tbl, key)) WITHOUT ROWID
        """

    /// Columns of `_ld_link` added after the first release, added to older files on open
    /// (`Replica.upgradeFile`):
    /// - `state`, `state_ms`: the link as the running node last saw it (`connected`, `lost`,
    ///   `refused`, `idle`) and since when;
    /// - `error_ms`: when `last_error` was recorded;
    /// - `clock_offset_ms`: the peer's clock minus this node's system clock, last measured;
    /// - `digest_state`, `digest_checked_ms`, `digest_agreed_ms`: the last comparison of what
    ///   both sides hold (`agree` or `differ`), when it ran, and when they last agreed;
    /// - `delta_base`: this node holds every cell the peer stored at a stamp up to it
    ///   (Protocols/SPEC.md §5.5), moved with the cursor in the same transaction.
    static let linkColumnsSince2: [(name: String, definition: String)] = [
        ("delta_base", "INTEGER NOT NULL DEFAULT 0"),
        ("state", "TEXT"), ("state_ms", "INTEGER NOT NULL DEFAULT 0"), ("error_ms", "INTEGER NOT NULL DEFAULT 0"),
        ("clock_offset_ms", "INTEGER"), ("digest_state", "TEXT"), ("digest_checked_ms", "INTEGER NOT NULL DEFAULT 0"),
        ("digest_agreed_ms", "INTEGER NOT NULL DEFAULT 0"),
    ]

    /// Brings a file made by an earlier version to the current bookkeeping, in the caller's
    /// transaction: the change stamp counter apart from the clock (it continues from the clock, so
    /// every stamp already issued stays below it), the clock offset, the new link columns, and
    /// the current capture triggers (which stamp from the counter). Returns what it did, or nil
    /// when the file is current.
    static func upgradeStatements(
        clockColumns: Set<String>, linkColumns: Set<String>, hasInsertTrigger: Bool, tables: [TableSpec], withoutCellStamps: [TableSpec] = []
    ) -> [String]? {
        var statements: [String] = withoutCellStamps.map { "ALTER TABLE \($0.name) ADD COLUMN _ld_cs TEXT" }
        if !clockColumns.contains("seq") {
            statements += ["ALTER TABLE _ld_clock ADD COLUMN seq INTEGER NOT NULL DEFAULT 0", "UPDATE _ld_clock SET seq = hlc"]
        }
        if !clockColumns.contains("offset_ms") { statements.append("ALTER TABLE _ld_clock ADD COLUMN offset_ms INTEGER NOT NULL DEFAULT 0") }
        for column in linkColumnsSince2 where !linkColumns.contains(column.name) {
            statements.append("ALTER TABLE _ld_link ADD COLUMN \(column.name) \(column.definition)")
        }
        if !statements.isEmpty || hasInsertTrigger { statements += tables.flatMap(upgrade) }
        return statements.isEmpty ? nil : statements
    }

    /// Placeholders a row is inserted with until it is stamped. They are stored in as many bytes
    /// as real stamps (8) and region codes (6), so the stamp keeps the record's size and SQLite
    /// overwrites it in place instead of rebuilding the cell; the negative stamp keeps the row out
    /// of the partial `_ld_seq > 0` index until then.
    static let unstampedStamp = Int64.min
    static let unstampedSeq = "\(unstampedStamp)"
    /// The base clock a row not yet stamped reads back with.
    static let unstampedClock = HLC(rawValue: unstampedStamp)
    /// Matches a row not yet stamped (no index: a full scan).
    static let unstamped = "_ld_seq = \(unstampedSeq)"
    static let unstampedOrigin = "100000000000"

    /// One local change: the next change stamp, and the clock ticked from corrected time
    /// (`HLC.sqlTick`; the offset learned from the parent is in the same row).
    static func tick() -> String { "UPDATE _ld_clock SET seq = \(HLC.sqlNextStamp("seq")), hlc = \(HLC.sqlTick("hlc", offset: "offset_ms"));" }

    /// The change stamp just taken (`tick`).
    static let seqValue = "(SELECT seq FROM _ld_clock)"
    /// The clock value just taken (`tick`): the version of the cells written.
    static let clockValue = "(SELECT hlc FROM _ld_clock)"
    static let nodeValue = "(SELECT node FROM _ld_clock)"
    static let notApplying = "NOT EXISTS (SELECT 1 FROM _ld_applying)"

    /// True for a row that may hold a personal cell withheld from above (version (0, 0): its base
    /// clock, or an exception's); `PrivacyProjection.hasWithheldCell` decides on the decoded row.
    static func mayHoldWithheldCell(_ row: String) -> String {
        "\(row)._ld_hlc = 0 OR instr(coalesce(\(row)._ld_cc, ''), '[0,0]') > 0"
    }

    /// True for a row that has been stamped (not a local insert still waiting for its stamp).
    static func stamped(_ row: String) -> String { "\(row)._ld_seq > 0" }

    static func tombName(_ table: TableSpec) -> String { "\(table.name)__ld_tomb" }

    /// The bookkeeping of a fresh local insert of `row` (an alias of a `table` row, or `NEW`), but
    /// its stamp: a causal length continued from the key's tombstone, if it was ever deleted; every
    /// column at the base version; made here.
    static func freshInsert(_ table: TableSpec, _ row: String) -> String {
        let tomb = tombName(table)
        let sameKey = table.primaryKey.map { "\(tomb).\($0.name) = \(row).\($0.name)" }.joined(separator: " AND ")
        return "_ld_cl = coalesce((SELECT _ld_cl + 1 FROM \(tomb) WHERE \(sameKey)), \(reinsertFloor(table)), 1), _ld_cc = NULL, _ld_cs = NULL, _ld_src = NULL"
    }

    /// The causal length a fresh insert of a key with no tombstone here starts at, once this node
    /// has collected tombstones of `table` (Protocols/SPEC.md §21.5): one above the highest it
    /// dropped, so that a key inserted again after its tombstone went beats any copy of that
    /// tombstone a slower node still holds. NULL before any collection (the insert starts at 1).
    static func reinsertFloor(_ table: TableSpec) -> String {
        "(SELECT cl FROM _ld_reinsert WHERE tbl = '\(table.name)')"
    }

    /// Everything that makes `table` replicated: its storage, capture triggers and guards.
    static func install(_ table: TableSpec) -> [String] {
        storage(table) + captureTriggers(table) + guards(table)
    }

    /// Finds the `AFTER INSERT` capture trigger that versions of Liandong before commit-time
    /// stamping created. Such a file stays correct (the trigger stamps each insert at once, so
    /// the commit finds nothing left to stamp), but every insert pays for the trigger.
    static func hasInsertTrigger(_ table: TableSpec) -> String {
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = '\(table.name)__ld_insert'"
    }

    /// Brings an older file's capture triggers to the current ones (docs/change-capture.md).
    static func upgrade(_ table: TableSpec) -> [String] {
        ["insert", "delete", "rekey", "update"].map { "DROP TRIGGER IF EXISTS \(table.name)__ld_\($0)" } + captureTriggers(table)
    }

    /// The table with its bookkeeping columns, its tombstone table and their stamp indexes.
    static func storage(_ table: TableSpec) -> [String] {
        let tomb = tombName(table)
        let keyNames = table.primaryKey.map(\.name).joined(separator: ", ")
        let keyDefinitions = table.primaryKey.map { "\($0.name) \($0.affinity.rawValue) NOT NULL" }
        let columnDefinitions = table.columns.map { "\($0.name) \($0.affinity.rawValue)\($0.notNull ? " NOT NULL" : "")" }
        let tombScope = table.scopeColumn.map { ", \($0) INTEGER" } ?? ""
        return [
            """
            CREATE TABLE \(table.name) (
                \((keyDefinitions + columnDefinitions).joined(separator: ",\n    ")),
                _ld_cl INTEGER NOT NULL DEFAULT 1,
                _ld_seq INTEGER NOT NULL DEFAULT \(unstampedSeq),
                _ld_hlc INTEGER NOT NULL DEFAULT \(unstampedSeq),
                _ld_org INTEGER NOT NULL DEFAULT \(unstampedOrigin),
                _ld_cc TEXT,
                _ld_src INTEGER,
                _ld_cs TEXT,
                PRIMARY KEY (\(keyNames))
            )
            """,
            // Partial: a row enters the index once it is stamped, not with the placeholder it is
            // inserted with (that would cost two extra index writes per insert).
            "CREATE INDEX \(table.name)__ld_seq ON \(table.name)(_ld_seq) WHERE _ld_seq > 0",
            """
            CREATE TABLE \(tomb) (
                \(keyDefinitions.joined(separator: ", ")),
                _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER\(tombScope),
                PRIMARY KEY (\(keyNames))
            ) WITHOUT ROWID
            """,
            "CREATE INDEX \(tomb)_seq ON \(tomb)(_ld_seq)",
        ]
    }

    /// The triggers that capture updates, re-keys and deletes (inserts are stamped at commit).
    static func captureTriggers(_ table: TableSpec) -> [String] {
        let tomb = tombName(table)
        let keyNames = table.primaryKey.map(\.name).joined(separator: ", ")
        let freshRow = """
            UPDATE \(table.name) SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), \(freshInsert(table, "NEW"))
            WHERE rowid = NEW.rowid;
            """
        // A scoped table's tombstones keep the scope, so deletions route like rows.
        let tombScope = table.scopeColumn.map { (", \($0)", ", OLD.\($0)") }
        let buryOld = """
            INSERT INTO \(tomb) (\(keyNames), _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src\(tombScope?.0 ?? ""))
            VALUES (\(table.primaryKey.map { "OLD.\($0.name)" }.joined(separator: ", ")), OLD._ld_cl + (OLD._ld_cl % 2),
                    \(seqValue), \(clockValue), \(nodeValue), NULL\(tombScope?.1 ?? ""))
            ON CONFLICT (\(keyNames)) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
                _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
            """
        var statements = [
            """
            CREATE TRIGGER \(table.name)__ld_delete AFTER DELETE ON \(table.name) WHEN \(notApplying) AND \(stamped("OLD"))
            BEGIN
                \(tick())
                \(buryOld)
            END
            """,
            """
            CREATE TRIGGER \(table.name)__ld_rekey AFTER UPDATE OF \(keyNames) ON \(table.name)
            WHEN \(notApplying) AND \(stamped("OLD")) AND (\(table.primaryKey.map { "NEW.\($0.name) IS NOT OLD.\($0.name)" }.joined(separator: " OR ")))
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
            // The changed cells are stored at the new stamp, the others where they were
            // (`CellStamps`: text out of date with the row's stamp stands for that stamp). A row
            // with a withheld personal cell (clock 0) was held back from below: all at the new stamp.
            let stampPaths = table.columns.map {
                "CASE WHEN NEW.\($0.name) IS NOT OLD.\($0.name) THEN '$.\($0.name)' ELSE '$._' END, \(seqValue)"
            }
            let stampsBefore = "CASE WHEN json_valid(_ld_cs) AND json_extract(_ld_cs, '$._ld_at') IS OLD._ld_seq THEN _ld_cs ELSE json_object('_ld_base', OLD._ld_seq) END"
            statements.append(
                """
                CREATE TRIGGER \(table.name)__ld_update AFTER UPDATE OF \(table.columns.map(\.name).joined(separator: ", ")) ON \(table.name)
                WHEN NEW._ld_seq IS OLD._ld_seq AND \(stamped("OLD")) AND \(table.primaryKey.map { "NEW.\($0.name) IS OLD.\($0.name)" }.joined(separator: " AND ")) AND (\(changed))
                BEGIN
                    \(tick())
                    UPDATE \(table.name) SET _ld_seq = \(seqValue), _ld_src = NULL,
                        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), \(paths.joined(separator: ", "))), '$._'),
                        _ld_cs = CASE WHEN \(mayHoldWithheldCell("OLD")) THEN NULL
                            ELSE json_remove(json_set(\(stampsBefore), '$._ld_at', \(seqValue), \(stampPaths.joined(separator: ", "))), '$._') END
                    WHERE rowid = NEW.rowid;
                END
                """)
        }
        return statements
    }

    // MARK: Local guards

    /// Triggers that refuse, inside SQLite, local writes the rest of the tree would reject
    /// (Protocols/SPEC.md §17.2): outside the node's write authority, updates and deletes of append-only rows, a status
    /// change the state machine does not allow this node (`stateMachineGuards`), a row changing
    /// its scope. The writer gets the
    /// error at once (also in the `sqlite3` shell) and nothing is captured. Receivers check the
    /// same rules again (`Admission`), since a file can be edited with the triggers dropped.
    static func guards(_ table: TableSpec) -> [String] {
        guard let scope = table.scopeColumn else { return [] }
        var statements: [String] = []
        let local = "NOT EXISTS (SELECT 1 FROM _ld_applying)"
        let userColumns = (table.primaryKey + table.columns).map(\.name).joined(separator: ", ")
        func abort(_ message: String) -> String {
            "SELECT RAISE(ABORT, '\(message.replacingOccurrences(of: "'", with: "''"))');"
        }
        // Insert: the creator, and columns with their own writers left empty unless permitted.
        var insertViolations = ["NOT (\(permits(table.insert, scope: "NEW.\(scope)")))"]
        for column in table.columns where column.writers != nil && !column.isKeyedHash {
            insertViolations.append("(NEW.\(column.name) IS NOT NULL AND NOT (\(permits(column.writers!, scope: "NEW.\(scope)"))))")
        }
        statements.append(
            """
            CREATE TRIGGER \(table.name)__ld_guard_insert BEFORE INSERT ON \(table.name)
            WHEN \(local) AND (\(insertViolations.joined(separator: " OR ")))
            BEGIN \(abort("liandong: this node may not create this row of \(table.name) (write authority 写权限: \(table.insert.explanation))")) END
            """)
        if table.appendOnly {
            statements.append(
                """
                CREATE TRIGGER \(table.name)__ld_guard_update BEFORE UPDATE OF \(userColumns) ON \(table.name) WHEN \(local)
                BEGIN \(abort("liandong: \(table.name) is append-only (只增不改): rows are never updated")) END
                """)
            statements.append(
                """
                CREATE TRIGGER \(table.name)__ld_guard_delete BEFORE DELETE ON \(table.name) WHEN \(local)
                BEGIN \(abort("liandong: \(table.name) is append-only (只增不改): rows are never deleted")) END
                """)
            return statements
        }
        statements.append(
            """
            CREATE TRIGGER \(table.name)__ld_guard_scope BEFORE UPDATE OF \(scope) ON \(table.name)
            WHEN \(local) AND NEW.\(scope) IS NOT OLD.\(scope)
            BEGIN \(abort("liandong: the scope of a \(table.name) row is fixed when it is created (归属不可改)")) END
            """)
        statements.append(
            """
            CREATE TRIGGER \(table.name)__ld_guard_delete BEFORE DELETE ON \(table.name)
            WHEN \(local) AND NOT (\(permits(table.delete, scope: "OLD.\(scope)")))
            BEGIN \(abort("liandong: this node may not delete this row of \(table.name) (write authority 写权限: \(table.delete.explanation))")) END
            """)
        for column in table.columns where column.published {
            // Shapes that `PersonalIdentifiers.inPublishedText` refuses too (an ID number, a
            // mobile number plain, hyphenated or spaced), never next to an amount's marks; the
            // receiver's admission applies the whole rule (Protocols/SPEC.md §17.4).
            let digit = "[0-9]"
            let before = "*[^0-9０-９.,¥￥$＄]"
            let after = "[^0-9０-９.,元万亿圆]*"
            let digits = { (count: Int) in String(repeating: digit, count: count) }
            let shapes = [
                before + digits(17) + "[0-9Xx]" + after,
                before + "1[3-9]" + digits(9) + after,
                before + "1[3-9]" + digit + "-" + digits(4) + "-" + digits(4) + after,
                before + "1[3-9]" + digit + " " + digits(4) + " " + digits(4) + after,
            ]
            let padded = "(' ' || NEW.\(column.name) || ' ')"
            let matches = shapes.map { "\(padded) GLOB '\($0)'" }.joined(separator: " OR ")
            for event in ["INSERT", "UPDATE OF \(column.name)"] {
                statements.append(
                    """
                    CREATE TRIGGER \(table.name)__ld_guard_\(column.name)_public_\(event.hasPrefix("INSERT") ? "new" : "set") BEFORE \(event) ON \(table.name)
                    WHEN \(local) AND (\(matches))
                    BEGIN \(abort("liandong: published text (政务公开) in \(table.name).\(column.name) must not contain an ID number or a phone number")) END
                    """)
            }
        }
        for (index, column) in table.columns.enumerated() where column.name != scope && !column.isKeyedHash {
            let rule = table.writers(ofColumn: index)
            if rule != .anyone {
                statements.append(
                    """
                    CREATE TRIGGER \(table.name)__ld_guard_\(column.name) BEFORE UPDATE OF \(column.name) ON \(table.name)
                    WHEN \(local) AND NEW.\(column.name) IS NOT OLD.\(column.name) AND NOT (\(permits(rule, scope: "OLD.\(scope)")))
                    BEGIN \(abort("liandong: this node may not change \(table.name).\(column.name) (write authority 写权限: \(rule.explanation))")) END
                    """)
            }
            if let lattice = column.lattice { statements += stateMachineGuards(table, column: column.name, lattice) }
        }
        return statements
    }

    /// The status state machine at the writer (Protocols/SPEC.md §17.2): a row starts with an
    /// initial status its creator may create, the status moves only along a declared transition
    /// this node may make (so never backwards, and never out of a final status), the row state
    /// holding a status has the columns it requires filled, and a required column once filled is
    /// never emptied. Each refusal names the table, the column and the rule.
    static func stateMachineGuards(_ table: TableSpec, column: String, _ lattice: StatusLattice) -> [String] {
        guard let scope = table.scopeColumn else { return [] }
        let local = "NOT EXISTS (SELECT 1 FROM _ld_applying)"
        let target = "\(table.name).\(column)"
        let rule = "[rule: status transition 状态流转, \(target) state machine 状态机]"
        func abort(_ message: String) -> String {
            "SELECT RAISE(ABORT, '\(message.replacingOccurrences(of: "'", with: "''"))');"
        }
        func quoted(_ value: String) -> String { "'\(value.replacingOccurrences(of: "'", with: "''"))'" }
        func permitted(_ rules: [(String, WriteRule)], row: String) -> String {
            "coalesce((CASE NEW.\(column) " + rules.map { "WHEN \(quoted($0.0)) THEN \(permits($0.1, scope: "\(row).\(scope)"))" }.joined(separator: " ")
                + " ELSE 0 END), 0)"
        }
        func listed(_ rules: [(String, WriteRule)]) -> String { rules.map { "\($0.0) (\($0.1.explanation))" }.joined(separator: "; ") }
        func empty(_ name: String, _ row: String) -> String { "coalesce(trim(\(row).\(name)), '') = ''" }

        let initial = lattice.order.compactMap { value in lattice.initial[value].map { (value, $0) } }
        var statements = [
            """
            CREATE TRIGGER \(table.name)__ld_guard_\(column)_initial BEFORE INSERT ON \(table.name)
            WHEN \(local) AND NOT \(permitted(initial, row: "NEW"))
            BEGIN \(abort("liandong: a new \(table.name) row may start with \(target) only as: \(initial.isEmpty ? "nothing" : listed(initial)) \(rule)")) END
            """
        ]
        for (index, from) in lattice.order.enumerated() {
            let next = lattice.order.compactMap { value in lattice.transitions[from]?[value].map { (value, $0) } }
            let message =
                next.isEmpty
                ? "liandong: \(target) \(from) is final (终态): it never changes \(rule)"
                : "liandong: \(target) may change from \(from) only to: \(listed(next)) \(rule)"
            statements.append(
                """
                CREATE TRIGGER \(table.name)__ld_guard_\(column)_from_\(index) BEFORE UPDATE OF \(column) ON \(table.name)
                WHEN \(local) AND OLD.\(column) = \(quoted(from)) AND NEW.\(column) IS NOT OLD.\(column) AND NOT \(next.isEmpty ? "0" : permitted(next, row: "OLD"))
                BEGIN \(abort(message)) END
                """)
        }
        // Requirements are checked on a status the row may hold (a forbidden one gets the
        // transition's error above, whatever order SQLite runs the triggers in).
        let allowedChange =
            "(NEW.\(column) IS OLD.\(column) OR coalesce((CASE OLD.\(column) "
            + lattice.order.map { from in
                let next = lattice.order.compactMap { value in lattice.transitions[from]?[value].map { (value, $0) } }
                return "WHEN \(quoted(from)) THEN \(next.isEmpty ? "0" : permitted(next, row: "OLD"))"
            }.joined(separator: " ") + " ELSE 0 END), 0))"
        for (index, need) in lattice.sortedRequirements.enumerated() {
            let missing = need.columns.map { empty($0, "NEW") }.joined(separator: " OR ")
            let message = "liandong: a \(table.name) row with \(column) \(need.value) must have \(need.columns.map { "\(table.name).\($0)" }.joined(separator: ", ")) filled \(rule)"
            for (event, allowed) in [("INSERT", permitted(initial, row: "NEW")), ("UPDATE OF \(([column] + need.columns).joined(separator: ", "))", allowedChange)] {
                statements.append(
                    """
                    CREATE TRIGGER \(table.name)__ld_guard_\(column)_needs_\(index)_\(event.hasPrefix("INSERT") ? "new" : "set") BEFORE \(event) ON \(table.name)
                    WHEN \(local) AND NEW.\(column) = \(quoted(need.value)) AND (\(missing)) AND \(allowed)
                    BEGIN \(abort(message)) END
                    """)
            }
        }
        for required in lattice.requiredColumns {
            statements.append(
                """
                CREATE TRIGGER \(table.name)__ld_guard_\(required)_kept BEFORE UPDATE OF \(required) ON \(table.name)
                WHEN \(local) AND NOT \(empty(required, "OLD")) AND \(empty(required, "NEW"))
                BEGIN \(abort("liandong: \(table.name).\(required) is evidence that \(target) requires: once filled it is never emptied \(rule)")) END
                """)
        }
        return statements
    }

    /// The local node, as SQL.
    static let nodeSQL = "(SELECT node FROM _ld_clock)"
    /// The local node's tier (1 city … 4 village), as SQL, following `NodeID.tier`.
    static let tierSQL = """
        (SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 \
        WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock)
        """

    /// `WriteRule.permits(localNode, scope:)` as SQL.
    static func permits(_ rule: WriteRule, scope: String) -> String {
        switch rule {
        case .anyone: return "1"
        case .nobody: return "0"
        case .scopeNode: return "\(scope) = \(nodeSQL)"
        case .onPath(let tiers):
            // The node's block of codes: 10^(digits below its tier).
            let span = """
                (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 \
                WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)
                """
            let tierList = tiers.sorted().map { String($0.rawValue) }.joined(separator: ", ")
            return "(\(tierSQL) IN (\(tierList.isEmpty ? "NULL" : tierList)) AND \(scope) / \(span) = \(nodeSQL) / \(span))"
        }
    }
}

