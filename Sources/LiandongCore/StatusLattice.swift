/// A status column (办件状态) that merges as a monotonic lattice and changes as a state machine
/// (Protocols/SPEC.md §5.3, §17.2, §17.3).
///
/// - **Merge.** Of two concurrent values the later one in `order` wins, so a status never moves
///   backwards at any node, whatever order changes arrive in.
/// - **Writes.** A row is created with one of the `initial` values, by a writer that value's rule
///   admits, and a local write moves the status only along a declared transition, by a writer
///   that transition's rule admits. Every transition goes up in `order`, so the state machine
///   never asks the merge to go back.
/// - **Requirements.** The row state holding a value must have the columns `requires` lists for
///   it filled (not NULL, not text of spaces only), and a local write never empties a column that some
///   value requires: evidence that travels with the row, so a receiver can tell a conclusion that
///   was never accepted, a delivery without a decision or a refusal without its reason.
public struct StatusLattice: Hashable, Sendable, Codable {
    /// Every value, lowest first. The order is the merge's total order, including for concurrent
    /// transitions from different tiers.
    public var order: [String]
    /// The values a row may be created with, and who may create it so (relative to the row's scope).
    public var initial: [String: WriteRule]
    /// The state machine: for each value, the values it may change to and who may make each
    /// change. A value with no transitions out is final (终态).
    public var transitions: [String: [String: WriteRule]]
    /// For each value, the columns (of the same table) that must be filled in a row state holding it.
    public var requires: [String: [String]]

    public init(order: [String], initial: [String: WriteRule], transitions: [String: [String: WriteRule]], requires: [String: [String]] = [:]) {
        self.order = order
        self.initial = initial
        self.transitions = transitions
        self.requires = requires
    }

    /// The rank of a value; unknown values and NULL rank below every known value.
    public func rank(_ value: ColumnValue) -> Int {
        guard case .text(let text) = value else { return -1 }
        return rank(text)
    }

    func rank(_ value: String) -> Int { order.firstIndex(of: value) ?? -1 }

    /// True when `writer` may change the status of a row scoped to `scope` from `from` to `to`
    /// in one step.
    public func permitsChange(from: ColumnValue, to: ColumnValue, by writer: NodeID, scope: NodeID?) -> Bool {
        guard case .text(let old) = from, case .text(let new) = to else { return false }
        return transitions[old]?[new]?.permits(writer, scope: scope) ?? false
    }

    /// True when `writer` may ever give a row scoped to `scope` the status `value`: by creating it
    /// so, or by some declared transition into it.
    public func permitsEntering(_ value: ColumnValue, by writer: NodeID, scope: NodeID?) -> Bool {
        guard case .text(let text) = value else { return false }
        if initial[text]?.permits(writer, scope: scope) == true { return true }
        return transitions.values.contains { $0[text]?.permits(writer, scope: scope) == true }
    }

    /// The values a row scoped to `scope` can reach from `starts` (included) through transitions
    /// that some node may make on it.
    public func reachable(from starts: some Sequence<String>, scope: NodeID?) -> Set<String> {
        var seen = Set(starts)
        var pending = Array(seen)
        while let value = pending.popLast() {
            for (next, rule) in transitions[value] ?? [:] where rule.hasWriter(forScope: scope) && seen.insert(next).inserted {
                pending.append(next)
            }
        }
        return seen
    }

    /// Whether a receiver may take `value`, written by `writer`, as the status of a row scoped to
    /// `scope` (Protocols/SPEC.md §17.3, rule `transition`). The receiver does not see every
    /// intermediate status (several transitions can happen at the writer between two syncs), so
    /// the writer must have been able to reach `value` by one last step of its own from a status
    /// `before` that can stand on the row:
    /// - `creator` set (the receiver has no state of this incarnation): `before` is reachable from
    ///   an initial status the creator may create the row with;
    /// - `floor` set (the receiver's status was written by this same writer, whose later write
    ///   saw its own earlier one): `before` ranks at or above `floor` (the writer held the floor or
    ///   something a concurrent change raised it to);
    /// - neither: `before` is any status reachable from an initial one. The receiver cannot tell
    ///   another node's write that saw its status from one made concurrently, before the two met,
    ///   and the lattice order settles concurrent writes; refusing them would split the replicas.
    /// Returns nil when admissible, or the reason in words.
    public func refusal(
        of value: String, by writer: NodeID, scope: NodeID?, creator: NodeID? = nil, floor: String? = nil
    ) -> String? {
        let starts = initial.filter { entry in
            if let creator { return entry.value.permits(creator, scope: scope) }
            return entry.value.hasWriter(forScope: scope)
        }.keys
        if creator != nil, starts.contains(value) { return nil }
        var candidates = reachable(from: starts, scope: scope)
        if let floor { candidates = candidates.filter { rank($0) >= rank(floor) } }
        if candidates.contains(where: { transitions[$0]?[value]?.permits(writer, scope: scope) == true }) { return nil }
        let who = "a \(writer.tier.name) (\(writer.tier.chineseName)) node"
        if let floor {
            return "\(who) that set status \(floor) itself may not move the row on to \(value) (\(describeWays(into: value)))"
        }
        if let creator {
            return "a row created by node \(creator) cannot reach status \(value) by a last step of \(who) (\(describeWays(into: value)))"
        }
        return "\(who) cannot reach status \(value) (\(describeWays(into: value)))"
    }

    /// The transitions into `value`, in words, for errors.
    public func describeWays(into value: String) -> String {
        var ways: [String] = []
        if let rule = initial[value] { ways.append("created so: \(rule.explanation)") }
        for from in order {
            if let rule = transitions[from]?[value] { ways.append("from \(from): \(rule.explanation)") }
        }
        return ways.isEmpty ? "no transition leads to \(value)" : ways.joined(separator: "; ")
    }

    /// The first column `requires` lists for the status in `values[statusIndex]` that is empty in
    /// `values` (columns named by `names`), or nil.
    public func missingRequirement(_ values: [ColumnValue], statusIndex: Int, names: [String]) -> String? {
        guard case .text(let status) = values[statusIndex], let needed = requires[status] else { return nil }
        return needed.first { name in names.firstIndex(of: name).map { Self.isEmpty(values[$0]) } ?? true }
    }

    /// Empty for a requirement: NULL, or text of nothing but spaces (U+0020), as SQLite's
    /// `trim(x)` sees it; the local guards use the same test.
    public static func isEmpty(_ value: ColumnValue) -> Bool {
        switch value {
        case .null: true
        case .text(let text): text.unicodeScalars.allSatisfy { $0 == " " }
        default: false
        }
    }

    /// The columns some value requires: once filled, a local write never empties them.
    public var requiredColumns: [String] {
        var seen: [String] = []
        for value in order { for name in requires[value] ?? [] where !seen.contains(name) { seen.append(name) } }
        return seen
    }

    /// The canonical text after `:l=` (grammar in Protocols/SPEC.md §6.2): the order, the initial
    /// values, the transitions and the requirements, each list sorted by value (code points).
    var canonical: String {
        let initial = self.initial.sorted { Self.precedes($0.key, $1.key) }.map { "\($0.key)=\($0.value)" }
        let steps = sortedTransitions.map { "\($0.from)>\($0.to)=\($0.rule)" }
        let needs = sortedRequirements.map { "\($0.value)=\($0.columns.joined(separator: "+"))" }
        return order.joined(separator: "<") + "/" + initial.joined(separator: ",") + "/" + steps.joined(separator: ",") + "/" + needs.joined(separator: ",")
    }

    /// Every transition, sorted by its from value, then its to value (code points).
    public var sortedTransitions: [(from: String, to: String, rule: WriteRule)] {
        transitions.flatMap { from, targets in targets.map { (from: from, to: $0.key, rule: $0.value) } }
            .sorted { $0.from != $1.from ? Self.precedes($0.from, $1.from) : Self.precedes($0.to, $1.to) }
    }

    /// Code-point order, the order of every sorted list in the canonical text.
    static func precedes(_ a: String, _ b: String) -> Bool { a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) }

    /// Every value's requirements, sorted by value (code points); each list in declared order.
    public var sortedRequirements: [(value: String, columns: [String])] {
        requires.filter { !$0.value.isEmpty }.sorted { Self.precedes($0.key, $1.key) }.map { (value: $0.key, columns: $0.value) }
    }

    /// Checks the declaration of column `column` of `table`: every value is in `order`, every
    /// transition goes up in it, every required column exists and is not the status itself.
    func validate(table: TableSpec, column: String) throws(SchemaError) {
        let name = "'\(table.name).\(column)'"
        guard Set(order).count == order.count, !order.isEmpty else { throw SchemaError("column \(name): the status order is empty or repeats a value") }
        for value in initial.keys where rank(value) < 0 { throw SchemaError("column \(name): initial status \(value) is not in the order") }
        for step in sortedTransitions {
            guard rank(step.from) >= 0, rank(step.to) >= 0 else { throw SchemaError("column \(name): transition \(step.from)>\(step.to) names a status not in the order") }
            guard rank(step.to) > rank(step.from) else {
                throw SchemaError("column \(name): transition \(step.from)>\(step.to) goes down the merge order, which the lattice would undo")
            }
        }
        let names = table.columns.map(\.name)
        for need in sortedRequirements {
            guard rank(need.value) >= 0 else { throw SchemaError("column \(name): a requirement names status \(need.value), not in the order") }
            for required in need.columns where !names.contains(required) || required == column || required == table.scopeColumn {
                throw SchemaError("column \(name): status \(need.value) requires '\(required)', which is not another non-key column of the table")
            }
        }
    }
}

extension StatusLattice {
    enum CodingKeys: String, CodingKey {
        case order, initial, transitions, requires
        /// Version 1 and 2 declarations: who may set each value, from any lower one.
        case setters
    }

    /// Declarations stored by earlier versions name only who may set each value (`setters`):
    /// they decode as the state machine they stood for, every move up the order to a value by
    /// that value's setter, and every value a row may start with, so a replica made by them
    /// still opens (to be created again under a newer declaration, docs/domain-schema.md).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let order = try container.decode([String].self, forKey: .order)
        if let setters = try container.decodeIfPresent([String: WriteRule].self, forKey: .setters) {
            var transitions: [String: [String: WriteRule]] = [:]
            for (index, from) in order.enumerated() {
                for to in order[(index + 1)...] { if let rule = setters[to] { transitions[from, default: [:]][to] = rule } }
            }
            self.init(order: order, initial: setters, transitions: transitions)
            return
        }
        self.init(
            order: order, initial: try container.decode([String: WriteRule].self, forKey: .initial),
            transitions: try container.decode([String: [String: WriteRule]].self, forKey: .transitions),
            requires: try container.decodeIfPresent([String: [String]].self, forKey: .requires) ?? [:])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(order, forKey: .order)
        try container.encode(initial, forKey: .initial)
        try container.encode(transitions, forKey: .transitions)
        try container.encode(requires, forKey: .requires)
    }
}
