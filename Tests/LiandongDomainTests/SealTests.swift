import Crypto
import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// Origin seals at a checking receiver (Protocols/SPEC.md §18): a district merging what a town
/// relays in its village's name, into a real replica.
@Suite struct SealTests {
    let district = NodeID(rawValue: 441_702_000_000)
    let town = NodeID(rawValue: 441_702_001_000)
    let village = NodeID(rawValue: 441_702_001_201)
    let city = NodeID(rawValue: 441_700_000_000)
    var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    var villageSealer: SealSigner { SealSigner(node: village, secret: Array(repeating: 7, count: 32)) }
    var check: SealCheck { SealCheck(keys: [village: villageSealer.publicKey]) }

    /// A demo `record` row written whole by `origin`.
    func record(_ id: String, name: String = "n", by origin: NodeID, at millis: Int64) -> RowChange {
        let values: [ColumnValue] = [.text(name), .text("v"), .text("k"), .integer(1), .integer(2), .integer(3), .real(0.5), .text("x"), .integer(0)]
        return RowChange(table: 0, key: [.text(id)], causalLength: 1, values: values, versions: CompactVersions(base: CellVersion(hlc: HLC(millis: millis), origin: origin)))
    }

    func chunk(_ rows: [RowChange], seals: [Seal] = [], after: Int64 = 0, upTo: Int64? = nil) -> ChangeChunk {
        ChangeChunk(after: ChangeSeq(rawValue: after), upTo: ChangeSeq(rawValue: upTo ?? HLC(millis: now).rawValue), rows: rows, remaining: 0, seals: seals)
    }

    func apply(_ chunk: ChangeChunk, to replica: Replica, check: SealCheck? = nil, repair: Bool = false) throws -> ApplyOutcome {
        try replica.apply(chunk, from: town, role: .child, repair: repair, drift: ClockDriftPolicy(), nowMillis: now, seals: check ?? self.check)
    }

    @Test func aSealedRelayedRowIsTakenAndAnUnsealedOneIsRefusedNamingTheLink() throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.temporary(district.rawValue, in: dir)
        let honest = record("a", by: village, at: now - 2000)
        let seals = villageSealer.seals([honest], personal: replica.personalColumns)
        #expect(seals.count == 1 && seals[0].cells.count == 9)
        let taken = try apply(chunk([honest], seals: seals), to: replica)
        #expect(taken.changed == 1 && taken.rejected.isEmpty)

        // The town alters a value in the village's name: a newer version no seal covers.
        var forged = honest
        forged.values[0] = .text("forged")
        forged.versions = CompactVersions(base: honest.versions.base, exceptions: [(0, CellVersion(hlc: HLC(millis: now - 1000), origin: village))])
        let cursor = try replica.cursor(on: town).rawValue
        let refused = try apply(chunk([forged, record("b", by: town, at: now - 1000)], after: cursor), to: replica)
        #expect(refused.rejected.count == 1 && refused.changed == 1)
        let rejection = try #require(refused.rejected.first)
        #expect(rejection.rule == .seal && rejection.column == "name" && rejection.writer == village)
        #expect(rejection.detail.contains("came through node \(town)"), "\(rejection.detail)")
        #expect(try replica.dump(table: "record").first?[1] == .text("n"), "the forged value was not applied")
        let forgeries = try replica.forgeries()
        #expect(forgeries.count == 1 && forgeries[0].report.link == town && forgeries[0].report.origin == village)
        let audited = try replica.auditEntries(limit: 100)
        #expect(audited.contains { $0.event == "forgery" })
        // A value changed under the sealed version is a forgery too (the full hash covers it).
        var altered = honest
        altered.key = [.text("c")]
        let sealedC = villageSealer.seals([record("c", by: village, at: now - 2000)], personal: replica.personalColumns)
        altered.values[0] = .text("altered")
        let refusedC = try apply(chunk([altered], seals: sealedC, after: try replica.cursor(on: town).rawValue), to: replica)
        #expect(refusedC.rejected.first?.rule == .seal)
    }

    @Test func aSealThatDoesNotVerifyOrNamesAnOutsiderIsAForgery() throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.temporary(district.rawValue, in: dir)
        let row = record("a", by: village, at: now - 2000)
        let impostor = SealSigner(node: village, secret: Array(repeating: 9, count: 32))
        let outsider = SealSigner(node: NodeID(rawValue: 441_702_002_201), secret: Array(repeating: 7, count: 32))
        let outcome = try apply(
            chunk([row], seals: impostor.seals([row], personal: replica.personalColumns) + [try #require(outsider.seal([1, 2, 3]))]), to: replica)
        #expect(outcome.rejected.first?.rule == .seal, "the impostor's seal proves nothing")
        let details = try replica.forgeries().map(\.detail)
        #expect(details.contains { $0.contains("does not verify") }, "\(details)")
        #expect(details.contains { $0.contains("not in its subtree") }, "\(details)")
    }

    @Test func aChunkAfterAGapWaitsAndARepairWithoutSealsIsSkipped() throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.temporary(district.rawValue, in: dir)
        let row = record("a", by: village, at: now - 2000)
        // The chunk before it (with the seal) was lost: nothing is merged, the cursor stays.
        let gap = try apply(chunk([row], after: 1000), to: replica)
        #expect(gap.changed == 0 && gap.rejected.isEmpty && gap.cursor == .zero)
        #expect(try replica.dump(table: "record").isEmpty && replica.forgeries().isEmpty)
        // A repair carries only the sender's own seals: a relayed cell without one is skipped.
        let repaired = try apply(ChangeChunk(after: .zero, upTo: .zero, rows: [row], remaining: 0), to: replica, repair: true)
        #expect(repaired.changed == 0 && repaired.rejected.isEmpty)
        #expect(try replica.forgeries().isEmpty)
        // The seal comes first, in an earlier chunk: the row that follows it is taken.
        let sealOnly = ChangeChunk(after: .zero, upTo: ChangeSeq(rawValue: 5), rows: [], remaining: 0, seals: villageSealer.seals([row], personal: replica.personalColumns))
        _ = try apply(sealOnly, to: replica)
        #expect(try apply(chunk([row], after: 5), to: replica).changed == 1)
    }

    @Test func sealsKeptBeforeTheKeyWasRegisteredCountOnceItIs() throws {
        let dir = TemporaryDirectory()
        let replica = try Replica.temporary(district.rawValue, in: dir)
        let row = record("a", by: village, at: now - 2000)
        let unrelated = SealCheck(keys: [NodeID(rawValue: 441_702_001_202): villageSealer.publicKey])
        _ = try apply(chunk([], seals: villageSealer.seals([row], personal: replica.personalColumns), upTo: 5), to: replica, check: unrelated)
        let later = try apply(chunk([row], after: 5), to: replica)
        #expect(later.changed == 1 && later.rejected.isEmpty)
    }

    @Test func personalValuesAreSealedApartAndTheirSealStaysBelowTheCeiling() throws {
        let dir = TemporaryDirectory()
        let key = try PrivacyKey(hex: String(repeating: "5a", count: PrivacyKey.byteCount))
        let replica = try Replica.temporary(district.rawValue, in: dir, schema: GovernmentSchema.schema, privacyKey: key)
        let personal = replica.personalColumns
        let caseTable = try #require(replica.schema.tables.firstIndex { $0.name == "case_accept" })
        #expect(personal[caseTable].contains(true))
        let signer = villageSealer
        var cells = SealHash.Cells()
        let values = replica.schema.tables[caseTable].columns.map { _ in ColumnValue.text("x") }
        let row = RowChange(
            table: caseTable, key: [.text("P1")], causalLength: 1, values: values,
            versions: CompactVersions(base: CellVersion(hlc: HLC(millis: now), origin: village)), scope: village)
        SealHash.appendCells(of: row, by: village, personal: personal[caseTable], to: &cells)
        let personalCount = personal[caseTable].filter { $0 }.count
        #expect(cells.personal.count == personalCount && cells.main.count == values.count)
        let seals = signer.seals([row], personal: personal)
        #expect(seals.map(\.personal) == [false, true] && seals.allSatisfy { $0.isSigned(by: signer.publicKey) })
        // Kept at the district and relayed: the personal seal to no one above the ceiling.
        _ = try apply(chunk([], seals: seals, upTo: 5), to: replica)
        let toCity = try replica.readChunk(for: city, after: .zero, limit: 512)
        #expect(toCity.seals.count == 1 && toCity.seals.allSatisfy { !$0.personal })
    }

    /// SPEC §18.5: a town restored from a backup takes back from its village the write it had
    /// sent down and lost, under its own seal, and nothing the village wrote in its name without.
    @Test func aRestoredTownTakesBackItsOwnSealedWritesFromItsVillage() throws {
        let dir = TemporaryDirectory()
        let townReplica = try Replica.temporary(town.rawValue, in: dir)
        let villageReplica = try Replica.temporary(village.rawValue, in: dir)
        let townSealer = SealSigner(node: town, secret: Array(repeating: 5, count: 32))
        let backup = dir.file("town-backup.db")
        try townReplica.backup(to: backup)
        // The town decides and sends it down, sealed; the village keeps the seal.
        let decision = record("t1", name: "准予", by: town, at: now - 3000)
        let down = ChangeChunk(
            after: .zero, upTo: ChangeSeq(rawValue: HLC(millis: now).rawValue), rows: [decision], remaining: 0,
            seals: townSealer.seals([decision], personal: villageReplica.personalColumns))
        _ = try villageReplica.apply(down, from: town, role: .parent, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(try villageReplica.dump(table: "record").count == 1)

        // The town's PC is restored from the backup: the decision is gone there.
        let restored = try Replica.open(at: backup, logger: testLogger())
        #expect(try restored.dump(table: "record").isEmpty)
        let rows = try villageReplica.rowStates()
        func repair(_ rows: [RowChange], seals: [Seal]) throws -> ApplyOutcome {
            var own: Set<UInt64> = []
            for seal in seals where seal.origin == town && seal.isSigned(by: townSealer.publicKey) { own.formUnion(seal.cells) }
            return try restored.apply(
                ChangeChunk(after: .zero, upTo: .zero, rows: rows, remaining: 0, seals: seals), from: village, role: .child, repair: true,
                drift: ClockDriftPolicy(), nowMillis: now, ownSealed: own)
        }
        // Without the town's seal the village cannot give it back (it could forge anything so).
        #expect(try repair(rows, seals: []).changed == 0)
        var forged = rows[0]
        forged.values[0] = .text("不予")
        let sealsKept = try villageReplica.parentSeals(covering: rows, parent: town)
        #expect(sealsKept.count == 1)
        #expect(try repair([forged], seals: sealsKept).changed == 0, "a value the town never wrote is not taken")
        // With it, the town's own write comes back.
        #expect(try repair(rows, seals: sealsKept).changed == 1)
        #expect(try restored.dump(table: "record").first?[1] == .text("准予"))
        #expect(try restored.forgeries().isEmpty)
    }

    /// SPEC §18.6: a cell in the village's name that the village took from its town (a restore
    /// brings its own rows back so, but a forging town could invent one) is never sealed by the
    /// village, so the town cannot launder an invention through the village's next repair.
    @Test func aVillageNeverSealsWhatItTookInItsOwnNameFromItsTown() throws {
        let dir = TemporaryDirectory()
        let villageReplica = try Replica.temporary(village.rawValue, in: dir)
        let districtReplica = try Replica.temporary(district.rawValue, in: dir)
        // The village writes a row of its own; the town invents one in the village's name.
        try villageReplica.insertRecords(1, prefix: "own")
        let invented = record("invented", name: "假件", by: village, at: now - 2000)
        let fromTown = try villageReplica.apply(chunk([invented]), from: town, role: .parent, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(fromTown.changed == 1, "the village takes its own rows back from its parent (a restore)")
        let rows = try villageReplica.rowStates()
        #expect(rows.count == 2)
        let seals = try villageSealer.seals(rows, personal: villageReplica.personalColumns) { cells throws(StoreError) in try villageReplica.unvouched(among: cells) }
        let sealed = Set(seals.flatMap(\.cells))
        let ownRow = try #require(rows.first { $0.key == [.text("own-0")] })
        let inventedRow = try #require(rows.first { $0.key == [.text("invented")] })
        var ownCells = SealHash.Cells()
        SealHash.appendCells(of: ownRow, by: village, personal: villageReplica.personalColumns[0], to: &ownCells)
        var inventedCells = SealHash.Cells()
        SealHash.appendCells(of: inventedRow, by: village, personal: villageReplica.personalColumns[0], to: &inventedCells)
        #expect(Set(ownCells.main).isSubset(of: sealed), "the village's own write is sealed")
        #expect(Set(inventedCells.main).isDisjoint(with: sealed), "the town's invention is not")
        // So the district, given the village's repair seals through the town, still refuses it.
        let laundered = try apply(chunk([inventedRow, ownRow], seals: seals), to: districtReplica)
        #expect(laundered.changed == 1)
        #expect(laundered.rejected.map(\.rule) == [.seal])
        #expect(try districtReplica.forgeries().first?.report.link == town)
    }

    /// SPEC §18.6: a village that went back in time (a power cut, a restore) gets its own rows back
    /// from its town with its own seals, which the town kept for relaying, and may seal them again.
    @Test func aVillageThatWentBackGetsItsOwnSealsBackWithItsRows() throws {
        let dir = TemporaryDirectory()
        let villageReplica = try Replica.temporary(village.rawValue, in: dir)
        let townReplica = try Replica.temporary(town.rawValue, in: dir)
        let backup = dir.file("village-backup.db")
        let secondBackup = dir.file("village-backup-2.db")
        try villageReplica.backup(to: backup)
        try villageReplica.backup(to: secondBackup)
        try villageReplica.insertRecords(2, prefix: "mine")
        let up = try villageReplica.readChunk(for: town, after: .zero, limit: 512)
        var sealedUp = up
        sealedUp.seals = villageSealer.seals(up.rows, personal: villageReplica.personalColumns)
        _ = try townReplica.apply(sealedUp, from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now)

        let restored = try Replica.open(at: backup, logger: testLogger())
        let back = try townReplica.rowStates()
        let seals = try townReplica.childSeals(covering: back, child: village)
        #expect(seals == sealedUp.seals, "the town keeps the village's seals by cell")
        var own: Set<UInt64> = []
        for seal in seals where seal.isSigned(by: villageSealer.publicKey) { own.formUnion(seal.cells) }
        _ = try restored.apply(
            ChangeChunk(after: .zero, upTo: .zero, rows: back, remaining: 0, seals: seals), from: town, role: .parent, repair: true,
            drift: ClockDriftPolicy(), nowMillis: now, ownSealed: own)
        let rows = try restored.rowStates()
        #expect(rows.count == 2)
        let again = try villageSealer.seals(rows, personal: restored.personalColumns) { cells throws(StoreError) in try restored.unvouched(among: cells) }
        #expect(Set(again.flatMap(\.cells)) == Set(sealedUp.seals.flatMap(\.cells)), "its own rows stay its to seal")
        // Without the seals they would not be.
        let bare = try Replica.open(at: secondBackup, logger: testLogger())
        _ = try bare.apply(ChangeChunk(after: .zero, upTo: .zero, rows: back, remaining: 0), from: town, role: .parent, repair: true, drift: ClockDriftPolicy(), nowMillis: now)
        let unsealed = try villageSealer.seals(try bare.rowStates(), personal: bare.personalColumns) { cells throws(StoreError) in try bare.unvouched(among: cells) }
        #expect(unsealed.isEmpty)
    }

    /// SPEC §17.3: a town that lost its district's version (restored) holds back a village's row
    /// carrying it, without calling it a refusal; a version by a sibling village is still refused.
    @Test func aRowCarryingAVersionFromAboveThatTheTownLacksIsHeldBack() throws {
        let dir = TemporaryDirectory()
        let townReplica = try Replica.temporary(town.rawValue, in: dir)
        func row(_ id: String, noteBy writer: NodeID) -> RowChange {
            var row = record(id, by: village, at: now - 3000)
            row.versions = CompactVersions(base: row.versions.base, exceptions: [(7, CellVersion(hlc: HLC(millis: now - 2000), origin: writer))])
            return row
        }
        let fromAbove = try townReplica.apply(chunk([row("d", noteBy: district)]), from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(fromAbove.heldBack == 1 && fromAbove.rejected.isEmpty && fromAbove.changed == 0)
        #expect(try townReplica.refusals(limit: 1).count == 0)
        let sibling = NodeID(rawValue: 441_702_001_202)
        let cursor = try townReplica.cursor(on: village).rawValue
        let sideways = try townReplica.apply(
            chunk([row("s", noteBy: sibling)], after: cursor), from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(sideways.heldBack == 0 && sideways.rejected.map(\.rule) == [.provenance])
        // Once the town holds the district's version, the village's row merges.
        let districtRow = row("d", noteBy: district)
        _ = try townReplica.apply(chunk([districtRow]), from: district, role: .parent, drift: ClockDriftPolicy(), nowMillis: now)
        var newer = districtRow
        newer.values[0] = .text("later")
        newer.versions = CompactVersions(base: CellVersion(hlc: HLC(millis: now - 1000), origin: village), exceptions: [(7, districtRow.versions.exceptions[0].version)])
        let merged = try townReplica.apply(
            chunk([newer], after: try townReplica.cursor(on: village).rawValue), from: village, role: .child, drift: ClockDriftPolicy(), nowMillis: now)
        #expect(merged.changed == 1 && merged.heldBack == 0)
    }

    @Test func cellHashesFollowTheSpec() {
        // SPEC §18.2: tag F, table 0, one key value (text "a"), column 2, version, value integer 7.
        var bytes: [UInt8] = [0x46]
        func word(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        word(0)
        word(1)
        word(3)
        word(1)
        bytes += Array("a".utf8)
        word(2)
        word(UInt64(HLC(millis: 1_764_633_600_000).rawValue))
        word(UInt64(village.rawValue))
        word(1)
        word(7)
        let digest = Array(Array(SHA256.hash(data: bytes)).prefix(8))
        let expected = digest.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        let version = CellVersion(hlc: HLC(millis: 1_764_633_600_000), origin: village)
        #expect(SealHash.cell(table: 0, key: [.text("a")], column: 2, version: version, value: .integer(7)) == expected)
        #expect(SealHash.version(table: 0, key: [.text("a")], column: 2, version: version) != expected)
    }
}
