import LiandongCore
import LiandongTesting
import Testing

/// Property tests of the merge laws over random row histories: thousands of random states built
/// by concurrent writers (updates, deletes, re-inserts, clock ties), merged in random orders with
/// duplicates.
@Suite struct RowMergeLawTests {
    static let columns = 3
    static let origins = [441_702_001_201, 441_702_001_202, 441_702_001_000].map(NodeID.init(rawValue:))

    /// A random state a replica could hold for one row: a causal length and column versions from
    /// a small clock range so that ties are common.
    static func randomState(_ rng: inout SplitMix64) -> RowChange {
        let causalLength = Int64.random(in: 1...4, using: &rng)
        let base = CellVersion(hlc: HLC(millis: Int64.random(in: 1...3, using: &rng)), origin: origins.randomElement(using: &rng)!)
        if causalLength % 2 == 0 {
            return RowChange(table: 0, key: [.text("k")], causalLength: causalLength, values: [], versions: CompactVersions(base: base))
        }
        var versions: [CellVersion] = []
        var values: [ColumnValue] = []
        for _ in 0..<columns {
            let version = Bool.random(using: &rng)
                ? base : CellVersion(hlc: HLC(millis: Int64.random(in: 1...3, using: &rng)), origin: origins.randomElement(using: &rng)!)
            versions.append(version)
            // The value is a function of the version: one write, one value (as in a real system).
            values.append(.text("\(version.hlc.rawValue)@\(version.origin)#\(causalLength)"))
        }
        return RowChange(table: 0, key: [.text("k")], causalLength: causalLength, values: values, versions: CompactVersions(versions, fallback: base))
    }

    static func join(_ a: RowChange, _ b: RowChange) -> RowChange { RowMerge.merge(local: a, incoming: b) ?? a }

    /// Canonical form: states equal as replicated data.
    static func canonical(_ state: RowChange) -> [String] {
        [String(state.causalLength)] + state.values.map(\.description)
            + (state.isLive ? state.versions.expanded(columnCount: columns) : [state.versions.base]).map { "\($0.hlc.rawValue)/\($0.origin)" }
    }

    @Test func mergeIsCommutativeAssociativeAndIdempotent() {
        var rng = SplitMix64(seed: 0x1D_0C_2026)
        for _ in 0..<5000 {
            let a = Self.randomState(&rng)
            let b = Self.randomState(&rng)
            let c = Self.randomState(&rng)
            #expect(Self.canonical(Self.join(a, b)) == Self.canonical(Self.join(b, a)))
            #expect(Self.canonical(Self.join(Self.join(a, b), c)) == Self.canonical(Self.join(a, Self.join(b, c))))
            #expect(Self.canonical(Self.join(a, a)) == Self.canonical(a))
            #expect(Self.canonical(Self.join(Self.join(a, b), b)) == Self.canonical(Self.join(a, b)))
        }
    }

    @Test func anyDeliveryOrderWithDuplicatesConverges() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let changes = (0..<Int.random(in: 2...6, using: &rng)).map { _ in Self.randomState(&rng) }
            var results: Set<[String]> = []
            for _ in 0..<4 {
                var delivery = changes + changes.filter { _ in Bool.random(using: &rng) }
                delivery.shuffle(using: &rng)
                var state: RowChange?
                for change in delivery { state = RowMerge.merge(local: state, incoming: change) ?? state }
                results.insert(Self.canonical(state!))
            }
            #expect(results.count == 1)
        }
    }

    @Test func aReinsertAfterDeleteBeatsConcurrentUpdatesAndDeleteBeatsItsIncarnation() {
        let village = Self.origins[0]
        let town = Self.origins[2]
        let live = RowChange(table: 0, key: [.text("k")], causalLength: 1, values: [.text("a"), .text("b"), .text("c")],
                             versions: CompactVersions(base: CellVersion(hlc: HLC(millis: 1), origin: village)))
        var update = live
        update.values[0] = .text("late update")
        update.versions = CompactVersions(base: live.versions.base, exceptions: [(0, CellVersion(hlc: HLC(millis: 9), origin: town))])
        let delete = RowChange(table: 0, key: [.text("k")], causalLength: 2, values: [], versions: CompactVersions(base: CellVersion(hlc: HLC(millis: 2), origin: village)))
        #expect(Self.join(update, delete).isLive == false)
        #expect(Self.join(delete, update).isLive == false)
        var reinsert = live
        reinsert.causalLength = 3
        reinsert.values[0] = .text("again")
        #expect(Self.join(Self.join(update, delete), reinsert).values[0] == .text("again"))
    }
}
