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

    /// Settled marks (SPEC §21) ride in Ack field 2 and Heartbeat field 3; a frame of an earlier
    /// release, without them, reads as nothing settled, and the frame of a mark of 0 is that
    /// earlier frame byte for byte (so an older peer sees nothing new).
    @Test func settledMarksRoundTripAndOlderFramesReadAsNothingSettled() throws {
        let marks: [WireMessage] = [
            .ack(Ack(upTo: ChangeSeq(rawValue: 9), settled: ChangeSeq(rawValue: 7))),
            .heartbeat(Heartbeat(head: ChangeSeq(rawValue: 11), nowMillis: 5, settled: ChangeSeq(rawValue: 1 << 50))),
        ]
        for message in marks {
            let envelope = Envelope(schemaVersion: 1, message: message)
            #expect(try Envelope(decoding: envelope.encoded()) == envelope)
        }
        let withMark = Envelope(schemaVersion: 1, message: .ack(Ack(upTo: ChangeSeq(rawValue: 9), settled: ChangeSeq(rawValue: 7)))).encoded()
        let older = Envelope(schemaVersion: 1, message: .ack(Ack(upTo: ChangeSeq(rawValue: 9)))).encoded()
        #expect(withMark.count == older.count + 2)
        // Envelope header (4 bytes), field 14 tag and length, then Ack field 1 (08 09), then field 2 (10 07).
        #expect(Array(withMark.suffix(2)) == [0x10, 0x07])
        guard case .ack(let ack) = try Envelope(decoding: older).message else { Issue.record("not an ack"); return }
        #expect(ack.settled == .zero)
        let beat = Envelope(schemaVersion: 1, message: .heartbeat(Heartbeat(head: ChangeSeq(rawValue: 3), nowMillis: 4))).encoded()
        guard case .heartbeat(let heartbeat) = try Envelope(decoding: beat).message else { Issue.record("not a heartbeat"); return }
        #expect(heartbeat.settled == .zero)
    }

    /// Seals, forgery reports and a district's seal keys (SPEC §18) survive the wire; a seal
    /// whose cells are not whole 8-byte hashes or whose signature is not 64 bytes is malformed.
    @Test func sealsReportsAndSealKeysRoundTrip() throws {
        var rng = SplitMix64(seed: 7)
        let village = NodeID(rawValue: 441_702_001_201)
        let signer = SealSigner(node: village, secret: Array(repeating: 3, count: 32))
        var chunk = Self.randomChunk(&rng)
        chunk.seals = [try #require(signer.seal([1, 2, UInt64.max])), try #require(signer.seal([42], personal: true))]
        chunk.reports = [
            ForgeryReport(reporter: NodeID(rawValue: 441_702_000_000), link: NodeID(rawValue: 441_702_001_000), origin: village, table: 3, cell: 1 << 63, hlc: HLC(rawValue: 99))
        ]
        var hello = Hello(node: NodeID(rawValue: 441_702_000_000), tier: .district, schemaName: "gov", schemaFingerprint: "f", cursor: .zero, head: .zero, software: "t")
        hello.sealKeys = [SealKeyEntry(node: village, key: signer.publicKey)]
        for message: WireMessage in [.changes(chunk), .hello(hello), .repair(chunk.rows, seals: chunk.seals)] {
            let envelope = Envelope(schemaVersion: 1, message: message)
            #expect(try Envelope(decoding: envelope.encoded()) == envelope)
        }
        let decoded = try Envelope(decoding: Envelope(schemaVersion: 1, message: .changes(chunk)).encoded())
        guard case .changes(let received) = decoded.message else { Issue.record("not a chunk"); return }
        #expect(received.seals.allSatisfy { $0.isSigned(by: signer.publicKey) })
        var bad = chunk
        bad.seals[0].signature.removeLast()
        #expect(throws: WireDecodingError.self) { try Envelope(decoding: Envelope(schemaVersion: 1, message: .changes(bad)).encoded()) }
        #expect(!Seal(origin: village, cells: [1, 2], signature: chunk.seals[0].signature).isSigned(by: signer.publicKey))
        #expect(Seal.cells(fromBytes: [1, 2, 3]) == nil)
    }

    /// A welcome's moves (区划调整, SPEC §20.3, Hello field 10) round-trip; a move naming no valid
    /// code is malformed; a hello without moves encodes as before (older peers skip the field).
    @Test func movesRoundTrip() throws {
        var welcome = Hello(node: NodeID(rawValue: 441_702_002_000), tier: .town, schemaName: "gov", schemaFingerprint: "f", cursor: .zero, head: .zero, software: "t")
        let plain = Envelope(schemaVersion: 1, message: .welcome(welcome)).encoded()
        welcome.moves = [
            RegionMove(node: NodeID(rawValue: 441_702_001_201), parent: NodeID(rawValue: 441_702_002_000), decidedMillis: 1_764_000_000_000, decidedBy: NodeID(rawValue: 441_702_000_000)),
            RegionMove(node: NodeID(rawValue: 441_702_003_000), parent: NodeID(rawValue: 441_703_000_000), decidedMillis: -1, decidedBy: NodeID(rawValue: 441_700_000_000)),
        ]
        let envelope = Envelope(schemaVersion: 1, message: .welcome(welcome))
        let bytes = envelope.encoded()
        #expect(try Envelope(decoding: bytes) == envelope)
        #expect(bytes.count > plain.count)
        welcome.moves = []
        #expect(Envelope(schemaVersion: 1, message: .welcome(welcome)).encoded() == plain)
        welcome.moves = [RegionMove(node: NodeID(rawValue: 12), parent: NodeID(rawValue: 441_702_002_000), decidedMillis: 0, decidedBy: NodeID(rawValue: 441_702_000_000))]
        #expect(throws: WireDecodingError.self) { try Envelope(decoding: Envelope(schemaVersion: 1, message: .welcome(welcome)).encoded()) }
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
