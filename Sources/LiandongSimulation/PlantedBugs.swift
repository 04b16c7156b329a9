import LiandongCore

/// Known bugs the simulator can plant in every node, so that it proves it catches each of them
/// (testing the tester, docs/testing.md). They live here, in the harness, and nowhere in the
/// replica or the merge: each is planted as what the bug would do to what a node sends or
/// receives (`PlantedBugs+Harness.swift`), so the shipping code has no branch for any of them.
public struct PlantedBugs: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Two cells with the same clock keep the local one instead of ordering by origin node.
    public static let missingTieBreak = PlantedBugs(rawValue: 1 << 0)
    /// A deletion of a row the receiver never saw is skipped instead of kept as a tombstone.
    public static let deleteOfUnseenRowDropped = PlantedBugs(rawValue: 1 << 1)
    /// Applying a row state the replica already holds re-stamps it with the local clock, so a
    /// duplicate delivery changes the replica.
    public static let nonIdempotentApply = PlantedBugs(rawValue: 1 << 2)
    /// A full chunk claims to cover everything up to the sender's head, skipping the rows after
    /// its last one.
    public static let relayGap = PlantedBugs(rawValue: 1 << 3)
    /// Cell versions compare the clock's milliseconds and then the origin, ignoring the logical
    /// counter. Planted where that keeps the local cell although the incoming one is newer (a
    /// correct merge cannot be made to take an older cell).
    public static let wrongClockComparison = PlantedBugs(rawValue: 1 << 4)

    /// Every planted bug, with the name the soak command takes.
    public static let all: [(name: String, bug: PlantedBugs)] = [
        ("missing-tie-break", .missingTieBreak),
        ("delete-of-unseen-row-dropped", .deleteOfUnseenRowDropped),
        ("non-idempotent-apply", .nonIdempotentApply),
        ("relay-gap", .relayGap),
        ("wrong-clock-comparison", .wrongClockComparison),
    ]

    public init?(name: String) {
        guard let entry = Self.all.first(where: { $0.name == name }) else { return nil }
        self = entry.bug
    }

    public var description: String {
        let names = Self.all.filter { contains($0.bug) }.map(\.name)
        return names.isEmpty ? "none" : names.joined(separator: ",")
    }
}
