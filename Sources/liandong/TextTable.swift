import LiandongDomain

/// Renders rows as aligned text columns for a terminal: CJK characters take two cells.
enum TextTable {
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let wide = (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                || (0xFE30...0xFE4F).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value) || (0xFFE0...0xFFE6).contains(scalar.value)
            return total + (wide ? 2 : 1)
        }
    }

    static func render(_ headings: [String], _ rows: [[String]]) -> String {
        var widths = headings.map(width)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], width(cell)) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - width(cell))
            }.joined(separator: "  ")
        }
        return ([line(headings)] + rows.map(line)).joined(separator: "\n")
    }

    /// RFC 4180 CSV (fields quoted by `CSVField`), lines joined by "\n" for a terminal.
    static func csv(_ headings: [String], _ rows: [[String]]) -> String {
        ([headings] + rows).map { $0.map(CSVField.quoted).joined(separator: ",") }.joined(separator: "\n")
    }
}
