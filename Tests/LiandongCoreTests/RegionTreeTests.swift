import LiandongCore
import Testing

/// The region tree with moves (区划调整, Protocols/SPEC.md §20): parents, ancestry, subtree
/// ranges, and the tier, cycle and authority rules.
@Suite struct RegionTreeTests {
    static let city = NodeID(rawValue: 441_700_000_000)
    static let district = NodeID(rawValue: 441_702_000_000)
    static let otherDistrict = NodeID(rawValue: 441_703_000_000)
    static let townA = NodeID(rawValue: 441_702_001_000)
    static let townB = NodeID(rawValue: 441_702_002_000)
    static let townC = NodeID(rawValue: 441_703_001_000)
    static let village = NodeID(rawValue: 441_702_001_201)
    static let sibling = NodeID(rawValue: 441_702_001_202)
    static let villageOfB = NodeID(rawValue: 441_702_002_201)

    func move(_ node: NodeID, to parent: NodeID, by decider: NodeID, at millis: Int64 = 1000) -> RegionMove {
        RegionMove(node: node, parent: parent, decidedMillis: millis, decidedBy: decider)
    }

    @Test func withoutMovesTheTreeIsTheCodes() {
        let tree = RegionTree.prefix
        for node in [Self.city, Self.district, Self.townA, Self.village] {
            #expect(tree.parent(of: node) == node.parentCode)
            #expect(tree.ancestorsOrSelf(of: node) == node.ancestorsOrSelf)
            #expect(tree.subtreeIntervals(of: node) == [node.subtreeRange])
        }
        #expect(tree.isAncestorOrSelf(Self.townA, of: Self.village))
        #expect(!tree.isAncestorOrSelf(Self.townB, of: Self.village))
    }

    @Test func aVillageMovedBetweenTownsHangsUnderTheNewTown() throws {
        let tree = try RegionTree.prefix.applying(move(Self.village, to: Self.townB, by: Self.district))
        #expect(tree.parent(of: Self.village) == Self.townB)
        #expect(tree.ancestorsOrSelf(of: Self.village) == [Self.city, Self.district, Self.townB, Self.village])
        #expect(tree.isAncestorOrSelf(Self.townB, of: Self.village))
        #expect(!tree.isAncestorOrSelf(Self.townA, of: Self.village))
        #expect(tree.isAncestorOrSelf(Self.district, of: Self.village))
        #expect(tree.isChild(Self.village, of: Self.townB))
        #expect(tree.sharesRootPath(Self.townB, Self.village) && !tree.sharesRootPath(Self.townA, Self.village))
        // Town A's subtree loses the village's code, town B's gains it; the district's is whole.
        #expect(tree.subtreeIntervals(of: Self.townA) == [441_702_001_000...441_702_001_200, 441_702_001_202...441_702_001_999])
        #expect(tree.subtreeIntervals(of: Self.townB) == [441_702_001_201...441_702_001_201, 441_702_002_000...441_702_002_999])
        #expect(tree.subtreeIntervals(of: Self.district) == [Self.district.subtreeRange])
        #expect(tree.subtreeIntervals(of: Self.village) == [Self.village.subtreeRange])
    }

    @Test func aTownMovedAcrossDistrictsTakesItsVillagesAlong() throws {
        let tree = try RegionTree.prefix.applying(move(Self.townA, to: Self.otherDistrict, by: Self.city))
        #expect(tree.ancestorsOrSelf(of: Self.village) == [Self.city, Self.otherDistrict, Self.townA, Self.village])
        #expect(tree.isAncestorOrSelf(Self.otherDistrict, of: Self.sibling))
        #expect(!tree.isAncestorOrSelf(Self.district, of: Self.village))
        #expect(tree.subtreeIntervals(of: Self.district) == [441_702_000_000...441_702_000_999, 441_702_002_000...441_702_999_999])
        #expect(tree.subtreeIntervals(of: Self.otherDistrict) == [441_702_001_000...441_702_001_999, Self.otherDistrict.subtreeRange])
    }

    @Test func nestedMovesCompose() throws {
        // The village leaves town A for town B; then town A goes to the other district.
        let tree = try RegionTree.prefix.applying(move(Self.village, to: Self.townB, by: Self.district, at: 1))
            .applying(move(Self.townA, to: Self.otherDistrict, by: Self.city, at: 2))
        #expect(tree.ancestorsOrSelf(of: Self.village) == [Self.city, Self.district, Self.townB, Self.village])
        #expect(tree.ancestorsOrSelf(of: Self.sibling) == [Self.city, Self.otherDistrict, Self.townA, Self.sibling])
        let other = tree.subtreeIntervals(of: Self.otherDistrict)
        #expect(other.contains { $0.contains(Self.sibling.rawValue) } && !other.contains { $0.contains(Self.village.rawValue) })
        let district = tree.subtreeIntervals(of: Self.district)
        #expect(district.contains { $0.contains(Self.village.rawValue) } && !district.contains { $0.contains(Self.sibling.rawValue) })
        // Every code lies in exactly the subtrees its path names.
        for code in [Self.village, Self.sibling, Self.villageOfB, Self.townA, Self.townB, Self.townC] {
            for node in [Self.city, Self.district, Self.otherDistrict, Self.townA, Self.townB, Self.townC] {
                let inRanges = tree.subtreeIntervals(of: node).contains { $0.contains(code.rawValue) }
                #expect(inRanges == tree.isAncestorOrSelf(node, of: code), "\(node) over \(code)")
            }
        }
    }

    struct Refused: Sendable, CustomStringConvertible {
        var node: NodeID
        var parent: NodeID
        var decider: NodeID
        var rule: RegionMoveError.Rule
        var description: String { "\(node) → \(parent) by \(decider): \(rule.rawValue)" }
    }

    static let refused: [Refused] = [
        // A village under a district: the tier rule.
        Refused(node: village, parent: district, decider: district, rule: .tier),
        // A town deciding for its village: not above the new town.
        Refused(node: village, parent: townB, decider: townA, rule: .authority),
        // A district moving a village to a town of another district.
        Refused(node: village, parent: townC, decider: district, rule: .authority),
        // A district moving its own town elsewhere.
        Refused(node: townA, parent: otherDistrict, decider: district, rule: .authority),
        // The city has no parent.
        Refused(node: city, parent: city, decider: city, rule: .nothingToMove),
        // A village to its own town.
        Refused(node: village, parent: townA, decider: district, rule: .nothingToMove),
    ]

    @Test(arguments: RegionTreeTests.refused)
    func movesThatBreakARuleAreRefused(_ case: Refused) {
        do {
            try RegionTree.prefix.check(move(`case`.node, to: `case`.parent, by: `case`.decider))
            Issue.record("accepted \(`case`)")
        } catch {
            #expect(error.rule == `case`.rule, "\(error)")
            #expect(error.description.contains("区划调整"))
        }
    }

    @Test func theCityMayMoveAVillageAcrossDistricts() throws {
        let tree = try RegionTree.prefix.applying(move(Self.village, to: Self.townC, by: Self.city))
        #expect(tree.ancestorsOrSelf(of: Self.village) == [Self.city, Self.otherDistrict, Self.townC, Self.village])
    }

    @Test func aCycleIsRefused() throws {
        // Town A under a village would be a tier error first; a cycle needs a node under its own
        // subtree, which the tier rule already rules out: check both say no.
        #expect(throws: RegionMoveError.self) { try RegionTree.prefix.check(move(Self.townA, to: Self.village, by: Self.city)) }
    }

    @Test func adoptingSkipsKnownAndOverriddenMovesAndRefusesBadOnes() throws {
        let first = move(Self.village, to: Self.townB, by: Self.district, at: 1)
        let later = move(Self.village, to: Self.townA, by: Self.district, at: 5)
        let forged = move(Self.townA, to: Self.otherDistrict, by: Self.district, at: 2)
        let (tree, adopted, refused) = RegionTree.prefix.adopting([later, forged, first])
        // Only the standing decision travels: the move back under town A, recorded as such.
        #expect(adopted == [later])
        #expect(refused.map(\.rule) == [.authority])
        #expect(tree.parent(of: Self.village) == Self.townA)
        let again = tree.adopting([first, later])
        #expect(again.adopted.isEmpty && again.refused.isEmpty && again.tree == tree)
        // Stored moves: the later decision stands whatever the order.
        #expect(RegionTree(moves: [later, first]).moves[Self.village] == later)
    }
}
