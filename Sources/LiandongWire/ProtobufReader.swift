/// Reads protocol-buffer wire format from a byte buffer, never past its end. Unknown fields are
/// skipped (forward compatibility); truncated or impossible input throws `WireDecodingError`.
struct ProtobufReader {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
    }

    private init(_ bytes: [UInt8], from start: Int, to end: Int) {
        self.bytes = bytes
        self.position = start
        self.end = end
    }

    var isAtEnd: Bool { position >= end }

    mutating func varint() throws(WireDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw WireDecodingError("truncated varint") }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw WireDecodingError("varint overflows 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            guard shift <= 63 else { throw WireDecodingError("varint longer than 10 bytes") }
        }
    }

    /// The next field's number and wire type, or nil at the end of the message.
    mutating func nextField() throws(WireDecodingError) -> (field: Int, type: WireType)? {
        guard !isAtEnd else { return nil }
        let key = try varint()
        guard let type = WireType(rawValue: UInt8(key & 7)) else {
            throw WireDecodingError("unsupported wire type \(key & 7)")
        }
        let field = Int(truncatingIfNeeded: key >> 3)
        guard field > 0 else { throw WireDecodingError("field number 0") }
        return (field, type)
    }

    mutating func int64() throws(WireDecodingError) -> Int64 { Int64(bitPattern: try varint()) }

    mutating func sint64() throws(WireDecodingError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func double() throws(WireDecodingError) -> Double {
        guard end - position >= 8 else { throw WireDecodingError("truncated double") }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return Double(bitPattern: bits)
    }

    mutating func lengthDelimited() throws(WireDecodingError) -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - position) else { throw WireDecodingError("length \(length) runs past the message") }
        let range = position..<(position + Int(length))
        position += Int(length)
        return range
    }

    mutating func bytesValue() throws(WireDecodingError) -> [UInt8] { Array(bytes[try lengthDelimited()]) }

    mutating func string() throws(WireDecodingError) -> String {
        let range = try lengthDelimited()
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            throw WireDecodingError("string field is not valid UTF-8")
        }
        return text
    }

    /// A reader confined to the nested message that follows.
    mutating func nested() throws(WireDecodingError) -> ProtobufReader {
        let range = try lengthDelimited()
        return ProtobufReader(bytes, from: range.lowerBound, to: range.upperBound)
    }

    mutating func skip(_ type: WireType) throws(WireDecodingError) {
        switch type {
        case .varint: _ = try varint()
        case .fixed64:
            guard end - position >= 8 else { throw WireDecodingError("truncated fixed64") }
            position += 8
        case .fixed32:
            guard end - position >= 4 else { throw WireDecodingError("truncated fixed32") }
            position += 4
        case .lengthDelimited: _ = try lengthDelimited()
        }
    }

    /// A varint field, after checking its wire type.
    mutating func varint(_ type: WireType, field: Int, in message: String) throws(WireDecodingError) -> UInt64 {
        try Self.expect(type, .varint, field: field, in: message)
        return try varint()
    }

    /// An `int64` field, after checking its wire type.
    mutating func int64(_ type: WireType, field: Int, in message: String) throws(WireDecodingError) -> Int64 {
        Int64(bitPattern: try varint(type, field: field, in: message))
    }

    /// A `string` field, after checking its wire type.
    mutating func string(_ type: WireType, field: Int, in message: String) throws(WireDecodingError) -> String {
        try Self.expect(type, .lengthDelimited, field: field, in: message)
        return try string()
    }

    /// A `bytes` field, after checking its wire type.
    mutating func bytes(_ type: WireType, field: Int, in message: String) throws(WireDecodingError) -> [UInt8] {
        try Self.expect(type, .lengthDelimited, field: field, in: message)
        return try bytesValue()
    }

    /// A nested message field, after checking its wire type.
    mutating func nested(_ type: WireType, field: Int, in message: String) throws(WireDecodingError) -> ProtobufReader {
        try Self.expect(type, .lengthDelimited, field: field, in: message)
        return try nested()
    }

    /// Throws when a repeated field already holds `limit` elements: what a frame decodes to
    /// stays within a small multiple of its bytes (Protocols/SPEC.md §14).
    static func bound(_ count: Int, _ limit: Int, _ what: String) throws(WireDecodingError) {
        guard count < limit else { throw WireDecodingError("more than \(limit) \(what)") }
    }

    /// Checks that a field has the wire type the schema gives it.
    static func expect(_ actual: WireType, _ expected: WireType, field: Int, in message: String) throws(WireDecodingError) {
        guard actual == expected else {
            throw WireDecodingError("\(message) field \(field) has wire type \(actual.rawValue), expected \(expected.rawValue)")
        }
    }
}

/// Input that is not a valid message of `Protocols/liandong.proto`.
public struct WireDecodingError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "malformed message: \(reason)" }
}
