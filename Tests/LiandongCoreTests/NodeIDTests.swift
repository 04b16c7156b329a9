import LiandongCore
import Testing

@Suite struct NodeIDTests {
    @Test(arguments: [
        ("441700000000", Tier.city), ("441702000000", .district), ("441702001000", .town), ("441702001201", .village),
    ])
    func tierFollowsFromTheCode(code: String, tier: Tier) throws {
        #expect(try NodeID(validating: code).tier == tier)
    }

    @Test func ancestryIsAPrefixRelation() throws {
        let city = try NodeID(validating: "441700000000")
        let district = try NodeID(validating: "441702000000")
        let town = try NodeID(validating: "441702001000")
        let village = try NodeID(validating: "441702001201")
        let otherVillage = try NodeID(validating: "441702001202")
        let otherTown = try NodeID(validating: "441702002000")
        #expect(city.isAncestorOrSelf(of: village))
        #expect(district.isAncestorOrSelf(of: town))
        #expect(town.isAncestorOrSelf(of: village))
        #expect(!village.isAncestorOrSelf(of: town))
        #expect(!otherTown.isAncestorOrSelf(of: village))
        #expect(!village.sharesRootPath(with: otherVillage))
        #expect(village.sharesRootPath(with: city))
    }

    @Test(arguments: ["", "44170200120", "4417020012011", "44170200120a", "000000000000"])
    func rejectsInvalidCodes(code: String) {
        #expect(throws: RegionCodeError.self) { try NodeID(validating: code) }
    }
}

@Suite struct ClockTests {
    @Test func tickNeverGoesBackwards() {
        var clock = HLC(millis: 1_000_000, counter: 5)
        // Wall clock behind the stored clock (e.g. after a restart with a skewed clock).
        for now in [999_000, 1_000_000, 500, 1_000_000] as [Int64] {
            let next = clock.tick(nowMillis: now)
            #expect(next > clock)
            clock = next
        }
        #expect(clock.tick(nowMillis: 2_000_000) == HLC(millis: 2_000_000))
    }

    @Test func driftBeyondTheBoundIsRejected() {
        let policy = ClockDriftPolicy(maxAheadMillis: 1000)
        let origin = NodeID(rawValue: 441_702_001_201)
        #expect(throws: ClockDriftError.self) { try policy.check(HLC(millis: 12_001), nowMillis: 11_000, origin: origin) }
        #expect(throws: Never.self) { try policy.check(HLC(millis: 12_000), nowMillis: 11_000, origin: origin) }
    }
}
