import LiandongCore

/// Reads and writes `_ld_cc`, the JSON map of per-column version exceptions that the update
/// trigger maintains with `json_set`: `{"column":[hlc,origin],…}`.
enum CellVersionJSON {
    /// The map's UTF-8 text, nil when there is no exception. Written byte by byte: the merge
    /// stores one per row, and String interpolation of the integers cost half of a merge.
    static func encode(_ exceptions: [(column: Int, version: CellVersion)], columns: [ColumnSpec]) -> [UInt8]? {
        guard !exceptions.isEmpty else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 + exceptions.count * 64)
        bytes.append(0x7B)  // {
        for (index, exception) in exceptions.enumerated() {
            if index > 0 { bytes.append(0x2C) }  // ,
            bytes.append(0x22)  // "
            bytes.append(contentsOf: columns[exception.column].name.utf8)
            bytes.append(0x22)
            bytes.append(0x3A)  // :
            bytes.append(0x5B)  // [
            appendDecimal(exception.version.hlc.rawValue, to: &bytes)
            bytes.append(0x2C)
            appendDecimal(exception.version.origin.rawValue, to: &bytes)
            bytes.append(0x5D)  // ]
        }
        bytes.append(0x7D)  // }
        return bytes
    }

    /// Appends `value` in decimal, as `String(value)` would write it.
    static func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = 0x30 + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: digits[start..<20])
        }
    }

    /// Parses the map; names not in `columnIndex` are ignored, anything unparsable yields nil.
    static func decode(_ text: String, columnIndex: [String: Int]) -> [(column: Int, version: CellVersion)]? {
        var result: [(column: Int, version: CellVersion)] = []
        var scalars = Array(text.utf8)[...]
        func skipSpace() { while let c = scalars.first, c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D { scalars.removeFirst() } }
        func expect(_ byte: UInt8) -> Bool {
            skipSpace()
            guard scalars.first == byte else { return false }
            scalars.removeFirst()
            return true
        }
        // Total on any text: a number outside Int64 (or `-9223372036854775808` negated) is
        // unparsable, never a trap. Such values are refused before they reach `_ld_cc` (SPEC §9.2).
        func integer() -> Int64? {
            skipSpace()
            var negative = false
            if scalars.first == 0x2D { negative = true; scalars.removeFirst() }
            var value: Int64 = 0
            var digits = 0
            while let c = scalars.first, c >= 0x30, c <= 0x39 {
                let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowSum) = times.addingReportingOverflow(Int64(c - 0x30))
                guard !overflowTimes, !overflowSum else { return nil }
                value = sum
                digits += 1
                scalars.removeFirst()
            }
            return digits > 0 ? (negative ? 0 - value : value) : nil
        }
        guard expect(0x7B) else { return nil }
        skipSpace()
        if scalars.first == 0x7D { return [] }
        while true {
            guard expect(0x22) else { return nil }
            var name: [UInt8] = []
            while let c = scalars.first, c != 0x22 { name.append(c); scalars.removeFirst() }
            guard expect(0x22), expect(0x3A), expect(0x5B), let hlc = integer(), expect(0x2C), let origin = integer(), expect(0x5D) else {
                return nil
            }
            if let column = columnIndex[String(decoding: name, as: UTF8.self)] {
                result.append((column, CellVersion(hlc: HLC(rawValue: hlc), origin: NodeID(rawValue: origin))))
            }
            skipSpace()
            if expect(0x7D) { break }
            guard expect(0x2C) else { return nil }
        }
        result.sort { $0.column < $1.column }
        return result
    }
}
