import Foundation
import LiandongCore

/// One CSV field as RFC 4180 writes it: quoted when it holds a comma, a double quote, a carriage
/// return or a line feed, with each double quote doubled.
public enum CSVField {
    /// The bytes that make a field quoted: `,` `"` CR LF.
    static let special: Set<UInt8> = [0x2C, 0x22, 0x0D, 0x0A]

    /// `text` as a CSV field.
    public static func quoted(_ text: String) -> String {
        let special = text.utf8.contains { byte in Self.special.contains(byte) }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One CSV record: the fields quoted, joined by commas, ended by CRLF (RFC 4180 §2).
    public static func record(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\r\n"
    }
}

/// A value of an exchange row (`NationalExchange`): what SQLite holds, text, integer, real or NULL.
public enum ExchangeValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The CSV field: NULL is the empty field.
    public var csvText: String {
        switch self {
        case .null: ""
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): value
        }
    }

    /// The JSON value: `null`, a number, or a string.
    public var jsonText: String {
        switch self {
        case .null: "null"
        case .integer(let value): String(value)
        case .real(let value): value.isFinite ? String(value) : "null"
        case .text(let value): Self.jsonString(value)
        }
    }

    /// `text` as a JSON string literal (`ReplicaSchema.json`).
    public static func jsonString(_ text: String) -> String { ReplicaSchema.json(text) }
}
