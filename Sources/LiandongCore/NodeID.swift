/// The tier of a service hall in the four-tier tree (四级联动).
public enum Tier: Int, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// 市: the city data centre.
    case city = 1
    /// 区县: a district or county service centre (政务服务中心).
    case district = 2
    /// 乡镇/街道: a town or subdistrict service centre (便民服务中心).
    case town = 3
    /// 村/社区: a village or community service station (便民服务站).
    case village = 4

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The English name used in configuration and output.
    public var name: String {
        switch self {
        case .city: "city"
        case .district: "district"
        case .town: "town"
        case .village: "village"
        }
    }

    /// The Chinese name shown to operators beside the English one.
    public var chineseName: String {
        switch self {
        case .city: "市"
        case .district: "区县"
        case .town: "乡镇"
        case .village: "村"
        }
    }

    public var description: String { name }

    /// Parses `city`, `district`, `town`, `village` (or the digits 1–4).
    public init?(name: String) {
        switch name.lowercased() {
        case "city", "1": self = .city
        case "district", "county", "2": self = .district
        case "town", "3": self = .town
        case "village", "community", "4": self = .village
        default: return nil
        }
    }
}

/// A node: one service hall, named by its 12-digit statistical region code (统计用区划代码):
/// 6 digits of county (GB/T 2260), 3 of town, 3 of village. Ancestry is a prefix relation, so
/// the tier and the ancestors of a node follow from its code alone.
public struct NodeID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The code as a number (always 12 digits, so it fits in 40 bits).
    public let rawValue: Int64

    /// Wraps a code that is already known to be valid (for example read back from a replica).
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// Validates a 12-digit region code such as `441702001201`.
    public init(validating text: String) throws(RegionCodeError) {
        guard text.count == 12, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(text) else {
            throw RegionCodeError(code: text, reason: "a region code has exactly 12 digits, e.g. 441702001201")
        }
        guard value >= 1_000_000_000 else {
            throw RegionCodeError(code: text, reason: "the province part of a region code cannot be 00")
        }
        self.rawValue = value
    }

    public var description: String {
        let digits = String(rawValue)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The tier implied by the code: a village has a non-zero village part, a town a non-zero town
    /// part, a district a non-zero county part (digits 5–6), and a city none of those.
    public var tier: Tier {
        if rawValue % 1000 != 0 { return .village }
        if (rawValue / 1000) % 1000 != 0 { return .town }
        if (rawValue / 1_000_000) % 100 != 0 { return .district }
        return .city
    }

    /// The number of leading digits that identify this node (its prefix in the tree).
    private var significantDigits: Int {
        switch tier {
        case .city: 4
        case .district: 6
        case .town: 9
        case .village: 12
        }
    }

    /// True when `self` is `other` or lies above it on its root path.
    public func isAncestorOrSelf(of other: NodeID) -> Bool {
        guard tier <= other.tier else { return false }
        var divisor: Int64 = 1
        for _ in 0..<(12 - significantDigits) { divisor *= 10 }
        return rawValue / divisor == other.rawValue / divisor
    }

    /// 10^(digits not significant): the size of this node's block of codes.
    private var span: Int64 {
        var span: Int64 = 1
        for _ in 0..<(12 - significantDigits) { span *= 10 }
        return span
    }

    /// Every code in this node's subtree (itself included) lies in this range.
    public var subtreeRange: ClosedRange<Int64> { rawValue...(rawValue + span - 1) }

    /// The node's ancestors from the city down, then the node itself.
    public var ancestorsOrSelf: [NodeID] {
        let divisors: [(Tier, Int64)] = [(.city, 100_000_000), (.district, 1_000_000), (.town, 1000)]
        var result = divisors.filter { $0.0 < tier }.map { NodeID(rawValue: rawValue / $0.1 * $0.1) }
        result.append(self)
        return result
    }

    /// The parent's code, derived from this one (nil for the city).
    public var parentCode: NodeID? { ancestorsOrSelf.dropLast().last }

    /// True when `self` and `other` lie on one root path (the visibility rule (Protocols/SPEC.md §17.1)).
    public func sharesRootPath(with other: NodeID) -> Bool {
        isAncestorOrSelf(of: other) || other.isAncestorOrSelf(of: self)
    }
}

/// A region code that cannot name a node.
public struct RegionCodeError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var reason: String
    public var description: String { "invalid region code (区划代码) '\(code)': \(reason)" }
}
