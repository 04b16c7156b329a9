import Foundation
import LiandongCore
import LiandongWire
import Testing

/// Every worked example of `Protocols/SPEC.md`, recomputed from the real encoder and fingerprint
/// and compared with the text as written. Each example is found by the marker
/// `<!-- example: NAME -->` in front of it, so the document and the code cannot drift apart.
@Suite struct SpecExamplesTests {
    static let protocols = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocols")

    static func spec() throws -> String { try String(contentsOf: protocols.appendingPathComponent("SPEC.md"), encoding: .utf8) }

    /// The text after the one marker `<!-- example: NAME -->`.
    static func afterMarker(_ name: String, in spec: String) throws -> Substring {
        let marker = "<!-- example: \(name) -->"
        let parts = spec.components(separatedBy: marker)
        #expect(parts.count == 2, "SPEC.md must hold the marker \(marker) exactly once")
        guard parts.count == 2 else { throw SpecTextError("marker \(marker)") }
        return Substring(parts[1])
    }

    /// The contents of the first fenced code block after the marker (without its fences).
    static func block(_ name: String, in spec: String) throws -> String {
        let text = try afterMarker(name, in: spec)
        guard let open = text.range(of: "```") else { throw SpecTextError("no code block after \(name)") }
        let body = text[open.upperBound...].drop { $0 != "\n" }.dropFirst()
        guard let close = body.range(of: "\n```") else { throw SpecTextError("unclosed code block after \(name)") }
        return String(body[..<close.lowerBound])
    }

    /// The first `inline code` after the marker.
    static func inline(_ name: String, in spec: String) throws -> String {
        let text = try afterMarker(name, in: spec)
        let parts = text.split(separator: "`", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw SpecTextError("no inline code after \(name)") }
        return String(parts[1])
    }

    /// The number N in the first "N bytes" after the marker.
    static func statedLength(_ name: String, in spec: String) throws -> Int {
        let text = try afterMarker(name, in: spec)
        guard let match = text.firstMatch(of: /(\d+) bytes/), let count = Int(match.output.1) else { throw SpecTextError("no byte count after \(name)") }
        return count
    }

    /// Space-separated hex bytes, e.g. `08 01 10 01`.
    static func hex(_ text: some StringProtocol) throws -> [UInt8] {
        try text.split(separator: " ").map { token in
            guard token.count == 2, let byte = UInt8(token, radix: 16) else { throw SpecTextError("'\(token)' is not a hex byte") }
            return byte
        }
    }

    /// The bytes of an annotated dump: on each line, the hex bytes before the first run of two
    /// spaces that follows them (the annotation).
    static func dump(_ block: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for line in block.split(separator: "\n") {
            guard let match = line.firstMatch(of: /^\s*((?:[0-9a-f]{2} )*[0-9a-f]{2})(?:\s{2,}|$)/) else {
                throw SpecTextError("dump line without bytes: \(line)")
            }
            bytes += try hex(match.output.1)
        }
        return bytes
    }

    static func spaced(_ bytes: [UInt8]) -> String {
        bytes.map { String(repeating: "0", count: $0 < 16 ? 1 : 0) + String($0, radix: 16) }.joined(separator: " ")
    }

    // MARK: §6

    /// The small scoped example of §6, declared as the gov schema declares its tables.
    static let example = ReplicaSchema(
        name: "example", version: 3,
        tables: [
            TableSpec(
                name: "ticket", primaryKey: [ColumnSpec("ticket_no", .text, notNull: true)],
                columns: [
                    ColumnSpec(
                        "status", .text, notNull: true,
                        lattice: StatusLattice(
                            order: ["OPEN", "DONE"], initial: ["OPEN": .scopeNode], transitions: ["OPEN": ["DONE": .onPath([.town, .district])]],
                            requires: ["DONE": ["reply"]])),
                    ColumnSpec("owner", .text, personal: .name),
                    ColumnSpec("owner_id", .text, personal: .idNumber),
                    ColumnSpec("owner_hash", .text, personal: .keyedHash(of: "owner_id")),
                    ColumnSpec("reply", .text, writers: .onPath([.district, .town]), personal: .freeText),
                    ColumnSpec("notice", .text, published: true),
                    ColumnSpec("scope", .integer, notNull: true),
                ],
                scopeColumn: "scope", flow: .upward, insert: .scopeNode, update: .scopeNode, delete: .nobody),
            TableSpec(
                name: "ticket_log", primaryKey: [ColumnSpec("row_guid", .text, notNull: true)],
                columns: [ColumnSpec("ticket_no", .text, notNull: true), ColumnSpec("scope", .integer, notNull: true)],
                scopeColumn: "scope", flow: .upward, insert: .onPath([.village, .town]), appendOnly: true),
        ])

    /// §18.2: the seal hash of one cell, bytes and value, as the spec writes them.
    @Test func theSealCellHashExampleIsWhatTheCodeHashes() throws {
        let lines = try Self.block("seal-cell-hash", in: try Self.spec()).split(separator: "\n")
        #expect(lines.count == 2)
        let version = CellVersion(hlc: HLC(rawValue: 1_764_633_600_000 << 16), origin: NodeID(rawValue: 441_702_001_201))
        let hash = SealHash.cell(table: 0, key: [.text("a")], column: 2, version: version, value: .integer(7))
        #expect(String(lines[1]) == "0x" + String(hash, radix: 16))
        // The bytes as listed: tag, table, key count, type, length, "a", column, hlc, origin, type, value.
        let listed = lines[0].split(separator: " ").joined()
        func word(_ value: UInt64) -> String { withUnsafeBytes(of: value.littleEndian) { $0.map { String(format: "%02x", $0) }.joined() } }
        let expected = "46" + word(0) + word(1) + word(3) + word(1) + "61" + word(2) + word(UInt64(version.hlc.rawValue)) + word(UInt64(version.origin.rawValue)) + word(1) + word(7)
        #expect(listed == expected)
    }

    @Test func theSmallExampleIsWhatTheCodeDeclaresAndHashes() throws {
        let spec = try Self.spec()
        try Self.example.validate()
        let json = try Self.block("6-example-json", in: spec) + "\n"
        let canonical = try Self.block("6-example-canonical", in: spec)
        let fingerprint = try Self.inline("6-example-fingerprint", in: spec)
        #expect(json == Self.example.declarationJSON)
        #expect(canonical == Self.example.canonicalText)
        #expect(fingerprint == Self.example.fingerprint)
    }

    @Test func theDemoExampleIsWhatTheCodeHashes() throws {
        let spec = try Self.spec()
        #expect(try Self.block("6-demo-canonical", in: spec) == ReplicaSchema.demo.canonicalText)
        #expect(try Self.inline("6-demo-fingerprint", in: spec) == ReplicaSchema.demo.fingerprint)
    }

    /// The rule of §6 as another peer implements it, from the JSON alone: it must give the
    /// canonical text and fingerprint of the SPEC's example and of every file in Protocols/schemas.
    @Test func aThirdPartyComputesTheFingerprintFromTheJSONAlone() throws {
        let spec = try Self.spec()
        let exampleJSON = try Self.block("6-example-json", in: spec)
        #expect(try ThirdPartyFingerprint.canonical(json: Data(exampleJSON.utf8)) == Self.block("6-example-canonical", in: spec))
        #expect(try ThirdPartyFingerprint.fingerprint(json: Data(exampleJSON.utf8)) == Self.inline("6-example-fingerprint", in: spec))

        let directory = Self.protocols.appendingPathComponent("schemas")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files == ["demo.json", "gov.json"])
        for file in files {
            let json = try Data(contentsOf: directory.appendingPathComponent(file))
            let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            let stated = try #require(object["fingerprint"] as? String)
            #expect(try ThirdPartyFingerprint.fingerprint(json: json) == stated, "\(file)")
            let name = String(file.dropLast(".json".count))
            let canonicalFile = try String(contentsOf: directory.appendingPathComponent("\(name).canonical.txt"), encoding: .utf8)
            #expect(canonicalFile.hasSuffix("\n") && !canonicalFile.dropLast().contains("\n"), "\(name).canonical.txt is one line")
            #expect(try ThirdPartyFingerprint.canonical(json: json) + "\n" == canonicalFile, "\(name).canonical.txt")
        }
        let demo = try Data(contentsOf: directory.appendingPathComponent("demo.json"))
        #expect(try ThirdPartyFingerprint.fingerprint(json: demo) == ReplicaSchema.demo.fingerprint)
    }

    @Test func theRuleExampleInTheGrammarIsTheCodesText() throws {
        let spec = try Self.spec()
        #expect(try Self.inline("6-rule", in: spec) == WriteRule.onPath([.town, .district]).description)
    }

    // MARK: §7 and §15

    @Test func aTwoByteTag() throws {
        let spec = try Self.spec()
        let frame = Envelope(schemaVersion: 1, message: .error(WireError(code: .noSession, message: ""))).encoded()
        #expect(try Self.hex(Self.inline("7-error-tag", in: spec)) == Array(frame[4..<6]))
    }

    @Test func ackByteByByte() throws {
        let spec = try Self.spec()
        let frame = Envelope(schemaVersion: 1, message: .ack(Ack(upTo: ChangeSeq(rawValue: 5)))).encoded()
        #expect(try Self.dump(Self.block("15.1-ack", in: spec)) == frame)
        #expect(try Self.hex(Self.inline("15.1-ack-frame", in: spec)) == frame)
        #expect(try Self.statedLength("15.1-ack-frame", in: spec) == frame.count)
        let zero = Envelope(schemaVersion: 1, message: .ack(Ack(upTo: .zero))).encoded()
        #expect(try Self.hex(Self.inline("15.1-ack-zero", in: spec)) == zero)
    }

    @Test func errorWithATwoByteTag() throws {
        let spec = try Self.spec()
        let frame = Envelope(schemaVersion: 1, message: .error(WireError(code: .noSession, message: ""))).encoded()
        #expect(try Self.hex(Self.inline("15.2-error", in: spec)) == frame)
    }

    @Test func aChunkWithOneRow() throws {
        let spec = try Self.spec()
        let clock = HLC(rawValue: 1_735_689_600_000 << 16)
        let row = RowChange(
            table: 1, key: [.integer(7), .integer(1)], causalLength: 1, values: [.text("hi"), .null],
            versions: CompactVersions(base: CellVersion(hlc: clock, origin: NodeID(rawValue: 441_702_001_201))))
        let chunk = ChangeChunk(after: .zero, upTo: ChangeSeq(rawValue: clock.rawValue), rows: [row], remaining: 0)
        let frame = Envelope(schemaVersion: UInt32(ReplicaSchema.demo.version), message: .changes(chunk)).encoded()
        #expect(ReplicaSchema.demo.tables[1].name == "note")
        #expect(try Self.dump(Self.block("15.3-chunk", in: spec)) == frame, "\(Self.spaced(frame))")
        #expect(try Self.statedLength("15.3-chunk", in: spec) == frame.count)
        #expect(try Envelope(decoding: frame) == Envelope(schemaVersion: 1, message: .changes(chunk)))
    }

    @Test func theConversationShowsTheDemoFingerprint() throws {
        let spec = try Self.spec()
        let conversation = try Self.block("15.4-conversation", in: spec)
        let stated = conversation.matches(of: /fp ([0-9a-f]+)/).map { String($0.output.1) }
        #expect(stated.count == 2)
        for fingerprint in stated { #expect(fingerprint == ReplicaSchema.demo.fingerprint) }
    }
}

/// The text SPEC.md was expected to hold is missing.
struct SpecTextError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = "SPEC.md: \(description)" }
}

/// §6's fingerprint rule written from the specification alone, as a peer in another language
/// would: JSON in, canonical text and FNV-1a 64 out, without `ReplicaSchema`.
enum ThirdPartyFingerprint {
    static func canonical(json: Data) throws -> String {
        guard let schema = try JSONSerialization.jsonObject(with: json) as? [String: Any],
            let name = schema["name"] as? String, let version = schema["version"] as? Int, let tables = schema["tables"] as? [[String: Any]]
        else { throw SpecTextError("schema JSON lacks name, version or tables") }
        var text = "\(name)|\(version)"
        for table in tables {
            guard let tableName = table["name"] as? String, let keys = table["primary_key"] as? [[String: Any]],
                let columns = table["columns"] as? [[String: Any]], let insert = table["insert"] as? String,
                let update = table["update"] as? String, let delete = table["delete"] as? String, let appendOnly = table["append_only"] as? Bool
            else { throw SpecTextError("table JSON lacks a field") }
            text += "|\(tableName)("
            text += keys.map { "\($0["name"] as? String ?? "?"):\($0["affinity"] as? String ?? "?")" }.joined(separator: ",")
            text += ";"
            text += try columns.map(column).joined(separator: ",")
            text += ")"
            if let scope = table["scope_column"] as? String { text += "scope=\(scope)" + (table["flow"] as? String == "upward" ? "/up" : "") }
            text += "i=\(insert)u=\(update)d=\(delete)a=\(appendOnly ? 1 : 0)"
        }
        return text
    }

    static func column(_ column: [String: Any]) throws -> String {
        guard let name = column["name"] as? String, let affinity = column["affinity"] as? String, let notNull = column["not_null"] as? Bool,
            let published = column["published"] as? Bool
        else { throw SpecTextError("column JSON lacks a field") }
        var text = "\(name):\(affinity):\(notNull ? 1 : 0)"
        if let writers = column["writers"] as? String { text += ":w=\(writers)" }
        if let lattice = column["lattice"] as? [String: Any] {
            let order = lattice["order"] as? [String] ?? []
            let initial = lattice["initial"] as? [String: String] ?? [:]
            let transitions = lattice["transitions"] as? [String: [String: String]] ?? [:]
            let requires = lattice["requires"] as? [String: [String]] ?? [:]
            // Every list sorted by Unicode code points, as §6.2 states.
            func sorted(_ keys: some Collection<String>) -> [String] {
                keys.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
            }
            let steps = sorted(transitions.keys).flatMap { from in sorted(transitions[from]!.keys).map { "\(from)>\($0)=\(transitions[from]![$0]!)" } }
            text += ":l=" + order.joined(separator: "<")
            text += "/" + sorted(initial.keys).map { "\($0)=\(initial[$0]!)" }.joined(separator: ",")
            text += "/" + steps.joined(separator: ",")
            text += "/" + sorted(requires.keys).filter { !requires[$0]!.isEmpty }.map { "\($0)=\(requires[$0]!.joined(separator: "+"))" }.joined(separator: ",")
        }
        if let personal = column["personal"] as? String { text += ":p=\(personal)" }
        if published { text += ":pub" }
        return text
    }

    static func fingerprint(json: Data) throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in try canonical(json: json).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
