import Foundation
import LiandongCore
import LiandongDomain
import Testing

/// `Protocols/schemas/` holds what the Swift declarations generate, byte for byte
/// (Protocols/SPEC.md §6): regenerate with `liandong schema --write Protocols/schemas`.
@Suite struct ShippedSchemaFilesTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocols/schemas")

    @Test func committedFilesAreWhatTheDeclarationsGenerate() throws {
        let generated = ShippedSchemas.protocolFiles()
        #expect(generated.map(\.name).sorted() == ["demo.canonical.txt", "demo.json", "gov.canonical.txt", "gov.json"])
        for file in generated {
            let committed = try String(contentsOf: Self.directory.appendingPathComponent(file.name), encoding: .utf8)
            #expect(committed == file.contents, "Protocols/schemas/\(file.name) differs from the Swift declaration: run `liandong schema --write Protocols/schemas`")
        }
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).sorted()
        #expect(present == generated.map(\.name).sorted(), "Protocols/schemas holds only generated files")
    }

    @Test func theFilesCarryTheFingerprintsNodesExchange() throws {
        for schema in ShippedSchemas.all {
            let json = try Data(contentsOf: Self.directory.appendingPathComponent("\(schema.name).json"))
            let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            #expect(object["fingerprint"] as? String == schema.fingerprint)
            #expect(object["version"] as? Int == schema.version)
            #expect((object["tables"] as? [Any])?.count == schema.tables.count)
        }
        #expect(ShippedSchemas.named("gov") == GovernmentSchema.schema)
        #expect(ShippedSchemas.named("demo") == ReplicaSchema.demo)
        #expect(ShippedSchemas.named("government") == nil)
    }
}
