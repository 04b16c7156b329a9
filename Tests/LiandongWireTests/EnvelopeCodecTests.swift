import LiandongCore
import LiandongTesting
import LiandongWire
import Testing

@Suite struct EnvelopeCodecTests {
    static func randomValue(_ rng: inout SplitMix64) -> ColumnValue {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: .null
        case 1: .integer(Int64.random(in: Int64.min...Int64.max, using: &rng))
        case 2: .real(Double.random(in: -1e9...1e9, using: &rng))
        case 3: .text(String((0..<Int.random(in: 0...20, using: &rng)).map { _ in "村镇区市abcXYZ 0".randomElement(using: &rng)! }))
        default: .blob((0..<Int.random(in: 0...16, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
    }

    static func randomChunk(_ rng: inout SplitMix64) -> ChangeChunk {
        let rows = (0..<Int.random(in: 0...5, using: &rng)).map { _ -> RowChange in
            let base = CellVersion(hlc: HLC(rawValue: Int64.random(in: 0...Int64.max, using: &rng)), origin: NodeID(rawValue: 441_702_001_201))
            let live = Bool.random(using: &rng)
            return RowChange(
                table: Int.random(in: 0...3, using: &rng), key: [randomValue(&rng).replacingNull],
                causalLength: live ? 1 : 2, values: live ? (0..<3).map { _ in randomValue(&rng) } : [],
                versions: CompactVersions(base: base, exceptions: live ? [(1, CellVersion(hlc: HLC(rawValue: 5), origin: NodeID(rawValue: 441_702_001_000)))] : []))
        }
        return ChangeChunk(after: ChangeSeq(rawValue: 10), upTo: ChangeSeq(rawValue: 99), rows: rows, remaining: Int64.random(in: 0...1000, using: &rng))
    }

    @Test func everyMessageRoundTrips() throws {
        var rng = SplitMix64(seed: 42)
        let hello = Hello(node: NodeID(rawValue: 441_702_001_201), tier: .village, schemaName: "demo", schemaFingerprint: "abc", cursor: ChangeSeq(rawValue: 7), head: ChangeSeq(rawValue: 8), software: "test")
        var messages: [WireMessage] = [
            .hello(hello), .welcome(hello), .refusal(Refusal(code: .schemaMismatch, reason: "版本不同")),
            .ack(Ack(upTo: ChangeSeq(rawValue: 1 << 60))), .heartbeat(Heartbeat(head: ChangeSeq(rawValue: 3))),
            .error(WireError(code: .clockDrift, message: "ahead", chunkUpTo: ChangeSeq(rawValue: 4))),
        ]
        for _ in 0..<300 { messages.append(.changes(Self.randomChunk(&rng))) }
        for message in messages {
            let envelope = Envelope(schemaVersion: 3, message: message)
            #expect(try Envelope(decoding: envelope.encoded()) == envelope)
        }
    }

    @Test func garbageIsRejectedNotCrashed() {
        var rng = SplitMix64(seed: 9)
        let valid = Envelope(schemaVersion: 1, message: .changes(Self.randomChunk(&rng))).encoded()
        // Every truncation of a valid frame either decodes or throws; none crashes.
        for length in 0..<valid.count { _ = try? Envelope(decoding: Array(valid.prefix(length))) }
        var rejected = 0
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if (try? Envelope(decoding: bytes)) == nil { rejected += 1 }
        }
        #expect(rejected > 4900)
        #expect(throws: WireDecodingError.self) { try Envelope(decoding: []) }
        #expect(throws: WireDecodingError.self) { try Envelope(decoding: [0x08, 0x01]) }  // version, no message
    }
}

extension ColumnValue {
    var replacingNull: ColumnValue { self == .null ? .integer(0) : self }
}
