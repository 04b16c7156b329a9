import LiandongCore
import LiandongTesting
import Testing

/// Findings of a peer written from the spec and fuzzed against admission: NaN cells, the withheld
/// version, provenance forged in the parent's name and rollbacks by causal length
/// (Protocols/SPEC.md §5, §17.3, §17.4). Each test failed before its fix.
@Suite struct HostileAdmissionTests {
    typealias A = AdmissionTests

    func admit(_ table: TableSpec, receiver: NodeID, _ change: RowChange, local: RowChange? = nil, from sender: NodeID, child: Bool) -> Result<RowChange?, Rejection> {
        Admission(table: table, receiver: receiver).admit(change, local: local, from: sender, senderIsChild: child)
    }

    func rejection(_ table: TableSpec, receiver: NodeID, _ change: RowChange, local: RowChange? = nil, from sender: NodeID, child: Bool) -> Rejection? {
        if case .failure(let rejection) = admit(table, receiver: receiver, change, local: local, from: sender, child: child) { return rejection }
        return nil
    }

    /// `row` with the cell at `column` set to `value` at `version`.
    func with(_ row: RowChange, column: Int, _ value: ColumnValue, at version: CellVersion) -> RowChange {
        var result = row
        result.values[column] = value
        var versions = row.versions.expanded(columnCount: row.values.count)
        versions[column] = version
        result.versions = CompactVersions(versions, fallback: row.versions.base)
        return result
    }

    @Test func nanEqualsItselfSoNoCheckIsSkipped() {
        #expect(ColumnValue.real(.nan) == .real(.nan))
        #expect(Set([ColumnValue.real(.nan), .real(-.nan)]).count == 1)
        #expect(ColumnValue.real(0.0) == .real(-0.0))
        #expect(ColumnValue.real(1) != .integer(1))
    }

    /// F5/F4: a village "erased" the town's decision with a NaN, which compared unequal to
    /// itself and so skipped every check; NaN is now refused as a shape error first.
    @Test func aNaNCellIsRefusedAsShape() throws {
        let decided = A.caseRow(decision: "准予许可", status: "ACCEPTED", by: A.village, at: 10)
        let local = with(decided, column: 2, .text("准予许可"), at: CellVersion(hlc: HLC(millis: 20), origin: A.town))
        let erased = with(local, column: 2, .real(.nan), at: CellVersion(hlc: HLC(millis: 30), origin: A.village))
        let refused = try #require(rejection(A.cases, receiver: A.town, erased, local: local, from: A.village, child: true))
        #expect(refused.rule == .shape && refused.column == "decision")
        // A NaN in a column the writer may write is refused as well: SQLite would store NULL.
        let applicant = with(local, column: 0, .real(.nan), at: CellVersion(hlc: HLC(millis: 30), origin: A.village))
        #expect(rejection(A.cases, receiver: A.town, applicant, local: local, from: A.village, child: true)?.rule == .shape)
    }

    /// F6: cells at the withheld version skipped every check: a village wrote the town's
    /// decision under it, and raw personal data reached the city under it.
    @Test func theWithheldVersionStandsOnlyOnEmptyPersonalCellsFromAboveTheCeiling() throws {
        let withheld = PrivacyProjection.withheldVersion
        let submitted = A.caseRow(phone: "13812345678", status: "SUBMITTED", by: A.village, at: 10)
        // A village creating a case with a decision only a town or district may write.
        let forgedDecision = with(submitted, column: 2, .text("准予许可"), at: withheld)
        #expect(rejection(A.cases, receiver: A.town, forgedDecision, from: A.village, child: true)?.rule == .withheld)
        // Empty in a nullable column that is not personal, the same pair is the never-written
        // version (a column a later schema version added, SPEC §12.1): it sets nothing, so it
        // passes; in a NOT NULL column it is refused.
        #expect(rejection(A.cases, receiver: A.town, with(submitted, column: 2, .null, at: withheld), from: A.village, child: true) == nil)
        #expect(rejection(A.cases, receiver: A.town, with(submitted, column: 4, .null, at: withheld), from: A.village, child: true)?.rule == .withheld)
        // A raw phone number at the city under the withheld version.
        let rawAtCity = with(submitted, column: 1, .text("13812345678"), at: withheld)
        #expect(rejection(A.cases, receiver: A.city, rawAtCity, from: A.district, child: true)?.rule == .withheld)
        // Empty and personal, but sent up (district → city) or between tiers below the ceiling.
        let emptied = with(submitted, column: 1, .null, at: withheld)
        #expect(rejection(A.cases, receiver: A.city, emptied, from: A.district, child: true)?.rule == .withheld)
        #expect(rejection(A.cases, receiver: A.village, emptied, from: A.town, child: false)?.rule == .withheld)
        // What the city really sends down to a district passes, and loses to the raw value held.
        let fromCity = PrivacyProjection(A.cases).withheldForBelow(submitted)
        let merged = try admit(A.cases, receiver: A.district, fromCity, local: submitted, from: A.city, child: false).get()
        #expect(merged == nil)
    }

    /// S4: a child wrote its parent's catalogue in the parent's name (the exception for a
    /// restored parent), and the parent relayed it to every sibling.
    @Test func aChildCannotWriteInItsParentsName() throws {
        let genuine = A.row([.text("本镇目录"), .integer(A.town.rawValue)], by: A.town, at: 10, scope: A.town)
        let forged = with(genuine, column: 0, .text("伪造"), at: CellVersion(hlc: HLC(millis: 20), origin: A.town))
        let refused = try #require(rejection(A.catalogue, receiver: A.town, forged, local: genuine, from: A.village, child: true))
        #expect(refused.rule == .provenance && refused.writer == A.town && refused.column == "name")
        // Nor create one the town does not hold, nor delete one.
        #expect(rejection(A.catalogue, receiver: A.town, forged, from: A.village, child: true)?.rule == .provenance)
        var deletion = genuine
        deletion.causalLength = 2
        deletion.values = []
        deletion.versions = CompactVersions(base: CellVersion(hlc: HLC(millis: 30), origin: A.town))
        #expect(rejection(A.catalogue, receiver: A.town, deletion, local: genuine, from: A.village, child: true)?.rule == .provenance)
    }

    /// S4, the other half: a child's row carrying back the town's decision, which the town holds
    /// (or has overtaken), is admitted with the child's own changes.
    @Test func aChildsRowCarryingItsParentsDecisionsIsAdmitted() throws {
        let submitted = A.caseRow(status: "SUBMITTED", by: A.village, at: 10)
        let decided = with(submitted, column: 2, .text("准予许可"), at: CellVersion(hlc: HLC(millis: 20), origin: A.town))
        // The village changed the applicant after receiving the town's decision.
        let villageEdit = with(decided, column: 0, .text("李四"), at: CellVersion(hlc: HLC(millis: 30), origin: A.village))
        let merged = try #require(try admit(A.cases, receiver: A.town, villageEdit, local: decided, from: A.village, child: true).get())
        #expect(merged.values[0] == .text("李四") && merged.values[2] == .text("准予许可"))
        // The town had since changed its decision: the older one the village carries loses.
        let redecided = with(decided, column: 2, .text("不予许可"), at: CellVersion(hlc: HLC(millis: 40), origin: A.town))
        let merged2 = try #require(try admit(A.cases, receiver: A.town, villageEdit, local: redecided, from: A.village, child: true).get())
        #expect(merged2.values[0] == .text("李四") && merged2.values[2] == .text("不予许可"))
    }

    /// S5: raising a case's causal length from 1 to 3 rolled its status back and wiped the
    /// town's columns, although cases are never deleted.
    @Test func raisingTheCausalLengthIsADeleteAndAnInsert() throws {
        let accepted = with(
            A.caseRow(decision: "准予许可", status: "SUBMITTED", by: A.village, at: 10), column: 3, .text("ACCEPTED"),
            at: CellVersion(hlc: HLC(millis: 20), origin: A.town))
        let rollback = A.caseRow(status: "SUBMITTED", by: A.village, at: 30, scope: A.village)
        var reincarnated = rollback
        reincarnated.causalLength = 3
        let refused = try #require(rejection(A.cases, receiver: A.town, reincarnated, local: accepted, from: A.village, child: true))
        #expect(refused.rule == .authority && refused.writer == A.village && refused.detail.contains("1 → 3"))
        // Also where the receiver never saw the row: no case reaches causal length 3 honestly.
        #expect(rejection(A.cases, receiver: A.town, reincarnated, from: A.village, child: true)?.rule == .authority)
        // A table whose publisher may delete: its re-insert passes, a stranger's does not.
        let published = A.row([.text("目录"), .integer(A.village.rawValue)], by: A.village, at: 10, scope: A.village)
        var republished = A.row([.text("新目录"), .integer(A.village.rawValue)], by: A.village, at: 30, scope: A.village)
        republished.causalLength = 3
        #expect(rejection(A.catalogue, receiver: A.town, republished, local: published, from: A.village, child: true) == nil)
        // One change may not jump the causal length by more than 2^20.
        var jump = republished
        jump.causalLength = 3 + RowChange.maxCausalLengthJump
        #expect(rejection(A.catalogue, receiver: A.town, jump, local: published, from: A.village, child: true)?.rule == .causalLength)
    }

    /// A deletion that passes over a re-insert stands for that insert too: on a table where the
    /// town may delete but only the row's own node may insert, the town may not jump 1 → 4.
    @Test func aDeletionPassingOverAReinsertMeetsTheInsertRule() throws {
        let table = TableSpec(
            name: "notice", primaryKey: [ColumnSpec("id", .text, notNull: true)],
            columns: [ColumnSpec("text", .text), ColumnSpec("scope", .integer, notNull: true)],
            scopeColumn: "scope", insert: .scopeNode, update: .scopeNode, delete: .onPath([.town]))
        let live = A.row([.text("通知"), .integer(A.village.rawValue)], by: A.village, at: 10, scope: A.village)
        func deletion(_ cl: Int64) -> RowChange {
            RowChange(table: 0, key: [.text("k")], causalLength: cl, values: [], versions: CompactVersions(base: CellVersion(hlc: HLC(millis: 20), origin: A.town)), scope: A.village)
        }
        #expect(rejection(table, receiver: A.district, deletion(2), local: live, from: A.town, child: true) == nil)
        let refused = try #require(rejection(table, receiver: A.district, deletion(4), local: live, from: A.town, child: true))
        #expect(refused.rule == .authority && refused.detail.contains("inserts the row (at 3)"))
    }
}
