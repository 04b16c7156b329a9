import Foundation
import LiandongCore
import LiandongTesting
import Testing

/// The receiver's rules (Protocols/SPEC.md §4–5, §17) on hand-made changes, and the status lattice's merge laws.
@Suite struct AdmissionTests {
    static let city = NodeID(rawValue: 441_700_000_000)
    static let district = NodeID(rawValue: 441_702_000_000)
    static let town = NodeID(rawValue: 441_702_001_000)
    static let village = NodeID(rawValue: 441_702_001_201)
    static let neighbour = NodeID(rawValue: 441_702_001_202)

    /// A small lifecycle: SUBMITTED by the hall, ACCEPTED and then CONCLUDED (with a decision)
    /// by the processing tiers, WITHDRAWN by the hall before the conclusion; WITHDRAWN and
    /// CONCLUDED are final.
    static let lattice = StatusLattice(
        order: ["SUBMITTED", "ACCEPTED", "WITHDRAWN", "CONCLUDED"],
        initial: ["SUBMITTED": .scopeNode],
        transitions: [
            "SUBMITTED": ["ACCEPTED": .onPath([.town, .district]), "WITHDRAWN": .scopeNode],
            "ACCEPTED": ["WITHDRAWN": .scopeNode, "CONCLUDED": .onPath([.town, .district])],
        ],
        requires: ["CONCLUDED": ["decision"]])

    /// A case-like table: application by the scope node, `decision` by the processing tiers, a
    /// status lattice, a personal `phone`.
    static let cases = TableSpec(
        name: "cases", primaryKey: [ColumnSpec("id", .text, notNull: true)],
        columns: [
            ColumnSpec("applicant", .text), ColumnSpec("phone", .text, personal: .phone),
            ColumnSpec("decision", .text, writers: .onPath([.town, .district])),
            ColumnSpec("status", .text, writers: .onPath([.village, .town, .district]), lattice: lattice),
            ColumnSpec("scope", .integer, notNull: true),
        ],
        scopeColumn: "scope", insert: .scopeNode, update: .scopeNode, delete: .nobody)
    static let catalogue = TableSpec(
        name: "catalogue", primaryKey: [ColumnSpec("code", .text, notNull: true)],
        columns: [ColumnSpec("name", .text), ColumnSpec("scope", .integer, notNull: true)],
        scopeColumn: "scope", insert: .scopeNode, update: .scopeNode, delete: .scopeNode)
    static let events = TableSpec(
        name: "events", primaryKey: [ColumnSpec("id", .text, notNull: true)],
        columns: [ColumnSpec("what", .text), ColumnSpec("scope", .integer, notNull: true)],
        scopeColumn: "scope", insert: .onPath([.village, .town, .district]), appendOnly: true)

    static func row(_ values: [ColumnValue], by writer: NodeID, at millis: Int64, scope: NodeID, cl: Int64 = 1) -> RowChange {
        RowChange(
            table: 0, key: [.text("k")], causalLength: cl, values: values, versions: CompactVersions(base: CellVersion(hlc: HLC(millis: millis), origin: writer)),
            scope: scope)
    }

    static func caseRow(applicant: String = "张三", phone: String? = nil, decision: String? = nil, status: String, by writer: NodeID, at millis: Int64, scope: NodeID = village) -> RowChange {
        row([.text(applicant), phone.map(ColumnValue.text) ?? .null, decision.map(ColumnValue.text) ?? .null, .text(status), .integer(scope.rawValue)], by: writer, at: millis, scope: scope)
    }

    func rejection(_ table: TableSpec, receiver: NodeID, _ change: RowChange, local: RowChange? = nil, from sender: NodeID, child: Bool) -> Rejection? {
        if case .failure(let rejection) = Admission(table: table, receiver: receiver).admit(change, local: local, from: sender, senderIsChild: child) { return rejection }
        return nil
    }

    @Test func aVillageMayNotWriteTheCatalogue() {
        let forged = Self.row([.text("伪造"), .integer(Self.city.rawValue)], by: Self.village, at: 10, scope: Self.city)
        let refused = rejection(Self.catalogue, receiver: Self.town, forged, from: Self.village, child: true)
        #expect(refused?.rule == .authority && refused?.writer == Self.village && refused?.table == "catalogue")
        // The city's own row passes through the same town on its way down.
        let genuine = Self.row([.text("低保"), .integer(Self.city.rawValue)], by: Self.city, at: 10, scope: Self.city)
        #expect(rejection(Self.catalogue, receiver: Self.town, genuine, from: Self.district, child: false) == nil)
    }

    @Test func aVillageMayNotWriteAnotherVillagesCase() {
        let forged = Self.caseRow(status: "SUBMITTED", by: Self.village, at: 10, scope: Self.neighbour)
        #expect(rejection(Self.cases, receiver: Self.town, forged, from: Self.village, child: true)?.rule == .scope)
        // Nor can a village receive one from above.
        #expect(rejection(Self.cases, receiver: Self.village, forged, from: Self.town, child: false)?.rule == .scope)
    }

    @Test func aVillageMayNotConcludeOrDecide() {
        let local = Self.caseRow(status: "SUBMITTED", by: Self.village, at: 10)
        var concluded = local
        concluded.values[3] = .text("CONCLUDED")
        concluded.versions = CompactVersions(base: local.versions.base, exceptions: [(3, CellVersion(hlc: HLC(millis: 20), origin: Self.village))])
        let refused = rejection(Self.cases, receiver: Self.town, concluded, local: local, from: Self.village, child: true)
        #expect(refused?.rule == .status && refused?.column == "status")
        var decided = local
        decided.values[2] = .text("准予")
        decided.versions = CompactVersions(base: local.versions.base, exceptions: [(2, CellVersion(hlc: HLC(millis: 20), origin: Self.village))])
        #expect(rejection(Self.cases, receiver: Self.town, decided, local: local, from: Self.village, child: true)?.rule == .authority)
        // The town may do both.
        var byTown = local
        byTown.values[2] = .text("准予")
        byTown.values[3] = .text("CONCLUDED")
        byTown.versions = CompactVersions(base: local.versions.base, exceptions: [(2, CellVersion(hlc: HLC(millis: 20), origin: Self.town)), (3, CellVersion(hlc: HLC(millis: 20), origin: Self.town))])
        #expect(rejection(Self.cases, receiver: Self.district, byTown, local: local, from: Self.town, child: true) == nil)
        // A new case may leave the town's columns empty, not fill them.
        #expect(rejection(Self.cases, receiver: Self.town, Self.caseRow(status: "SUBMITTED", by: Self.village, at: 10), from: Self.village, child: true) == nil)
        #expect(rejection(Self.cases, receiver: Self.town, Self.caseRow(decision: "准予", status: "SUBMITTED", by: Self.village, at: 10), from: Self.village, child: true)?.rule == .authority)
    }

    @Test func appendOnlyRowsAreNeverUpdatedOrDeleted() {
        let first = Self.row([.text("受理"), .integer(Self.village.rawValue)], by: Self.town, at: 10, scope: Self.village)
        #expect(rejection(Self.events, receiver: Self.district, first, from: Self.town, child: true) == nil)
        var edited = first
        edited.values[0] = .text("改写")
        edited.versions = CompactVersions(base: CellVersion(hlc: HLC(millis: 11), origin: Self.town))
        #expect(rejection(Self.events, receiver: Self.district, edited, local: first, from: Self.town, child: true)?.rule == .appendOnly)
        let deleted = RowChange(table: 0, key: [.text("k")], causalLength: 2, values: [], versions: CompactVersions(base: CellVersion(hlc: HLC(millis: 12), origin: Self.town)), scope: Self.village)
        #expect(rejection(Self.events, receiver: Self.district, deleted, local: first, from: Self.town, child: true)?.rule == .appendOnly)
        // A duplicate is fine.
        #expect(rejection(Self.events, receiver: Self.district, first, local: first, from: Self.town, child: true) == nil)
    }

    @Test func aChildCannotRelayAnOutsidersWrite() {
        // A town claiming the district changed a case it had never seen: forged provenance.
        let forged = Self.caseRow(decision: "不予", status: "SUBMITTED", by: Self.district, at: 10)
        #expect(rejection(Self.cases, receiver: Self.district, forged, from: Self.town, child: true)?.rule == .authority
            || rejection(Self.cases, receiver: Self.district, forged, from: Self.town, child: true)?.rule == .provenance)
        var local = Self.caseRow(status: "SUBMITTED", by: Self.village, at: 10)
        local.values[1] = .null
        var relayed = local
        relayed.values[2] = .text("不予")
        relayed.versions = CompactVersions(base: local.versions.base, exceptions: [(2, CellVersion(hlc: HLC(millis: 30), origin: Self.city))])
        #expect(rejection(Self.cases, receiver: Self.district, relayed, local: local, from: Self.town, child: true)?.rule == .provenance)
    }

    @Test func rawPersonalDataIsRefusedAboveTheDistrict() {
        let raw = Self.caseRow(phone: "13812345678", status: "SUBMITTED", by: Self.village, at: 10)
        #expect(rejection(Self.cases, receiver: Self.city, raw, from: Self.district, child: true)?.rule == .privacy)
        let masked = PrivacyProjection(Self.cases).maskedForAbove(raw, key: .random())
        #expect(masked.values[1] == .text("138****5678"))
        #expect(rejection(Self.cases, receiver: Self.city, masked, from: Self.district, child: true) == nil)
        // Below the ceiling the raw value is fine.
        #expect(rejection(Self.cases, receiver: Self.district, raw, from: Self.town, child: true) == nil)
    }

    @Test func masksMatchTheDomainRules() throws {
        #expect(PersonalData.name.masked(.text("张三")) == .text("张*"))
        #expect(PersonalData.idNumber.masked(.text("11010519491231002X")) == .text("110105********002X"))
        #expect(PersonalData.phone.masked(.text("13812345678")) == .text("138****5678"))
        #expect(PersonalData.idNumber.isSafeAboveCeiling(.text("110105********002X")))
        #expect(!PersonalData.idNumber.isSafeAboveCeiling(.text("11010519491231002X")))
        let key = PrivacyKey.random()
        let a = PersonalData.keyedHash(.text("11010519491231002X"), key: key)
        #expect(a == PersonalData.keyedHash(.text("11010519491231002X"), key: key))
        #expect(a != PersonalData.keyedHash(.text("11010519491231002X"), key: .random()))
        #expect(PersonalData.keyedHash(of: "id").isSafeAboveCeiling(a))
        #expect(PersonalData.keyedHash(.null, key: key) == .null)
        // HMAC-SHA256 as Protocols/SPEC.md §17.4 says: key bytes 00…1f, the ID number's UTF-8 bytes.
        let known = try PrivacyKey(hex: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        #expect(PersonalData.keyedHash(.text("11010519491231002X"), key: known) == .text("a66755453b106dcea0cfa264214ae59ff1e8b067f3e5f3aa8085e1d8757880eb"))
    }

    /// Declarations stored by version 1 name the hash `saltedHash`; they still decode, and the
    /// free-text kind round-trips.
    @Test func storedDeclarationsOfVersion1StillDecode() throws {
        let stored = #"{"saltedHash":{"of":"applyer_page_code"}}"#
        #expect(try JSONDecoder().decode(PersonalData.self, from: Data(stored.utf8)) == .keyedHash(of: "applyer_page_code"))
        #expect(String(decoding: try JSONEncoder().encode(PersonalData.keyedHash(of: "x")), as: UTF8.self).contains("saltedHash"))
        #expect(try JSONDecoder().decode(PersonalData.self, from: JSONEncoder().encode(PersonalData.freeText)) == .freeText)
        #expect(ColumnSpec("words", .text, personal: .freeText).isKeyedHash == false)
    }

    /// The lattice merge is a join, and no merge order ever moves a status backwards.
    @Test func statusNeverMovesBackwardsInAnyOrder() {
        var rng = SplitMix64(seed: 2026_11_23)
        let lattices = [3: Self.lattice]
        func join(_ a: RowChange, _ b: RowChange) -> RowChange { RowMerge.merge(local: a, incoming: b, lattices: lattices) ?? a }
        func random() -> RowChange {
            let status = Self.lattice.order.randomElement(using: &rng)!
            let writer = [Self.village, Self.town, Self.district].randomElement(using: &rng)!
            let millis = Int64.random(in: 1...4, using: &rng)
            var change = Self.caseRow(status: status, by: writer, at: millis)
            change.values[0] = .text("\(millis)@\(writer)")
            return change
        }
        for _ in 0..<3000 {
            let a = random(), b = random(), c = random()
            #expect(join(a, b).values == join(b, a).values)
            #expect(join(join(a, b), c).values == join(a, join(b, c)).values)
            #expect(join(a, a).values == a.values)
            var state = a
            for next in [b, c, a, b].shuffled(using: &rng) {
                let merged = join(state, next)
                #expect(Self.lattice.rank(merged.values[3]) >= Self.lattice.rank(state.values[3]))
                state = merged
            }
        }
        // The documented tie: a conclusion and a concurrent withdrawal → the conclusion stands.
        let withdrawn = Self.caseRow(status: "WITHDRAWN", by: Self.village, at: 50)
        let concluded = Self.caseRow(status: "CONCLUDED", by: Self.district, at: 40)
        #expect(join(withdrawn, concluded).values[3] == .text("CONCLUDED"))
        #expect(join(concluded, withdrawn).values[3] == .text("CONCLUDED"))
    }

    /// A lattice stored by version 2 (who may set each value) still decodes, as the state
    /// machine it stood for; the current form round-trips.
    @Test func storedLatticesOfVersion2StillDecode() throws {
        let stored = #"{"order":["SUBMITTED","ACCEPTED","CONCLUDED"],"setters":{"SUBMITTED":{"scopeNode":{}},"ACCEPTED":{"onPath":{"_0":[3]}},"CONCLUDED":{"onPath":{"_0":[3]}}}}"#
        let old = try JSONDecoder().decode(StatusLattice.self, from: Data(stored.utf8))
        #expect(old.permitsChange(from: .text("SUBMITTED"), to: .text("CONCLUDED"), by: Self.town, scope: Self.village))
        #expect(!old.permitsChange(from: .text("CONCLUDED"), to: .text("ACCEPTED"), by: Self.town, scope: Self.village))
        #expect(old.initial.keys.sorted() == ["ACCEPTED", "CONCLUDED", "SUBMITTED"] && old.requires.isEmpty)
        #expect(try JSONDecoder().decode(StatusLattice.self, from: JSONEncoder().encode(Self.lattice)) == Self.lattice)
        #expect(String(decoding: try JSONEncoder().encode(WriteRule.onPath([.town])), as: UTF8.self) == #"{"onPath":{"_0":[3]}}"#)
    }

    /// A state machine the lattice would undo, or one naming what the table lacks, is refused
    /// when the schema is validated.
    @Test func aStateMachineMustFitItsLatticeAndTable() throws {
        func schema(_ lattice: StatusLattice) -> ReplicaSchema {
            var table = Self.cases
            table.columns[3].lattice = lattice
            return ReplicaSchema(name: "t", version: 1, tables: [table])
        }
        try schema(Self.lattice).validate()
        var backwards = Self.lattice
        backwards.transitions["CONCLUDED"] = ["ACCEPTED": .onPath([.town])]
        #expect { try schema(backwards).validate() } throws: { "\($0)".contains("transition CONCLUDED>ACCEPTED goes down the merge order") }
        var unknown = Self.lattice
        unknown.transitions["ACCEPTED"]?["REVIEW"] = .onPath([.town])
        #expect { try schema(unknown).validate() } throws: { "\($0)".contains("names a status not in the order") }
        var missing = Self.lattice
        missing.requires["CONCLUDED"] = ["reason"]
        #expect { try schema(missing).validate() } throws: { "\($0)".contains("requires 'reason', which is not another non-key column") }
        var initial = Self.lattice
        initial.initial["OPEN"] = .scopeNode
        #expect { try schema(initial).validate() } throws: { "\($0)".contains("initial status OPEN is not in the order") }
    }

    @Test func regionCodesKnowTheirAncestorsAndSubtree() {
        #expect(Self.village.ancestorsOrSelf == [Self.city, Self.district, Self.town, Self.village])
        #expect(Self.village.parentCode == Self.town)
        #expect(Self.town.subtreeRange == 441_702_001_000...441_702_001_999)
        #expect(Self.city.parentCode == nil)
    }
}
