-- A gov v5 town replica (node 441702001000) as liandong wrote it before the schema record format of
-- docs/upgrades.md: the schema in the setting 'schema' as Swift's synthesized encoding, user_version 0.
-- Made with `liandong init --insecure` and two `liandong case register` (C-FIX-1, C-FIX-2), then the
-- stock sqlite3 shell's .dump; never edit (an upgrade test reads it).
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE _ld_clock (
    id INTEGER PRIMARY KEY CHECK (id = 0),
    hlc INTEGER NOT NULL,
    node INTEGER NOT NULL,
    seq INTEGER NOT NULL DEFAULT 0,
    offset_ms INTEGER NOT NULL DEFAULT 0
);
INSERT INTO _ld_clock VALUES(0,117717611471896577,441702001000,117717611471896577,0);
CREATE TABLE _ld_applying (flag INTEGER);
CREATE TABLE _ld_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO _ld_setting VALUES('schema','{"version":5,"tables":[{"columns":[{"notNull":true,"affinity":"TEXT","published":false,"name":"name"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"level"},{"notNull":false,"affinity":"TEXT","published":false,"name":"parent_code"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"}],"primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"region_code"}],"update":{"scopeNode":{}},"name":"region","appendOnly":false,"insert":{"scopeNode":{}},"scopeColumn":"scope","delete":{"scopeNode":{}},"flow":"root-path"},{"columns":[{"notNull":true,"affinity":"TEXT","published":false,"name":"kind"},{"notNull":false,"affinity":"TEXT","published":false,"name":"name"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"}],"primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"day"}],"update":{"scopeNode":{}},"name":"holiday","appendOnly":false,"insert":{"scopeNode":{}},"scopeColumn":"scope","delete":{"scopeNode":{}},"flow":"root-path"},{"columns":[{"notNull":true,"affinity":"TEXT","published":false,"name":"org_name"},{"notNull":true,"affinity":"TEXT","published":false,"name":"region_code"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"}],"primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"credit_code"}],"update":{"scopeNode":{}},"name":"org","appendOnly":false,"insert":{"scopeNode":{}},"scopeColumn":"scope","delete":{"scopeNode":{}},"flow":"root-path"},{"columns":[{"notNull":true,"affinity":"TEXT","published":false,"name":"task_name"},{"notNull":true,"affinity":"TEXT","published":false,"name":"task_type"},{"notNull":false,"affinity":"TEXT","published":false,"name":"by_law"},{"notNull":false,"affinity":"TEXT","published":false,"name":"use_level"},{"notNull":true,"affinity":"TEXT","published":false,"name":"task_state"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"}],"primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"catalog_code"}],"update":{"scopeNode":{}},"name":"item_catalog","appendOnly":false,"insert":{"scopeNode":{}},"scopeColumn":"scope","delete":{"scopeNode":{}},"flow":"root-path"},{"columns":[{"notNull":true,"affinity":"TEXT","published":false,"name":"task_code"},{"notNull":true,"affinity":"TEXT","published":false,"name":"catalog_code"},{"notNull":true,"affinity":"TEXT","published":false,"name":"task_name"},{"notNull":false,"affinity":"TEXT","published":false,"name":"dept_code"},{"notNull":false,"affinity":"TEXT","published":false,"name":"dept_name"},{"notNull":true,"affinity":"TEXT","published":false,"name":"project_type"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"anticipate_day"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"promise_day"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"limit_scene_num"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"is_online"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"proxy_allowed"},{"notNull":false,"affinity":"TEXT","published":false,"name":"handle_area"},{"notNull":true,"affinity":"TEXT","published":false,"name":"task_state"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"}],"primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"task_handle_item"}],"update":{"scopeNode":{}},"name":"item_impl","appendOnly":false,"insert":{"scopeNode":{}},"scopeColumn":"scope","delete":{"scopeNode":{}},"flow":"root-path"},{"columns":[{"notNull":true,"affinity":"TEXT","published":false,"name":"task_handle_item"},{"notNull":true,"affinity":"TEXT","published":false,"name":"material_name"},{"notNull":false,"affinity":"TEXT","published":false,"name":"is_need"},{"notNull":false,"affinity":"TEXT","published":false,"name":"material_format"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"order_num"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"}],"primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"row_guid"}],"update":{"scopeNode":{}},"name":"item_material","appendOnly":false,"insert":{"scopeNode":{}},"scopeColumn":"scope","delete":{"scopeNode":{}},"flow":"root-path"},{"name":"case_accept","delete":{"nobody":{}},"scopeColumn":"scope","primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"project_no"}],"flow":"upward","update":{"scopeNode":{}},"columns":[{"notNull":true,"affinity":"TEXT","published":false,"name":"task_handle_item"},{"notNull":true,"affinity":"TEXT","published":false,"name":"task_name"},{"notNull":true,"affinity":"TEXT","published":false,"name":"project_type"},{"notNull":true,"affinity":"TEXT","published":false,"name":"apply_channel"},{"notNull":false,"affinity":"TEXT","published":false,"name":"applyer_type"},{"notNull":false,"affinity":"TEXT","personal":{"name":{}},"published":false,"name":"applyer_name"},{"notNull":false,"affinity":"TEXT","published":false,"name":"applyer_page_type"},{"notNull":false,"affinity":"TEXT","personal":{"idNumber":{}},"published":false,"name":"applyer_page_code"},{"notNull":false,"affinity":"TEXT","personal":{"saltedHash":{"of":"applyer_page_code"}},"published":false,"name":"cert_hash"},{"notNull":false,"affinity":"TEXT","personal":{"phone":{}},"published":false,"name":"contact_mobile"},{"notNull":false,"affinity":"TEXT","personal":{"address":{}},"published":false,"name":"address"},{"notNull":false,"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"agent_name"},{"notNull":false,"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"project_name"},{"notNull":true,"affinity":"TEXT","published":false,"name":"apply_date"},{"notNull":false,"writers":{"onPath":{"_0":[2,3]}},"affinity":"TEXT","published":false,"name":"receive_date"},{"notNull":false,"writers":{"onPath":{"_0":[2,3]}},"affinity":"TEXT","published":false,"name":"accept_date"},{"notNull":false,"writers":{"onPath":{"_0":[2,3]}},"affinity":"INTEGER","published":false,"name":"accept_node"},{"notNull":false,"writers":{"onPath":{"_0":[2,3]}},"affinity":"TEXT","published":false,"name":"handle_org"},{"notNull":false,"writers":{"onPath":{"_0":[2,3]}},"affinity":"TEXT","published":false,"name":"promise_date"},{"notNull":false,"writers":{"onPath":{"_0":[2,3]}},"affinity":"INTEGER","published":false,"name":"paused_workdays"},{"notNull":false,"writers":{"onPath":{"_0":[2,3]}},"affinity":"TEXT","published":false,"name":"result_date"},{"notNull":false,"writers":{"onPath":{"_0":[2,3]}},"affinity":"TEXT","published":false,"name":"result_type"},{"notNull":false,"writers":{"onPath":{"_0":[2,3]}},"affinity":"INTEGER","published":false,"name":"conclude_node"},{"notNull":false,"writers":{"onPath":{"_0":[2,3,4]}},"affinity":"TEXT","published":false,"name":"delivered_date"},{"notNull":false,"writers":{"onPath":{"_0":[2,3,4]}},"affinity":"INTEGER","published":false,"name":"visit_count"},{"notNull":true,"writers":{"onPath":{"_0":[2,3,4]}},"affinity":"TEXT","lattice":{"order":["SUBMITTED","RECEIVED","ACCEPTED","IN_PROCESS","REVIEW","WITHDRAWN","NOT_ACCEPTED","TERMINATED","CONCLUDED","DELIVERED"],"requires":{"IN_PROCESS":["accept_date"],"ACCEPTED":["accept_date"],"REVIEW":["accept_date"],"NOT_ACCEPTED":["not_accept_reason"],"CONCLUDED":["accept_date","result_date","result_type"],"DELIVERED":["accept_date","result_date","result_type","delivered_date"]},"initial":{"SUBMITTED":{"scopeNode":{}}},"transitions":{"REVIEW":{"CONCLUDED":{"onPath":{"_0":[2,3]}},"WITHDRAWN":{"scopeNode":{}},"TERMINATED":{"onPath":{"_0":[2]}}},"ACCEPTED":{"CONCLUDED":{"onPath":{"_0":[2,3]}},"WITHDRAWN":{"scopeNode":{}},"REVIEW":{"onPath":{"_0":[2,3]}},"IN_PROCESS":{"onPath":{"_0":[2,3]}},"TERMINATED":{"onPath":{"_0":[2]}}},"RECEIVED":{"NOT_ACCEPTED":{"onPath":{"_0":[2,3]}},"ACCEPTED":{"onPath":{"_0":[2,3]}},"WITHDRAWN":{"scopeNode":{}},"TERMINATED":{"onPath":{"_0":[2]}}},"SUBMITTED":{"RECEIVED":{"onPath":{"_0":[2,3]}},"NOT_ACCEPTED":{"onPath":{"_0":[2,3]}},"ACCEPTED":{"onPath":{"_0":[2,3]}},"WITHDRAWN":{"scopeNode":{}},"TERMINATED":{"onPath":{"_0":[2]}}},"IN_PROCESS":{"CONCLUDED":{"onPath":{"_0":[2,3]}},"WITHDRAWN":{"scopeNode":{}},"REVIEW":{"onPath":{"_0":[2,3]}},"TERMINATED":{"onPath":{"_0":[2]}}},"CONCLUDED":{"DELIVERED":{"onPath":{"_0":[2,3,4]}}}}},"published":false,"name":"status"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"},{"notNull":false,"writers":{"onPath":{"_0":[2,3]}},"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"not_accept_reason"}],"appendOnly":false,"insert":{"scopeNode":{}}},{"name":"case_event","delete":{"nobody":{}},"scopeColumn":"scope","primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"row_guid"}],"flow":"upward","update":{"nobody":{}},"columns":[{"notNull":true,"affinity":"TEXT","published":false,"name":"project_no"},{"notNull":true,"affinity":"TEXT","published":false,"name":"event_name"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"node_id"},{"notNull":false,"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"handle_user_name"},{"notNull":false,"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"handle_explain"},{"notNull":true,"affinity":"TEXT","published":false,"name":"event_time"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"}],"appendOnly":true,"insert":{"onPath":{"_0":[2,3,4]}}},{"name":"case_material","delete":{"onPath":{"_0":[2,3,4]}},"scopeColumn":"scope","primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"row_guid"}],"flow":"upward","update":{"onPath":{"_0":[2,3,4]}},"columns":[{"notNull":true,"affinity":"TEXT","published":false,"name":"project_no"},{"notNull":true,"affinity":"TEXT","published":false,"name":"material_name"},{"notNull":false,"affinity":"TEXT","published":false,"name":"get_type"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"get_num"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"}],"appendOnly":false,"insert":{"onPath":{"_0":[2,3,4]}}},{"name":"case_special","delete":{"nobody":{}},"scopeColumn":"scope","primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"row_guid"}],"flow":"upward","update":{"onPath":{"_0":[2,3]}},"columns":[{"notNull":true,"affinity":"TEXT","published":false,"name":"project_no"},{"notNull":true,"affinity":"TEXT","published":false,"name":"special_type"},{"notNull":false,"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"special_reason"},{"notNull":true,"affinity":"TEXT","published":false,"name":"start_date"},{"notNull":false,"affinity":"TEXT","published":false,"name":"end_date"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"paused_workdays"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"}],"appendOnly":false,"insert":{"onPath":{"_0":[2,3]}}},{"name":"case_result","delete":{"nobody":{}},"scopeColumn":"scope","primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"project_no"}],"flow":"upward","update":{"onPath":{"_0":[2,3]}},"columns":[{"notNull":true,"affinity":"TEXT","published":false,"name":"result_date"},{"notNull":true,"affinity":"TEXT","published":false,"name":"result_type"},{"notNull":false,"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"result_explain"},{"notNull":false,"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"cert_name"},{"notNull":false,"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"cert_no"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"is_delivery"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"}],"appendOnly":false,"insert":{"onPath":{"_0":[2,3]}}},{"name":"evaluation","delete":{"nobody":{}},"scopeColumn":"scope","primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"eval_id"}],"flow":"upward","update":{"nobody":{}},"columns":[{"notNull":false,"affinity":"TEXT","published":false,"name":"project_no"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"node_id"},{"notNull":false,"affinity":"TEXT","published":false,"name":"eval_stage"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"level"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"channel"},{"notNull":false,"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"words"},{"notNull":false,"affinity":"TEXT","personal":{"name":{}},"published":false,"name":"rater_name"},{"notNull":false,"affinity":"TEXT","personal":{"phone":{}},"published":false,"name":"rater_phone"},{"notNull":false,"affinity":"TEXT","personal":{"idNumber":{}},"published":false,"name":"rater_cert_code"},{"notNull":false,"affinity":"TEXT","personal":{"saltedHash":{"of":"rater_cert_code"}},"published":false,"name":"rater_cert_hash"},{"notNull":true,"affinity":"TEXT","published":false,"name":"eval_time"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"},{"notNull":false,"affinity":"TEXT","published":false,"name":"org_code"},{"notNull":false,"affinity":"TEXT","published":false,"name":"window_no"},{"notNull":false,"affinity":"TEXT","published":false,"name":"work_no"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"handle_node"}],"appendOnly":true,"insert":{"onPath":{"_0":[2,3,4]}}},{"name":"rectification","delete":{"nobody":{}},"scopeColumn":"scope","primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"eval_id"}],"flow":"upward","update":{"onPath":{"_0":[2,3]}},"columns":[{"notNull":true,"affinity":"INTEGER","published":false,"name":"status"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"valid_flag"},{"notNull":true,"affinity":"TEXT","published":false,"name":"deadline"},{"notNull":false,"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"reform_content"},{"notNull":false,"affinity":"TEXT","published":false,"name":"closed_at"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"},{"notNull":false,"lattice":{"initial":{"PENDING":{"onPath":{"_0":[2,3]}}},"transitions":{"APPEALED":{"IN_PROGRESS":{"onPath":{"_0":[2]}},"INVALID":{"onPath":{"_0":[2]}}},"PENDING":{"IN_PROGRESS":{"onPath":{"_0":[2,3]}},"DONE":{"onPath":{"_0":[2,3]}},"APPEALED":{"onPath":{"_0":[2,3]}}},"IN_PROGRESS":{"DONE":{"onPath":{"_0":[2,3]}}}},"requires":{"DONE":["reform_content","closed_at"],"INVALID":["closed_at"]},"order":["PENDING","APPEALED","IN_PROGRESS","INVALID","DONE"]},"affinity":"TEXT","published":false,"name":"state"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"responsible_node"},{"notNull":false,"affinity":"TEXT","published":false,"name":"revisit_date"},{"notNull":false,"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"revisit_content"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"satisfied_after"}],"appendOnly":false,"insert":{"onPath":{"_0":[2,3]}}},{"name":"disclosure_catalog","delete":{"scopeNode":{}},"scopeColumn":"scope","primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"item_id"}],"flow":"root-path","update":{"scopeNode":{}},"columns":[{"notNull":true,"affinity":"INTEGER","published":false,"name":"domain_no"},{"notNull":true,"affinity":"TEXT","published":false,"name":"level1_item"},{"notNull":false,"affinity":"TEXT","published":false,"name":"level2_item"},{"notNull":false,"affinity":"TEXT","published":false,"name":"content_elements"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"time_limit_workdays"},{"notNull":false,"affinity":"TEXT","published":false,"name":"subject"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"}],"appendOnly":false,"insert":{"scopeNode":{}}},{"name":"disclosure_record","delete":{"scopeNode":{}},"scopeColumn":"scope","primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"record_id"}],"flow":"root-path","update":{"scopeNode":{}},"columns":[{"notNull":true,"affinity":"TEXT","published":false,"name":"item_id"},{"notNull":true,"affinity":"TEXT","published":true,"name":"title"},{"notNull":true,"affinity":"TEXT","published":true,"name":"body"},{"notNull":true,"affinity":"TEXT","published":false,"name":"formed_date"},{"notNull":false,"affinity":"TEXT","published":false,"name":"due_date"},{"notNull":false,"affinity":"TEXT","published":false,"name":"publish_date"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"withdrawn"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"}],"appendOnly":false,"insert":{"scopeNode":{}}},{"name":"supervision_alert","delete":{"nobody":{}},"scopeColumn":"scope","primaryKey":[{"notNull":true,"affinity":"TEXT","published":false,"name":"alert_id"}],"flow":"upward","update":{"onPath":{"_0":[1,2]}},"columns":[{"notNull":false,"affinity":"TEXT","published":false,"name":"project_no"},{"notNull":true,"affinity":"TEXT","published":false,"name":"rule"},{"notNull":true,"affinity":"TEXT","published":false,"name":"color"},{"notNull":true,"affinity":"TEXT","published":false,"name":"raised_at"},{"notNull":false,"writers":{"onPath":{"_0":[2,3]}},"affinity":"TEXT","personal":{"freeText":{}},"published":false,"name":"response"},{"notNull":false,"affinity":"TEXT","published":false,"name":"closed_at"},{"notNull":true,"affinity":"INTEGER","published":false,"name":"scope"},{"notNull":false,"affinity":"TEXT","published":false,"name":"subject"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"responsible_node"},{"notNull":false,"affinity":"INTEGER","published":false,"name":"raised_by"},{"notNull":false,"affinity":"TEXT","published":false,"name":"due_date"},{"notNull":false,"writers":{"onPath":{"_0":[2,3]}},"affinity":"TEXT","published":false,"name":"answered_at"}],"appendOnly":false,"insert":{"onPath":{"_0":[1,2]}}}],"name":"gov","localSQL":["CREATE INDEX IF NOT EXISTS case_accept_accept_date ON case_accept(accept_date)","CREATE INDEX IF NOT EXISTS case_accept_result_date ON case_accept(result_date)","CREATE INDEX IF NOT EXISTS evaluation_project ON evaluation(project_no)","CREATE INDEX IF NOT EXISTS case_event_project ON case_event(project_no, node_id)","CREATE INDEX IF NOT EXISTS case_special_project ON case_special(project_no)"]}');
INSERT INTO _ld_setting VALUES('schedule','continuous');
CREATE TABLE _ld_link (
    peer INTEGER PRIMARY KEY,
    role TEXT NOT NULL,
    cursor INTEGER NOT NULL DEFAULT 0,
    acked INTEGER NOT NULL DEFAULT 0,
    peer_head INTEGER NOT NULL DEFAULT 0,
    inbound_pending INTEGER NOT NULL DEFAULT 0,
    last_contact_ms INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    state TEXT,
    state_ms INTEGER NOT NULL DEFAULT 0,
    error_ms INTEGER NOT NULL DEFAULT 0,
    clock_offset_ms INTEGER,
    digest_state TEXT,
    digest_checked_ms INTEGER NOT NULL DEFAULT 0,
    digest_agreed_ms INTEGER NOT NULL DEFAULT 0
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
CREATE TABLE _ld_audit (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    peer INTEGER,
    event TEXT NOT NULL,
    detail TEXT NOT NULL,
    keyed INTEGER NOT NULL,
    hash BLOB NOT NULL
);
CREATE TABLE _ld_seal (
    stamp INTEGER PRIMARY KEY,
    origin INTEGER NOT NULL,
    cells BLOB NOT NULL,
    signature BLOB NOT NULL,
    personal INTEGER NOT NULL,
    peer INTEGER NOT NULL,
    digest INTEGER NOT NULL UNIQUE,
    verified INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE _ld_sealed (hash INTEGER NOT NULL, origin INTEGER NOT NULL, PRIMARY KEY (hash, origin)) WITHOUT ROWID;
CREATE TABLE _ld_forgery (
    id INTEGER PRIMARY KEY,
    stamp INTEGER NOT NULL,
    at_ms INTEGER NOT NULL,
    reporter INTEGER NOT NULL,
    link INTEGER NOT NULL,
    origin INTEGER NOT NULL,
    tbl INTEGER NOT NULL,
    cell INTEGER NOT NULL,
    hlc INTEGER NOT NULL,
    detail TEXT NOT NULL,
    UNIQUE (reporter, origin, cell, hlc)
);
CREATE TABLE _ld_parent_seal (
    id INTEGER PRIMARY KEY,
    cells BLOB NOT NULL,
    signature BLOB NOT NULL,
    personal INTEGER NOT NULL,
    digest INTEGER NOT NULL UNIQUE
);
CREATE TABLE _ld_parent_cell (hash INTEGER PRIMARY KEY, seal INTEGER NOT NULL);
CREATE TABLE _ld_unvouched (hash INTEGER PRIMARY KEY);
CREATE TABLE _ld_child_cell (hash INTEGER PRIMARY KEY, seal INTEGER NOT NULL);
CREATE TABLE region (
    region_code TEXT NOT NULL,
    name TEXT NOT NULL,
    level INTEGER NOT NULL,
    parent_code TEXT,
    scope INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (region_code)
);
CREATE TABLE region__ld_tomb (
    region_code TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (region_code)
) WITHOUT ROWID;
CREATE TABLE holiday (
    day TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT,
    scope INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (day)
);
CREATE TABLE holiday__ld_tomb (
    day TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (day)
) WITHOUT ROWID;
CREATE TABLE org (
    credit_code TEXT NOT NULL,
    org_name TEXT NOT NULL,
    region_code TEXT NOT NULL,
    scope INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (credit_code)
);
CREATE TABLE org__ld_tomb (
    credit_code TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (credit_code)
) WITHOUT ROWID;
CREATE TABLE item_catalog (
    catalog_code TEXT NOT NULL,
    task_name TEXT NOT NULL,
    task_type TEXT NOT NULL,
    by_law TEXT,
    use_level TEXT,
    task_state TEXT NOT NULL,
    scope INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (catalog_code)
);
CREATE TABLE item_catalog__ld_tomb (
    catalog_code TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (catalog_code)
) WITHOUT ROWID;
CREATE TABLE item_impl (
    task_handle_item TEXT NOT NULL,
    task_code TEXT NOT NULL,
    catalog_code TEXT NOT NULL,
    task_name TEXT NOT NULL,
    dept_code TEXT,
    dept_name TEXT,
    project_type TEXT NOT NULL,
    anticipate_day INTEGER,
    promise_day INTEGER NOT NULL,
    limit_scene_num INTEGER,
    is_online INTEGER,
    proxy_allowed INTEGER,
    handle_area TEXT,
    task_state TEXT NOT NULL,
    scope INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (task_handle_item)
);
CREATE TABLE item_impl__ld_tomb (
    task_handle_item TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (task_handle_item)
) WITHOUT ROWID;
CREATE TABLE item_material (
    row_guid TEXT NOT NULL,
    task_handle_item TEXT NOT NULL,
    material_name TEXT NOT NULL,
    is_need TEXT,
    material_format TEXT,
    order_num INTEGER,
    scope INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (row_guid)
);
CREATE TABLE item_material__ld_tomb (
    row_guid TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (row_guid)
) WITHOUT ROWID;
CREATE TABLE case_accept (
    project_no TEXT NOT NULL,
    task_handle_item TEXT NOT NULL,
    task_name TEXT NOT NULL,
    project_type TEXT NOT NULL,
    apply_channel TEXT NOT NULL,
    applyer_type TEXT,
    applyer_name TEXT,
    applyer_page_type TEXT,
    applyer_page_code TEXT,
    cert_hash TEXT,
    contact_mobile TEXT,
    address TEXT,
    agent_name TEXT,
    project_name TEXT,
    apply_date TEXT NOT NULL,
    receive_date TEXT,
    accept_date TEXT,
    accept_node INTEGER,
    handle_org TEXT,
    promise_date TEXT,
    paused_workdays INTEGER,
    result_date TEXT,
    result_type TEXT,
    conclude_node INTEGER,
    delivered_date TEXT,
    visit_count INTEGER,
    status TEXT NOT NULL,
    scope INTEGER NOT NULL,
    not_accept_reason TEXT,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (project_no)
);
INSERT INTO case_accept VALUES('C-FIX-1','I-1','低保申请','2','proxy','1','王五','身份证','11010519491231002X',NULL,'13812345678','',NULL,'低保申请','2026-11-02',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,1,'SUBMITTED',441702001000,NULL,1,117717611429363712,117717611429363712,441702001000,NULL,NULL);
INSERT INTO case_accept VALUES('C-FIX-2','I-2','户籍证明','2','proxy','1','赵六','身份证','110105194912310029',NULL,'13912345678','',NULL,'户籍证明','2026-11-03',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,1,'SUBMITTED',441702001000,NULL,1,117717611471896576,117717611471896576,441702001000,NULL,NULL);
CREATE TABLE case_accept__ld_tomb (
    project_no TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (project_no)
) WITHOUT ROWID;
CREATE TABLE case_event (
    row_guid TEXT NOT NULL,
    project_no TEXT NOT NULL,
    event_name TEXT NOT NULL,
    node_id INTEGER NOT NULL,
    handle_user_name TEXT,
    handle_explain TEXT,
    event_time TEXT NOT NULL,
    scope INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (row_guid)
);
INSERT INTO case_event VALUES('C-FIX-1/441702001000/1','C-FIX-1','申请',441702001000,'窗口0',NULL,'2026-11-02',441702001000,1,117717611429429248,117717611429429248,441702001000,NULL,NULL);
INSERT INTO case_event VALUES('C-FIX-2/441702001000/1','C-FIX-2','申请',441702001000,'窗口0',NULL,'2026-11-03',441702001000,1,117717611471896577,117717611471896577,441702001000,NULL,NULL);
CREATE TABLE case_event__ld_tomb (
    row_guid TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (row_guid)
) WITHOUT ROWID;
CREATE TABLE case_material (
    row_guid TEXT NOT NULL,
    project_no TEXT NOT NULL,
    material_name TEXT NOT NULL,
    get_type TEXT,
    get_num INTEGER,
    scope INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (row_guid)
);
CREATE TABLE case_material__ld_tomb (
    row_guid TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (row_guid)
) WITHOUT ROWID;
CREATE TABLE case_special (
    row_guid TEXT NOT NULL,
    project_no TEXT NOT NULL,
    special_type TEXT NOT NULL,
    special_reason TEXT,
    start_date TEXT NOT NULL,
    end_date TEXT,
    paused_workdays INTEGER,
    scope INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (row_guid)
);
CREATE TABLE case_special__ld_tomb (
    row_guid TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (row_guid)
) WITHOUT ROWID;
CREATE TABLE case_result (
    project_no TEXT NOT NULL,
    result_date TEXT NOT NULL,
    result_type TEXT NOT NULL,
    result_explain TEXT,
    cert_name TEXT,
    cert_no TEXT,
    is_delivery INTEGER,
    scope INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (project_no)
);
CREATE TABLE case_result__ld_tomb (
    project_no TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (project_no)
) WITHOUT ROWID;
CREATE TABLE evaluation (
    eval_id TEXT NOT NULL,
    project_no TEXT,
    node_id INTEGER NOT NULL,
    eval_stage TEXT,
    level INTEGER NOT NULL,
    channel INTEGER,
    words TEXT,
    rater_name TEXT,
    rater_phone TEXT,
    rater_cert_code TEXT,
    rater_cert_hash TEXT,
    eval_time TEXT NOT NULL,
    scope INTEGER NOT NULL,
    org_code TEXT,
    window_no TEXT,
    work_no TEXT,
    handle_node INTEGER,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (eval_id)
);
CREATE TABLE evaluation__ld_tomb (
    eval_id TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (eval_id)
) WITHOUT ROWID;
CREATE TABLE rectification (
    eval_id TEXT NOT NULL,
    status INTEGER NOT NULL,
    valid_flag INTEGER,
    deadline TEXT NOT NULL,
    reform_content TEXT,
    closed_at TEXT,
    scope INTEGER NOT NULL,
    state TEXT,
    responsible_node INTEGER,
    revisit_date TEXT,
    revisit_content TEXT,
    satisfied_after INTEGER,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (eval_id)
);
CREATE TABLE rectification__ld_tomb (
    eval_id TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (eval_id)
) WITHOUT ROWID;
CREATE TABLE disclosure_catalog (
    item_id TEXT NOT NULL,
    domain_no INTEGER NOT NULL,
    level1_item TEXT NOT NULL,
    level2_item TEXT,
    content_elements TEXT,
    time_limit_workdays INTEGER,
    subject TEXT,
    scope INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (item_id)
);
CREATE TABLE disclosure_catalog__ld_tomb (
    item_id TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (item_id)
) WITHOUT ROWID;
CREATE TABLE disclosure_record (
    record_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    formed_date TEXT NOT NULL,
    due_date TEXT,
    publish_date TEXT,
    withdrawn INTEGER,
    scope INTEGER NOT NULL,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (record_id)
);
CREATE TABLE disclosure_record__ld_tomb (
    record_id TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (record_id)
) WITHOUT ROWID;
CREATE TABLE supervision_alert (
    alert_id TEXT NOT NULL,
    project_no TEXT,
    rule TEXT NOT NULL,
    color TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    response TEXT,
    closed_at TEXT,
    scope INTEGER NOT NULL,
    subject TEXT,
    responsible_node INTEGER,
    raised_by INTEGER,
    due_date TEXT,
    answered_at TEXT,
    _ld_cl INTEGER NOT NULL DEFAULT 1,
    _ld_seq INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_hlc INTEGER NOT NULL DEFAULT -9223372036854775808,
    _ld_org INTEGER NOT NULL DEFAULT 100000000000,
    _ld_cc TEXT,
    _ld_src INTEGER,
    PRIMARY KEY (alert_id)
);
CREATE TABLE supervision_alert__ld_tomb (
    alert_id TEXT NOT NULL,
    _ld_cl INTEGER NOT NULL, _ld_seq INTEGER NOT NULL, _ld_hlc INTEGER NOT NULL, _ld_org INTEGER NOT NULL, _ld_src INTEGER, scope INTEGER,
    PRIMARY KEY (alert_id)
) WITHOUT ROWID;
CREATE INDEX _ld_seal_unverified ON _ld_seal (origin) WHERE verified = 0;
CREATE INDEX _ld_forgery_stamp ON _ld_forgery (stamp);
CREATE INDEX region__ld_seq ON region(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX region__ld_tomb_seq ON region__ld_tomb(_ld_seq);
CREATE TRIGGER region__ld_delete AFTER DELETE ON region WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO region__ld_tomb (region_code, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.region_code, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (region_code) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER region__ld_rekey AFTER UPDATE OF region_code ON region
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.region_code IS NOT OLD.region_code)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO region__ld_tomb (region_code, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.region_code, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (region_code) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE region SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM region__ld_tomb WHERE region__ld_tomb.region_code = NEW.region_code), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER region__ld_update AFTER UPDATE OF name, level, parent_code, scope ON region
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.region_code IS OLD.region_code AND (NEW.name IS NOT OLD.name OR NEW.level IS NOT OLD.level OR NEW.parent_code IS NOT OLD.parent_code OR NEW.scope IS NOT OLD.scope)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE region SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.name IS NOT OLD.name THEN '$.name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.level IS NOT OLD.level THEN '$.level' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.parent_code IS NOT OLD.parent_code THEN '$.parent_code' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER region__ld_guard_insert BEFORE INSERT ON region
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (NEW.scope = (SELECT node FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of region (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER region__ld_guard_scope BEFORE UPDATE OF scope ON region
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a region row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER region__ld_guard_delete BEFORE DELETE ON region
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of region (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER region__ld_guard_name BEFORE UPDATE OF name ON region
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.name IS NOT OLD.name AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change region.name (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER region__ld_guard_level BEFORE UPDATE OF level ON region
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.level IS NOT OLD.level AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change region.level (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER region__ld_guard_parent_code BEFORE UPDATE OF parent_code ON region
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.parent_code IS NOT OLD.parent_code AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change region.parent_code (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE INDEX holiday__ld_seq ON holiday(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX holiday__ld_tomb_seq ON holiday__ld_tomb(_ld_seq);
CREATE TRIGGER holiday__ld_delete AFTER DELETE ON holiday WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO holiday__ld_tomb (day, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.day, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (day) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER holiday__ld_rekey AFTER UPDATE OF day ON holiday
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.day IS NOT OLD.day)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO holiday__ld_tomb (day, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.day, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (day) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE holiday SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM holiday__ld_tomb WHERE holiday__ld_tomb.day = NEW.day), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER holiday__ld_update AFTER UPDATE OF kind, name, scope ON holiday
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.day IS OLD.day AND (NEW.kind IS NOT OLD.kind OR NEW.name IS NOT OLD.name OR NEW.scope IS NOT OLD.scope)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE holiday SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.kind IS NOT OLD.kind THEN '$.kind' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.name IS NOT OLD.name THEN '$.name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER holiday__ld_guard_insert BEFORE INSERT ON holiday
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (NEW.scope = (SELECT node FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of holiday (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER holiday__ld_guard_scope BEFORE UPDATE OF scope ON holiday
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a holiday row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER holiday__ld_guard_delete BEFORE DELETE ON holiday
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of holiday (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER holiday__ld_guard_kind BEFORE UPDATE OF kind ON holiday
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.kind IS NOT OLD.kind AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change holiday.kind (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER holiday__ld_guard_name BEFORE UPDATE OF name ON holiday
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.name IS NOT OLD.name AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change holiday.name (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE INDEX org__ld_seq ON org(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX org__ld_tomb_seq ON org__ld_tomb(_ld_seq);
CREATE TRIGGER org__ld_delete AFTER DELETE ON org WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO org__ld_tomb (credit_code, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.credit_code, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (credit_code) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER org__ld_rekey AFTER UPDATE OF credit_code ON org
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.credit_code IS NOT OLD.credit_code)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO org__ld_tomb (credit_code, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.credit_code, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (credit_code) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE org SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM org__ld_tomb WHERE org__ld_tomb.credit_code = NEW.credit_code), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER org__ld_update AFTER UPDATE OF org_name, region_code, scope ON org
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.credit_code IS OLD.credit_code AND (NEW.org_name IS NOT OLD.org_name OR NEW.region_code IS NOT OLD.region_code OR NEW.scope IS NOT OLD.scope)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE org SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.org_name IS NOT OLD.org_name THEN '$.org_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.region_code IS NOT OLD.region_code THEN '$.region_code' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER org__ld_guard_insert BEFORE INSERT ON org
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (NEW.scope = (SELECT node FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of org (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER org__ld_guard_scope BEFORE UPDATE OF scope ON org
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a org row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER org__ld_guard_delete BEFORE DELETE ON org
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of org (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER org__ld_guard_org_name BEFORE UPDATE OF org_name ON org
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.org_name IS NOT OLD.org_name AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change org.org_name (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER org__ld_guard_region_code BEFORE UPDATE OF region_code ON org
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.region_code IS NOT OLD.region_code AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change org.region_code (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE INDEX item_catalog__ld_seq ON item_catalog(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX item_catalog__ld_tomb_seq ON item_catalog__ld_tomb(_ld_seq);
CREATE TRIGGER item_catalog__ld_delete AFTER DELETE ON item_catalog WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO item_catalog__ld_tomb (catalog_code, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.catalog_code, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (catalog_code) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER item_catalog__ld_rekey AFTER UPDATE OF catalog_code ON item_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.catalog_code IS NOT OLD.catalog_code)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO item_catalog__ld_tomb (catalog_code, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.catalog_code, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (catalog_code) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE item_catalog SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM item_catalog__ld_tomb WHERE item_catalog__ld_tomb.catalog_code = NEW.catalog_code), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER item_catalog__ld_update AFTER UPDATE OF task_name, task_type, by_law, use_level, task_state, scope ON item_catalog
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.catalog_code IS OLD.catalog_code AND (NEW.task_name IS NOT OLD.task_name OR NEW.task_type IS NOT OLD.task_type OR NEW.by_law IS NOT OLD.by_law OR NEW.use_level IS NOT OLD.use_level OR NEW.task_state IS NOT OLD.task_state OR NEW.scope IS NOT OLD.scope)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE item_catalog SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.task_name IS NOT OLD.task_name THEN '$.task_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.task_type IS NOT OLD.task_type THEN '$.task_type' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.by_law IS NOT OLD.by_law THEN '$.by_law' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.use_level IS NOT OLD.use_level THEN '$.use_level' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.task_state IS NOT OLD.task_state THEN '$.task_state' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER item_catalog__ld_guard_insert BEFORE INSERT ON item_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (NEW.scope = (SELECT node FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of item_catalog (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_catalog__ld_guard_scope BEFORE UPDATE OF scope ON item_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a item_catalog row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER item_catalog__ld_guard_delete BEFORE DELETE ON item_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of item_catalog (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_catalog__ld_guard_task_name BEFORE UPDATE OF task_name ON item_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.task_name IS NOT OLD.task_name AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_catalog.task_name (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_catalog__ld_guard_task_type BEFORE UPDATE OF task_type ON item_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.task_type IS NOT OLD.task_type AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_catalog.task_type (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_catalog__ld_guard_by_law BEFORE UPDATE OF by_law ON item_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.by_law IS NOT OLD.by_law AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_catalog.by_law (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_catalog__ld_guard_use_level BEFORE UPDATE OF use_level ON item_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.use_level IS NOT OLD.use_level AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_catalog.use_level (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_catalog__ld_guard_task_state BEFORE UPDATE OF task_state ON item_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.task_state IS NOT OLD.task_state AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_catalog.task_state (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE INDEX item_impl__ld_seq ON item_impl(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX item_impl__ld_tomb_seq ON item_impl__ld_tomb(_ld_seq);
CREATE TRIGGER item_impl__ld_delete AFTER DELETE ON item_impl WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO item_impl__ld_tomb (task_handle_item, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.task_handle_item, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (task_handle_item) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER item_impl__ld_rekey AFTER UPDATE OF task_handle_item ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.task_handle_item IS NOT OLD.task_handle_item)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO item_impl__ld_tomb (task_handle_item, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.task_handle_item, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (task_handle_item) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE item_impl SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM item_impl__ld_tomb WHERE item_impl__ld_tomb.task_handle_item = NEW.task_handle_item), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER item_impl__ld_update AFTER UPDATE OF task_code, catalog_code, task_name, dept_code, dept_name, project_type, anticipate_day, promise_day, limit_scene_num, is_online, proxy_allowed, handle_area, task_state, scope ON item_impl
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.task_handle_item IS OLD.task_handle_item AND (NEW.task_code IS NOT OLD.task_code OR NEW.catalog_code IS NOT OLD.catalog_code OR NEW.task_name IS NOT OLD.task_name OR NEW.dept_code IS NOT OLD.dept_code OR NEW.dept_name IS NOT OLD.dept_name OR NEW.project_type IS NOT OLD.project_type OR NEW.anticipate_day IS NOT OLD.anticipate_day OR NEW.promise_day IS NOT OLD.promise_day OR NEW.limit_scene_num IS NOT OLD.limit_scene_num OR NEW.is_online IS NOT OLD.is_online OR NEW.proxy_allowed IS NOT OLD.proxy_allowed OR NEW.handle_area IS NOT OLD.handle_area OR NEW.task_state IS NOT OLD.task_state OR NEW.scope IS NOT OLD.scope)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE item_impl SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.task_code IS NOT OLD.task_code THEN '$.task_code' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.catalog_code IS NOT OLD.catalog_code THEN '$.catalog_code' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.task_name IS NOT OLD.task_name THEN '$.task_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.dept_code IS NOT OLD.dept_code THEN '$.dept_code' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.dept_name IS NOT OLD.dept_name THEN '$.dept_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.project_type IS NOT OLD.project_type THEN '$.project_type' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.anticipate_day IS NOT OLD.anticipate_day THEN '$.anticipate_day' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.promise_day IS NOT OLD.promise_day THEN '$.promise_day' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.limit_scene_num IS NOT OLD.limit_scene_num THEN '$.limit_scene_num' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.is_online IS NOT OLD.is_online THEN '$.is_online' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.proxy_allowed IS NOT OLD.proxy_allowed THEN '$.proxy_allowed' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.handle_area IS NOT OLD.handle_area THEN '$.handle_area' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.task_state IS NOT OLD.task_state THEN '$.task_state' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER item_impl__ld_guard_insert BEFORE INSERT ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (NEW.scope = (SELECT node FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of item_impl (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_scope BEFORE UPDATE OF scope ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a item_impl row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER item_impl__ld_guard_delete BEFORE DELETE ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of item_impl (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_task_code BEFORE UPDATE OF task_code ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.task_code IS NOT OLD.task_code AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.task_code (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_catalog_code BEFORE UPDATE OF catalog_code ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.catalog_code IS NOT OLD.catalog_code AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.catalog_code (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_task_name BEFORE UPDATE OF task_name ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.task_name IS NOT OLD.task_name AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.task_name (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_dept_code BEFORE UPDATE OF dept_code ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.dept_code IS NOT OLD.dept_code AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.dept_code (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_dept_name BEFORE UPDATE OF dept_name ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.dept_name IS NOT OLD.dept_name AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.dept_name (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_project_type BEFORE UPDATE OF project_type ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.project_type IS NOT OLD.project_type AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.project_type (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_anticipate_day BEFORE UPDATE OF anticipate_day ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.anticipate_day IS NOT OLD.anticipate_day AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.anticipate_day (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_promise_day BEFORE UPDATE OF promise_day ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.promise_day IS NOT OLD.promise_day AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.promise_day (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_limit_scene_num BEFORE UPDATE OF limit_scene_num ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.limit_scene_num IS NOT OLD.limit_scene_num AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.limit_scene_num (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_is_online BEFORE UPDATE OF is_online ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.is_online IS NOT OLD.is_online AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.is_online (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_proxy_allowed BEFORE UPDATE OF proxy_allowed ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.proxy_allowed IS NOT OLD.proxy_allowed AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.proxy_allowed (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_handle_area BEFORE UPDATE OF handle_area ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.handle_area IS NOT OLD.handle_area AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.handle_area (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_impl__ld_guard_task_state BEFORE UPDATE OF task_state ON item_impl
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.task_state IS NOT OLD.task_state AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_impl.task_state (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE INDEX item_material__ld_seq ON item_material(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX item_material__ld_tomb_seq ON item_material__ld_tomb(_ld_seq);
CREATE TRIGGER item_material__ld_delete AFTER DELETE ON item_material WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO item_material__ld_tomb (row_guid, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.row_guid, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (row_guid) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER item_material__ld_rekey AFTER UPDATE OF row_guid ON item_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.row_guid IS NOT OLD.row_guid)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO item_material__ld_tomb (row_guid, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.row_guid, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (row_guid) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE item_material SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM item_material__ld_tomb WHERE item_material__ld_tomb.row_guid = NEW.row_guid), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER item_material__ld_update AFTER UPDATE OF task_handle_item, material_name, is_need, material_format, order_num, scope ON item_material
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.row_guid IS OLD.row_guid AND (NEW.task_handle_item IS NOT OLD.task_handle_item OR NEW.material_name IS NOT OLD.material_name OR NEW.is_need IS NOT OLD.is_need OR NEW.material_format IS NOT OLD.material_format OR NEW.order_num IS NOT OLD.order_num OR NEW.scope IS NOT OLD.scope)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE item_material SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.task_handle_item IS NOT OLD.task_handle_item THEN '$.task_handle_item' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.material_name IS NOT OLD.material_name THEN '$.material_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.is_need IS NOT OLD.is_need THEN '$.is_need' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.material_format IS NOT OLD.material_format THEN '$.material_format' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.order_num IS NOT OLD.order_num THEN '$.order_num' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER item_material__ld_guard_insert BEFORE INSERT ON item_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (NEW.scope = (SELECT node FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of item_material (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_material__ld_guard_scope BEFORE UPDATE OF scope ON item_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a item_material row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER item_material__ld_guard_delete BEFORE DELETE ON item_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of item_material (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_material__ld_guard_task_handle_item BEFORE UPDATE OF task_handle_item ON item_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.task_handle_item IS NOT OLD.task_handle_item AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_material.task_handle_item (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_material__ld_guard_material_name BEFORE UPDATE OF material_name ON item_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.material_name IS NOT OLD.material_name AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_material.material_name (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_material__ld_guard_is_need BEFORE UPDATE OF is_need ON item_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.is_need IS NOT OLD.is_need AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_material.is_need (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_material__ld_guard_material_format BEFORE UPDATE OF material_format ON item_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.material_format IS NOT OLD.material_format AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_material.material_format (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER item_material__ld_guard_order_num BEFORE UPDATE OF order_num ON item_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.order_num IS NOT OLD.order_num AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change item_material.order_num (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE INDEX case_accept__ld_seq ON case_accept(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX case_accept__ld_tomb_seq ON case_accept__ld_tomb(_ld_seq);
CREATE TRIGGER case_accept__ld_delete AFTER DELETE ON case_accept WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO case_accept__ld_tomb (project_no, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.project_no, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (project_no) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER case_accept__ld_rekey AFTER UPDATE OF project_no ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.project_no IS NOT OLD.project_no)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO case_accept__ld_tomb (project_no, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.project_no, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (project_no) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE case_accept SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM case_accept__ld_tomb WHERE case_accept__ld_tomb.project_no = NEW.project_no), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER case_accept__ld_update AFTER UPDATE OF task_handle_item, task_name, project_type, apply_channel, applyer_type, applyer_name, applyer_page_type, applyer_page_code, cert_hash, contact_mobile, address, agent_name, project_name, apply_date, receive_date, accept_date, accept_node, handle_org, promise_date, paused_workdays, result_date, result_type, conclude_node, delivered_date, visit_count, status, scope, not_accept_reason ON case_accept
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.project_no IS OLD.project_no AND (NEW.task_handle_item IS NOT OLD.task_handle_item OR NEW.task_name IS NOT OLD.task_name OR NEW.project_type IS NOT OLD.project_type OR NEW.apply_channel IS NOT OLD.apply_channel OR NEW.applyer_type IS NOT OLD.applyer_type OR NEW.applyer_name IS NOT OLD.applyer_name OR NEW.applyer_page_type IS NOT OLD.applyer_page_type OR NEW.applyer_page_code IS NOT OLD.applyer_page_code OR NEW.cert_hash IS NOT OLD.cert_hash OR NEW.contact_mobile IS NOT OLD.contact_mobile OR NEW.address IS NOT OLD.address OR NEW.agent_name IS NOT OLD.agent_name OR NEW.project_name IS NOT OLD.project_name OR NEW.apply_date IS NOT OLD.apply_date OR NEW.receive_date IS NOT OLD.receive_date OR NEW.accept_date IS NOT OLD.accept_date OR NEW.accept_node IS NOT OLD.accept_node OR NEW.handle_org IS NOT OLD.handle_org OR NEW.promise_date IS NOT OLD.promise_date OR NEW.paused_workdays IS NOT OLD.paused_workdays OR NEW.result_date IS NOT OLD.result_date OR NEW.result_type IS NOT OLD.result_type OR NEW.conclude_node IS NOT OLD.conclude_node OR NEW.delivered_date IS NOT OLD.delivered_date OR NEW.visit_count IS NOT OLD.visit_count OR NEW.status IS NOT OLD.status OR NEW.scope IS NOT OLD.scope OR NEW.not_accept_reason IS NOT OLD.not_accept_reason)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE case_accept SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.task_handle_item IS NOT OLD.task_handle_item THEN '$.task_handle_item' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.task_name IS NOT OLD.task_name THEN '$.task_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.project_type IS NOT OLD.project_type THEN '$.project_type' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.apply_channel IS NOT OLD.apply_channel THEN '$.apply_channel' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.applyer_type IS NOT OLD.applyer_type THEN '$.applyer_type' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.applyer_name IS NOT OLD.applyer_name THEN '$.applyer_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.applyer_page_type IS NOT OLD.applyer_page_type THEN '$.applyer_page_type' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.applyer_page_code IS NOT OLD.applyer_page_code THEN '$.applyer_page_code' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.cert_hash IS NOT OLD.cert_hash THEN '$.cert_hash' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.contact_mobile IS NOT OLD.contact_mobile THEN '$.contact_mobile' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.address IS NOT OLD.address THEN '$.address' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.agent_name IS NOT OLD.agent_name THEN '$.agent_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.project_name IS NOT OLD.project_name THEN '$.project_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.apply_date IS NOT OLD.apply_date THEN '$.apply_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.receive_date IS NOT OLD.receive_date THEN '$.receive_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.accept_date IS NOT OLD.accept_date THEN '$.accept_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.accept_node IS NOT OLD.accept_node THEN '$.accept_node' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.handle_org IS NOT OLD.handle_org THEN '$.handle_org' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.promise_date IS NOT OLD.promise_date THEN '$.promise_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.paused_workdays IS NOT OLD.paused_workdays THEN '$.paused_workdays' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.result_date IS NOT OLD.result_date THEN '$.result_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.result_type IS NOT OLD.result_type THEN '$.result_type' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.conclude_node IS NOT OLD.conclude_node THEN '$.conclude_node' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.delivered_date IS NOT OLD.delivered_date THEN '$.delivered_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.visit_count IS NOT OLD.visit_count THEN '$.visit_count' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.status IS NOT OLD.status THEN '$.status' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.not_accept_reason IS NOT OLD.not_accept_reason THEN '$.not_accept_reason' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER case_accept__ld_guard_insert BEFORE INSERT ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (NEW.scope = (SELECT node FROM _ld_clock)) OR (NEW.receive_date IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.accept_date IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.accept_node IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.handle_org IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.promise_date IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.paused_workdays IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.result_date IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.result_type IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.conclude_node IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.delivered_date IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.visit_count IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.status IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.not_accept_reason IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of case_accept (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_scope BEFORE UPDATE OF scope ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a case_accept row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER case_accept__ld_guard_delete BEFORE DELETE ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (0)
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of case_accept (write authority 写权限: nobody may change it once written (只增不改))'); END;
CREATE TRIGGER case_accept__ld_guard_task_handle_item BEFORE UPDATE OF task_handle_item ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.task_handle_item IS NOT OLD.task_handle_item AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.task_handle_item (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_task_name BEFORE UPDATE OF task_name ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.task_name IS NOT OLD.task_name AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.task_name (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_project_type BEFORE UPDATE OF project_type ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.project_type IS NOT OLD.project_type AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.project_type (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_apply_channel BEFORE UPDATE OF apply_channel ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.apply_channel IS NOT OLD.apply_channel AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.apply_channel (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_applyer_type BEFORE UPDATE OF applyer_type ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.applyer_type IS NOT OLD.applyer_type AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.applyer_type (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_applyer_name BEFORE UPDATE OF applyer_name ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.applyer_name IS NOT OLD.applyer_name AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.applyer_name (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_applyer_page_type BEFORE UPDATE OF applyer_page_type ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.applyer_page_type IS NOT OLD.applyer_page_type AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.applyer_page_type (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_applyer_page_code BEFORE UPDATE OF applyer_page_code ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.applyer_page_code IS NOT OLD.applyer_page_code AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.applyer_page_code (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_contact_mobile BEFORE UPDATE OF contact_mobile ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.contact_mobile IS NOT OLD.contact_mobile AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.contact_mobile (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_address BEFORE UPDATE OF address ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.address IS NOT OLD.address AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.address (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_agent_name BEFORE UPDATE OF agent_name ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.agent_name IS NOT OLD.agent_name AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.agent_name (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_project_name BEFORE UPDATE OF project_name ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.project_name IS NOT OLD.project_name AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.project_name (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_apply_date BEFORE UPDATE OF apply_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.apply_date IS NOT OLD.apply_date AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.apply_date (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER case_accept__ld_guard_receive_date BEFORE UPDATE OF receive_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.receive_date IS NOT OLD.receive_date AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.receive_date (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_accept__ld_guard_accept_date BEFORE UPDATE OF accept_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.accept_date IS NOT OLD.accept_date AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.accept_date (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_accept__ld_guard_accept_node BEFORE UPDATE OF accept_node ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.accept_node IS NOT OLD.accept_node AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.accept_node (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_accept__ld_guard_handle_org BEFORE UPDATE OF handle_org ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.handle_org IS NOT OLD.handle_org AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.handle_org (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_accept__ld_guard_promise_date BEFORE UPDATE OF promise_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.promise_date IS NOT OLD.promise_date AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.promise_date (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_accept__ld_guard_paused_workdays BEFORE UPDATE OF paused_workdays ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.paused_workdays IS NOT OLD.paused_workdays AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.paused_workdays (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_accept__ld_guard_result_date BEFORE UPDATE OF result_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.result_date IS NOT OLD.result_date AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.result_date (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_accept__ld_guard_result_type BEFORE UPDATE OF result_type ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.result_type IS NOT OLD.result_type AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.result_type (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_accept__ld_guard_conclude_node BEFORE UPDATE OF conclude_node ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.conclude_node IS NOT OLD.conclude_node AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.conclude_node (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_accept__ld_guard_delivered_date BEFORE UPDATE OF delivered_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.delivered_date IS NOT OLD.delivered_date AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.delivered_date (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇/village 村 may write it)'); END;
CREATE TRIGGER case_accept__ld_guard_visit_count BEFORE UPDATE OF visit_count ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.visit_count IS NOT OLD.visit_count AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.visit_count (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇/village 村 may write it)'); END;
CREATE TRIGGER case_accept__ld_guard_status BEFORE UPDATE OF status ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status IS NOT OLD.status AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.status (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇/village 村 may write it)'); END;
CREATE TRIGGER case_accept__ld_guard_status_initial BEFORE INSERT ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT coalesce((CASE NEW.status WHEN 'SUBMITTED' THEN NEW.scope = (SELECT node FROM _ld_clock) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: a new case_accept row may start with case_accept.status only as: SUBMITTED (only the row''s own node may write it (仅本级)) [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_from_0 BEFORE UPDATE OF status ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.status = 'SUBMITTED' AND NEW.status IS NOT OLD.status AND NOT coalesce((CASE NEW.status WHEN 'RECEIVED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.status may change from SUBMITTED only to: RECEIVED (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it); ACCEPTED (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it); WITHDRAWN (only the row''s own node may write it (仅本级)); NOT_ACCEPTED (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it); TERMINATED (only the row''s own node or an ancestor of tier district 区县 may write it) [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_from_1 BEFORE UPDATE OF status ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.status = 'RECEIVED' AND NEW.status IS NOT OLD.status AND NOT coalesce((CASE NEW.status WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.status may change from RECEIVED only to: ACCEPTED (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it); WITHDRAWN (only the row''s own node may write it (仅本级)); NOT_ACCEPTED (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it); TERMINATED (only the row''s own node or an ancestor of tier district 区县 may write it) [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_from_2 BEFORE UPDATE OF status ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.status = 'ACCEPTED' AND NEW.status IS NOT OLD.status AND NOT coalesce((CASE NEW.status WHEN 'IN_PROCESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.status may change from ACCEPTED only to: IN_PROCESS (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it); REVIEW (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it); WITHDRAWN (only the row''s own node may write it (仅本级)); TERMINATED (only the row''s own node or an ancestor of tier district 区县 may write it); CONCLUDED (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it) [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_from_3 BEFORE UPDATE OF status ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.status = 'IN_PROCESS' AND NEW.status IS NOT OLD.status AND NOT coalesce((CASE NEW.status WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.status may change from IN_PROCESS only to: REVIEW (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it); WITHDRAWN (only the row''s own node may write it (仅本级)); TERMINATED (only the row''s own node or an ancestor of tier district 区县 may write it); CONCLUDED (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it) [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_from_4 BEFORE UPDATE OF status ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.status = 'REVIEW' AND NEW.status IS NOT OLD.status AND NOT coalesce((CASE NEW.status WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.status may change from REVIEW only to: WITHDRAWN (only the row''s own node may write it (仅本级)); TERMINATED (only the row''s own node or an ancestor of tier district 区县 may write it); CONCLUDED (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it) [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_from_5 BEFORE UPDATE OF status ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.status = 'WITHDRAWN' AND NEW.status IS NOT OLD.status AND NOT 0
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.status WITHDRAWN is final (终态): it never changes [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_from_6 BEFORE UPDATE OF status ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.status = 'NOT_ACCEPTED' AND NEW.status IS NOT OLD.status AND NOT 0
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.status NOT_ACCEPTED is final (终态): it never changes [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_from_7 BEFORE UPDATE OF status ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.status = 'TERMINATED' AND NEW.status IS NOT OLD.status AND NOT 0
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.status TERMINATED is final (终态): it never changes [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_from_8 BEFORE UPDATE OF status ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.status = 'CONCLUDED' AND NEW.status IS NOT OLD.status AND NOT coalesce((CASE NEW.status WHEN 'DELIVERED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.status may change from CONCLUDED only to: DELIVERED (only the row''s own node or an ancestor of tier district 区县/town 乡镇/village 村 may write it) [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_from_9 BEFORE UPDATE OF status ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.status = 'DELIVERED' AND NEW.status IS NOT OLD.status AND NOT 0
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.status DELIVERED is final (终态): it never changes [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_needs_0_new BEFORE INSERT ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status = 'ACCEPTED' AND (coalesce(trim(NEW.accept_date), '') = '') AND coalesce((CASE NEW.status WHEN 'SUBMITTED' THEN NEW.scope = (SELECT node FROM _ld_clock) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: a case_accept row with status ACCEPTED must have case_accept.accept_date filled [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_needs_0_set BEFORE UPDATE OF status, accept_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status = 'ACCEPTED' AND (coalesce(trim(NEW.accept_date), '') = '') AND (NEW.status IS OLD.status OR coalesce((CASE OLD.status WHEN 'SUBMITTED' THEN coalesce((CASE NEW.status WHEN 'RECEIVED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'RECEIVED' THEN coalesce((CASE NEW.status WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'ACCEPTED' THEN coalesce((CASE NEW.status WHEN 'IN_PROCESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'IN_PROCESS' THEN coalesce((CASE NEW.status WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'REVIEW' THEN coalesce((CASE NEW.status WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'WITHDRAWN' THEN 0 WHEN 'NOT_ACCEPTED' THEN 0 WHEN 'TERMINATED' THEN 0 WHEN 'CONCLUDED' THEN coalesce((CASE NEW.status WHEN 'DELIVERED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'DELIVERED' THEN 0 ELSE 0 END), 0))
BEGIN SELECT RAISE(ABORT, 'liandong: a case_accept row with status ACCEPTED must have case_accept.accept_date filled [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_needs_1_new BEFORE INSERT ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status = 'CONCLUDED' AND (coalesce(trim(NEW.accept_date), '') = '' OR coalesce(trim(NEW.result_date), '') = '' OR coalesce(trim(NEW.result_type), '') = '') AND coalesce((CASE NEW.status WHEN 'SUBMITTED' THEN NEW.scope = (SELECT node FROM _ld_clock) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: a case_accept row with status CONCLUDED must have case_accept.accept_date, case_accept.result_date, case_accept.result_type filled [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_needs_1_set BEFORE UPDATE OF status, accept_date, result_date, result_type ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status = 'CONCLUDED' AND (coalesce(trim(NEW.accept_date), '') = '' OR coalesce(trim(NEW.result_date), '') = '' OR coalesce(trim(NEW.result_type), '') = '') AND (NEW.status IS OLD.status OR coalesce((CASE OLD.status WHEN 'SUBMITTED' THEN coalesce((CASE NEW.status WHEN 'RECEIVED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'RECEIVED' THEN coalesce((CASE NEW.status WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'ACCEPTED' THEN coalesce((CASE NEW.status WHEN 'IN_PROCESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'IN_PROCESS' THEN coalesce((CASE NEW.status WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'REVIEW' THEN coalesce((CASE NEW.status WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'WITHDRAWN' THEN 0 WHEN 'NOT_ACCEPTED' THEN 0 WHEN 'TERMINATED' THEN 0 WHEN 'CONCLUDED' THEN coalesce((CASE NEW.status WHEN 'DELIVERED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'DELIVERED' THEN 0 ELSE 0 END), 0))
BEGIN SELECT RAISE(ABORT, 'liandong: a case_accept row with status CONCLUDED must have case_accept.accept_date, case_accept.result_date, case_accept.result_type filled [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_needs_2_new BEFORE INSERT ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status = 'DELIVERED' AND (coalesce(trim(NEW.accept_date), '') = '' OR coalesce(trim(NEW.result_date), '') = '' OR coalesce(trim(NEW.result_type), '') = '' OR coalesce(trim(NEW.delivered_date), '') = '') AND coalesce((CASE NEW.status WHEN 'SUBMITTED' THEN NEW.scope = (SELECT node FROM _ld_clock) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: a case_accept row with status DELIVERED must have case_accept.accept_date, case_accept.result_date, case_accept.result_type, case_accept.delivered_date filled [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_needs_2_set BEFORE UPDATE OF status, accept_date, result_date, result_type, delivered_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status = 'DELIVERED' AND (coalesce(trim(NEW.accept_date), '') = '' OR coalesce(trim(NEW.result_date), '') = '' OR coalesce(trim(NEW.result_type), '') = '' OR coalesce(trim(NEW.delivered_date), '') = '') AND (NEW.status IS OLD.status OR coalesce((CASE OLD.status WHEN 'SUBMITTED' THEN coalesce((CASE NEW.status WHEN 'RECEIVED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'RECEIVED' THEN coalesce((CASE NEW.status WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'ACCEPTED' THEN coalesce((CASE NEW.status WHEN 'IN_PROCESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'IN_PROCESS' THEN coalesce((CASE NEW.status WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'REVIEW' THEN coalesce((CASE NEW.status WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'WITHDRAWN' THEN 0 WHEN 'NOT_ACCEPTED' THEN 0 WHEN 'TERMINATED' THEN 0 WHEN 'CONCLUDED' THEN coalesce((CASE NEW.status WHEN 'DELIVERED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'DELIVERED' THEN 0 ELSE 0 END), 0))
BEGIN SELECT RAISE(ABORT, 'liandong: a case_accept row with status DELIVERED must have case_accept.accept_date, case_accept.result_date, case_accept.result_type, case_accept.delivered_date filled [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_needs_3_new BEFORE INSERT ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status = 'IN_PROCESS' AND (coalesce(trim(NEW.accept_date), '') = '') AND coalesce((CASE NEW.status WHEN 'SUBMITTED' THEN NEW.scope = (SELECT node FROM _ld_clock) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: a case_accept row with status IN_PROCESS must have case_accept.accept_date filled [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_needs_3_set BEFORE UPDATE OF status, accept_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status = 'IN_PROCESS' AND (coalesce(trim(NEW.accept_date), '') = '') AND (NEW.status IS OLD.status OR coalesce((CASE OLD.status WHEN 'SUBMITTED' THEN coalesce((CASE NEW.status WHEN 'RECEIVED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'RECEIVED' THEN coalesce((CASE NEW.status WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'ACCEPTED' THEN coalesce((CASE NEW.status WHEN 'IN_PROCESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'IN_PROCESS' THEN coalesce((CASE NEW.status WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'REVIEW' THEN coalesce((CASE NEW.status WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'WITHDRAWN' THEN 0 WHEN 'NOT_ACCEPTED' THEN 0 WHEN 'TERMINATED' THEN 0 WHEN 'CONCLUDED' THEN coalesce((CASE NEW.status WHEN 'DELIVERED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'DELIVERED' THEN 0 ELSE 0 END), 0))
BEGIN SELECT RAISE(ABORT, 'liandong: a case_accept row with status IN_PROCESS must have case_accept.accept_date filled [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_needs_4_new BEFORE INSERT ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status = 'NOT_ACCEPTED' AND (coalesce(trim(NEW.not_accept_reason), '') = '') AND coalesce((CASE NEW.status WHEN 'SUBMITTED' THEN NEW.scope = (SELECT node FROM _ld_clock) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: a case_accept row with status NOT_ACCEPTED must have case_accept.not_accept_reason filled [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_needs_4_set BEFORE UPDATE OF status, not_accept_reason ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status = 'NOT_ACCEPTED' AND (coalesce(trim(NEW.not_accept_reason), '') = '') AND (NEW.status IS OLD.status OR coalesce((CASE OLD.status WHEN 'SUBMITTED' THEN coalesce((CASE NEW.status WHEN 'RECEIVED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'RECEIVED' THEN coalesce((CASE NEW.status WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'ACCEPTED' THEN coalesce((CASE NEW.status WHEN 'IN_PROCESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'IN_PROCESS' THEN coalesce((CASE NEW.status WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'REVIEW' THEN coalesce((CASE NEW.status WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'WITHDRAWN' THEN 0 WHEN 'NOT_ACCEPTED' THEN 0 WHEN 'TERMINATED' THEN 0 WHEN 'CONCLUDED' THEN coalesce((CASE NEW.status WHEN 'DELIVERED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'DELIVERED' THEN 0 ELSE 0 END), 0))
BEGIN SELECT RAISE(ABORT, 'liandong: a case_accept row with status NOT_ACCEPTED must have case_accept.not_accept_reason filled [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_needs_5_new BEFORE INSERT ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status = 'REVIEW' AND (coalesce(trim(NEW.accept_date), '') = '') AND coalesce((CASE NEW.status WHEN 'SUBMITTED' THEN NEW.scope = (SELECT node FROM _ld_clock) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: a case_accept row with status REVIEW must have case_accept.accept_date filled [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_status_needs_5_set BEFORE UPDATE OF status, accept_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status = 'REVIEW' AND (coalesce(trim(NEW.accept_date), '') = '') AND (NEW.status IS OLD.status OR coalesce((CASE OLD.status WHEN 'SUBMITTED' THEN coalesce((CASE NEW.status WHEN 'RECEIVED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'RECEIVED' THEN coalesce((CASE NEW.status WHEN 'ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'NOT_ACCEPTED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'ACCEPTED' THEN coalesce((CASE NEW.status WHEN 'IN_PROCESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'IN_PROCESS' THEN coalesce((CASE NEW.status WHEN 'REVIEW' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'REVIEW' THEN coalesce((CASE NEW.status WHEN 'WITHDRAWN' THEN OLD.scope = (SELECT node FROM _ld_clock) WHEN 'TERMINATED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'CONCLUDED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'WITHDRAWN' THEN 0 WHEN 'NOT_ACCEPTED' THEN 0 WHEN 'TERMINATED' THEN 0 WHEN 'CONCLUDED' THEN coalesce((CASE NEW.status WHEN 'DELIVERED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'DELIVERED' THEN 0 ELSE 0 END), 0))
BEGIN SELECT RAISE(ABORT, 'liandong: a case_accept row with status REVIEW must have case_accept.accept_date filled [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_accept_date_kept BEFORE UPDATE OF accept_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT coalesce(trim(OLD.accept_date), '') = '' AND coalesce(trim(NEW.accept_date), '') = ''
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.accept_date is evidence that case_accept.status requires: once filled it is never emptied [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_not_accept_reason_kept BEFORE UPDATE OF not_accept_reason ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT coalesce(trim(OLD.not_accept_reason), '') = '' AND coalesce(trim(NEW.not_accept_reason), '') = ''
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.not_accept_reason is evidence that case_accept.status requires: once filled it is never emptied [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_result_date_kept BEFORE UPDATE OF result_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT coalesce(trim(OLD.result_date), '') = '' AND coalesce(trim(NEW.result_date), '') = ''
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.result_date is evidence that case_accept.status requires: once filled it is never emptied [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_result_type_kept BEFORE UPDATE OF result_type ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT coalesce(trim(OLD.result_type), '') = '' AND coalesce(trim(NEW.result_type), '') = ''
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.result_type is evidence that case_accept.status requires: once filled it is never emptied [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_delivered_date_kept BEFORE UPDATE OF delivered_date ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT coalesce(trim(OLD.delivered_date), '') = '' AND coalesce(trim(NEW.delivered_date), '') = ''
BEGIN SELECT RAISE(ABORT, 'liandong: case_accept.delivered_date is evidence that case_accept.status requires: once filled it is never emptied [rule: status transition 状态流转, case_accept.status state machine 状态机]'); END;
CREATE TRIGGER case_accept__ld_guard_not_accept_reason BEFORE UPDATE OF not_accept_reason ON case_accept
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.not_accept_reason IS NOT OLD.not_accept_reason AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_accept.not_accept_reason (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE INDEX case_event__ld_seq ON case_event(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX case_event__ld_tomb_seq ON case_event__ld_tomb(_ld_seq);
CREATE TRIGGER case_event__ld_delete AFTER DELETE ON case_event WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO case_event__ld_tomb (row_guid, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.row_guid, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (row_guid) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER case_event__ld_rekey AFTER UPDATE OF row_guid ON case_event
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.row_guid IS NOT OLD.row_guid)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO case_event__ld_tomb (row_guid, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.row_guid, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (row_guid) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE case_event SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM case_event__ld_tomb WHERE case_event__ld_tomb.row_guid = NEW.row_guid), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER case_event__ld_update AFTER UPDATE OF project_no, event_name, node_id, handle_user_name, handle_explain, event_time, scope ON case_event
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.row_guid IS OLD.row_guid AND (NEW.project_no IS NOT OLD.project_no OR NEW.event_name IS NOT OLD.event_name OR NEW.node_id IS NOT OLD.node_id OR NEW.handle_user_name IS NOT OLD.handle_user_name OR NEW.handle_explain IS NOT OLD.handle_explain OR NEW.event_time IS NOT OLD.event_time OR NEW.scope IS NOT OLD.scope)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE case_event SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.project_no IS NOT OLD.project_no THEN '$.project_no' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.event_name IS NOT OLD.event_name THEN '$.event_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.node_id IS NOT OLD.node_id THEN '$.node_id' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.handle_user_name IS NOT OLD.handle_user_name THEN '$.handle_user_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.handle_explain IS NOT OLD.handle_explain THEN '$.handle_explain' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.event_time IS NOT OLD.event_time THEN '$.event_time' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER case_event__ld_guard_insert BEFORE INSERT ON case_event
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock))))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of case_event (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇/village 村 may write it)'); END;
CREATE TRIGGER case_event__ld_guard_update BEFORE UPDATE OF row_guid, project_no, event_name, node_id, handle_user_name, handle_explain, event_time, scope ON case_event WHEN NOT EXISTS (SELECT 1 FROM _ld_applying)
BEGIN SELECT RAISE(ABORT, 'liandong: case_event is append-only (只增不改): rows are never updated'); END;
CREATE TRIGGER case_event__ld_guard_delete BEFORE DELETE ON case_event WHEN NOT EXISTS (SELECT 1 FROM _ld_applying)
BEGIN SELECT RAISE(ABORT, 'liandong: case_event is append-only (只增不改): rows are never deleted'); END;
CREATE INDEX case_material__ld_seq ON case_material(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX case_material__ld_tomb_seq ON case_material__ld_tomb(_ld_seq);
CREATE TRIGGER case_material__ld_delete AFTER DELETE ON case_material WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO case_material__ld_tomb (row_guid, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.row_guid, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (row_guid) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER case_material__ld_rekey AFTER UPDATE OF row_guid ON case_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.row_guid IS NOT OLD.row_guid)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO case_material__ld_tomb (row_guid, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.row_guid, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (row_guid) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE case_material SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM case_material__ld_tomb WHERE case_material__ld_tomb.row_guid = NEW.row_guid), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER case_material__ld_update AFTER UPDATE OF project_no, material_name, get_type, get_num, scope ON case_material
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.row_guid IS OLD.row_guid AND (NEW.project_no IS NOT OLD.project_no OR NEW.material_name IS NOT OLD.material_name OR NEW.get_type IS NOT OLD.get_type OR NEW.get_num IS NOT OLD.get_num OR NEW.scope IS NOT OLD.scope)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE case_material SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.project_no IS NOT OLD.project_no THEN '$.project_no' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.material_name IS NOT OLD.material_name THEN '$.material_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.get_type IS NOT OLD.get_type THEN '$.get_type' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.get_num IS NOT OLD.get_num THEN '$.get_num' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER case_material__ld_guard_insert BEFORE INSERT ON case_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock))))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of case_material (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇/village 村 may write it)'); END;
CREATE TRIGGER case_material__ld_guard_scope BEFORE UPDATE OF scope ON case_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a case_material row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER case_material__ld_guard_delete BEFORE DELETE ON case_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of case_material (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇/village 村 may write it)'); END;
CREATE TRIGGER case_material__ld_guard_project_no BEFORE UPDATE OF project_no ON case_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.project_no IS NOT OLD.project_no AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_material.project_no (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇/village 村 may write it)'); END;
CREATE TRIGGER case_material__ld_guard_material_name BEFORE UPDATE OF material_name ON case_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.material_name IS NOT OLD.material_name AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_material.material_name (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇/village 村 may write it)'); END;
CREATE TRIGGER case_material__ld_guard_get_type BEFORE UPDATE OF get_type ON case_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.get_type IS NOT OLD.get_type AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_material.get_type (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇/village 村 may write it)'); END;
CREATE TRIGGER case_material__ld_guard_get_num BEFORE UPDATE OF get_num ON case_material
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.get_num IS NOT OLD.get_num AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_material.get_num (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇/village 村 may write it)'); END;
CREATE INDEX case_special__ld_seq ON case_special(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX case_special__ld_tomb_seq ON case_special__ld_tomb(_ld_seq);
CREATE TRIGGER case_special__ld_delete AFTER DELETE ON case_special WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO case_special__ld_tomb (row_guid, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.row_guid, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (row_guid) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER case_special__ld_rekey AFTER UPDATE OF row_guid ON case_special
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.row_guid IS NOT OLD.row_guid)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO case_special__ld_tomb (row_guid, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.row_guid, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (row_guid) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE case_special SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM case_special__ld_tomb WHERE case_special__ld_tomb.row_guid = NEW.row_guid), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER case_special__ld_update AFTER UPDATE OF project_no, special_type, special_reason, start_date, end_date, paused_workdays, scope ON case_special
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.row_guid IS OLD.row_guid AND (NEW.project_no IS NOT OLD.project_no OR NEW.special_type IS NOT OLD.special_type OR NEW.special_reason IS NOT OLD.special_reason OR NEW.start_date IS NOT OLD.start_date OR NEW.end_date IS NOT OLD.end_date OR NEW.paused_workdays IS NOT OLD.paused_workdays OR NEW.scope IS NOT OLD.scope)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE case_special SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.project_no IS NOT OLD.project_no THEN '$.project_no' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.special_type IS NOT OLD.special_type THEN '$.special_type' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.special_reason IS NOT OLD.special_reason THEN '$.special_reason' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.start_date IS NOT OLD.start_date THEN '$.start_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.end_date IS NOT OLD.end_date THEN '$.end_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.paused_workdays IS NOT OLD.paused_workdays THEN '$.paused_workdays' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER case_special__ld_guard_insert BEFORE INSERT ON case_special
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock))))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of case_special (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_special__ld_guard_scope BEFORE UPDATE OF scope ON case_special
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a case_special row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER case_special__ld_guard_delete BEFORE DELETE ON case_special
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (0)
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of case_special (write authority 写权限: nobody may change it once written (只增不改))'); END;
CREATE TRIGGER case_special__ld_guard_project_no BEFORE UPDATE OF project_no ON case_special
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.project_no IS NOT OLD.project_no AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_special.project_no (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_special__ld_guard_special_type BEFORE UPDATE OF special_type ON case_special
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.special_type IS NOT OLD.special_type AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_special.special_type (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_special__ld_guard_special_reason BEFORE UPDATE OF special_reason ON case_special
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.special_reason IS NOT OLD.special_reason AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_special.special_reason (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_special__ld_guard_start_date BEFORE UPDATE OF start_date ON case_special
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.start_date IS NOT OLD.start_date AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_special.start_date (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_special__ld_guard_end_date BEFORE UPDATE OF end_date ON case_special
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.end_date IS NOT OLD.end_date AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_special.end_date (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_special__ld_guard_paused_workdays BEFORE UPDATE OF paused_workdays ON case_special
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.paused_workdays IS NOT OLD.paused_workdays AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_special.paused_workdays (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE INDEX case_result__ld_seq ON case_result(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX case_result__ld_tomb_seq ON case_result__ld_tomb(_ld_seq);
CREATE TRIGGER case_result__ld_delete AFTER DELETE ON case_result WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO case_result__ld_tomb (project_no, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.project_no, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (project_no) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER case_result__ld_rekey AFTER UPDATE OF project_no ON case_result
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.project_no IS NOT OLD.project_no)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO case_result__ld_tomb (project_no, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.project_no, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (project_no) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE case_result SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM case_result__ld_tomb WHERE case_result__ld_tomb.project_no = NEW.project_no), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER case_result__ld_update AFTER UPDATE OF result_date, result_type, result_explain, cert_name, cert_no, is_delivery, scope ON case_result
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.project_no IS OLD.project_no AND (NEW.result_date IS NOT OLD.result_date OR NEW.result_type IS NOT OLD.result_type OR NEW.result_explain IS NOT OLD.result_explain OR NEW.cert_name IS NOT OLD.cert_name OR NEW.cert_no IS NOT OLD.cert_no OR NEW.is_delivery IS NOT OLD.is_delivery OR NEW.scope IS NOT OLD.scope)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE case_result SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.result_date IS NOT OLD.result_date THEN '$.result_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.result_type IS NOT OLD.result_type THEN '$.result_type' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.result_explain IS NOT OLD.result_explain THEN '$.result_explain' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.cert_name IS NOT OLD.cert_name THEN '$.cert_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.cert_no IS NOT OLD.cert_no THEN '$.cert_no' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.is_delivery IS NOT OLD.is_delivery THEN '$.is_delivery' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER case_result__ld_guard_insert BEFORE INSERT ON case_result
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock))))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of case_result (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_result__ld_guard_scope BEFORE UPDATE OF scope ON case_result
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a case_result row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER case_result__ld_guard_delete BEFORE DELETE ON case_result
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (0)
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of case_result (write authority 写权限: nobody may change it once written (只增不改))'); END;
CREATE TRIGGER case_result__ld_guard_result_date BEFORE UPDATE OF result_date ON case_result
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.result_date IS NOT OLD.result_date AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_result.result_date (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_result__ld_guard_result_type BEFORE UPDATE OF result_type ON case_result
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.result_type IS NOT OLD.result_type AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_result.result_type (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_result__ld_guard_result_explain BEFORE UPDATE OF result_explain ON case_result
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.result_explain IS NOT OLD.result_explain AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_result.result_explain (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_result__ld_guard_cert_name BEFORE UPDATE OF cert_name ON case_result
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.cert_name IS NOT OLD.cert_name AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_result.cert_name (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_result__ld_guard_cert_no BEFORE UPDATE OF cert_no ON case_result
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.cert_no IS NOT OLD.cert_no AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_result.cert_no (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER case_result__ld_guard_is_delivery BEFORE UPDATE OF is_delivery ON case_result
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.is_delivery IS NOT OLD.is_delivery AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change case_result.is_delivery (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE INDEX evaluation__ld_seq ON evaluation(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX evaluation__ld_tomb_seq ON evaluation__ld_tomb(_ld_seq);
CREATE TRIGGER evaluation__ld_delete AFTER DELETE ON evaluation WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO evaluation__ld_tomb (eval_id, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.eval_id, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (eval_id) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER evaluation__ld_rekey AFTER UPDATE OF eval_id ON evaluation
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.eval_id IS NOT OLD.eval_id)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO evaluation__ld_tomb (eval_id, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.eval_id, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (eval_id) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE evaluation SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM evaluation__ld_tomb WHERE evaluation__ld_tomb.eval_id = NEW.eval_id), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER evaluation__ld_update AFTER UPDATE OF project_no, node_id, eval_stage, level, channel, words, rater_name, rater_phone, rater_cert_code, rater_cert_hash, eval_time, scope, org_code, window_no, work_no, handle_node ON evaluation
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.eval_id IS OLD.eval_id AND (NEW.project_no IS NOT OLD.project_no OR NEW.node_id IS NOT OLD.node_id OR NEW.eval_stage IS NOT OLD.eval_stage OR NEW.level IS NOT OLD.level OR NEW.channel IS NOT OLD.channel OR NEW.words IS NOT OLD.words OR NEW.rater_name IS NOT OLD.rater_name OR NEW.rater_phone IS NOT OLD.rater_phone OR NEW.rater_cert_code IS NOT OLD.rater_cert_code OR NEW.rater_cert_hash IS NOT OLD.rater_cert_hash OR NEW.eval_time IS NOT OLD.eval_time OR NEW.scope IS NOT OLD.scope OR NEW.org_code IS NOT OLD.org_code OR NEW.window_no IS NOT OLD.window_no OR NEW.work_no IS NOT OLD.work_no OR NEW.handle_node IS NOT OLD.handle_node)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE evaluation SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.project_no IS NOT OLD.project_no THEN '$.project_no' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.node_id IS NOT OLD.node_id THEN '$.node_id' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.eval_stage IS NOT OLD.eval_stage THEN '$.eval_stage' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.level IS NOT OLD.level THEN '$.level' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.channel IS NOT OLD.channel THEN '$.channel' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.words IS NOT OLD.words THEN '$.words' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.rater_name IS NOT OLD.rater_name THEN '$.rater_name' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.rater_phone IS NOT OLD.rater_phone THEN '$.rater_phone' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.rater_cert_code IS NOT OLD.rater_cert_code THEN '$.rater_cert_code' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.rater_cert_hash IS NOT OLD.rater_cert_hash THEN '$.rater_cert_hash' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.eval_time IS NOT OLD.eval_time THEN '$.eval_time' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.org_code IS NOT OLD.org_code THEN '$.org_code' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.window_no IS NOT OLD.window_no THEN '$.window_no' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.work_no IS NOT OLD.work_no THEN '$.work_no' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.handle_node IS NOT OLD.handle_node THEN '$.handle_node' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER evaluation__ld_guard_insert BEFORE INSERT ON evaluation
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3, 4) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock))))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of evaluation (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇/village 村 may write it)'); END;
CREATE TRIGGER evaluation__ld_guard_update BEFORE UPDATE OF eval_id, project_no, node_id, eval_stage, level, channel, words, rater_name, rater_phone, rater_cert_code, rater_cert_hash, eval_time, scope, org_code, window_no, work_no, handle_node ON evaluation WHEN NOT EXISTS (SELECT 1 FROM _ld_applying)
BEGIN SELECT RAISE(ABORT, 'liandong: evaluation is append-only (只增不改): rows are never updated'); END;
CREATE TRIGGER evaluation__ld_guard_delete BEFORE DELETE ON evaluation WHEN NOT EXISTS (SELECT 1 FROM _ld_applying)
BEGIN SELECT RAISE(ABORT, 'liandong: evaluation is append-only (只增不改): rows are never deleted'); END;
CREATE INDEX rectification__ld_seq ON rectification(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX rectification__ld_tomb_seq ON rectification__ld_tomb(_ld_seq);
CREATE TRIGGER rectification__ld_delete AFTER DELETE ON rectification WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO rectification__ld_tomb (eval_id, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.eval_id, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (eval_id) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER rectification__ld_rekey AFTER UPDATE OF eval_id ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.eval_id IS NOT OLD.eval_id)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO rectification__ld_tomb (eval_id, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.eval_id, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (eval_id) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE rectification SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM rectification__ld_tomb WHERE rectification__ld_tomb.eval_id = NEW.eval_id), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER rectification__ld_update AFTER UPDATE OF status, valid_flag, deadline, reform_content, closed_at, scope, state, responsible_node, revisit_date, revisit_content, satisfied_after ON rectification
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.eval_id IS OLD.eval_id AND (NEW.status IS NOT OLD.status OR NEW.valid_flag IS NOT OLD.valid_flag OR NEW.deadline IS NOT OLD.deadline OR NEW.reform_content IS NOT OLD.reform_content OR NEW.closed_at IS NOT OLD.closed_at OR NEW.scope IS NOT OLD.scope OR NEW.state IS NOT OLD.state OR NEW.responsible_node IS NOT OLD.responsible_node OR NEW.revisit_date IS NOT OLD.revisit_date OR NEW.revisit_content IS NOT OLD.revisit_content OR NEW.satisfied_after IS NOT OLD.satisfied_after)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE rectification SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.status IS NOT OLD.status THEN '$.status' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.valid_flag IS NOT OLD.valid_flag THEN '$.valid_flag' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.deadline IS NOT OLD.deadline THEN '$.deadline' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.reform_content IS NOT OLD.reform_content THEN '$.reform_content' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.closed_at IS NOT OLD.closed_at THEN '$.closed_at' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.state IS NOT OLD.state THEN '$.state' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.responsible_node IS NOT OLD.responsible_node THEN '$.responsible_node' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.revisit_date IS NOT OLD.revisit_date THEN '$.revisit_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.revisit_content IS NOT OLD.revisit_content THEN '$.revisit_content' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.satisfied_after IS NOT OLD.satisfied_after THEN '$.satisfied_after' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER rectification__ld_guard_insert BEFORE INSERT ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock))))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of rectification (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER rectification__ld_guard_scope BEFORE UPDATE OF scope ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a rectification row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER rectification__ld_guard_delete BEFORE DELETE ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (0)
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of rectification (write authority 写权限: nobody may change it once written (只增不改))'); END;
CREATE TRIGGER rectification__ld_guard_status BEFORE UPDATE OF status ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.status IS NOT OLD.status AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change rectification.status (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER rectification__ld_guard_valid_flag BEFORE UPDATE OF valid_flag ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.valid_flag IS NOT OLD.valid_flag AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change rectification.valid_flag (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER rectification__ld_guard_deadline BEFORE UPDATE OF deadline ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.deadline IS NOT OLD.deadline AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change rectification.deadline (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER rectification__ld_guard_reform_content BEFORE UPDATE OF reform_content ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.reform_content IS NOT OLD.reform_content AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change rectification.reform_content (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER rectification__ld_guard_closed_at BEFORE UPDATE OF closed_at ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.closed_at IS NOT OLD.closed_at AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change rectification.closed_at (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER rectification__ld_guard_state BEFORE UPDATE OF state ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.state IS NOT OLD.state AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change rectification.state (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER rectification__ld_guard_state_initial BEFORE INSERT ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT coalesce((CASE NEW.state WHEN 'PENDING' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: a new rectification row may start with rectification.state only as: PENDING (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it) [rule: status transition 状态流转, rectification.state state machine 状态机]'); END;
CREATE TRIGGER rectification__ld_guard_state_from_0 BEFORE UPDATE OF state ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.state = 'PENDING' AND NEW.state IS NOT OLD.state AND NOT coalesce((CASE NEW.state WHEN 'APPEALED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'IN_PROGRESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'DONE' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: rectification.state may change from PENDING only to: APPEALED (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it); IN_PROGRESS (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it); DONE (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it) [rule: status transition 状态流转, rectification.state state machine 状态机]'); END;
CREATE TRIGGER rectification__ld_guard_state_from_1 BEFORE UPDATE OF state ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.state = 'APPEALED' AND NEW.state IS NOT OLD.state AND NOT coalesce((CASE NEW.state WHEN 'IN_PROGRESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'INVALID' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: rectification.state may change from APPEALED only to: IN_PROGRESS (only the row''s own node or an ancestor of tier district 区县 may write it); INVALID (only the row''s own node or an ancestor of tier district 区县 may write it) [rule: status transition 状态流转, rectification.state state machine 状态机]'); END;
CREATE TRIGGER rectification__ld_guard_state_from_2 BEFORE UPDATE OF state ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.state = 'IN_PROGRESS' AND NEW.state IS NOT OLD.state AND NOT coalesce((CASE NEW.state WHEN 'DONE' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: rectification.state may change from IN_PROGRESS only to: DONE (only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it) [rule: status transition 状态流转, rectification.state state machine 状态机]'); END;
CREATE TRIGGER rectification__ld_guard_state_from_3 BEFORE UPDATE OF state ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.state = 'INVALID' AND NEW.state IS NOT OLD.state AND NOT 0
BEGIN SELECT RAISE(ABORT, 'liandong: rectification.state INVALID is final (终态): it never changes [rule: status transition 状态流转, rectification.state state machine 状态机]'); END;
CREATE TRIGGER rectification__ld_guard_state_from_4 BEFORE UPDATE OF state ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD.state = 'DONE' AND NEW.state IS NOT OLD.state AND NOT 0
BEGIN SELECT RAISE(ABORT, 'liandong: rectification.state DONE is final (终态): it never changes [rule: status transition 状态流转, rectification.state state machine 状态机]'); END;
CREATE TRIGGER rectification__ld_guard_state_needs_0_new BEFORE INSERT ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.state = 'DONE' AND (coalesce(trim(NEW.reform_content), '') = '' OR coalesce(trim(NEW.closed_at), '') = '') AND coalesce((CASE NEW.state WHEN 'PENDING' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: a rectification row with state DONE must have rectification.reform_content, rectification.closed_at filled [rule: status transition 状态流转, rectification.state state machine 状态机]'); END;
CREATE TRIGGER rectification__ld_guard_state_needs_0_set BEFORE UPDATE OF state, reform_content, closed_at ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.state = 'DONE' AND (coalesce(trim(NEW.reform_content), '') = '' OR coalesce(trim(NEW.closed_at), '') = '') AND (NEW.state IS OLD.state OR coalesce((CASE OLD.state WHEN 'PENDING' THEN coalesce((CASE NEW.state WHEN 'APPEALED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'IN_PROGRESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'DONE' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'APPEALED' THEN coalesce((CASE NEW.state WHEN 'IN_PROGRESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'INVALID' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'IN_PROGRESS' THEN coalesce((CASE NEW.state WHEN 'DONE' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'INVALID' THEN 0 WHEN 'DONE' THEN 0 ELSE 0 END), 0))
BEGIN SELECT RAISE(ABORT, 'liandong: a rectification row with state DONE must have rectification.reform_content, rectification.closed_at filled [rule: status transition 状态流转, rectification.state state machine 状态机]'); END;
CREATE TRIGGER rectification__ld_guard_state_needs_1_new BEFORE INSERT ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.state = 'INVALID' AND (coalesce(trim(NEW.closed_at), '') = '') AND coalesce((CASE NEW.state WHEN 'PENDING' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0)
BEGIN SELECT RAISE(ABORT, 'liandong: a rectification row with state INVALID must have rectification.closed_at filled [rule: status transition 状态流转, rectification.state state machine 状态机]'); END;
CREATE TRIGGER rectification__ld_guard_state_needs_1_set BEFORE UPDATE OF state, closed_at ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.state = 'INVALID' AND (coalesce(trim(NEW.closed_at), '') = '') AND (NEW.state IS OLD.state OR coalesce((CASE OLD.state WHEN 'PENDING' THEN coalesce((CASE NEW.state WHEN 'APPEALED' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'IN_PROGRESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'DONE' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'APPEALED' THEN coalesce((CASE NEW.state WHEN 'IN_PROGRESS' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) WHEN 'INVALID' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'IN_PROGRESS' THEN coalesce((CASE NEW.state WHEN 'DONE' THEN ((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)) ELSE 0 END), 0) WHEN 'INVALID' THEN 0 WHEN 'DONE' THEN 0 ELSE 0 END), 0))
BEGIN SELECT RAISE(ABORT, 'liandong: a rectification row with state INVALID must have rectification.closed_at filled [rule: status transition 状态流转, rectification.state state machine 状态机]'); END;
CREATE TRIGGER rectification__ld_guard_closed_at_kept BEFORE UPDATE OF closed_at ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT coalesce(trim(OLD.closed_at), '') = '' AND coalesce(trim(NEW.closed_at), '') = ''
BEGIN SELECT RAISE(ABORT, 'liandong: rectification.closed_at is evidence that rectification.state requires: once filled it is never emptied [rule: status transition 状态流转, rectification.state state machine 状态机]'); END;
CREATE TRIGGER rectification__ld_guard_reform_content_kept BEFORE UPDATE OF reform_content ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT coalesce(trim(OLD.reform_content), '') = '' AND coalesce(trim(NEW.reform_content), '') = ''
BEGIN SELECT RAISE(ABORT, 'liandong: rectification.reform_content is evidence that rectification.state requires: once filled it is never emptied [rule: status transition 状态流转, rectification.state state machine 状态机]'); END;
CREATE TRIGGER rectification__ld_guard_responsible_node BEFORE UPDATE OF responsible_node ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.responsible_node IS NOT OLD.responsible_node AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change rectification.responsible_node (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER rectification__ld_guard_revisit_date BEFORE UPDATE OF revisit_date ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.revisit_date IS NOT OLD.revisit_date AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change rectification.revisit_date (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER rectification__ld_guard_revisit_content BEFORE UPDATE OF revisit_content ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.revisit_content IS NOT OLD.revisit_content AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change rectification.revisit_content (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER rectification__ld_guard_satisfied_after BEFORE UPDATE OF satisfied_after ON rectification
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.satisfied_after IS NOT OLD.satisfied_after AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change rectification.satisfied_after (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE INDEX disclosure_catalog__ld_seq ON disclosure_catalog(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX disclosure_catalog__ld_tomb_seq ON disclosure_catalog__ld_tomb(_ld_seq);
CREATE TRIGGER disclosure_catalog__ld_delete AFTER DELETE ON disclosure_catalog WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO disclosure_catalog__ld_tomb (item_id, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.item_id, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (item_id) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER disclosure_catalog__ld_rekey AFTER UPDATE OF item_id ON disclosure_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.item_id IS NOT OLD.item_id)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO disclosure_catalog__ld_tomb (item_id, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.item_id, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (item_id) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE disclosure_catalog SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM disclosure_catalog__ld_tomb WHERE disclosure_catalog__ld_tomb.item_id = NEW.item_id), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER disclosure_catalog__ld_update AFTER UPDATE OF domain_no, level1_item, level2_item, content_elements, time_limit_workdays, subject, scope ON disclosure_catalog
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.item_id IS OLD.item_id AND (NEW.domain_no IS NOT OLD.domain_no OR NEW.level1_item IS NOT OLD.level1_item OR NEW.level2_item IS NOT OLD.level2_item OR NEW.content_elements IS NOT OLD.content_elements OR NEW.time_limit_workdays IS NOT OLD.time_limit_workdays OR NEW.subject IS NOT OLD.subject OR NEW.scope IS NOT OLD.scope)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE disclosure_catalog SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.domain_no IS NOT OLD.domain_no THEN '$.domain_no' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.level1_item IS NOT OLD.level1_item THEN '$.level1_item' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.level2_item IS NOT OLD.level2_item THEN '$.level2_item' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.content_elements IS NOT OLD.content_elements THEN '$.content_elements' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.time_limit_workdays IS NOT OLD.time_limit_workdays THEN '$.time_limit_workdays' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.subject IS NOT OLD.subject THEN '$.subject' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER disclosure_catalog__ld_guard_insert BEFORE INSERT ON disclosure_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (NEW.scope = (SELECT node FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of disclosure_catalog (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_catalog__ld_guard_scope BEFORE UPDATE OF scope ON disclosure_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a disclosure_catalog row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER disclosure_catalog__ld_guard_delete BEFORE DELETE ON disclosure_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of disclosure_catalog (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_catalog__ld_guard_domain_no BEFORE UPDATE OF domain_no ON disclosure_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.domain_no IS NOT OLD.domain_no AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_catalog.domain_no (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_catalog__ld_guard_level1_item BEFORE UPDATE OF level1_item ON disclosure_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.level1_item IS NOT OLD.level1_item AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_catalog.level1_item (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_catalog__ld_guard_level2_item BEFORE UPDATE OF level2_item ON disclosure_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.level2_item IS NOT OLD.level2_item AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_catalog.level2_item (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_catalog__ld_guard_content_elements BEFORE UPDATE OF content_elements ON disclosure_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.content_elements IS NOT OLD.content_elements AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_catalog.content_elements (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_catalog__ld_guard_time_limit_workdays BEFORE UPDATE OF time_limit_workdays ON disclosure_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.time_limit_workdays IS NOT OLD.time_limit_workdays AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_catalog.time_limit_workdays (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_catalog__ld_guard_subject BEFORE UPDATE OF subject ON disclosure_catalog
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.subject IS NOT OLD.subject AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_catalog.subject (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE INDEX disclosure_record__ld_seq ON disclosure_record(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX disclosure_record__ld_tomb_seq ON disclosure_record__ld_tomb(_ld_seq);
CREATE TRIGGER disclosure_record__ld_delete AFTER DELETE ON disclosure_record WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO disclosure_record__ld_tomb (record_id, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.record_id, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (record_id) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER disclosure_record__ld_rekey AFTER UPDATE OF record_id ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.record_id IS NOT OLD.record_id)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO disclosure_record__ld_tomb (record_id, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.record_id, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (record_id) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE disclosure_record SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM disclosure_record__ld_tomb WHERE disclosure_record__ld_tomb.record_id = NEW.record_id), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER disclosure_record__ld_update AFTER UPDATE OF item_id, title, body, formed_date, due_date, publish_date, withdrawn, scope ON disclosure_record
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.record_id IS OLD.record_id AND (NEW.item_id IS NOT OLD.item_id OR NEW.title IS NOT OLD.title OR NEW.body IS NOT OLD.body OR NEW.formed_date IS NOT OLD.formed_date OR NEW.due_date IS NOT OLD.due_date OR NEW.publish_date IS NOT OLD.publish_date OR NEW.withdrawn IS NOT OLD.withdrawn OR NEW.scope IS NOT OLD.scope)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE disclosure_record SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.item_id IS NOT OLD.item_id THEN '$.item_id' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.title IS NOT OLD.title THEN '$.title' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.body IS NOT OLD.body THEN '$.body' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.formed_date IS NOT OLD.formed_date THEN '$.formed_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.due_date IS NOT OLD.due_date THEN '$.due_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.publish_date IS NOT OLD.publish_date THEN '$.publish_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.withdrawn IS NOT OLD.withdrawn THEN '$.withdrawn' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER disclosure_record__ld_guard_insert BEFORE INSERT ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (NEW.scope = (SELECT node FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of disclosure_record (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_record__ld_guard_scope BEFORE UPDATE OF scope ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a disclosure_record row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER disclosure_record__ld_guard_delete BEFORE DELETE ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of disclosure_record (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_record__ld_guard_title_public_new BEFORE INSERT ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND ((' ' || NEW.title || ' ') GLOB '*[^0-9０-９.,¥￥$＄][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9Xx][^0-9０-９.,元万亿圆]*' OR (' ' || NEW.title || ' ') GLOB '*[^0-9０-９.,¥￥$＄]1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][^0-9０-９.,元万亿圆]*' OR (' ' || NEW.title || ' ') GLOB '*[^0-9０-９.,¥￥$＄]1[3-9][0-9]-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][^0-9０-９.,元万亿圆]*' OR (' ' || NEW.title || ' ') GLOB '*[^0-9０-９.,¥￥$＄]1[3-9][0-9] [0-9][0-9][0-9][0-9] [0-9][0-9][0-9][0-9][^0-9０-９.,元万亿圆]*')
BEGIN SELECT RAISE(ABORT, 'liandong: published text (政务公开) in disclosure_record.title must not contain an ID number or a phone number'); END;
CREATE TRIGGER disclosure_record__ld_guard_title_public_set BEFORE UPDATE OF title ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND ((' ' || NEW.title || ' ') GLOB '*[^0-9０-９.,¥￥$＄][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9Xx][^0-9０-９.,元万亿圆]*' OR (' ' || NEW.title || ' ') GLOB '*[^0-9０-９.,¥￥$＄]1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][^0-9０-９.,元万亿圆]*' OR (' ' || NEW.title || ' ') GLOB '*[^0-9０-９.,¥￥$＄]1[3-9][0-9]-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][^0-9０-９.,元万亿圆]*' OR (' ' || NEW.title || ' ') GLOB '*[^0-9０-９.,¥￥$＄]1[3-9][0-9] [0-9][0-9][0-9][0-9] [0-9][0-9][0-9][0-9][^0-9０-９.,元万亿圆]*')
BEGIN SELECT RAISE(ABORT, 'liandong: published text (政务公开) in disclosure_record.title must not contain an ID number or a phone number'); END;
CREATE TRIGGER disclosure_record__ld_guard_body_public_new BEFORE INSERT ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND ((' ' || NEW.body || ' ') GLOB '*[^0-9０-９.,¥￥$＄][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9Xx][^0-9０-９.,元万亿圆]*' OR (' ' || NEW.body || ' ') GLOB '*[^0-9０-９.,¥￥$＄]1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][^0-9０-９.,元万亿圆]*' OR (' ' || NEW.body || ' ') GLOB '*[^0-9０-９.,¥￥$＄]1[3-9][0-9]-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][^0-9０-９.,元万亿圆]*' OR (' ' || NEW.body || ' ') GLOB '*[^0-9０-９.,¥￥$＄]1[3-9][0-9] [0-9][0-9][0-9][0-9] [0-9][0-9][0-9][0-9][^0-9０-９.,元万亿圆]*')
BEGIN SELECT RAISE(ABORT, 'liandong: published text (政务公开) in disclosure_record.body must not contain an ID number or a phone number'); END;
CREATE TRIGGER disclosure_record__ld_guard_body_public_set BEFORE UPDATE OF body ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND ((' ' || NEW.body || ' ') GLOB '*[^0-9０-９.,¥￥$＄][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9Xx][^0-9０-９.,元万亿圆]*' OR (' ' || NEW.body || ' ') GLOB '*[^0-9０-９.,¥￥$＄]1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][^0-9０-９.,元万亿圆]*' OR (' ' || NEW.body || ' ') GLOB '*[^0-9０-９.,¥￥$＄]1[3-9][0-9]-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][^0-9０-９.,元万亿圆]*' OR (' ' || NEW.body || ' ') GLOB '*[^0-9０-９.,¥￥$＄]1[3-9][0-9] [0-9][0-9][0-9][0-9] [0-9][0-9][0-9][0-9][^0-9０-９.,元万亿圆]*')
BEGIN SELECT RAISE(ABORT, 'liandong: published text (政务公开) in disclosure_record.body must not contain an ID number or a phone number'); END;
CREATE TRIGGER disclosure_record__ld_guard_item_id BEFORE UPDATE OF item_id ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.item_id IS NOT OLD.item_id AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_record.item_id (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_record__ld_guard_title BEFORE UPDATE OF title ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.title IS NOT OLD.title AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_record.title (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_record__ld_guard_body BEFORE UPDATE OF body ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.body IS NOT OLD.body AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_record.body (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_record__ld_guard_formed_date BEFORE UPDATE OF formed_date ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.formed_date IS NOT OLD.formed_date AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_record.formed_date (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_record__ld_guard_due_date BEFORE UPDATE OF due_date ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.due_date IS NOT OLD.due_date AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_record.due_date (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_record__ld_guard_publish_date BEFORE UPDATE OF publish_date ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.publish_date IS NOT OLD.publish_date AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_record.publish_date (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE TRIGGER disclosure_record__ld_guard_withdrawn BEFORE UPDATE OF withdrawn ON disclosure_record
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.withdrawn IS NOT OLD.withdrawn AND NOT (OLD.scope = (SELECT node FROM _ld_clock))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change disclosure_record.withdrawn (write authority 写权限: only the row''s own node may write it (仅本级))'); END;
CREATE INDEX supervision_alert__ld_seq ON supervision_alert(_ld_seq) WHERE _ld_seq > 0;
CREATE INDEX supervision_alert__ld_tomb_seq ON supervision_alert__ld_tomb(_ld_seq);
CREATE TRIGGER supervision_alert__ld_delete AFTER DELETE ON supervision_alert WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO supervision_alert__ld_tomb (alert_id, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.alert_id, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (alert_id) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
END;
CREATE TRIGGER supervision_alert__ld_rekey AFTER UPDATE OF alert_id ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND OLD._ld_seq > 0 AND (NEW.alert_id IS NOT OLD.alert_id)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    INSERT INTO supervision_alert__ld_tomb (alert_id, _ld_cl, _ld_seq, _ld_hlc, _ld_org, _ld_src, scope)
VALUES (OLD.alert_id, OLD._ld_cl + (OLD._ld_cl % 2),
        (SELECT seq FROM _ld_clock), (SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock), NULL, OLD.scope)
ON CONFLICT (alert_id) DO UPDATE SET _ld_cl = excluded._ld_cl, _ld_seq = excluded._ld_seq,
    _ld_hlc = excluded._ld_hlc, _ld_org = excluded._ld_org, _ld_src = NULL;
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE supervision_alert SET (_ld_seq, _ld_hlc, _ld_org) = (SELECT seq, hlc, node FROM _ld_clock), _ld_cl = coalesce((SELECT _ld_cl + 1 FROM supervision_alert__ld_tomb WHERE supervision_alert__ld_tomb.alert_id = NEW.alert_id), 1), _ld_cc = NULL, _ld_src = NULL
WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER supervision_alert__ld_update AFTER UPDATE OF project_no, rule, color, raised_at, response, closed_at, scope, subject, responsible_node, raised_by, due_date, answered_at ON supervision_alert
WHEN NEW._ld_seq IS OLD._ld_seq AND OLD._ld_seq > 0 AND NEW.alert_id IS OLD.alert_id AND (NEW.project_no IS NOT OLD.project_no OR NEW.rule IS NOT OLD.rule OR NEW.color IS NOT OLD.color OR NEW.raised_at IS NOT OLD.raised_at OR NEW.response IS NOT OLD.response OR NEW.closed_at IS NOT OLD.closed_at OR NEW.scope IS NOT OLD.scope OR NEW.subject IS NOT OLD.subject OR NEW.responsible_node IS NOT OLD.responsible_node OR NEW.raised_by IS NOT OLD.raised_by OR NEW.due_date IS NOT OLD.due_date OR NEW.answered_at IS NOT OLD.answered_at)
BEGIN
    UPDATE _ld_clock SET seq = max(seq + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), hlc = max(hlc + 1, (CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + offset_ms) << 16);
    UPDATE supervision_alert SET _ld_seq = (SELECT seq FROM _ld_clock), _ld_src = NULL,
        _ld_cc = json_remove(json_set(coalesce(_ld_cc, '{}'), CASE WHEN NEW.project_no IS NOT OLD.project_no THEN '$.project_no' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.rule IS NOT OLD.rule THEN '$.rule' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.color IS NOT OLD.color THEN '$.color' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.raised_at IS NOT OLD.raised_at THEN '$.raised_at' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.response IS NOT OLD.response THEN '$.response' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.closed_at IS NOT OLD.closed_at THEN '$.closed_at' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.scope IS NOT OLD.scope THEN '$.scope' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.subject IS NOT OLD.subject THEN '$.subject' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.responsible_node IS NOT OLD.responsible_node THEN '$.responsible_node' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.raised_by IS NOT OLD.raised_by THEN '$.raised_by' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.due_date IS NOT OLD.due_date THEN '$.due_date' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock)), CASE WHEN NEW.answered_at IS NOT OLD.answered_at THEN '$.answered_at' ELSE '$._' END, json_array((SELECT hlc FROM _ld_clock), (SELECT node FROM _ld_clock))), '$._')
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER supervision_alert__ld_guard_insert BEFORE INSERT ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND (NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (1, 2) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock))) OR (NEW.response IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))) OR (NEW.answered_at IS NOT NULL AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND NEW.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not create this row of supervision_alert (write authority 写权限: only the row''s own node or an ancestor of tier city 市/district 区县 may write it)'); END;
CREATE TRIGGER supervision_alert__ld_guard_scope BEFORE UPDATE OF scope ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.scope IS NOT OLD.scope
BEGIN SELECT RAISE(ABORT, 'liandong: the scope of a supervision_alert row is fixed when it is created (归属不可改)'); END;
CREATE TRIGGER supervision_alert__ld_guard_delete BEFORE DELETE ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NOT (0)
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not delete this row of supervision_alert (write authority 写权限: nobody may change it once written (只增不改))'); END;
CREATE TRIGGER supervision_alert__ld_guard_project_no BEFORE UPDATE OF project_no ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.project_no IS NOT OLD.project_no AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (1, 2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change supervision_alert.project_no (write authority 写权限: only the row''s own node or an ancestor of tier city 市/district 区县 may write it)'); END;
CREATE TRIGGER supervision_alert__ld_guard_rule BEFORE UPDATE OF rule ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.rule IS NOT OLD.rule AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (1, 2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change supervision_alert.rule (write authority 写权限: only the row''s own node or an ancestor of tier city 市/district 区县 may write it)'); END;
CREATE TRIGGER supervision_alert__ld_guard_color BEFORE UPDATE OF color ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.color IS NOT OLD.color AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (1, 2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change supervision_alert.color (write authority 写权限: only the row''s own node or an ancestor of tier city 市/district 区县 may write it)'); END;
CREATE TRIGGER supervision_alert__ld_guard_raised_at BEFORE UPDATE OF raised_at ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.raised_at IS NOT OLD.raised_at AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (1, 2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change supervision_alert.raised_at (write authority 写权限: only the row''s own node or an ancestor of tier city 市/district 区县 may write it)'); END;
CREATE TRIGGER supervision_alert__ld_guard_response BEFORE UPDATE OF response ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.response IS NOT OLD.response AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change supervision_alert.response (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE TRIGGER supervision_alert__ld_guard_closed_at BEFORE UPDATE OF closed_at ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.closed_at IS NOT OLD.closed_at AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (1, 2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change supervision_alert.closed_at (write authority 写权限: only the row''s own node or an ancestor of tier city 市/district 区县 may write it)'); END;
CREATE TRIGGER supervision_alert__ld_guard_subject BEFORE UPDATE OF subject ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.subject IS NOT OLD.subject AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (1, 2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change supervision_alert.subject (write authority 写权限: only the row''s own node or an ancestor of tier city 市/district 区县 may write it)'); END;
CREATE TRIGGER supervision_alert__ld_guard_responsible_node BEFORE UPDATE OF responsible_node ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.responsible_node IS NOT OLD.responsible_node AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (1, 2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change supervision_alert.responsible_node (write authority 写权限: only the row''s own node or an ancestor of tier city 市/district 区县 may write it)'); END;
CREATE TRIGGER supervision_alert__ld_guard_raised_by BEFORE UPDATE OF raised_by ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.raised_by IS NOT OLD.raised_by AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (1, 2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change supervision_alert.raised_by (write authority 写权限: only the row''s own node or an ancestor of tier city 市/district 区县 may write it)'); END;
CREATE TRIGGER supervision_alert__ld_guard_due_date BEFORE UPDATE OF due_date ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.due_date IS NOT OLD.due_date AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (1, 2) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change supervision_alert.due_date (write authority 写权限: only the row''s own node or an ancestor of tier city 市/district 区县 may write it)'); END;
CREATE TRIGGER supervision_alert__ld_guard_answered_at BEFORE UPDATE OF answered_at ON supervision_alert
WHEN NOT EXISTS (SELECT 1 FROM _ld_applying) AND NEW.answered_at IS NOT OLD.answered_at AND NOT (((SELECT CASE WHEN node % 1000 != 0 THEN 4 WHEN (node / 1000) % 1000 != 0 THEN 3 WHEN (node / 1000000) % 100 != 0 THEN 2 ELSE 1 END FROM _ld_clock) IN (2, 3) AND OLD.scope / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock) = (SELECT node FROM _ld_clock) / (SELECT CASE WHEN node % 1000 != 0 THEN 1 WHEN (node / 1000) % 1000 != 0 THEN 1000 WHEN (node / 1000000) % 100 != 0 THEN 1000000 ELSE 100000000 END FROM _ld_clock)))
BEGIN SELECT RAISE(ABORT, 'liandong: this node may not change supervision_alert.answered_at (write authority 写权限: only the row''s own node or an ancestor of tier district 区县/town 乡镇 may write it)'); END;
CREATE INDEX case_accept_accept_date ON case_accept(accept_date);
CREATE INDEX case_accept_result_date ON case_accept(result_date);
CREATE INDEX evaluation_project ON evaluation(project_no);
CREATE INDEX case_event_project ON case_event(project_no, node_id);
CREATE INDEX case_special_project ON case_special(project_no);
COMMIT;
