-- A demo replica (node 441702001201) as Liandong created it before inserts were stamped at commit:
-- each table still has its <table>__ld_insert trigger. Rows: old-1, old-3 (edited), old-2 (deleted).
-- Made with the stock sqlite3 shell's .dump; never edit (an upgrade test reads it).
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE _ld_clock (
    id INTEGER PRIMARY KEY CHECK (id = 0),
    hlc INTEGER NOT NULL,
    node INTEGER NOT NULL
);
INSERT INTO _ld_clock VALUES(0,117668067499638784,441702001201);
CREATE TABLE _ld_applying (flag INTEGER);
CREATE TABLE _ld_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO _ld_setting VALUES('schema','{"version":1,"localSQL":[],"name":"demo","tables":[{"insert":{"anyone":{}},"update":{"anyone":{}},"delete":{"anyone":{}},"name":"record","appendOnly":false,"columns":[{"name":"name","affinity":"TEXT","notNull":false,"published":false},{"name":"village","affinity":"TEXT","notNull":false,"published":false},{"name":"kind","affinity":"TEXT","notNull":false,"published":false},{"name":"count","affinity":"INTEGER","notNull":false,"published":false},{"name":"amount","affinity":"INTEGER","notNull":false,"published":false},{"name":"priority","affinity":"INTEGER","notNull":false,"published":false},{"name":"score","affinity":"REAL","notNull":false,"published":false},{"name":"note","affinity":"TEXT","notNull":false,"published":false},{"name":"flag","affinity":"INTEGER","notNull":false,"published":false}],"primaryKey":[{"name":"id","affinity":"TEXT","notNull":true,"published":false}],"flow":"root-path"},{"insert":{"anyone":{}},"update":{"anyone":{}},"delete":{"anyone":{}},"name":"note","appendOnly":false,"columns":[{"name":"body","affinity":"TEXT","notNull":false,"published":false},{"name":"updated","affinity":"TEXT","notNull":false,"published":false}],"primaryKey":[{"name":"author","affinity":"INTEGER","notNull":true,"published":false},{"name":"seq","affinity":"INTEGER","notNull":true,"published":false}],"flow":"root-path"}]}');
INSERT INTO _ld_setting VALUES('parent','tcp://127.0.0.1:9');
INSERT INTO _ld_setting VALUES('schedule','continuous');
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
CREATE TABLE record (
    id TEXT NOT NULL,
    name TEXT,
    village TEXT,
    kind TEXT,
    count INTEGER,
    amount INTEGER,
    priority INTEGER,
    score REAL,
    note TEXT,
    flag INTEGER,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (id)
);
INSERT INTO record VALUES('old-1','before the upgrade',NULL,NULL,1,NULL,NULL,NULL,NULL,NULL,1,117668067499507712,117668067499507712,441702001201,NULL,NULL);
INSERT INTO record VALUES('old-3','edited before the upgrade',NULL,NULL,3,NULL,NULL,NULL,'edited',NULL,1,117668067499573248,117668067499507714,441702001201,'{"note":[117668067499573248,441702001201]}',NULL);
CREATE TABLE record__ld_tomb (
    id TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER,
    PRIMARY KEY (id)
) WITHOUT ROWID;
INSERT INTO record__ld_tomb VALUES('old-2',2,117668067499638784,117668067499638784,441702001201,NULL);
CREATE TABLE note (
    author INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    body TEXT,
    updated TEXT,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (author, seq)
);
CREATE TABLE note__ld_tomb (
    author INTEGER NOT NULL, seq INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER,
    PRIMARY KEY (author, seq)
) WITHOUT ROWID;
CREATE INDEX record__ld_seq ON record(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX record__ld_tomb_seq ON record__ld_tomb(_ld_seq);
CREATE TRIGGER record__ld_insert AFTER INSERT ON record WHEN NEW._ld_seq = -9223372036854775808
BEGIN
    UPDATE _ld_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16);
    UPDATE record SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT hlc, hlc, node FROM _ld_clock),
    _ld_cl = coalesce((SELECT _ld_cl + 1 FROM record__ld_tomb WHERE id = NEW.id), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER record__ld_delete AFTER DELETE ON record WHEN NOT EXISTS (SELECT 1 FROM _ld_applying)
BEGIN
    UPDATE _ld_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16);
    INSERT INTO record__ld_tomb (id, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src)
VALUES (OLD.id, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT hlc FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL)
ON CONFLICT (id) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER record__ld_rekey AFTER UPDATE OF id ON record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NEW.id IS NOT OLD.id)
BEGIN
    UPDATE _ld_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16);
    INSERT INTO record__ld_tomb (id, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src)
VALUES (OLD.id, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT hlc FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL)
ON CONFLICT (id) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16);
    UPDATE record SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT hlc, hlc, node FROM _ld_clock),
    _ld_cl = coalesce((SELECT _ld_cl + 1 FROM record__ld_tomb WHERE id = NEW.id), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER record__ld_update AFTER UPDATE OF name, village, kind, count, amount, priority, score, note, flag ON record
WHEN NEW._ld_seq IS OLD._ld_seq AND NEW.id IS OLD.id AND (NEW.name IS NOT OLD.name OR NEW.village IS NOT OLD.village OR NEW.kind IS NOT OLD.kind OR NEW.count IS NOT OLD.count OR NEW.amount IS NOT OLD.amount OR NEW.priority IS NOT OLD.priority OR NEW.score IS NOT OLD.score OR NEW.note IS NOT OLD.note OR NEW.flag IS NOT OLD.flag)
BEGIN
    UPDATE _ld_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16);
    UPDATE record SET _ld_seq = (SELECT hlc FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.name IS NOT OLD.name THEN '$.name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.village IS NOT OLD.village THEN '$.village' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.kind IS NOT OLD.kind THEN '$.kind' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.count IS NOT OLD.count THEN '$.count' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.amount IS NOT OLD.amount THEN '$.amount' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.priority IS NOT OLD.priority THEN '$.priority' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.score IS NOT OLD.score THEN '$.score' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.note IS NOT OLD.note THEN '$.note' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.flag IS NOT OLD.flag THEN '$.flag' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE INDEX note__ld_seq ON note(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX note__ld_tomb_seq ON note__ld_tomb(_ld_seq);
CREATE TRIGGER note__ld_insert AFTER INSERT ON note WHEN NEW._ld_seq = -9223372036854775808
BEGIN
    UPDATE _ld_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16);
    UPDATE note SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT hlc, hlc, node FROM _ld_clock),
    _ld_cl = coalesce((SELECT _ld_cl + 1 FROM note__ld_tomb WHERE author = NEW.author AND seq = NEW.seq), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER note__ld_delete AFTER DELETE ON note WHEN NOT EXISTS (SELECT 1 FROM _ld_applying)
BEGIN
    UPDATE _ld_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16);
    INSERT INTO note__ld_tomb (author, seq, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src)
VALUES (OLD.author, OLD.seq, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT hlc FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL)
ON CONFLICT (author, seq) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER note__ld_rekey AFTER UPDATE OF author, seq ON note
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NEW.author IS NOT OLD.author OR NEW.seq IS NOT OLD.seq)
BEGIN
    UPDATE _ld_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16);
    INSERT INTO note__ld_tomb (author, seq, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src)
VALUES (OLD.author, OLD.seq, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT hlc FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL)
ON CONFLICT (author, seq) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16);
    UPDATE note SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT hlc, hlc, node FROM _ld_clock),
    _ld_cl = coalesce((SELECT _ld_cl + 1 FROM note__ld_tomb WHERE author = NEW.author AND seq = NEW.seq), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER note__ld_update AFTER UPDATE OF body, updated ON note
WHEN NEW._ld_seq IS OLD._ld_seq AND NEW.author IS OLD.author AND NEW.seq IS OLD.seq AND (NEW.body IS NOT OLD.body OR NEW.updated IS NOT OLD.updated)
BEGIN
    UPDATE _ld_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16);
    UPDATE note SET _ld_seq = (SELECT hlc FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.body IS NOT OLD.body THEN '$.body' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.updated IS NOT OLD.updated THEN '$.updated' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
COMMIT;
