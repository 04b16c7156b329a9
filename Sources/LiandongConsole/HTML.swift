/// Text placed in an HTML page, escaped: every value read from a replica (a region's name, an
/// alert's answer, a refusal's detail) enters a page only through `HTML.text` or
/// `HTML.attribute`, so a row cannot inject markup or script (docs/console.md, Security).
public enum HTML {
    /// `value` escaped for element content: `&`, `<`, `>`, `"` and `'` become entities.
    public static func text(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// `value` escaped for a quoted attribute value (the same entities as `text`).
    public static func attribute(_ value: String) -> String { text(value) }

    /// `value` percent-encoded for a query parameter in a link.
    static func query(_ value: String) -> String {
        var encoded = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return encoded
    }

    /// A table: `headings` in a header row, then `rows`, each cell already HTML (escape first).
    static func table(headings: [String], rows: [[String]], rowAttributes: [String]? = nil) -> String {
        var html = "<table><thead><tr>" + headings.map { "<th>\(text($0))</th>" }.joined() + "</tr></thead><tbody>"
        for (index, row) in rows.enumerated() {
            let attributes = rowAttributes.map { " " + $0[index] } ?? ""
            html += "<tr\(attributes)>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }
}
