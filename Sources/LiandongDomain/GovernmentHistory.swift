import LiandongCore
import LiandongStore

/// The history of the `gov` schema (`GovernmentSchema`), one step per version: what
/// `liandong upgrade` applies to a replica made by an earlier build (docs/upgrades.md).
///
/// APPEND-ONLY. Each step's declaration is the language-neutral JSON of that version (Protocols/SPEC.md
/// §6.1) as `Protocols/schemas/gov.json` held it when the version shipped, kept here word for
/// word: a shipped step is never edited. A new version of `GovernmentSchema` adds a step at the
/// end (its SQL, if any, and `GovernmentSchema.schema.declarationJSON`); a test fails when the
/// last step is not the shipped declaration.
///
/// Version 1 is the base (it predates the JSON form). Version 2's lattice is restated in the
/// state-machine form version 3 introduced, as `StatusLattice` reads a version 2 declaration
/// (every move up the order to a value by that value's setter), so its fingerprint is the one
/// the current canonical text gives, not the one version 2 nodes exchanged.
public enum GovernmentHistory {
    /// Every step, oldest first.
    public static func history() throws(SchemaError) -> SchemaHistory {
        var steps: [SchemaMigration] = []
        for (version, json) in declarations {
            let declaration = try ReplicaSchema(declarationJSON: json, localSQL: version >= 6 ? localSQL6 : localSQL)
            steps.append(SchemaMigration(version: version, sql: sql[version] ?? [], declaration: declaration))
        }
        return try SchemaHistory(name: GovernmentSchema.name, steps: steps)
    }

    /// The local SQL of versions 1 to 5 (indexes; each node's own, not part of the declaration).
    static let localSQL = [
        "CREATE INDEX IF NOT EXISTS case_accept_accept_date ON case_accept(accept_date)",
        "CREATE INDEX IF NOT EXISTS case_accept_result_date ON case_accept(result_date)",
        "CREATE INDEX IF NOT EXISTS evaluation_project ON evaluation(project_no)",
        "CREATE INDEX IF NOT EXISTS case_event_project ON case_event(project_no, node_id)",
        "CREATE INDEX IF NOT EXISTS case_special_project ON case_special(project_no)",
    ]

    /// The local SQL from version 6 on: version 5's, then the index of the licences' case.
    static let localSQL6 = localSQL + ["CREATE INDEX IF NOT EXISTS e_license_project ON e_license(project_no)"]

    /// SQL each step runs before adopting its declaration, by the version it reaches. Versions 2
    /// to 6 need none: adopting the declaration appends their columns and tables, and runs the
    /// local SQL a version appends.
    static let sql: [Int: [String]] = [:]

    /// The declaration of each version, by the version, oldest first.
    static let declarations: [(Int, String)] = [(2, v2), (3, v3), (4, v4), (5, v5), (6, v6)]

    /// Version 2.
    static let v2 = #"""
{
  "name": "gov",
  "version": 2,
  "fingerprint": "f0cb2558c9f7e7f9",
  "tables": [
    {
      "name": "region",
      "primary_key": [
        {"name": "region_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "level", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "parent_code", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "holiday",
      "primary_key": [
        {"name": "day", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "kind", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "name", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "org",
      "primary_key": [
        {"name": "credit_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "org_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "region_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_catalog",
      "primary_key": [
        {"name": "catalog_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "by_law", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "use_level", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "task_state", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_impl",
      "primary_key": [
        {"name": "task_handle_item", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "catalog_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "dept_code", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "dept_name", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "project_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "anticipate_day", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "promise_day", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "limit_scene_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "is_online", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "proxy_allowed", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "handle_area", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "task_state", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_material",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_handle_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "material_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "is_need", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "material_format", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "order_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "case_accept",
      "primary_key": [
        {"name": "project_no", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_handle_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "project_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "apply_channel", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "applyer_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "applyer_name", "affinity": "TEXT", "not_null": false, "personal": "name", "published": false},
        {"name": "applyer_page_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "applyer_page_code", "affinity": "TEXT", "not_null": false, "personal": "id-number", "published": false},
        {"name": "cert_hash", "affinity": "TEXT", "not_null": false, "personal": "hash(applyer_page_code)", "published": false},
        {"name": "contact_mobile", "affinity": "TEXT", "not_null": false, "personal": "phone", "published": false},
        {"name": "address", "affinity": "TEXT", "not_null": false, "personal": "address", "published": false},
        {"name": "agent_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "project_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "apply_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "receive_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "accept_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "accept_node", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "handle_org", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "promise_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "paused_workdays", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "result_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "result_type", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "conclude_node", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "delivered_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town,village)", "published": false},
        {"name": "visit_count", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town,village)", "published": false},
        {"name": "status", "affinity": "TEXT", "not_null": true, "writers": "on-path(district,town,village)", "lattice": {"order": ["SUBMITTED", "RECEIVED", "ACCEPTED", "IN_PROCESS", "REVIEW", "WITHDRAWN", "NOT_ACCEPTED", "TERMINATED", "CONCLUDED", "DELIVERED"], "initial": {"ACCEPTED": "on-path(district,town)", "CONCLUDED": "on-path(district,town)", "DELIVERED": "on-path(district,town,village)", "IN_PROCESS": "on-path(district,town)", "NOT_ACCEPTED": "on-path(district,town)", "RECEIVED": "on-path(district,town)", "REVIEW": "on-path(district,town)", "SUBMITTED": "scope-node", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "transitions": {"ACCEPTED": {"CONCLUDED": "on-path(district,town)", "DELIVERED": "on-path(district,town,village)", "IN_PROCESS": "on-path(district,town)", "NOT_ACCEPTED": "on-path(district,town)", "REVIEW": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "CONCLUDED": {"DELIVERED": "on-path(district,town,village)"}, "IN_PROCESS": {"CONCLUDED": "on-path(district,town)", "DELIVERED": "on-path(district,town,village)", "NOT_ACCEPTED": "on-path(district,town)", "REVIEW": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "NOT_ACCEPTED": {"CONCLUDED": "on-path(district,town)", "DELIVERED": "on-path(district,town,village)", "TERMINATED": "on-path(district)"}, "RECEIVED": {"ACCEPTED": "on-path(district,town)", "CONCLUDED": "on-path(district,town)", "DELIVERED": "on-path(district,town,village)", "IN_PROCESS": "on-path(district,town)", "NOT_ACCEPTED": "on-path(district,town)", "REVIEW": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "REVIEW": {"CONCLUDED": "on-path(district,town)", "DELIVERED": "on-path(district,town,village)", "NOT_ACCEPTED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "SUBMITTED": {"ACCEPTED": "on-path(district,town)", "CONCLUDED": "on-path(district,town)", "DELIVERED": "on-path(district,town,village)", "IN_PROCESS": "on-path(district,town)", "NOT_ACCEPTED": "on-path(district,town)", "RECEIVED": "on-path(district,town)", "REVIEW": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "TERMINATED": {"CONCLUDED": "on-path(district,town)", "DELIVERED": "on-path(district,town,village)"}, "WITHDRAWN": {"CONCLUDED": "on-path(district,town)", "DELIVERED": "on-path(district,town,village)", "NOT_ACCEPTED": "on-path(district,town)", "TERMINATED": "on-path(district)"}}, "requires": {}}, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "case_event",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "event_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "node_id", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "handle_user_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "handle_explain", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "event_time", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "nobody",
      "delete": "nobody",
      "append_only": true
    },
    {
      "name": "case_material",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "material_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "get_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "get_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "on-path(district,town,village)",
      "delete": "on-path(district,town,village)",
      "append_only": false
    },
    {
      "name": "case_special",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "special_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "special_reason", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "start_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "end_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "paused_workdays", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "case_result",
      "primary_key": [
        {"name": "project_no", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "result_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "result_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "result_explain", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "cert_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "cert_no", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "is_delivery", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "evaluation",
      "primary_key": [
        {"name": "eval_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "node_id", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "eval_stage", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "level", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "channel", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "words", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "rater_name", "affinity": "TEXT", "not_null": false, "personal": "name", "published": false},
        {"name": "rater_phone", "affinity": "TEXT", "not_null": false, "personal": "phone", "published": false},
        {"name": "rater_cert_code", "affinity": "TEXT", "not_null": false, "personal": "id-number", "published": false},
        {"name": "rater_cert_hash", "affinity": "TEXT", "not_null": false, "personal": "hash(rater_cert_code)", "published": false},
        {"name": "eval_time", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "nobody",
      "delete": "nobody",
      "append_only": true
    },
    {
      "name": "rectification",
      "primary_key": [
        {"name": "eval_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "status", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "valid_flag", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "deadline", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "reform_content", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "closed_at", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "disclosure_catalog",
      "primary_key": [
        {"name": "item_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "domain_no", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "level1_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "level2_item", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "content_elements", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "time_limit_workdays", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "subject", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "disclosure_record",
      "primary_key": [
        {"name": "record_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "item_id", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "title", "affinity": "TEXT", "not_null": true, "published": true},
        {"name": "body", "affinity": "TEXT", "not_null": true, "published": true},
        {"name": "formed_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "due_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "publish_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "withdrawn", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "supervision_alert",
      "primary_key": [
        {"name": "alert_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "rule", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "color", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "raised_at", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "response", "affinity": "TEXT", "not_null": false, "writers": "scope-node", "personal": "free-text", "published": false},
        {"name": "closed_at", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(city)",
      "update": "on-path(city)",
      "delete": "nobody",
      "append_only": false
    }
  ]
}
"""#

    /// Version 3.
    static let v3 = #"""
{
  "name": "gov",
  "version": 3,
  "fingerprint": "d32a37447e19b40a",
  "tables": [
    {
      "name": "region",
      "primary_key": [
        {"name": "region_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "level", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "parent_code", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "holiday",
      "primary_key": [
        {"name": "day", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "kind", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "name", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "org",
      "primary_key": [
        {"name": "credit_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "org_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "region_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_catalog",
      "primary_key": [
        {"name": "catalog_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "by_law", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "use_level", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "task_state", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_impl",
      "primary_key": [
        {"name": "task_handle_item", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "catalog_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "dept_code", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "dept_name", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "project_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "anticipate_day", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "promise_day", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "limit_scene_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "is_online", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "proxy_allowed", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "handle_area", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "task_state", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_material",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_handle_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "material_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "is_need", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "material_format", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "order_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "case_accept",
      "primary_key": [
        {"name": "project_no", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_handle_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "project_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "apply_channel", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "applyer_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "applyer_name", "affinity": "TEXT", "not_null": false, "personal": "name", "published": false},
        {"name": "applyer_page_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "applyer_page_code", "affinity": "TEXT", "not_null": false, "personal": "id-number", "published": false},
        {"name": "cert_hash", "affinity": "TEXT", "not_null": false, "personal": "hash(applyer_page_code)", "published": false},
        {"name": "contact_mobile", "affinity": "TEXT", "not_null": false, "personal": "phone", "published": false},
        {"name": "address", "affinity": "TEXT", "not_null": false, "personal": "address", "published": false},
        {"name": "agent_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "project_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "apply_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "receive_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "accept_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "accept_node", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "handle_org", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "promise_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "paused_workdays", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "result_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "result_type", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "conclude_node", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "delivered_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town,village)", "published": false},
        {"name": "visit_count", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town,village)", "published": false},
        {"name": "status", "affinity": "TEXT", "not_null": true, "writers": "on-path(district,town,village)", "lattice": {"order": ["SUBMITTED", "RECEIVED", "ACCEPTED", "IN_PROCESS", "REVIEW", "WITHDRAWN", "NOT_ACCEPTED", "TERMINATED", "CONCLUDED", "DELIVERED"], "initial": {"SUBMITTED": "scope-node"}, "transitions": {"ACCEPTED": {"CONCLUDED": "on-path(district,town)", "IN_PROCESS": "on-path(district,town)", "REVIEW": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "CONCLUDED": {"DELIVERED": "on-path(district,town,village)"}, "IN_PROCESS": {"CONCLUDED": "on-path(district,town)", "REVIEW": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "RECEIVED": {"ACCEPTED": "on-path(district,town)", "NOT_ACCEPTED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "REVIEW": {"CONCLUDED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "SUBMITTED": {"ACCEPTED": "on-path(district,town)", "NOT_ACCEPTED": "on-path(district,town)", "RECEIVED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}}, "requires": {"ACCEPTED": ["accept_date"], "CONCLUDED": ["accept_date", "result_date", "result_type"], "DELIVERED": ["accept_date", "result_date", "result_type", "delivered_date"], "IN_PROCESS": ["accept_date"], "NOT_ACCEPTED": ["not_accept_reason"], "REVIEW": ["accept_date"]}}, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "not_accept_reason", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "personal": "free-text", "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "case_event",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "event_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "node_id", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "handle_user_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "handle_explain", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "event_time", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "nobody",
      "delete": "nobody",
      "append_only": true
    },
    {
      "name": "case_material",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "material_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "get_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "get_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "on-path(district,town,village)",
      "delete": "on-path(district,town,village)",
      "append_only": false
    },
    {
      "name": "case_special",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "special_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "special_reason", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "start_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "end_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "paused_workdays", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "case_result",
      "primary_key": [
        {"name": "project_no", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "result_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "result_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "result_explain", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "cert_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "cert_no", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "is_delivery", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "evaluation",
      "primary_key": [
        {"name": "eval_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "node_id", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "eval_stage", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "level", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "channel", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "words", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "rater_name", "affinity": "TEXT", "not_null": false, "personal": "name", "published": false},
        {"name": "rater_phone", "affinity": "TEXT", "not_null": false, "personal": "phone", "published": false},
        {"name": "rater_cert_code", "affinity": "TEXT", "not_null": false, "personal": "id-number", "published": false},
        {"name": "rater_cert_hash", "affinity": "TEXT", "not_null": false, "personal": "hash(rater_cert_code)", "published": false},
        {"name": "eval_time", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "nobody",
      "delete": "nobody",
      "append_only": true
    },
    {
      "name": "rectification",
      "primary_key": [
        {"name": "eval_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "status", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "valid_flag", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "deadline", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "reform_content", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "closed_at", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "disclosure_catalog",
      "primary_key": [
        {"name": "item_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "domain_no", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "level1_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "level2_item", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "content_elements", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "time_limit_workdays", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "subject", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "disclosure_record",
      "primary_key": [
        {"name": "record_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "item_id", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "title", "affinity": "TEXT", "not_null": true, "published": true},
        {"name": "body", "affinity": "TEXT", "not_null": true, "published": true},
        {"name": "formed_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "due_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "publish_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "withdrawn", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "supervision_alert",
      "primary_key": [
        {"name": "alert_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "rule", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "color", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "raised_at", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "response", "affinity": "TEXT", "not_null": false, "writers": "scope-node", "personal": "free-text", "published": false},
        {"name": "closed_at", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(city)",
      "update": "on-path(city)",
      "delete": "nobody",
      "append_only": false
    }
  ]
}
"""#

    /// Version 4.
    static let v4 = #"""
{
  "name": "gov",
  "version": 4,
  "fingerprint": "58e2bb06a38c652e",
  "tables": [
    {
      "name": "region",
      "primary_key": [
        {"name": "region_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "level", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "parent_code", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "holiday",
      "primary_key": [
        {"name": "day", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "kind", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "name", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "org",
      "primary_key": [
        {"name": "credit_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "org_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "region_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_catalog",
      "primary_key": [
        {"name": "catalog_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "by_law", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "use_level", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "task_state", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_impl",
      "primary_key": [
        {"name": "task_handle_item", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "catalog_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "dept_code", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "dept_name", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "project_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "anticipate_day", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "promise_day", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "limit_scene_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "is_online", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "proxy_allowed", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "handle_area", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "task_state", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_material",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_handle_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "material_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "is_need", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "material_format", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "order_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "case_accept",
      "primary_key": [
        {"name": "project_no", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_handle_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "project_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "apply_channel", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "applyer_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "applyer_name", "affinity": "TEXT", "not_null": false, "personal": "name", "published": false},
        {"name": "applyer_page_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "applyer_page_code", "affinity": "TEXT", "not_null": false, "personal": "id-number", "published": false},
        {"name": "cert_hash", "affinity": "TEXT", "not_null": false, "personal": "hash(applyer_page_code)", "published": false},
        {"name": "contact_mobile", "affinity": "TEXT", "not_null": false, "personal": "phone", "published": false},
        {"name": "address", "affinity": "TEXT", "not_null": false, "personal": "address", "published": false},
        {"name": "agent_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "project_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "apply_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "receive_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "accept_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "accept_node", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "handle_org", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "promise_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "paused_workdays", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "result_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "result_type", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "conclude_node", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "delivered_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town,village)", "published": false},
        {"name": "visit_count", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town,village)", "published": false},
        {"name": "status", "affinity": "TEXT", "not_null": true, "writers": "on-path(district,town,village)", "lattice": {"order": ["SUBMITTED", "RECEIVED", "ACCEPTED", "IN_PROCESS", "REVIEW", "WITHDRAWN", "NOT_ACCEPTED", "TERMINATED", "CONCLUDED", "DELIVERED"], "initial": {"SUBMITTED": "scope-node"}, "transitions": {"ACCEPTED": {"CONCLUDED": "on-path(district,town)", "IN_PROCESS": "on-path(district,town)", "REVIEW": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "CONCLUDED": {"DELIVERED": "on-path(district,town,village)"}, "IN_PROCESS": {"CONCLUDED": "on-path(district,town)", "REVIEW": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "RECEIVED": {"ACCEPTED": "on-path(district,town)", "NOT_ACCEPTED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "REVIEW": {"CONCLUDED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "SUBMITTED": {"ACCEPTED": "on-path(district,town)", "NOT_ACCEPTED": "on-path(district,town)", "RECEIVED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}}, "requires": {"ACCEPTED": ["accept_date"], "CONCLUDED": ["accept_date", "result_date", "result_type"], "DELIVERED": ["accept_date", "result_date", "result_type", "delivered_date"], "IN_PROCESS": ["accept_date"], "NOT_ACCEPTED": ["not_accept_reason"], "REVIEW": ["accept_date"]}}, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "not_accept_reason", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "personal": "free-text", "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "case_event",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "event_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "node_id", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "handle_user_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "handle_explain", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "event_time", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "nobody",
      "delete": "nobody",
      "append_only": true
    },
    {
      "name": "case_material",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "material_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "get_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "get_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "on-path(district,town,village)",
      "delete": "on-path(district,town,village)",
      "append_only": false
    },
    {
      "name": "case_special",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "special_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "special_reason", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "start_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "end_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "paused_workdays", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "case_result",
      "primary_key": [
        {"name": "project_no", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "result_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "result_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "result_explain", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "cert_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "cert_no", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "is_delivery", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "evaluation",
      "primary_key": [
        {"name": "eval_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "node_id", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "eval_stage", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "level", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "channel", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "words", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "rater_name", "affinity": "TEXT", "not_null": false, "personal": "name", "published": false},
        {"name": "rater_phone", "affinity": "TEXT", "not_null": false, "personal": "phone", "published": false},
        {"name": "rater_cert_code", "affinity": "TEXT", "not_null": false, "personal": "id-number", "published": false},
        {"name": "rater_cert_hash", "affinity": "TEXT", "not_null": false, "personal": "hash(rater_cert_code)", "published": false},
        {"name": "eval_time", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "nobody",
      "delete": "nobody",
      "append_only": true
    },
    {
      "name": "rectification",
      "primary_key": [
        {"name": "eval_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "status", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "valid_flag", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "deadline", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "reform_content", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "closed_at", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "disclosure_catalog",
      "primary_key": [
        {"name": "item_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "domain_no", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "level1_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "level2_item", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "content_elements", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "time_limit_workdays", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "subject", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "disclosure_record",
      "primary_key": [
        {"name": "record_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "item_id", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "title", "affinity": "TEXT", "not_null": true, "published": true},
        {"name": "body", "affinity": "TEXT", "not_null": true, "published": true},
        {"name": "formed_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "due_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "publish_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "withdrawn", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "supervision_alert",
      "primary_key": [
        {"name": "alert_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "rule", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "color", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "raised_at", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "response", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "personal": "free-text", "published": false},
        {"name": "closed_at", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "subject", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "responsible_node", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "raised_by", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "due_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "answered_at", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(city,district)",
      "update": "on-path(city,district)",
      "delete": "nobody",
      "append_only": false
    }
  ]
}
"""#

    /// Version 5.
    static let v5 = #"""
{
  "name": "gov",
  "version": 5,
  "fingerprint": "d0283ec7fcc07165",
  "tables": [
    {
      "name": "region",
      "primary_key": [
        {"name": "region_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "level", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "parent_code", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "holiday",
      "primary_key": [
        {"name": "day", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "kind", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "name", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "org",
      "primary_key": [
        {"name": "credit_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "org_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "region_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_catalog",
      "primary_key": [
        {"name": "catalog_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "by_law", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "use_level", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "task_state", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_impl",
      "primary_key": [
        {"name": "task_handle_item", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "catalog_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "dept_code", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "dept_name", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "project_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "anticipate_day", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "promise_day", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "limit_scene_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "is_online", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "proxy_allowed", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "handle_area", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "task_state", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_material",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_handle_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "material_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "is_need", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "material_format", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "order_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "case_accept",
      "primary_key": [
        {"name": "project_no", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_handle_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "project_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "apply_channel", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "applyer_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "applyer_name", "affinity": "TEXT", "not_null": false, "personal": "name", "published": false},
        {"name": "applyer_page_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "applyer_page_code", "affinity": "TEXT", "not_null": false, "personal": "id-number", "published": false},
        {"name": "cert_hash", "affinity": "TEXT", "not_null": false, "personal": "hash(applyer_page_code)", "published": false},
        {"name": "contact_mobile", "affinity": "TEXT", "not_null": false, "personal": "phone", "published": false},
        {"name": "address", "affinity": "TEXT", "not_null": false, "personal": "address", "published": false},
        {"name": "agent_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "project_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "apply_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "receive_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "accept_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "accept_node", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "handle_org", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "promise_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "paused_workdays", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "result_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "result_type", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "conclude_node", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "delivered_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town,village)", "published": false},
        {"name": "visit_count", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town,village)", "published": false},
        {"name": "status", "affinity": "TEXT", "not_null": true, "writers": "on-path(district,town,village)", "lattice": {"order": ["SUBMITTED", "RECEIVED", "ACCEPTED", "IN_PROCESS", "REVIEW", "WITHDRAWN", "NOT_ACCEPTED", "TERMINATED", "CONCLUDED", "DELIVERED"], "initial": {"SUBMITTED": "scope-node"}, "transitions": {"ACCEPTED": {"CONCLUDED": "on-path(district,town)", "IN_PROCESS": "on-path(district,town)", "REVIEW": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "CONCLUDED": {"DELIVERED": "on-path(district,town,village)"}, "IN_PROCESS": {"CONCLUDED": "on-path(district,town)", "REVIEW": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "RECEIVED": {"ACCEPTED": "on-path(district,town)", "NOT_ACCEPTED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "REVIEW": {"CONCLUDED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "SUBMITTED": {"ACCEPTED": "on-path(district,town)", "NOT_ACCEPTED": "on-path(district,town)", "RECEIVED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}}, "requires": {"ACCEPTED": ["accept_date"], "CONCLUDED": ["accept_date", "result_date", "result_type"], "DELIVERED": ["accept_date", "result_date", "result_type", "delivered_date"], "IN_PROCESS": ["accept_date"], "NOT_ACCEPTED": ["not_accept_reason"], "REVIEW": ["accept_date"]}}, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "not_accept_reason", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "personal": "free-text", "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "case_event",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "event_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "node_id", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "handle_user_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "handle_explain", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "event_time", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "nobody",
      "delete": "nobody",
      "append_only": true
    },
    {
      "name": "case_material",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "material_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "get_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "get_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "on-path(district,town,village)",
      "delete": "on-path(district,town,village)",
      "append_only": false
    },
    {
      "name": "case_special",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "special_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "special_reason", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "start_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "end_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "paused_workdays", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "case_result",
      "primary_key": [
        {"name": "project_no", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "result_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "result_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "result_explain", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "cert_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "cert_no", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "is_delivery", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "evaluation",
      "primary_key": [
        {"name": "eval_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "node_id", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "eval_stage", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "level", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "channel", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "words", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "rater_name", "affinity": "TEXT", "not_null": false, "personal": "name", "published": false},
        {"name": "rater_phone", "affinity": "TEXT", "not_null": false, "personal": "phone", "published": false},
        {"name": "rater_cert_code", "affinity": "TEXT", "not_null": false, "personal": "id-number", "published": false},
        {"name": "rater_cert_hash", "affinity": "TEXT", "not_null": false, "personal": "hash(rater_cert_code)", "published": false},
        {"name": "eval_time", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "org_code", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "window_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "work_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "handle_node", "affinity": "INTEGER", "not_null": false, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "nobody",
      "delete": "nobody",
      "append_only": true
    },
    {
      "name": "rectification",
      "primary_key": [
        {"name": "eval_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "status", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "valid_flag", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "deadline", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "reform_content", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "closed_at", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "state", "affinity": "TEXT", "not_null": false, "lattice": {"order": ["PENDING", "APPEALED", "IN_PROGRESS", "INVALID", "DONE"], "initial": {"PENDING": "on-path(district,town)"}, "transitions": {"APPEALED": {"INVALID": "on-path(district)", "IN_PROGRESS": "on-path(district)"}, "IN_PROGRESS": {"DONE": "on-path(district,town)"}, "PENDING": {"APPEALED": "on-path(district,town)", "DONE": "on-path(district,town)", "IN_PROGRESS": "on-path(district,town)"}}, "requires": {"DONE": ["reform_content", "closed_at"], "INVALID": ["closed_at"]}}, "published": false},
        {"name": "responsible_node", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "revisit_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "revisit_content", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "satisfied_after", "affinity": "INTEGER", "not_null": false, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "disclosure_catalog",
      "primary_key": [
        {"name": "item_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "domain_no", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "level1_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "level2_item", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "content_elements", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "time_limit_workdays", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "subject", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "disclosure_record",
      "primary_key": [
        {"name": "record_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "item_id", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "title", "affinity": "TEXT", "not_null": true, "published": true},
        {"name": "body", "affinity": "TEXT", "not_null": true, "published": true},
        {"name": "formed_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "due_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "publish_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "withdrawn", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "supervision_alert",
      "primary_key": [
        {"name": "alert_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "rule", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "color", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "raised_at", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "response", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "personal": "free-text", "published": false},
        {"name": "closed_at", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "subject", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "responsible_node", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "raised_by", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "due_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "answered_at", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(city,district)",
      "update": "on-path(city,district)",
      "delete": "nobody",
      "append_only": false
    }
  ]
}
"""#

    /// Version 6.
    static let v6 = #"""
{
  "name": "gov",
  "version": 6,
  "fingerprint": "ed89fc93e38b9c25",
  "tables": [
    {
      "name": "region",
      "primary_key": [
        {"name": "region_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "level", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "parent_code", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "holiday",
      "primary_key": [
        {"name": "day", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "kind", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "name", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "org",
      "primary_key": [
        {"name": "credit_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "org_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "region_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_catalog",
      "primary_key": [
        {"name": "catalog_code", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "by_law", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "use_level", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "task_state", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_impl",
      "primary_key": [
        {"name": "task_handle_item", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "catalog_code", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "dept_code", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "dept_name", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "project_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "anticipate_day", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "promise_day", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "limit_scene_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "is_online", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "proxy_allowed", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "handle_area", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "task_state", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "item_material",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_handle_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "material_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "is_need", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "material_format", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "order_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "case_accept",
      "primary_key": [
        {"name": "project_no", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "task_handle_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "task_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "project_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "apply_channel", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "applyer_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "applyer_name", "affinity": "TEXT", "not_null": false, "personal": "name", "published": false},
        {"name": "applyer_page_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "applyer_page_code", "affinity": "TEXT", "not_null": false, "personal": "id-number", "published": false},
        {"name": "cert_hash", "affinity": "TEXT", "not_null": false, "personal": "hash(applyer_page_code)", "published": false},
        {"name": "contact_mobile", "affinity": "TEXT", "not_null": false, "personal": "phone", "published": false},
        {"name": "address", "affinity": "TEXT", "not_null": false, "personal": "address", "published": false},
        {"name": "agent_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "project_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "apply_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "receive_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "accept_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "accept_node", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "handle_org", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "promise_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "paused_workdays", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "result_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "result_type", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "conclude_node", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town)", "published": false},
        {"name": "delivered_date", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town,village)", "published": false},
        {"name": "visit_count", "affinity": "INTEGER", "not_null": false, "writers": "on-path(district,town,village)", "published": false},
        {"name": "status", "affinity": "TEXT", "not_null": true, "writers": "on-path(district,town,village)", "lattice": {"order": ["SUBMITTED", "RECEIVED", "ACCEPTED", "IN_PROCESS", "REVIEW", "WITHDRAWN", "NOT_ACCEPTED", "TERMINATED", "CONCLUDED", "DELIVERED"], "initial": {"SUBMITTED": "scope-node"}, "transitions": {"ACCEPTED": {"CONCLUDED": "on-path(district,town)", "IN_PROCESS": "on-path(district,town)", "REVIEW": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "CONCLUDED": {"DELIVERED": "on-path(district,town,village)"}, "IN_PROCESS": {"CONCLUDED": "on-path(district,town)", "REVIEW": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "RECEIVED": {"ACCEPTED": "on-path(district,town)", "NOT_ACCEPTED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "REVIEW": {"CONCLUDED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}, "SUBMITTED": {"ACCEPTED": "on-path(district,town)", "NOT_ACCEPTED": "on-path(district,town)", "RECEIVED": "on-path(district,town)", "TERMINATED": "on-path(district)", "WITHDRAWN": "scope-node"}}, "requires": {"ACCEPTED": ["accept_date"], "CONCLUDED": ["accept_date", "result_date", "result_type"], "DELIVERED": ["accept_date", "result_date", "result_type", "delivered_date"], "IN_PROCESS": ["accept_date"], "NOT_ACCEPTED": ["not_accept_reason"], "REVIEW": ["accept_date"]}}, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "not_accept_reason", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "personal": "free-text", "published": false},
        {"name": "window_no", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "case_event",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "event_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "node_id", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "handle_user_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "handle_explain", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "event_time", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "nobody",
      "delete": "nobody",
      "append_only": true
    },
    {
      "name": "case_material",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "material_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "get_type", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "get_num", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "on-path(district,town,village)",
      "delete": "on-path(district,town,village)",
      "append_only": false
    },
    {
      "name": "case_special",
      "primary_key": [
        {"name": "row_guid", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "special_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "special_reason", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "start_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "end_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "paused_workdays", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "case_result",
      "primary_key": [
        {"name": "project_no", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "result_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "result_type", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "result_explain", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "cert_name", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "cert_no", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "is_delivery", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "evaluation",
      "primary_key": [
        {"name": "eval_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "node_id", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "eval_stage", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "level", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "channel", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "words", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "rater_name", "affinity": "TEXT", "not_null": false, "personal": "name", "published": false},
        {"name": "rater_phone", "affinity": "TEXT", "not_null": false, "personal": "phone", "published": false},
        {"name": "rater_cert_code", "affinity": "TEXT", "not_null": false, "personal": "id-number", "published": false},
        {"name": "rater_cert_hash", "affinity": "TEXT", "not_null": false, "personal": "hash(rater_cert_code)", "published": false},
        {"name": "eval_time", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "org_code", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "window_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "work_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "handle_node", "affinity": "INTEGER", "not_null": false, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town,village)",
      "update": "nobody",
      "delete": "nobody",
      "append_only": true
    },
    {
      "name": "rectification",
      "primary_key": [
        {"name": "eval_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "status", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "valid_flag", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "deadline", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "reform_content", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "closed_at", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "state", "affinity": "TEXT", "not_null": false, "lattice": {"order": ["PENDING", "APPEALED", "IN_PROGRESS", "INVALID", "DONE"], "initial": {"PENDING": "on-path(district,town)"}, "transitions": {"APPEALED": {"INVALID": "on-path(district)", "IN_PROGRESS": "on-path(district)"}, "IN_PROGRESS": {"DONE": "on-path(district,town)"}, "PENDING": {"APPEALED": "on-path(district,town)", "DONE": "on-path(district,town)", "IN_PROGRESS": "on-path(district,town)"}}, "requires": {"DONE": ["reform_content", "closed_at"], "INVALID": ["closed_at"]}}, "published": false},
        {"name": "responsible_node", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "revisit_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "revisit_content", "affinity": "TEXT", "not_null": false, "personal": "free-text", "published": false},
        {"name": "satisfied_after", "affinity": "INTEGER", "not_null": false, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "disclosure_catalog",
      "primary_key": [
        {"name": "item_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "domain_no", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "level1_item", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "level2_item", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "content_elements", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "time_limit_workdays", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "subject", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "disclosure_record",
      "primary_key": [
        {"name": "record_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "item_id", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "title", "affinity": "TEXT", "not_null": true, "published": true},
        {"name": "body", "affinity": "TEXT", "not_null": true, "published": true},
        {"name": "formed_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "due_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "publish_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "withdrawn", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "root-path",
      "insert": "scope-node",
      "update": "scope-node",
      "delete": "scope-node",
      "append_only": false
    },
    {
      "name": "supervision_alert",
      "primary_key": [
        {"name": "alert_id", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "rule", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "color", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "raised_at", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "response", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "personal": "free-text", "published": false},
        {"name": "closed_at", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false},
        {"name": "subject", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "responsible_node", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "raised_by", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "due_date", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "answered_at", "affinity": "TEXT", "not_null": false, "writers": "on-path(district,town)", "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(city,district)",
      "update": "on-path(city,district)",
      "delete": "nobody",
      "append_only": false
    },
    {
      "name": "e_license",
      "primary_key": [
        {"name": "license_no", "affinity": "TEXT"}
      ],
      "columns": [
        {"name": "project_no", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "license_name", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "issue_org", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "issue_date", "affinity": "TEXT", "not_null": true, "published": false},
        {"name": "valid_until", "affinity": "TEXT", "not_null": false, "published": false},
        {"name": "revoked", "affinity": "INTEGER", "not_null": false, "published": false},
        {"name": "scope", "affinity": "INTEGER", "not_null": true, "published": false}
      ],
      "scope_column": "scope",
      "flow": "upward",
      "insert": "on-path(district,town)",
      "update": "on-path(district,town)",
      "delete": "nobody",
      "append_only": false
    }
  ]
}
"""#
}
