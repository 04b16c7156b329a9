/// Why a row change was refused: it names the writing node, the table, the column and the rule
/// (Protocols/SPEC.md §17.2). A refused change is neither applied nor relayed; the rest of its chunk is.
public struct Rejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rules a change can break.
    public enum Rule: String, Hashable, Sendable, Codable, CaseIterable {
        /// The row's scope is not on this node's (or the sending child's) root path.
        case scope
        /// The scope of a row is fixed when it is created.
        case scopeFixed = "scope-fixed"
        /// The writer may not write this table or column for a row with this scope.
        case authority
        /// Append-only tables take inserts only.
        case appendOnly = "append-only"
        /// The writer's tier may never set this status (no initial value or transition into it
        /// admits it).
        case status
        /// The status change is not one the state machine allows here, or the row lacks a column
        /// its status requires (SPEC §17.3).
        case transition
        /// A child relayed a change that no node of its subtree can have made.
        case provenance
        /// Personal data arrived raw above the privacy ceiling.
        case privacy
        /// The change does not fit the schema (missing scope, wrong shape, a NaN).
        case shape
        /// A cell carries the withheld version (clock 0, origin 0) where none may stand: only a
        /// personal column, empty, sent from above the privacy ceiling to below it (SPEC §17.4).
        case withheld
        /// A change raises the row's causal length further than one change may (SPEC §5.3).
        case causalLength = "causal-length"
        /// A cell relayed in another node's name that no seal of that node covers (SPEC §18.4).
        case seal

        /// The rule's name for operators, with its Chinese name.
        public var label: String {
            switch self {
            case .scope: "scope 可见范围"
            case .scopeFixed: "scope fixed 归属不可改"
            case .authority: "write authority 写权限"
            case .appendOnly: "append-only 只增不改"
            case .status: "status setter 办件状态"
            case .transition: "status transition 状态流转"
            case .provenance: "provenance 来源"
            case .privacy: "privacy 个人信息保护"
            case .shape: "shape 数据格式"
            case .withheld: "withheld version 隐去版本"
            case .causalLength: "causal length 因果长度"
            case .seal: "origin seal 来源签封"
            }
        }
    }

    /// The node whose write is refused (nil when the change carries no usable origin).
    public var writer: NodeID?
    public var table: String
    /// The column at fault; nil for the row as a whole (a deletion, a scope).
    public var column: String?
    public var rule: Rule
    public var detail: String

    public init(writer: NodeID?, table: String, column: String?, rule: Rule, detail: String) {
        self.writer = writer
        self.table = table
        self.column = column
        self.rule = rule
        self.detail = detail
    }

    public var description: String {
        let target = column.map { "\(table).\($0)" } ?? table
        let who = writer.map { "node \($0) (\($0.tier.name) \($0.tier.chineseName))" } ?? "unknown node"
        return "rejected write by \(who) to \(target): \(detail) [rule: \(rule.label)]"
    }
}

/// The checks a receiver makes on every row change before merging it (Protocols/SPEC.md §4–5, §17): scope,
/// write authority per table and column, append-only, who may set each status and the state
/// machine's transitions and requirements, provenance of
/// relayed changes, and privacy above the ceiling. Pure: it sees the local row state, the
/// incoming change and who sent it.
public struct Admission: Sendable {
    public let table: TableSpec
    public let receiver: NodeID
    public let lattices: [Int: StatusLattice]
    let privacy: PrivacyProjection
    let derived: Set<Int>
    /// The table's column names, and its lattices in column order with the indexes of the
    /// columns each requires (for `missingRequirement`).
    let columnNames: [String]
    let requirements: [(column: Int, lattice: StatusLattice, required: [Int])]
    /// The region tree ancestry is judged in (codes and moves, Protocols/SPEC.md §20).
    public let tree: RegionTree

    public init(table: TableSpec, receiver: NodeID, tree: RegionTree = .prefix) {
        self.tree = tree
        self.table = table
        self.receiver = receiver
        self.lattices = table.lattices
        let names = table.columns.map(\.name)
        self.columnNames = names
        self.requirements = table.lattices.sorted(by: { $0.key < $1.key }).map { column, lattice in
            (column, lattice, lattice.requiredColumns.compactMap { names.firstIndex(of: $0) })
        }
        self.privacy = PrivacyProjection(table)
        self.derived = Set(table.columns.indices.filter {
            if case .keyedHash = table.columns[$0].personal { return true }
            return false
        })
    }

    /// The merged state if `incoming` from `sender` is admissible, or the rejection.
    /// `.success(nil)` means the change is admissible and changes nothing here.
    ///
    /// `ownSealed`: hashes (`SealHash`, full form and deletion) of this node's own cells that a
    /// child vouches for with this node's own verified seals (Protocols/SPEC.md §18.5): a node
    /// restored from a backup takes back its lost writes from a child only so.
    public func admit(
        _ incoming: RowChange, local: RowChange?, from sender: NodeID, senderIsChild: Bool, ownSealed: Set<UInt64> = []
    ) -> Result<RowChange?, Rejection> {
        let scope = incoming.scope
        // Expanded once: every check below reads the incoming versions by column.
        let incomingVersions = incoming.isLive ? incoming.versions.expanded(columnCount: incoming.values.count) : []
        if let rejection = shapeOfCells(incoming, from: sender, senderIsChild: senderIsChild, versions: incomingVersions) { return .failure(rejection) }
        if let scopeIndex = table.scopeIndex {
            guard let scope else {
                return .failure(reject(incoming.versions.base.origin, nil, .shape, "the change carries no scope"))
            }
            if incoming.isLive, incoming.values[scopeIndex] != .integer(scope.rawValue) {
                return .failure(reject(incoming.versions.base.origin, table.scopeColumn, .shape, "the scope column disagrees with the change's scope \(scope)"))
            }
            guard table.isVisible(scope: scope, at: receiver, in: tree) else {
                return .failure(reject(incoming.versions.base.origin, nil, .scope, "a row scoped to \(scope) does not belong at node \(receiver) (flow: \(table.flow.rawValue))"))
            }
            if senderIsChild, !table.isVisible(scope: scope, at: sender, in: tree) {
                return .failure(reject(incoming.versions.base.origin, nil, .scope, "child \(sender) sent a row scoped to \(scope), outside its root path"))
            }
            if let local, let localScope = local.scope, localScope != scope {
                return .failure(reject(incoming.versions.base.origin, table.scopeColumn, .scopeFixed, "the row belongs to \(localScope); a change cannot move it to \(scope)"))
            }
        }
        guard let merged = RowMerge.merge(local: local, incoming: incoming, lattices: lattices) else { return .success(nil) }
        if let rejection = causalLengthChange(incoming, local: local, versions: incomingVersions) { return .failure(rejection) }

        if !incoming.isLive {
            let writer = incoming.versions.base.origin
            let vouched =
                writer == receiver && !ownSealed.isEmpty
                && ownSealed.contains(SealHash.deletion(table: incoming.table, key: incoming.key, causalLength: incoming.causalLength, version: incoming.versions.base))
            if !vouched, let rejection = provenance(writer, sender, senderIsChild, column: nil) { return .failure(rejection) }
            if table.appendOnly { return .failure(reject(writer, nil, .appendOnly, "rows of an append-only table are never deleted")) }
            guard permits(table.delete, writer, scope) else {
                return .failure(reject(writer, nil, .authority, "deleting a row scoped to \(scope.map(\.description) ?? "-"): \(table.delete.explanation)"))
            }
            return .success(merged)
        }

        if let missing = table.columns.indices.first(where: { table.columns[$0].notNull && merged.values[$0] == .null }) {
            return .failure(reject(incoming.versions.base.origin, table.columns[missing].name, .shape, "a required (NOT NULL) column is empty"))
        }
        let count = incoming.values.count
        let creation = local == nil || local!.causalLength != incoming.causalLength
        if table.appendOnly, let local, local.causalLength != incoming.causalLength {
            return .failure(reject(incoming.versions.base.origin, nil, .appendOnly, "rows of an append-only table are never deleted or re-inserted"))
        }
        if creation, let scopeIndex = table.scopeIndex {
            let creator = incomingVersions[scopeIndex].origin
            guard permits(table.insert, creator, scope) else {
                return .failure(reject(creator, nil, .authority, "creating a row scoped to \(scope!): \(table.insert.explanation)"))
            }
        }
        let localVersions = (creation ? nil : local)?.versions.expanded(columnCount: count)
        // With nothing held here the merged state is the incoming one.
        let mergedVersions = local == nil ? incomingVersions : merged.versions.expanded(columnCount: count)
        let creator = table.scopeIndex.map { incomingVersions[$0].origin } ?? incoming.versions.base.origin
        // Which cells this change sets here, for the lattices' requirements (none: not tracked).
        var setHere: [Bool] = requirements.isEmpty ? [] : Array(repeating: false, count: count)
        for column in 0..<count {
            let version = incomingVersions[column]
            // Only cells this change sets here need a writer with authority.
            guard merged.values[column] == incoming.values[column], mergedVersions[column] == version else { continue }
            if let localVersions, localVersions[column] == version { continue }
            if version == PrivacyProjection.withheldVersion { continue }
            let writer = version.origin
            let name = table.columns[column].name
            let vouched =
                writer == receiver && !ownSealed.isEmpty
                && ownSealed.contains(SealHash.cell(table: incoming.table, key: incoming.key, column: column, version: version, value: incoming.values[column]))
            if !vouched, let rejection = provenance(writer, sender, senderIsChild, column: name) { return .failure(rejection) }
            if receiver.tier < PrivacyProjection.ceiling, let personal = table.columns[column].personal {
                if !personal.isSafeAboveCeiling(incoming.values[column]) {
                    return .failure(reject(writer, name, .privacy, personal.refusalAboveCeiling))
                }
                if derived.contains(column) { continue }
            }
            if table.columns[column].published, case .text(let text) = incoming.values[column], PersonalIdentifiers.inPublishedText(text) {
                return .failure(reject(writer, name, .privacy, "published text (政务公开) must not contain an ID number or a phone number"))
            }
            // A personal cell the city withheld (SPEC §17.4) is filled in with its raw value, not
            // updated: a district restored from a backup gets its subtree's rows from the city
            // first and the raw values from its towns afterwards.
            let fillsWithheld = localVersions?[column] == PrivacyProjection.withheldVersion && table.columns[column].personal != nil
            if table.appendOnly, !creation, !fillsWithheld {
                return .failure(reject(writer, name, .appendOnly, "rows of an append-only table are never updated"))
            }
            let rule = table.writers(ofColumn: column)
            let permitted =
                permits(rule, writer, scope)
                || ((creation || fillsWithheld) && permits(table.insert, writer, scope)
                    && (incoming.values[column] == .null || table.columns[column].writers == nil))
            guard permitted else {
                return .failure(reject(writer, name, .authority, "\(rule.explanation) (row scoped to \(scope.map(\.description) ?? "-"))"))
            }
            if let lattice = lattices[column], case .text(let status) = incoming.values[column] {
                guard lattice.permitsEntering(incoming.values[column], by: writer, scope: scope) else {
                    return .failure(reject(writer, name, .status, "a \(writer.tier.name) (\(writer.tier.chineseName)) node may not set status \(status): \(lattice.describeWays(into: status))"))
                }
                if let refusal = transitionRefusal(lattice, status, column: column, by: writer, local: creation ? nil : local, localVersions: localVersions, creator: creator, scope: scope) {
                    return .failure(reject(writer, name, .transition, refusal))
                }
            }
            if !setHere.isEmpty { setHere[column] = true }
        }
        if let rejection = missingRequirement(merged, mergedVersions, setHere: setHere) { return .failure(rejection) }
        return .success(merged)
    }

    /// Why a status this change sets here breaks the state machine (SPEC §17.3, rule
    /// `transition`), or nil. On first sight of the row (or of a new incarnation), the status must
    /// be one the creator may create it with, or reachable from one with a last step by its writer.
    /// When the receiver holds the row, a status written by the writer of the receiver's own status
    /// must follow from it (the writer saw its own earlier write); a status by another node only
    /// needs a last step its writer may make, since the receiver cannot tell a write that saw its
    /// status from a concurrent one, which the lattice order settles.
    func transitionRefusal(
        _ lattice: StatusLattice, _ status: String, column: Int, by writer: NodeID, local: RowChange?, localVersions: [CellVersion]?, creator: NodeID, scope: NodeID?
    ) -> String? {
        guard let local, let localVersions else { return lattice.refusal(of: status, by: writer, scope: scope, creator: creator) }
        switch local.values[column] {
        case .text(let held) where held == status:
            return nil  // the same status at a newer version: no transition
        case .text(let held) where localVersions[column].origin == writer:
            return lattice.refusal(of: status, by: writer, scope: scope, floor: held)
        default:
            return lattice.refusal(of: status, by: writer, scope: scope)
        }
    }

    /// A merged row whose status lacks a column it requires (SPEC §17.3, rule `transition`),
    /// checked when the change sets the status or one of the required cells here. The writer
    /// named is the one of a required cell the change empties, else the status's. A withheld
    /// personal cell counts as filled.
    func missingRequirement(_ merged: RowChange, _ versions: [CellVersion], setHere: [Bool]) -> Rejection? {
        guard setHere.contains(true) else { return nil }
        let names = columnNames
        for (column, lattice, required) in requirements {
            guard setHere[column] || required.contains(where: { setHere[$0] }) else { continue }
            // A personal cell withheld from above the privacy ceiling (SPEC §17.4) was filled
            // where it was written: its value is unknown here, not empty.
            var values = merged.values
            for index in required where versions[index] == PrivacyProjection.withheldVersion { values[index] = .text("withheld") }
            guard let missing = lattice.missingRequirement(values, statusIndex: column, names: names) else { continue }
            let missingIndex = names.firstIndex(of: missing)
            let writer = missingIndex.flatMap { setHere[$0] ? versions[$0].origin : nil } ?? versions[column].origin
            return reject(
                writer, missing, .transition,
                "a row with status \(merged.values[column]) must have \(table.name).\(missing) filled (\(table.name).\(names[column]) requires it)")
        }
        return nil
    }

    /// Write authority in this node's tree; after a move (Protocols/SPEC.md §20) also in the tree the
    /// codes describe, so that a moved village's rows keep the cells its old town wrote while it
    /// was the village's town. A town's new writes for a village moved away never reach here: its
    /// parent refuses them by scope (the old town no longer sees the village).
    func permits(_ rule: WriteRule, _ writer: NodeID, _ scope: NodeID?) -> Bool {
        rule.permits(writer, scope: scope, in: tree) || (!tree.moves.isEmpty && rule.permits(writer, scope: scope, in: .prefix))
    }

    /// A child may relay only changes made inside its own subtree: everything else it holds came
    /// from this node, which holds it or something newer. Only cells that would change this
    /// node's state are checked (the callers skip the rest), so a child's row that carries its
    /// parent's decisions back up is admitted. This node's own writes count as foreign too: a
    /// node restored from a backup gets them back from its parent (SPEC §16, §17.3), never from a
    /// child, which could otherwise write anything in its parent's name.
    func provenance(_ writer: NodeID, _ sender: NodeID, _ senderIsChild: Bool, column: String?) -> Rejection? {
        guard senderIsChild, !tree.isAncestorOrSelf(sender, of: writer) else { return nil }
        return reject(writer, column, .provenance, "child \(sender) relayed a change by \(writer), which is outside its subtree")
    }

    /// Cells whose value or version no honest node sends: a NaN (SQLite cannot store one, SPEC
    /// §9.2), or the withheld version on a personal column anywhere but empty and sent from above
    /// the privacy ceiling to below it (SPEC §17.4), or on another column anything but empty and
    /// nullable (never written, SPEC §12.1).
    func shapeOfCells(_ incoming: RowChange, from sender: NodeID, senderIsChild: Bool, versions expanded: [CellVersion]? = nil) -> Rejection? {
        guard incoming.isLive, incoming.values.count == table.columns.count else { return nil }
        let origin = incoming.versions.base.origin
        if let column = incoming.values.firstIndex(where: \.isNaN) {
            return reject(origin, table.columns[column].name, .shape, "a real value is NaN (not a number), which SQLite cannot store")
        }
        let versions = expanded ?? incoming.versions.expanded(columnCount: incoming.values.count)
        let crossesCeilingDownwards = !senderIsChild && sender.tier < PrivacyProjection.ceiling && receiver.tier >= PrivacyProjection.ceiling
        for column in versions.indices where versions[column] == PrivacyProjection.withheldVersion {
            let name = table.columns[column].name
            guard table.columns[column].personal != nil else {
                // Not personal: a cell never written (a column a later schema version added,
                // widened from an older peer's row, SPEC §12.1), empty in a nullable column.
                guard incoming.values[column] == .null, !table.columns[column].notNull else {
                    return reject(nil, name, .withheld, "a cell at the never-written version (clock 0, origin 0) must be empty (NULL) in a nullable column")
                }
                continue
            }
            guard incoming.values[column] == .null else {
                return reject(nil, name, .withheld, "a cell at the withheld version (clock 0, origin 0) must be empty (NULL)")
            }
            guard crossesCeilingDownwards else {
                return reject(
                    nil, name, .withheld,
                    "node \(sender) (\(sender.tier.name)) may not send withheld personal cells to node \(receiver) (\(receiver.tier.name)): "
                        + "only a parent above the \(PrivacyProjection.ceiling.name) tier withholds them from its children")
            }
        }
        return nil
    }

    /// A winning change that raises the causal length is a delete and a re-insert (SPEC §5.1):
    /// every even length it passes over is a delete by the writer of the new state, which the
    /// table's delete rule must permit, and every odd one a re-insert, which the insert rule must
    /// (a live state's own incarnation meets the insert rule below, a deletion's final delete the
    /// delete rule). One change may raise the length by at most `RowChange.maxCausalLengthJump`.
    func causalLengthChange(_ incoming: RowChange, local: RowChange?, versions expanded: [CellVersion]? = nil) -> Rejection? {
        let from = local?.causalLength ?? 0
        guard incoming.causalLength > from else { return nil }
        let writer =
            if incoming.isLive, let scopeIndex = table.scopeIndex {
                (expanded ?? incoming.versions.expanded(columnCount: incoming.values.count))[scopeIndex].origin
            } else {
                incoming.versions.base.origin
            }
        if incoming.causalLength - from > RowChange.maxCausalLengthJump {
            return reject(
                writer, nil, .causalLength,
                "one change may raise a row's causal length by at most 2^20 (here from \(from) to \(incoming.causalLength))")
        }
        // Lengths strictly between the receiver's and the new one: deletes (even) and
        // re-inserts (odd) the change stands for besides its own state.
        let firstEven = from % 2 == 0 ? from + 2 : from + 1
        let firstOdd = from % 2 == 0 ? from + 1 : from + 2
        if firstEven < incoming.causalLength {
            if table.appendOnly {
                return reject(writer, nil, .appendOnly, "rows of an append-only table are never deleted or re-inserted (causal length \(from) → \(incoming.causalLength))")
            }
            guard permits(table.delete, writer, incoming.scope) else {
                return reject(
                    writer, nil, .authority,
                    "causal length \(from) → \(incoming.causalLength) deletes the row (at \(firstEven)) and inserts it again: \(table.delete.explanation)")
            }
        }
        if !incoming.isLive, firstOdd < incoming.causalLength, !permits(table.insert, writer, incoming.scope) {
            return reject(
                writer, nil, .authority,
                "causal length \(from) → \(incoming.causalLength) inserts the row (at \(firstOdd)) before deleting it: \(table.insert.explanation)")
        }
        return nil
    }

    func reject(_ writer: NodeID?, _ column: String?, _ rule: Rejection.Rule, _ detail: String) -> Rejection {
        Rejection(writer: writer, table: table.name, column: column, rule: rule, detail: detail)
    }
}

extension TableSpec {
    /// Status lattices by column index.
    public var lattices: [Int: StatusLattice] {
        var result: [Int: StatusLattice] = [:]
        for (index, column) in columns.enumerated() { if let lattice = column.lattice { result[index] = lattice } }
        return result
    }
}
