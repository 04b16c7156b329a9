import Foundation
import LiandongCore
import LiandongWire
import Testing

/// The enums of `Protocols/liandong.proto` against the Swift ones: every case with its number,
/// nothing more and nothing less, so that a code added on one side only fails here.
@Suite struct ProtoEnumTests {
    /// Each enum of the proto file, by name: its values' names and numbers.
    static func protoEnums() throws -> [String: [String: UInt32]] {
        let url = SpecExamplesTests.protocols.appendingPathComponent("liandong.proto")
        // Comments dropped, so that a commented-out value does not count.
        let proto = try String(contentsOf: url, encoding: .utf8)
            .split(separator: "\n").map { line -> Substring in
                guard let comment = line.range(of: "//") else { return line }
                return line[..<comment.lowerBound]
            }.joined(separator: "\n")
        var enums: [String: [String: UInt32]] = [:]
        for match in proto.matches(of: /enum\s+(\w+)\s*\{([^}]*)\}/) {
            var values: [String: UInt32] = [:]
            for value in match.output.2.matches(of: /(\w+)\s*=\s*(\d+)\s*;/) { values[String(value.output.1)] = UInt32(value.output.2) }
            enums[String(match.output.1)] = values
        }
        return enums
    }

    /// `notAChild` → `NOT_A_CHILD`.
    static func protoName(_ swiftCase: String, prefix: String) -> String {
        var words = ""
        for character in swiftCase {
            if character.isUppercase { words += "_" }
            words += character.uppercased()
        }
        return prefix + words
    }

    /// Every case of a Swift enum with raw values, found by trying each raw value below 4096.
    static func swiftCases<Code: RawRepresentable>(_: Code.Type, prefix: String) -> [String: UInt32] where Code.RawValue == UInt32 {
        var cases: [String: UInt32] = [:]
        for raw in UInt32(0)..<4096 {
            if let code = Code(rawValue: raw) { cases[protoName(String(describing: code), prefix: prefix)] = raw }
        }
        return cases
    }

    @Test func refusalCodesMatch() throws {
        let proto = try #require(try Self.protoEnums()["RefusalCode"])
        #expect(proto == Self.swiftCases(RefusalCode.self, prefix: "REFUSAL_CODE_"))
        #expect(proto["REFUSAL_CODE_NOT_ENROLLED"] == 6)
    }

    @Test func errorCodesMatch() throws {
        let proto = try #require(try Self.protoEnums()["ErrorCode"])
        #expect(proto == Self.swiftCases(WireErrorCode.self, prefix: "ERROR_CODE_"))
        #expect(proto["ERROR_CODE_REJECTED"] == 8)
    }

    @Test func tiersMatch() throws {
        let proto = try #require(try Self.protoEnums()["Tier"])
        var swift = ["TIER_UNSPECIFIED": UInt32(0)]
        for tier in Tier.allCases { swift["TIER_" + tier.name.uppercased()] = UInt32(tier.rawValue) }
        #expect(proto == swift)
    }

    @Test func theProtoHasNoOtherEnums() throws {
        #expect(Set(try Self.protoEnums().keys) == ["Tier", "RefusalCode", "ErrorCode"])
    }
}
