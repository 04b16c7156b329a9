/// The supervision statistics (电子监察统计) as SQL views over the mirrored tables
/// (docs/postgres-mirror.md). `stats_daily` holds, per district (区县) and day, the additive counts of
/// `SupervisionStatistics` as `liandong stats` defines them; summing a period's days of a district
/// gives that district's numbers for the period, and `stats_by_district` (a function of the period)
/// gives them directly with the rates.
///
/// The counts that depend on the working-day calendar (按时办结 on time, 超期 overdue) or on the
/// state at the end of the period (未关闭 alerts open, 差评整改 rectified) are not in the views.
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
        return [view, function]
    }
}
