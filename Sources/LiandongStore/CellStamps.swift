import LiandongCore

/// The change stamp at which each cell of a live row was stored here: what decides which cells a
/// delta row (Protocols/SPEC.md §5.5) may leave out for a peer whose delta base is D (every cell
/// stored at a stamp ≤ D the peer holds).
///
/// Kept in `_ld_cs`, JSON `{"_ld_at":A,"_ld_base":B,"column":S,…}`: written when the row's stamp
/// was A, every cell stored at B but those listed. The text counts only while the row's stamp
/// (`_ld_seq`) is still A; NULL, unreadable or out of date it means every cell was stored at the
/// row's stamp. So a path that stamps a row without keeping `_ld_cs` (an older release, a
/// re-stamp) can only make cells look newer than they are, which sends more, never less.
struct CellStamps: Equatable {
    /// The stamp of every cell not in `exceptions`.
    var base: Int64
    /// (column index, stamp), ascending by column, none equal to `base`.
    var exceptions: [(column: Int, stamp: Int64)]
    /// The peer the row's state came from exactly (`_ld_src`), when read with the row: that peer
    /// holds every one of its cells.
    var source: Int64?
    /// The row's rowid, when read with the row: a merge in the same transaction updates the row
    /// by it, sparing the second look-up of its key.
    var rowid: Int64?

    static func == (lhs: CellStamps, rhs: CellStamps) -> Bool {
        lhs.base == rhs.base && lhs.exceptions.elementsEqual(rhs.exceptions) { $0 == $1 }
    }

    /// Every cell stored at `stamp`.
    static func whole(_ stamp: Int64) -> CellStamps { CellStamps(base: stamp, exceptions: []) }

    /// The stamps of a row whose stamp is `rowStamp` and whose `_ld_cs` holds `text`.
    init(rowStamp: Int64, text: [UInt8]?, columnIndex: [String: Int]) {
        self.init(base: rowStamp, exceptions: [])
        guard let text, let parsed = Self.parse(text) else { return }
        var base: Int64?
        var at: Int64?
        var exceptions: [(column: Int, stamp: Int64)] = []
        for (name, stamp) in parsed {
            switch name {
            case "_ld_at": at = stamp
            case "_ld_base": base = stamp
            default:
                guard let column = columnIndex[name] else { return }
                exceptions.append((column, stamp))
            }
        }
        guard at == rowStamp, let base, base <= rowStamp, exceptions.allSatisfy({ $0.stamp <= rowStamp }) else { return }
        exceptions.sort { $0.column < $1.column }
        self.init(base: base, exceptions: exceptions.filter { $0.stamp != base })
    }

    init(base: Int64, exceptions: [(column: Int, stamp: Int64)]) {
        self.base = base
        self.exceptions = exceptions
    }

    /// One stamp per column.
    func expanded(columnCount: Int) -> [Int64] {
        var stamps = Array(repeating: base, count: columnCount)
        for exception in exceptions where exception.column < columnCount { stamps[exception.column] = exception.stamp }
        return stamps
    }

    /// The `_ld_cs` text for a row stamped `rowStamp`, or nil when every cell is at that stamp.
    static func encode(_ stamps: [Int64], rowStamp: Int64, columns: [ColumnSpec]) -> [UInt8]? {
        guard stamps.contains(where: { $0 != rowStamp }) else { return nil }
        // The base: the stamp most cells share (rows have few distinct stamps).
        var counts: [(stamp: Int64, count: Int)] = []
        for stamp in stamps {
            if let i = counts.firstIndex(where: { $0.stamp == stamp }) { counts[i].count += 1 } else { counts.append((stamp, 1)) }
        }
        let base = counts.max { $0.count < $1.count || ($0.count == $1.count && $0.stamp > $1.stamp) }!.stamp
        // Byte by byte, as `CellVersionJSON.encode`: String interpolation of the integers cost
        // a sixth to a quarter of storing a one-column change.
        var text: [UInt8] = []
        text.reserveCapacity(96)
        text.append(contentsOf: #"{"_ld_at":"#.utf8)
        CellVersionJSON.appendDecimal(rowStamp, to: &text)
        text.append(contentsOf: #","_ld_base":"#.utf8)
        CellVersionJSON.appendDecimal(base, to: &text)
        for (column, stamp) in stamps.enumerated() where stamp != base {
            text.append(contentsOf: #",""#.utf8)
            text.append(contentsOf: columns[column].name.utf8)
            text.append(contentsOf: #"":"#.utf8)
            CellVersionJSON.appendDecimal(stamp, to: &text)
        }
        text.append(UInt8(ascii: "}"))
        return text
    }

    /// Parses a flat JSON object of integers, as SQLite's JSON functions and `encode` write it;
    /// nil for anything else.
    static func parse(_ text: [UInt8]) -> [(String, Int64)]? {
        var result: [(String, Int64)] = []
        var i = 0
        func skipSpace() { while i < text.count, text[i] == 0x20 || text[i] == 0x0A || text[i] == 0x09 || text[i] == 0x0D { i += 1 } }
        skipSpace()
        guard i < text.count, text[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        skipSpace()
        if i < text.count, text[i] == UInt8(ascii: "}") { return result }
        while true {
            skipSpace()
            guard i < text.count, text[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            let start = i
            while i < text.count, text[i] != UInt8(ascii: "\"") {
                if text[i] == UInt8(ascii: "\\") { return nil }
                i += 1
            }
            guard i < text.count, let name = String(validating: text[start..<i], as: UTF8.self) else { return nil }
            i += 1
            skipSpace()
            guard i < text.count, text[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            var negative = false
            if i < text.count, text[i] == UInt8(ascii: "-") {
                negative = true
                i += 1
            }
            var value: Int64 = 0
            var digits = 0
            while i < text.count, text[i] >= 0x30, text[i] <= 0x39 {
                let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int64(text[i] - 0x30))
                guard !overflow, !overflow2 else { return nil }
                value = sum
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            result.append((name, negative ? -value : value))
            skipSpace()
            guard i < text.count else { return nil }
            if text[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard text[i] == UInt8(ascii: "}") else { return nil }
            return result
        }
    }
}
