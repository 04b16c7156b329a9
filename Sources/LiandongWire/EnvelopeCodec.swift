import LiandongCore

// Field numbers follow Protocols/liandong.proto; keep the two in step.

extension Envelope {
    /// Encodes to protocol-buffer wire format.
    public func encoded() -> [UInt8] {
        var writer = ProtobufWriter(capacity: 256)
        writer.uint(1, UInt64(protocolVersion))
        writer.uint(2, UInt64(schemaVersion))
        switch message {
        case .hello(let hello): writer.message(10) { hello.encode(into: &$0) }
        case .welcome(let hello): writer.message(11) { hello.encode(into: &$0) }
        case .refusal(let refusal):
            writer.message(12) {
                $0.uint(1, UInt64(refusal.code.rawValue))
                $0.string(2, refusal.reason)
            }
        case .changes(let chunk): writer.message(13) { chunk.encode(into: &$0) }
        case .ack(let ack):
            writer.message(14) {
                $0.int(1, ack.upTo.rawValue)
                $0.int(2, ack.settled.rawValue)
                $0.int(3, ack.deltaBase.rawValue)
            }
        case .heartbeat(let beat):
            writer.message(15) {
                $0.int(1, beat.head.rawValue)
                $0.int(2, beat.nowMillis)
                $0.int(3, beat.settled.rawValue)
            }
        case .error(let error):
            writer.message(16) {
                $0.uint(1, UInt64(error.code.rawValue))
                $0.string(2, error.message)
                $0.int(3, error.chunkUpTo.rawValue)
            }
        case .digest(let digest): writer.message(17) { digest.encode(into: &$0) }
        case .repair(let rows, let seals):
            writer.message(18) { writer in
                var previous = CellVersion(hlc: .zero, origin: NodeID(rawValue: 0))
                for row in rows {
                    writer.message(1) { row.encode(into: &$0, after: previous) }
                    previous = row.versions.base
                }
                for seal in seals { writer.message(2) { seal.encode(into: &$0) } }
            }
        }
        return writer.bytes
    }

    /// Decodes one frame. Throws `WireDecodingError` for anything that is not a well-formed
    /// envelope with exactly one known message.
    public init(decoding bytes: [UInt8]) throws(WireDecodingError) {
        var reader = ProtobufReader(bytes)
        var protocolVersion: UInt32 = 0
        var schemaVersion: UInt32 = 0
        var message: WireMessage?
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1:
                try ProtobufReader.expect(type, .varint, field: field, in: "Envelope")
                protocolVersion = UInt32(truncatingIfNeeded: try reader.varint())
            case 2:
                try ProtobufReader.expect(type, .varint, field: field, in: "Envelope")
                schemaVersion = UInt32(truncatingIfNeeded: try reader.varint())
            case 10...18:
                try ProtobufReader.expect(type, .lengthDelimited, field: field, in: "Envelope")
                guard message == nil else { throw WireDecodingError("envelope carries more than one message") }
                var nested = try reader.nested()
                message = try Self.decodeBody(field: field, &nested)
            default:
                try reader.skip(type)
            }
        }
        guard protocolVersion != 0 else { throw WireDecodingError("envelope has no protocol version") }
        guard let message else { throw WireDecodingError("envelope carries no known message") }
        self.init(protocolVersion: protocolVersion, schemaVersion: schemaVersion, message: message)
    }

    private static func decodeBody(field: Int, _ reader: inout ProtobufReader) throws(WireDecodingError) -> WireMessage {
        switch field {
        case 10: return .hello(try Hello(decoding: &reader))
        case 11: return .welcome(try Hello(decoding: &reader))
        case 12:
            var code: UInt32 = 0
            var reason = ""
            while let (f, t) = try reader.nextField() {
                switch f {
                case 1: code = UInt32(truncatingIfNeeded: try reader.varint(t, field: f, in: "Refusal"))
                case 2: reason = try reader.string(t, field: f, in: "Refusal")
                default: try reader.skip(t)
                }
            }
            // WRONG_PARENT is a child's own verdict, never sent: a peer sending it says nothing known.
            let known = RefusalCode(rawValue: code).flatMap { $0 == .wrongParent ? nil : $0 }
            return .refusal(Refusal(code: known ?? .unspecified, reason: reason))
        case 13: return .changes(try ChangeChunk(decoding: &reader))
        case 14:
            var upTo: Int64 = 0
            var settled: Int64 = 0
            var deltaBase: Int64 = 0
            while let (f, t) = try reader.nextField() {
                switch f {
                case 1: upTo = try reader.int64(t, field: f, in: "Ack")
                case 2: settled = try reader.int64(t, field: f, in: "Ack")
                case 3: deltaBase = try reader.int64(t, field: f, in: "Ack")
                default: try reader.skip(t)
                }
            }
            return .ack(Ack(upTo: ChangeSeq(rawValue: upTo), settled: ChangeSeq(rawValue: settled), deltaBase: ChangeSeq(rawValue: deltaBase)))
        case 15:
            var head: Int64 = 0
            var now: Int64 = 0
            var settled: Int64 = 0
            while let (f, t) = try reader.nextField() {
                switch f {
                case 1: head = try reader.int64(t, field: f, in: "Heartbeat")
                case 2: now = try reader.int64(t, field: f, in: "Heartbeat")
                case 3: settled = try reader.int64(t, field: f, in: "Heartbeat")
                default: try reader.skip(t)
                }
            }
            return .heartbeat(
                Heartbeat(head: ChangeSeq(rawValue: head), nowMillis: now, settled: ChangeSeq(rawValue: settled)))
        case 17: return .digest(try DigestMessage(decoding: &reader))
        case 18:
            var batch = RowBatch(kind: "repair", message: "Repair")
            while let (f, t) = try reader.nextField() {
                switch f {
                case 1: try batch.row(&reader, t, field: f)
                case 2: try batch.seal(&reader, t, field: f)
                default: try reader.skip(t)
                }
            }
            return .repair(batch.rows, seals: batch.seals)
        default:
            var code: UInt32 = 0
            var message = ""
            var upTo: Int64 = 0
            while let (f, t) = try reader.nextField() {
                switch f {
                case 1: code = UInt32(truncatingIfNeeded: try reader.varint(t, field: f, in: "Error"))
                case 2: message = try reader.string(t, field: f, in: "Error")
                case 3: upTo = try reader.int64(t, field: f, in: "Error")
                default: try reader.skip(t)
                }
            }
            return .error(WireError(code: WireErrorCode(rawValue: code) ?? .unspecified, message: message, chunkUpTo: ChangeSeq(rawValue: upTo)))
        }
    }
}

extension Hello {
    func encode(into writer: inout ProtobufWriter) {
        writer.uint(1, UInt64(node.rawValue))
        writer.uint(2, UInt64(tier.rawValue))
        writer.string(3, schemaName)
        writer.string(4, schemaFingerprint)
        writer.int(5, cursor.rawValue)
        writer.int(6, head.rawValue)
        writer.string(7, software)
        writer.int(8, nowMillis)
        for entry in sealKeys {
            writer.message(9) {
                $0.uint(1, UInt64(entry.node.rawValue))
                $0.bytesField(2, entry.key.bytes)
            }
        }
        for move in moves {
            writer.message(10) {
                $0.uint(1, UInt64(move.node.rawValue))
                $0.uint(2, UInt64(move.parent.rawValue))
                $0.int(3, move.decidedMillis)
                $0.uint(4, UInt64(move.decidedBy.rawValue))
            }
        }
        writer.bool(11, takesDeltas)
        writer.int(12, deltaBase.rawValue)
    }

    init(decoding reader: inout ProtobufReader) throws(WireDecodingError) {
        var node: Int64 = 0
        var tier: Int = 0
        var schemaName = ""
        var fingerprint = ""
        var cursor: Int64 = 0
        var head: Int64 = 0
        var software = ""
        var now: Int64 = 0
        var sealKeys: [SealKeyEntry] = []
        var moves: [RegionMove] = []
        var takesDeltas = false
        var deltaBase: Int64 = 0
        while let (field, type) = try reader.nextField() {
            switch field {
            case 11: takesDeltas = try reader.varint(type, field: field, in: "Hello") != 0
            case 12: deltaBase = try reader.int64(type, field: field, in: "Hello")
            case 1: node = try reader.int64(type, field: field, in: "Hello")
            case 2: tier = Int(truncatingIfNeeded: try reader.varint(type, field: field, in: "Hello"))
            case 3: schemaName = try reader.string(type, field: field, in: "Hello")
            case 4: fingerprint = try reader.string(type, field: field, in: "Hello")
            case 5: cursor = try reader.int64(type, field: field, in: "Hello")
            case 6: head = try reader.int64(type, field: field, in: "Hello")
            case 7: software = try reader.string(type, field: field, in: "Hello")
            case 8: now = try reader.int64(type, field: field, in: "Hello")
            case 9:
                try ProtobufReader.bound(sealKeys.count, Hello.maxSealKeys, "seal keys in a hello")
                var nested = try reader.nested(type, field: field, in: "Hello")
                var entryNode: Int64 = 0
                var key: [UInt8] = []
                while let (f, t) = try nested.nextField() {
                    switch f {
                    case 1: entryNode = try nested.int64(t, field: f, in: "SealKey")
                    case 2: key = try nested.bytes(t, field: f, in: "SealKey")
                    default: try nested.skip(t)
                    }
                }
                guard NodeID.isRegionCode(entryNode) else { throw WireDecodingError("seal key names no valid node") }
                guard let sealKey = SealPublicKey(bytes: key) else { throw WireDecodingError("seal key of node \(entryNode) is not an Ed25519 public key") }
                sealKeys.append(SealKeyEntry(node: NodeID(rawValue: entryNode), key: sealKey))
            case 10:
                try ProtobufReader.bound(moves.count, Hello.maxMoves, "moves in a hello")
                var nested = try reader.nested(type, field: field, in: "Hello")
                var moved: Int64 = 0
                var parent: Int64 = 0
                var decided: Int64 = 0
                var decider: Int64 = 0
                while let (f, t) = try nested.nextField() {
                    switch f {
                    case 1: moved = try nested.int64(t, field: f, in: "RegionMove")
                    case 2: parent = try nested.int64(t, field: f, in: "RegionMove")
                    case 3: decided = try nested.int64(t, field: f, in: "RegionMove")
                    case 4: decider = try nested.int64(t, field: f, in: "RegionMove")
                    default: try nested.skip(t)
                    }
                }
                guard NodeID.isRegionCode(moved), NodeID.isRegionCode(parent), NodeID.isRegionCode(decider) else {
                    throw WireDecodingError("a move in a hello names no valid node (RegionMove node, parent and decided_by are region codes)")
                }
                moves.append(RegionMove(node: NodeID(rawValue: moved), parent: NodeID(rawValue: parent), decidedMillis: decided, decidedBy: NodeID(rawValue: decider)))
            default: try reader.skip(type)
            }
        }
        guard NodeID.isRegionCode(node) else { throw WireDecodingError("hello names no valid node") }
        guard let parsedTier = Tier(rawValue: tier) else { throw WireDecodingError("hello names unknown tier \(tier)") }
        self.init(
            node: NodeID(rawValue: node), tier: parsedTier, schemaName: schemaName, schemaFingerprint: fingerprint,
            cursor: ChangeSeq(rawValue: cursor), head: ChangeSeq(rawValue: head), software: software, nowMillis: now, sealKeys: sealKeys, moves: moves,
            takesDeltas: takesDeltas, deltaBase: ChangeSeq(rawValue: max(0, deltaBase)))
    }
}

extension DigestMessage {
    func encode(into writer: inout ProtobufWriter) {
        writer.int(1, head.rawValue)
        writer.int(2, cursor.rawValue)
        writer.bool(3, isAnswer)
        writer.bool(4, busy)
        writer.int(5, bucketMillis)
        for bucket in digest.buckets {
            writer.message(6) {
                $0.int(1, bucket.index)
                $0.int(2, bucket.rows)
                $0.uint(3, bucket.hash)
            }
        }
    }

    init(decoding reader: inout ProtobufReader) throws(WireDecodingError) {
        var head: Int64 = 0
        var cursor: Int64 = 0
        var isAnswer = false
        var busy = false
        var bucketMillis: Int64 = 0
        var buckets: [LinkDigest.Bucket] = []
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: head = try reader.int64(type, field: field, in: "Digest")
            case 2: cursor = try reader.int64(type, field: field, in: "Digest")
            case 3: isAnswer = try reader.varint(type, field: field, in: "Digest") != 0
            case 4: busy = try reader.varint(type, field: field, in: "Digest") != 0
            case 5: bucketMillis = try reader.int64(type, field: field, in: "Digest")
            case 6:
                try ProtobufReader.bound(buckets.count, LinkDigest.maxBuckets, "digest buckets")
                var nested = try reader.nested(type, field: field, in: "Digest")
                var index: Int64 = 0
                var rows: Int64 = 0
                var hash: UInt64 = 0
                while let (f, t) = try nested.nextField() {
                    switch f {
                    case 1: index = try nested.int64(t, field: f, in: "DigestBucket")
                    case 2: rows = try nested.int64(t, field: f, in: "DigestBucket")
                    case 3: hash = try nested.varint(t, field: f, in: "DigestBucket")
                    default: try nested.skip(t)
                    }
                }
                guard rows > 0 else { throw WireDecodingError("digest bucket \(index) holds no rows") }
                buckets.append(LinkDigest.Bucket(index: index, rows: rows, hash: hash))
            default: try reader.skip(type)
            }
        }
        guard busy || bucketMillis == LinkDigest.bucketMillis else {
            throw WireDecodingError("digest bucket width \(bucketMillis) ms; this node uses \(LinkDigest.bucketMillis) ms")
        }
        guard Set(buckets.map(\.index)).count == buckets.count else { throw WireDecodingError("digest names a bucket twice") }
        self.init(
            head: ChangeSeq(rawValue: head), cursor: ChangeSeq(rawValue: cursor), isAnswer: isAnswer, busy: busy, bucketMillis: bucketMillis,
            digest: LinkDigest(buckets: buckets))
    }
}

extension ChangeChunk {
    func encode(into writer: inout ProtobufWriter) {
        writer.int(1, after.rawValue)
        writer.int(2, upTo.rawValue)
        writer.int(3, remaining)
        var previous = CellVersion(hlc: .zero, origin: NodeID(rawValue: 0))
        for row in rows {
            writer.message(4) { row.encode(into: &$0, after: previous) }
            previous = row.versions.base
        }
        for seal in seals { writer.message(5) { seal.encode(into: &$0) } }
        for report in reports { writer.message(6) { report.encode(into: &$0) } }
        writer.int(7, deltaBase.rawValue)
        writer.bool(8, complete)
    }

    init(decoding reader: inout ProtobufReader) throws(WireDecodingError) {
        var after: Int64 = 0
        var upTo: Int64 = 0
        var remaining: Int64 = 0
        var deltaBase: Int64 = 0
        var complete = false
        var batch = RowBatch(kind: "chunk", message: "ChangeChunk")
        var reports: [ForgeryReport] = []
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: after = try reader.int64(type, field: field, in: "ChangeChunk")
            case 2: upTo = try reader.int64(type, field: field, in: "ChangeChunk")
            case 3: remaining = try reader.int64(type, field: field, in: "ChangeChunk")
            case 7: deltaBase = try reader.int64(type, field: field, in: "ChangeChunk")
            case 8: complete = try reader.varint(type, field: field, in: "ChangeChunk") != 0
            case 4: try batch.row(&reader, type, field: field)
            case 5: try batch.seal(&reader, type, field: field)
            case 6:
                try ProtobufReader.bound(reports.count, Seal.maxSeals, "forgery reports in a chunk")
                var nested = try reader.nested(type, field: field, in: "ChangeChunk")
                reports.append(try ForgeryReport(decoding: &nested))
            default: try reader.skip(type)
            }
        }
        guard upTo >= after else { throw WireDecodingError("chunk up_to \(upTo) is before after \(after)") }
        guard deltaBase >= 0 else { throw WireDecodingError("chunk delta_base \(deltaBase) is negative") }
        self.init(
            after: ChangeSeq(rawValue: after), upTo: ChangeSeq(rawValue: upTo), rows: batch.rows, remaining: remaining, seals: batch.seals, reports: reports,
            deltaBase: ChangeSeq(rawValue: deltaBase), complete: complete)
    }
}

/// The rows and seals of a chunk or a repair as they are decoded, within the bounds of
/// Protocols/SPEC.md §14: what a frame decodes to stays within a small multiple of its bytes.
struct RowBatch {
    /// "chunk" or "repair", for the errors; the proto message's name.
    let kind: String
    let message: String
    var rows: [RowChange] = []
    var seals: [Seal] = []
    private var cells = 0
    private var sealCells = 0
    /// The previous row's base version: a delta row's clock and origin are coded against it.
    private var previous = CellVersion(hlc: .zero, origin: NodeID(rawValue: 0))

    init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }

    mutating func row(_ reader: inout ProtobufReader, _ type: WireType, field: Int) throws(WireDecodingError) {
        try ProtobufReader.bound(rows.count, ChangeChunk.maxRows, "rows in a \(kind)")
        var nested = try reader.nested(type, field: field, in: message)
        let row = try RowChange(decoding: &nested, after: previous)
        previous = row.versions.base
        rows.append(row)
        cells += row.cellCount
        try ProtobufReader.bound(cells - 1, ChangeChunk.maxCells, "cells in a \(kind)")
    }

    mutating func seal(_ reader: inout ProtobufReader, _ type: WireType, field: Int) throws(WireDecodingError) {
        try ProtobufReader.bound(seals.count, Seal.maxSeals, "seals in a \(kind)")
        var nested = try reader.nested(type, field: field, in: message)
        seals.append(try Seal(decoding: &nested))
        sealCells += seals[seals.count - 1].cells.count
        try ProtobufReader.bound(sealCells - 1, Seal.maxCells, "sealed cells in a \(kind)")
    }
}

extension RowChange {
    /// Key values, values and cell versions: what the row costs in memory beyond its own struct.
    var cellCount: Int { key.count + values.count + versions.exceptions.count + columns.count }

    /// `previous`: the base version of the row before this one in its chunk (a delta row's clock
    /// is the difference from its clock, its origin omitted when the same; SPEC §5.5).
    func encode(into writer: inout ProtobufWriter, after previous: CellVersion = CellVersion(hlc: .zero, origin: NodeID(rawValue: 0))) {
        writer.uint(1, UInt64(truncatingIfNeeded: table))
        for value in key { writer.message(2) { value.encode(into: &$0) } }
        writer.int(3, causalLength)
        if isDelta {
            writer.tag(9, .lengthDelimited)
            var packed = ProtobufWriter(capacity: columns.count)
            for column in columns { packed.varint(UInt64(truncatingIfNeeded: column)) }
            writer.varint(UInt64(packed.bytes.count))
            writer.append(packed.bytes)
            // Always written (also a step of 0), so that its presence marks the relative clock.
            writer.tag(10, .varint)
            let step = versions.base.hlc.rawValue &- previous.hlc.rawValue
            writer.varint(UInt64(bitPattern: (step << 1) ^ (step >> 63)))
            if versions.base.origin != previous.origin { writer.uint(5, UInt64(bitPattern: versions.base.origin.rawValue)) }
        } else {
            writer.int(4, versions.base.hlc.rawValue)
            writer.uint(5, UInt64(bitPattern: versions.base.origin.rawValue))
        }
        for value in values { writer.message(6) { value.encode(into: &$0) } }
        for exception in versions.exceptions {
            writer.message(7) {
                $0.uint(1, UInt64(truncatingIfNeeded: exception.column))
                $0.int(2, exception.version.hlc.rawValue)
                $0.uint(3, UInt64(bitPattern: exception.version.origin.rawValue))
            }
        }
        if let scope { writer.uint(8, UInt64(bitPattern: scope.rawValue)) }
    }

    init(decoding reader: inout ProtobufReader, after previous: CellVersion = CellVersion(hlc: .zero, origin: NodeID(rawValue: 0))) throws(WireDecodingError) {
        var table: UInt64 = 0
        var columns: [Int] = []
        var step: Int64?
        var key: [ColumnValue] = []
        var causalLength: Int64 = 0
        var hlc: Int64 = 0
        var origin: Int64 = 0
        var values: [ColumnValue] = []
        var exceptions: [(column: Int, version: CellVersion)] = []
        var scope: UInt64 = 0
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: table = try reader.varint(type, field: field, in: "RowChange")
            case 8: scope = try reader.varint(type, field: field, in: "RowChange")
            case 9:
                if type == .varint {
                    try ProtobufReader.bound(columns.count, RowChange.maxColumns, "delta columns in a row")
                    columns.append(Int(try Self.deltaColumn(try reader.varint())))
                } else {
                    var packed = try reader.nested(type, field: field, in: "RowChange")
                    while !packed.isAtEnd {
                        try ProtobufReader.bound(columns.count, RowChange.maxColumns, "delta columns in a row")
                        columns.append(Int(try Self.deltaColumn(try packed.varint())))
                    }
                }
            case 10:
                try ProtobufReader.expect(type, .varint, field: field, in: "RowChange")
                step = try reader.sint64()
            case 2:
                try ProtobufReader.bound(key.count, RowChange.maxColumns, "key values in a row")
                var nested = try reader.nested(type, field: field, in: "RowChange")
                key.append(try ColumnValue(decoding: &nested))
            case 3: causalLength = try reader.int64(type, field: field, in: "RowChange")
            case 4: hlc = try reader.int64(type, field: field, in: "RowChange")
            case 5: origin = try reader.int64(type, field: field, in: "RowChange")
            case 6:
                try ProtobufReader.bound(values.count, RowChange.maxColumns, "values in a row")
                var nested = try reader.nested(type, field: field, in: "RowChange")
                values.append(try ColumnValue(decoding: &nested))
            case 7:
                try ProtobufReader.bound(exceptions.count, RowChange.maxColumns, "cell versions in a row")
                var nested = try reader.nested(type, field: field, in: "RowChange")
                var column: UInt64 = 0
                var exceptionClock: Int64 = 0
                var exceptionOrigin: Int64 = 0
                while let (f, t) = try nested.nextField() {
                    switch f {
                    case 1: column = try nested.varint(t, field: f, in: "CellVersion")
                    case 2: exceptionClock = try nested.int64(t, field: f, in: "CellVersion")
                    case 3: exceptionOrigin = try nested.int64(t, field: f, in: "CellVersion")
                    default: try nested.skip(t)
                    }
                }
                guard column < RowChange.maxColumns else { throw WireDecodingError("cell version names column \(column)") }
                exceptions.append((Int(column), CellVersion(hlc: HLC(rawValue: exceptionClock), origin: NodeID(rawValue: exceptionOrigin))))
            default: try reader.skip(type)
            }
        }
        guard table < RowChange.maxColumns else { throw WireDecodingError("row names table \(table)") }
        guard causalLength >= 1 else { throw WireDecodingError("row has causal length \(causalLength)") }
        guard !key.isEmpty else { throw WireDecodingError("row has no key") }
        if !columns.isEmpty {
            guard let step else { throw WireDecodingError("delta row has no clock step (hlc_step)") }
            hlc = previous.hlc.rawValue &+ step
            if origin == 0 { origin = previous.origin.rawValue }
        }
        self.init(
            table: Int(table), key: key, causalLength: causalLength, values: values,
            versions: CompactVersions(base: CellVersion(hlc: HLC(rawValue: hlc), origin: NodeID(rawValue: origin)), exceptions: exceptions),
            scope: scope == 0 || scope > 999_999_999_999 ? nil : NodeID(rawValue: Int64(scope)), columns: columns)
    }

    private static func deltaColumn(_ value: UInt64) throws(WireDecodingError) -> UInt64 {
        guard value < UInt64(RowChange.maxColumns) else { throw WireDecodingError("delta row names column \(value)") }
        return value
    }
}

extension ColumnValue {
    func encode(into writer: inout ProtobufWriter) {
        switch self {
        case .null: writer.tag(1, .varint); writer.varint(1)
        case .integer(let v): writer.tag(2, .varint); writer.varint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
        case .real(let v): writer.double(3, v)
        case .text(let v): writer.string(4, v, always: true)
        case .blob(let v): writer.bytesField(5, v)
        }
    }

    init(decoding reader: inout ProtobufReader) throws(WireDecodingError) {
        var value: ColumnValue?
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1:
                try ProtobufReader.expect(type, .varint, field: field, in: "Value")
                _ = try reader.varint()
                value = .null
            case 2:
                try ProtobufReader.expect(type, .varint, field: field, in: "Value")
                value = .integer(try reader.sint64())
            case 3:
                try ProtobufReader.expect(type, .fixed64, field: field, in: "Value")
                value = .real(try reader.double())
            case 4:
                try ProtobufReader.expect(type, .lengthDelimited, field: field, in: "Value")
                value = .text(try reader.string())
            case 5:
                try ProtobufReader.expect(type, .lengthDelimited, field: field, in: "Value")
                value = .blob(try reader.bytesValue())
            default: try reader.skip(type)
            }
        }
        guard let value else { throw WireDecodingError("value carries no kind") }
        self = value
    }
}

extension Seal {
    func encode(into writer: inout ProtobufWriter) {
        writer.uint(1, UInt64(origin.rawValue))
        writer.bytesField(2, cellBytes)
        writer.bytesField(3, signature)
        writer.bool(4, personal)
    }

    init(decoding reader: inout ProtobufReader) throws(WireDecodingError) {
        var origin: Int64 = 0
        var cells: [UInt8] = []
        var signature: [UInt8] = []
        var personal = false
        while let (field, type) = try reader.nextField() {
            switch field {
            case 4: personal = try reader.varint(type, field: field, in: "Seal") != 0
            case 1: origin = try reader.int64(type, field: field, in: "Seal")
            case 2: cells = try reader.bytes(type, field: field, in: "Seal")
            case 3: signature = try reader.bytes(type, field: field, in: "Seal")
            default: try reader.skip(type)
            }
        }
        guard (100_000_000_000...999_999_999_999).contains(origin) else { throw WireDecodingError("seal names no valid origin") }
        guard let hashes = Seal.cells(fromBytes: cells), !hashes.isEmpty else { throw WireDecodingError("seal cells are not a non-empty multiple of 8 bytes") }
        guard signature.count == 64 else { throw WireDecodingError("seal signature is \(signature.count) bytes, not 64") }
        self.init(origin: NodeID(rawValue: origin), cells: hashes, signature: signature, personal: personal)
    }
}

extension ForgeryReport {
    func encode(into writer: inout ProtobufWriter) {
        writer.uint(1, UInt64(reporter.rawValue))
        writer.uint(2, UInt64(link.rawValue))
        writer.uint(3, UInt64(origin.rawValue))
        writer.uint(4, UInt64(table))
        writer.uint(5, cell)
        writer.int(6, hlc.rawValue)
    }

    init(decoding reader: inout ProtobufReader) throws(WireDecodingError) {
        var codes: [Int64] = [0, 0, 0]
        var table: UInt64 = 0
        var cell: UInt64 = 0
        var hlc: Int64 = 0
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1...3: codes[field - 1] = try reader.int64(type, field: field, in: "ForgeryReport")
            case 4: table = try reader.varint(type, field: field, in: "ForgeryReport")
            case 5: cell = try reader.varint(type, field: field, in: "ForgeryReport")
            case 6: hlc = try reader.int64(type, field: field, in: "ForgeryReport")
            default: try reader.skip(type)
            }
        }
        guard codes.allSatisfy({ (100_000_000_000...999_999_999_999).contains($0) }) else { throw WireDecodingError("forgery report names no valid node") }
        guard table < UInt64(RowChange.maxColumns) else { throw WireDecodingError("forgery report names table \(table)") }
        self.init(
            reporter: NodeID(rawValue: codes[0]), link: NodeID(rawValue: codes[1]), origin: NodeID(rawValue: codes[2]), table: Int(table), cell: cell,
            hlc: HLC(rawValue: hlc))
    }
}
