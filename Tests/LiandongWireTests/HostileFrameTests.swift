import LiandongCore
import LiandongTesting
import LiandongWire
import Testing

/// Frames a peer written from the spec sent: fields of the wrong wire type, counts that would
/// decode a 16 MiB frame into hundreds of MiB, and stored values the encoder trapped on
/// (Protocols/SPEC.md §7, §14). Each test failed (or trapped) before its fix.
@Suite struct HostileFrameTests {
    /// A varint of `value`.
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        return bytes + [UInt8(value)]
    }

    /// A length-delimited field.
    static func field(_ number: Int, _ body: [UInt8]) -> [UInt8] { varint(UInt64(number << 3 | 2)) + varint(UInt64(body.count)) + body }

    /// An envelope (protocol 1) around message field `number`.
    static func envelope(_ number: Int, _ body: [UInt8]) -> [UInt8] { [0x08, 0x01] + field(number, body) }

    func rejects(_ bytes: [UInt8], _ words: String) -> Bool {
        do {
            _ = try Envelope(decoding: bytes)
            return false
        } catch {
            return error.description.contains(words)
        }
    }

    @Test func everyFieldIsReadOnlyWithItsWireType() {
        // Heartbeat.head, Ack.up_to, ChangeChunk.up_to, Error.code and Hello.node as empty
        // length-delimited fields: read before as the varint of their length.
        #expect(rejects(Self.envelope(15, Self.field(1, [])), "Heartbeat field 1 has wire type 2"))
        #expect(rejects(Self.envelope(14, Self.field(1, [])), "Ack field 1 has wire type 2"))
        #expect(rejects(Self.envelope(13, Self.field(2, [])), "ChangeChunk field 2 has wire type 2"))
        #expect(rejects(Self.envelope(16, Self.field(1, [])), "Error field 1 has wire type 2"))
        #expect(rejects(Self.envelope(10, Self.field(1, [])), "Hello field 1 has wire type 2"))
        // RowChange.causal_length (3) as a fixed64 (wire type 1), and a key value as a varint.
        let key = Self.field(2, [0x08, 0x00])
        #expect(rejects(Self.envelope(13, Self.field(4, key + [0x19] + [UInt8](repeating: 1, count: 8))), "RowChange field 3 has wire type 1"))
        #expect(rejects(Self.envelope(13, Self.field(4, [0x10, 0x00] + [0x18, 0x01])), "RowChange field 2 has wire type 0"))
        // A well-typed row still decodes.
        #expect((try? Envelope(decoding: Self.envelope(13, Self.field(4, key + [0x18, 0x01])))) != nil)
    }

    /// A 16 MiB frame of minimal rows decoded to about 257 MiB: a chunk carries at most 512
    /// rows, a row at most 4096 values and cell versions, a digest at most 2^18 buckets.
    @Test func allocationIsBoundedByWhatTheSpecAllows() {
        let row = Self.field(4, Self.field(2, [0x08, 0x00]) + [0x18, 0x01])
        let rows = { (count: Int) in Self.envelope(13, Array([[UInt8]](repeating: row, count: count).joined())) }
        #expect((try? Envelope(decoding: rows(ChangeChunk.maxRows))) != nil)
        #expect(rejects(rows(ChangeChunk.maxRows + 1), "more than 512 rows in a chunk"))
        #expect(rejects(Self.envelope(18, Array([[UInt8]](repeating: Self.field(1, Self.field(2, [0x08, 0x00]) + [0x18, 0x01]), count: 513).joined())), "more than 512 rows in a repair"))
        let null = Self.field(6, [0x08, 0x00])
        let wide = Self.field(2, [0x08, 0x00]) + [0x18, 0x01] + Array([[UInt8]](repeating: null, count: RowChange.maxColumns + 1).joined())
        #expect(rejects(Self.envelope(13, Self.field(4, wide)), "more than 4096 values in a row"))
        let versions = Self.field(2, [0x08, 0x00]) + [0x18, 0x01] + Array([[UInt8]](repeating: Self.field(7, []), count: RowChange.maxColumns + 1).joined())
        #expect(rejects(Self.envelope(13, Self.field(4, versions)), "more than 4096 cell versions in a row"))
        // 512 rows of 4095 cell versions each: within the per-row bounds, over the frame's cells.
        let versionsRow = Self.field(4, Self.field(2, [0x08, 0x00]) + [0x18, 0x01] + Array([[UInt8]](repeating: Self.field(7, []), count: 4095).joined()))
        #expect(rejects(Self.envelope(13, Array([[UInt8]](repeating: versionsRow, count: 512).joined())), "more than 1048576 cells in a chunk"))
        let bucket = Self.field(6, [0x10, 0x01])
        let digest = [0x28] + Self.varint(UInt64(LinkDigest.bucketMillis)) + Array([[UInt8]](repeating: bucket, count: LinkDigest.maxBuckets + 1).joined())
        #expect(rejects(Self.envelope(17, digest), "more than 262144 digest buckets"))
    }

    /// F1: `RowChange.encode` trapped on `UInt64(origin)` for a negative origin it had stored.
    /// Any value encodes; a receiver refuses the impossible ones (SPEC §9.2).
    @Test func theEncoderNeverTrapsOnAStoredValue() throws {
        let row = RowChange(
            table: 0, key: [.text("k")], causalLength: Int64.max, values: [.real(.nan), .integer(Int64.min)],
            versions: CompactVersions(
                base: CellVersion(hlc: HLC(rawValue: Int64.min), origin: NodeID(rawValue: -1)),
                exceptions: [(column: 1, version: CellVersion(hlc: HLC(rawValue: -5), origin: NodeID(rawValue: Int64.min)))]),
            scope: NodeID(rawValue: -7))
        let bytes = Envelope(schemaVersion: 1, message: .changes(ChangeChunk(after: .zero, upTo: .zero, rows: [row], remaining: 0))).encoded()
        guard case .changes(let decoded) = try Envelope(decoding: bytes).message else {
            Issue.record("not a chunk")
            return
        }
        #expect(decoded.rows[0].versions.base.origin.rawValue == -1)
        #expect(decoded.rows[0].versions.exceptions[0].version.origin.rawValue == Int64.min)
        let spec = TableSpec(name: "t", primaryKey: [ColumnSpec("k", .text, notNull: true)], columns: [ColumnSpec("a", .real), ColumnSpec("b", .integer)])
        #expect(throws: InvalidChange.self) { try decoded.rows[0].validate(against: spec) }
    }
}
