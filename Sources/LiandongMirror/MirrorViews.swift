import LiandongDomain

/// The supervision statistics (电子监察统计) as SQL views over the mirrored tables
/// (docs/postgres-mirror.md). `stats_daily` holds, per district (区县) and day, the additive counts of
/// `SupervisionStatistics` as `liandong stats` defines them; summing a period's days of a district
/// gives that district's numbers for the period, and `stats_by_district` (a function of the period)
/// gives them directly with the rates.
///
/// `supervision_stats(root, from_day, to_day, group_by)` gives every figure of `liandong stats`,
/// those that need the working-day calendar (按时办结 on time, 超期 overdue, over the mirrored
/// `holiday` table) or the state at the end of the period (未关闭 alerts open, 差评整改
/// rectified) included, grouped as `liandong stats --by` groups: by region at a tier, by
/// department or by item, with the total last. The grouping's SQL is `StatisticsGrouping`'s own.
enum MirrorViews {
    /// The district of a scope (a region code): its first six digits; the city itself for a
    /// city-level scope, as `SupervisionStatistics` groups by region at the district tier.
    static let district = "CASE WHEN %@ % 100000000 = 0 THEN %@ ELSE %@ / 1000000 * 1000000 END"

    static func district(_ column: String) -> String { district.replacingOccurrences(of: "%@", with: column) }

    static func statements(schema s: String, tables: Set<String>) -> [String] {
        guard tables.isSuperset(of: ["case_accept", "evaluation", "supervision_alert"]) else { return [] }
        let view = """
            CREATE OR REPLACE VIEW \(s).stats_daily AS
            SELECT district, day,
                sum(accepted)::bigint AS accepted, sum(not_accepted)::bigint AS not_accepted, sum(concluded)::bigint AS concluded,
                sum(one_visit)::bigint AS one_visit, sum(zero_visit)::bigint AS zero_visit,
                sum(online)::bigint AS online, sum(proxy)::bigint AS proxy, sum(instant_accepted)::bigint AS instant_accepted,
                sum(evaluations)::bigint AS evaluations, sum(good)::bigint AS good, sum(bad)::bigint AS bad,
                sum(alerts_raised)::bigint AS alerts_raised, sum(alerts_answered)::bigint AS alerts_answered
            FROM (
                SELECT \(district("c.scope")) AS district, substr(c.accept_date, 1, 10) AS day,
                    1 AS accepted, 0 AS not_accepted, 0 AS concluded, 0 AS one_visit, 0 AS zero_visit,
                    (c.apply_channel = 'online')::int AS online, (c.apply_channel = 'proxy')::int AS proxy,
                    (c.project_type = '1')::int AS instant_accepted,
                    0 AS evaluations, 0 AS good, 0 AS bad, 0 AS alerts_raised, 0 AS alerts_answered
                FROM \(s).case_accept c WHERE c.accept_date IS NOT NULL
                UNION ALL
                SELECT \(district("c.scope")), substr(c.result_date, 1, 10),
                    0, (c.status = 'NOT_ACCEPTED')::int, (c.status IN ('CONCLUDED', 'DELIVERED'))::int,
                    (c.status IN ('CONCLUDED', 'DELIVERED') AND coalesce(c.visit_count, 1) <= 1)::int,
                    (c.status IN ('CONCLUDED', 'DELIVERED') AND coalesce(c.visit_count, 1) = 0)::int,
                    0, 0, 0, 0, 0, 0, 0, 0
                FROM \(s).case_accept c WHERE c.result_date IS NOT NULL AND c.status IN ('CONCLUDED', 'DELIVERED', 'NOT_ACCEPTED')
                UNION ALL
                SELECT \(district("e.scope")), substr(e.eval_time, 1, 10), 0, 0, 0, 0, 0, 0, 0, 0,
                    1, (e.level >= 4)::int, (e.level <= 2)::int, 0, 0
                FROM \(s).evaluation e
                UNION ALL
                SELECT \(district("a.scope")), substr(a.raised_at, 1, 10), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0
                FROM \(s).supervision_alert a
                UNION ALL
                SELECT \(district("a.scope")), substr(coalesce(a.answered_at, a.raised_at), 1, 10), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
                FROM \(s).supervision_alert a WHERE a.response IS NOT NULL AND trim(a.response) <> ''
            ) parts
            GROUP BY district, day
            """
        let function = """
            CREATE OR REPLACE FUNCTION \(s).stats_by_district(from_day text, to_day text)
            RETURNS TABLE (district bigint, accepted bigint, not_accepted bigint, concluded bigint, one_visit bigint, zero_visit bigint,
                online bigint, proxy bigint, instant_accepted bigint, evaluations bigint, good bigint, bad bigint,
                alerts_raised bigint, alerts_answered bigint, one_visit_rate numeric, online_rate numeric, good_rate numeric)
            LANGUAGE sql STABLE AS $$
                SELECT district, sum(accepted)::bigint, sum(not_accepted)::bigint, sum(concluded)::bigint, sum(one_visit)::bigint, sum(zero_visit)::bigint,
                    sum(online)::bigint, sum(proxy)::bigint, sum(instant_accepted)::bigint, sum(evaluations)::bigint, sum(good)::bigint, sum(bad)::bigint,
                    sum(alerts_raised)::bigint, sum(alerts_answered)::bigint,
                    round(sum(one_visit)::numeric / nullif(sum(concluded), 0), 4), round(sum(online)::numeric / nullif(sum(accepted), 0), 4),
                    round(sum(good)::numeric / nullif(sum(evaluations), 0), 4)
                FROM \(s).stats_daily WHERE day BETWEEN from_day AND to_day GROUP BY district ORDER BY district
            $$
            """
        return [view, function] + calendarFunctions(schema: s) + (tables.isSuperset(of: ["holiday", "rectification", "region"]) ? [supervisionStats(schema: s)] : [])
    }

    /// Region codes and the working-day calendar (`WorkCalendar`) in SQL.
    static func calendarFunctions(schema s: String) -> [String] {
        [
            """
            CREATE OR REPLACE FUNCTION \(s).ld_tier(code bigint) RETURNS int LANGUAGE sql IMMUTABLE AS $$
                SELECT CASE WHEN code % 1000 <> 0 THEN 4 WHEN (code / 1000) % 1000 <> 0 THEN 3 WHEN (code / 1000000) % 100 <> 0 THEN 2 ELSE 1 END
            $$
            """,
            // The ancestor of `code` at `tier`; `code` itself when it lies above that tier.
            """
            CREATE OR REPLACE FUNCTION \(s).ld_ancestor(code bigint, tier int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
                SELECT CASE WHEN \(s).ld_tier(code) <= tier THEN code WHEN tier = 1 THEN code / 100000000 * 100000000
                    WHEN tier = 2 THEN code / 1000000 * 1000000 ELSE code / 1000 * 1000 END
            $$
            """,
            """
            CREATE OR REPLACE FUNCTION \(s).ld_subtree_end(code bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
                SELECT code + CASE \(s).ld_tier(code) WHEN 4 THEN 1 WHEN 3 THEN 1000 WHEN 2 THEN 1000000 ELSE 100000000 END - 1
            $$
            """,
            // Weekends rest unless the calendar marks them `workday` (调休上班); weekdays work unless marked a holiday.
            """
            CREATE OR REPLACE FUNCTION \(s).is_working_day(d date) RETURNS boolean LANGUAGE sql STABLE AS $$
                SELECT coalesce((SELECT h.kind = 'workday' FROM \(s).holiday h WHERE h.day = to_char(d, 'YYYY-MM-DD') LIMIT 1), extract(isodow FROM d) <= 5)
            $$
            """,
            // The day `n` working days after `d` (`d` itself for n = 0), as `WorkCalendar.adding`.
            """
            CREATE OR REPLACE FUNCTION \(s).add_working_days(d date, n int) RETURNS date LANGUAGE plpgsql STABLE AS $$
            DECLARE
                current_day date := d;
                left_days int := n;
            BEGIN
                WHILE left_days > 0 LOOP
                    current_day := current_day + 1;
                    IF \(s).is_working_day(current_day) THEN left_days := left_days - 1; END IF;
                END LOOP;
                RETURN current_day;
            END
            $$
            """,
        ]
    }

    /// Every figure of `SupervisionStatistics` for `root`'s subtree and the period, as
    /// `SupervisionStatistics.compute` defines them (see its documentation).
    static func supervisionStats(schema s: String) -> String {
        let concluded = "('\(CaseStatus.concluded.rawValue)', '\(CaseStatus.delivered.rawValue)')"
        let closed = "('" + [CaseStatus.concluded, .delivered, .notAccepted, .withdrawn, .terminated].map(\.rawValue).joined(separator: "', '") + "')"
        func flag(_ condition: String) -> String { "coalesce((\(condition)), false)::int" }
        func day(_ column: String) -> String { "substr(\(column), 1, 10)::date" }
        /// The rows of one grouping, one per source row, in the order of the `RETURNS TABLE` counts.
        func parts(_ grouping: StatisticsGrouping?) -> String {
            let regional = grouping == nil
            func key(_ scope: String) -> String { regional ? "lpad(\(s).ld_ancestor(\(scope), tier)::text, 12, '0')" : grouping!.caseKeySQL }
            let name = regional ? "NULL::text" : grouping!.caseNameSQL
            let caseJoin = grouping?.caseJoinSQL ?? ""
            func joinToCase(_ column: String) -> String { grouping?.joinToCaseSQL(projectColumn: column) ?? "" }
            let zeros = { (count: Int) in Array(repeating: "0", count: count).joined(separator: ", ") }
            return """
                SELECT \(key("c.scope")) AS k, \(name) AS nm,
                    \(flag("x.acc")), \(flag("c.status = '\(CaseStatus.notAccepted.rawValue)' AND d.rd BETWEEN f AND t")), \(flag("x.conc")),
                    \(flag("x.conc AND NOT x.late")), \(flag("(x.conc AND x.late) OR x.open_overdue")),
                    \(flag("x.acc AND d.instant")),
                    \(flag("x.acc AND d.instant AND c.status IN \(concluded) AND d.rd = d.ad AND c.conclude_node IS NOT NULL AND c.conclude_node = c.accept_node")),
                    \(flag("x.conc AND d.visits <= 1")), \(flag("x.conc AND d.visits = 0")),
                    \(flag("x.acc AND c.apply_channel = 'online'")), \(flag("x.acc AND c.apply_channel = 'proxy'")),
                    \(zeros(8))
                FROM case_accept c \(caseJoin)
                CROSS JOIN LATERAL (SELECT \(day("c.accept_date")) AS ad, \(day("c.result_date")) AS rd,
                    CASE WHEN c.promise_date IS NULL THEN NULL ELSE add_working_days(\(day("c.promise_date")), coalesce(c.paused_workdays, 0)::int) END AS due,
                    coalesce(c.visit_count, 1) AS visits, coalesce(c.project_type = '1', false) AS instant) d
                CROSS JOIN LATERAL (SELECT coalesce(d.ad BETWEEN f AND t, false) AS acc,
                    c.status IN \(concluded) AND coalesce(d.rd BETWEEN f AND t, false) AS conc,
                    coalesce(d.rd > d.due, false) AS late,
                    coalesce(d.ad <= t AND d.due < t, false)
                        AND NOT coalesce(c.status IN \(closed) AND CASE WHEN d.rd IS NOT NULL THEN d.rd <= t ELSE c.status NOT IN \(concluded) END, false) AS open_overdue) x
                WHERE c.scope BETWEEN root AND \(s).ld_subtree_end(root)
                UNION ALL
                SELECT \(key("e.scope")), \(name), \(zeros(11)), 1, \(flag("e.level >= 4")), \(flag("e.level <= 2")),
                    \(flag("e.level <= 2 AND r.valid_flag IS DISTINCT FROM 2")),
                    \(flag("e.level <= 2 AND r.valid_flag IS DISTINCT FROM 2 AND r.status = 21 AND \(day("r.closed_at")) <= \(day("r.deadline"))")),
                    0, 0, 0
                FROM evaluation e LEFT JOIN rectification r ON r.eval_id = e.eval_id \(joinToCase("e.project_no"))
                WHERE e.scope BETWEEN root AND \(s).ld_subtree_end(root) AND \(day("e.eval_time")) BETWEEN f AND t
                UNION ALL
                SELECT \(key("a.scope")), \(name), \(zeros(16)),
                    \(flag("\(day("a.raised_at")) BETWEEN f AND t")),
                    \(flag("a.response IS NOT NULL AND trim(a.response) <> '' AND \(day("coalesce(a.answered_at, a.raised_at)")) BETWEEN f AND t")),
                    \(flag("\(day("a.raised_at")) <= t AND (a.closed_at IS NULL OR \(day("a.closed_at")) > t)"))
                FROM supervision_alert a \(joinToCase("a.project_no"))
                WHERE a.scope BETWEEN root AND \(s).ld_subtree_end(root)
                """
        }
        let counts = [
            "accepted", "not_accepted", "concluded", "on_time", "overdue", "instant_accepted", "instant_on_site", "one_visit", "zero_visit",
            "online", "proxy", "evaluations", "good", "bad", "valid_bad", "rectified", "alerts_raised", "alerts_answered", "alerts_open",
        ]
        let rates = [
            ("on_time_rate", "on_time", "concluded"), ("on_site_rate", "instant_on_site", "instant_accepted"), ("one_visit_rate", "one_visit", "concluded"),
            ("zero_visit_rate", "zero_visit", "concluded"), ("online_rate", "online", "accepted"), ("proxy_rate", "proxy", "accepted"),
            ("good_rate", "good", "evaluations"), ("bad_rate", "bad", "evaluations"), ("rectified_rate", "rectified", "valid_bad"),
        ]
        let named = "('\(SupervisionStatistics.noDepartmentGroup)', '\(SupervisionStatistics.noCaseGroup)')"
        func query(_ grouping: StatisticsGrouping?) -> String {
            // The name of a region group is the region's; of the others, what their rows say.
            let name = grouping == nil ? "(SELECT rg.name FROM region rg WHERE rg.region_code = p.k LIMIT 1)" : "min(p.nm)"
            return """
                SELECT CASE WHEN GROUPING(p.k) = 1 THEN '\(SupervisionStatistics.totalGroup)' ELSE p.k END,
                    CASE WHEN GROUPING(p.k) = 1 THEN NULL ELSE \(name) END,
                    \(counts.indices.map { "coalesce(sum(p.c\($0)), 0)::bigint" }.joined(separator: ", ")),
                    \(rates.map { rate in "round(sum(p.c\(counts.firstIndex(of: rate.1)!))::numeric / nullif(sum(p.c\(counts.firstIndex(of: rate.2)!)), 0), 4)" }.joined(separator: ", "))
                FROM (\(parts(grouping))) AS p(k, nm, \(counts.indices.map { "c\($0)" }.joined(separator: ", ")))
                GROUP BY GROUPING SETS ((p.k), ())
                ORDER BY GROUPING(p.k), p.k IN \(named), p.k = '\(SupervisionStatistics.noCaseGroup)', p.k COLLATE "C"
                """
        }
        return """
            CREATE OR REPLACE FUNCTION \(s).supervision_stats(root bigint, from_day text, to_day text, group_by text DEFAULT NULL)
            RETURNS TABLE (group_key text, group_name text, \(counts.map { "\($0) bigint" }.joined(separator: ", ")), \(rates.map { "\($0.0) numeric" }.joined(separator: ", ")))
            LANGUAGE plpgsql STABLE SET search_path = \(s), pg_catalog AS $$
            #variable_conflict use_column
            DECLARE
                f date := from_day::date;
                t date := to_day::date;
                tier int;
            BEGIN
                CASE coalesce(group_by, '')
                    WHEN 'dept' THEN RETURN QUERY \(query(.department));
                    WHEN 'item' THEN RETURN QUERY \(query(.item));
                    ELSE
                        tier := CASE coalesce(group_by, '') WHEN '' THEN least(ld_tier(root) + 1, 4) WHEN 'district' THEN 2 WHEN 'town' THEN 3 WHEN 'village' THEN 4 END;
                        IF tier IS NULL THEN
                            RAISE EXCEPTION 'unknown grouping %: use district, town, village, dept or item (区县、乡镇、村、部门、事项)', group_by;
                        END IF;
                        RETURN QUERY \(query(nil));
                END CASE;
            END
            $$
            """
    }
}
