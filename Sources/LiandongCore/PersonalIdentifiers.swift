/// An identifier found in free text (个人信息识别): what it is, where it is, and its digits.
public struct PersonalIdentifier: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// 身份证号: 17 digits and a final digit or X, or the 15 digits of a first-generation card.
        case idNumber = "id-number"
        /// 16, 17 or 19 digits: a bank card (银行卡号) or an ID number mistyped.
        case longNumber = "long-number"
        /// 手机号: 11 digits starting `1[3-9]`, with or without `+86` / `0086` / `86 `.
        case mobile
        /// 固定电话: an area code (0 and 2–3 digits) and a 7–8 digit number, 10–12 digits in all.
        case landline
    }

    public var kind: Kind
    /// Character offsets (`Character`s, not bytes) of the identifier as typed, prefix and
    /// separators included.
    public var range: Range<Int>
    /// The identifier's characters normalised: ASCII digits (and a final `X`), without
    /// separators or country prefix.
    public var digits: String
}

/// The one detector of personal identifiers in text, shared by the published-text guard and the
/// free-text scrubber (Protocols/SPEC.md §17.4, `docs/domain-schema.md`).
///
/// The rule, on the text as typed:
/// - Digits are ASCII or full-width (`０`–`９`); `X`, `x`, `Ｘ`, `ｘ` end an ID number.
/// - **Amounts are not identifiers.** A number written with thousands commas (`13,500,000,000`,
///   `1,350,000.00`: one to three digits, then groups of exactly three after ASCII commas), with a
///   decimal fraction (`13500000000.00`), directly after a currency sign (`¥`, `￥`, `$`, `＄`)
///   or directly before a unit (`元`, `万`, `亿`, `圆`, so `万元` and `亿元` too) is an amount and
///   is skipped whole.
/// - Otherwise digits form **groups**: maximal runs of digits. Groups joined by one or two
///   separators (space, no-break or ideographic space, tab, hyphen or dash in any width,
///   parentheses) form a **span**; anything else (a letter, `*`, `:`, `,`, `.`, a CJK character)
///   ends it. An identifier is a run of whole consecutive groups of one span — never part of a
///   group, so an 11-digit phone inside a longer number is not one — in which every group but the
///   last has at least 3 digits (a leading `86` excepted) and the last at least 2 characters (so
///   that dates such as `2026-11-01 2026-11-30` never add up to one), shaped as:
///   - ID number: 17 digits and a digit or X (18 characters), or 15 digits;
///   - mobile: 11 digits `1[3-9]…`; or 13 digits `86` + mobile when `86` is its own group or
///     follows `+`; or 15 digits `0086` + mobile;
///   - landline: 10–12 digits starting `0[1-9]`, either one group or a first group of 3–4 digits
///     (the area code: `029-8888-6666`, `(0755)12345678`);
///   - long number: 16, 17 or 19 digits.
///   At each group the longest match wins, and the search goes on after it.
/// - The published-text guard refuses ID numbers, long numbers and mobiles; landlines are allowed
///   there (an office publishes its own). The free-text scrubber masks all four.
public enum PersonalIdentifiers {
    /// Every identifier in `text`, in order, not overlapping.
    public static func find(in text: String) -> [PersonalIdentifier] {
        let characters = Array(text)
        let count = characters.count
        let digits = characters.map(digitValue)
        var barrier = [Bool](repeating: false, count: count)
        markAmounts(characters, digits, &barrier)

        var found: [PersonalIdentifier] = []
        var index = 0
        while index < count {
            guard digits[index] != nil, !barrier[index] else { index += 1; continue }
            // One span: groups joined by one or two separators.
            var groups: [Group] = []
            var cursor = index
            while true {
                let start = cursor
                var value = ""
                while cursor < count, let digit = digits[cursor], !barrier[cursor] {
                    value.append(Character(Unicode.Scalar(48 + digit)))
                    cursor += 1
                }
                var hasX = false
                if cursor < count, isX(characters[cursor]), !(cursor + 1 < count && isLetter(characters[cursor + 1])) {
                    hasX = true
                    value.append("X")
                    cursor += 1
                }
                groups.append(Group(start: start, end: cursor, value: value, hasX: hasX))
                if hasX { break }
                var gap = cursor
                while gap < count, gap - cursor < 3, isSeparator(characters[gap]), !barrier[gap] { gap += 1 }
                guard gap > cursor, gap - cursor <= 2, gap < count, digits[gap] != nil, !barrier[gap] else { break }
                cursor = gap
            }
            let plus = groups[0].start > 0 && (characters[groups[0].start - 1] == "+" || characters[groups[0].start - 1] == "＋")
            var first = 0
            while first < groups.count {
                var matched: (last: Int, kind: PersonalIdentifier.Kind, digits: String)?
                var value = ""
                for last in first..<groups.count {
                    // Short groups end a match, except a country code `86` in front.
                    if last > first, groups[last - 1].value.count < 3, !(last - 1 == first && groups[first].value == "86") { break }
                    value += groups[last].value
                    guard value.count <= 19 else { break }
                    if groups[last].value.count < 2 && last > first { continue }
                    if let kind = classify(value, groups: groups[first...last], plusBefore: plus && first == 0) { matched = (last, kind.kind, kind.digits) }
                }
                guard let matched else { first += 1; continue }
                var start = groups[first].start
                if plus && first == 0 { start -= 1 }
                found.append(PersonalIdentifier(kind: matched.kind, range: start..<groups[matched.last].end, digits: matched.digits))
                first = matched.last + 1
            }
            index = max(cursor, index + 1)
        }
        return found
    }

    /// True when published text (政务公开) holds an ID number, a long number or a mobile number.
    public static func inPublishedText(_ text: String) -> Bool {
        find(in: text).contains { $0.kind != .landline }
    }

    /// `text` with every identifier replaced by its mask: an ID number as an `id-number` column is
    /// masked (`110105********002X`), a mobile or landline as a `phone` column
    /// (`138****5678`, `029****6666`), a long number as `*`s and its last 4 digits. The result
    /// holds no identifier (`find` is empty): masking is repeated while one appears across a
    /// mask's edge, and every digit is starred if that does not settle it.
    public static func scrubbed(_ text: String) -> String {
        var current = text
        for _ in 0..<8 {
            let found = find(in: current)
            if found.isEmpty { return current }
            var characters = Array(current)
            for identifier in found.reversed() {
                characters.replaceSubrange(identifier.range, with: Array(mask(identifier)))
            }
            current = String(characters)
        }
        if find(in: current).isEmpty { return current }
        return String(current.map { digitValue($0) == nil ? $0 : "*" })
    }

    static func mask(_ identifier: PersonalIdentifier) -> String {
        let value = ColumnValue.text(identifier.digits)
        let masked: ColumnValue
        switch identifier.kind {
        case .idNumber: masked = PersonalData.idNumber.masked(value)
        case .mobile, .landline: masked = PersonalData.phone.masked(value)
        case .longNumber: masked = .text(String(repeating: "*", count: identifier.digits.count - 4) + identifier.digits.suffix(4))
        }
        if case .text(let text) = masked { return text }
        return "*"
    }

    struct Group {
        var start: Int
        var end: Int
        var value: String
        var hasX: Bool
    }

    static func classify(_ value: String, groups: ArraySlice<Group>, plusBefore: Bool) -> (kind: PersonalIdentifier.Kind, digits: String)? {
        let bytes = Array(value.utf8)
        let hasX = bytes.last == UInt8(ascii: "X")
        let length = bytes.count
        func isMobile(_ slice: ArraySlice<UInt8>) -> Bool {
            slice.count == 11 && slice.first == UInt8(ascii: "1") && (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(slice[slice.startIndex + 1])
        }
        if length == 18 && hasX { return (.idNumber, value) }
        if hasX { return nil }
        if isMobile(bytes[...]) { return (.mobile, value) }
        if length == 13, value.hasPrefix("86"), plusBefore || groups.first!.value == "86", isMobile(bytes[2...]) { return (.mobile, String(value.dropFirst(2))) }
        if length == 15, value.hasPrefix("0086"), isMobile(bytes[4...]) { return (.mobile, String(value.dropFirst(4))) }
        if length == 18 || length == 15 { return (.idNumber, value) }
        if (10...12).contains(length), bytes[0] == UInt8(ascii: "0"), bytes[1] != UInt8(ascii: "0"),
            groups.count == 1 || (3...4).contains(groups.first!.value.count)
        {
            return (.landline, value)
        }
        if length == 16 || length == 17 || length == 19 { return (.longNumber, value) }
        return nil
    }

    /// Marks every amount (see the rule above) as a barrier.
    static func markAmounts(_ characters: [Character], _ digits: [UInt8?], _ barrier: inout [Bool]) {
        let count = characters.count
        var index = 0
        while index < count {
            guard digits[index] != nil else { index += 1; continue }
            // A number token: digits joined by single ASCII commas or points between digits.
            let start = index
            var groups: [(length: Int, joiner: Character?)] = []
            var joiner: Character?
            while true {
                var length = 0
                while index < count, digits[index] != nil { index += 1; length += 1 }
                groups.append((length, joiner))
                guard index + 1 < count, characters[index] == "," || characters[index] == ".", digits[index + 1] != nil else { break }
                joiner = characters[index]
                index += 1
            }
            let end = index
            let commas = groups.filter { $0.joiner == "," }
            let points = groups.filter { $0.joiner == "." }
            var amount = false
            if !commas.isEmpty {
                // 1–3 digits, then groups of exactly 3 after commas, then at most one fraction last.
                let pointAtEnd = points.count == 1 && groups.last!.joiner == "."
                amount = (1...3).contains(groups[0].length) && points.count <= 1 && (points.isEmpty || pointAtEnd)
                    && groups.dropFirst().dropLast(pointAtEnd ? 1 : 0).allSatisfy { $0.joiner == "," && $0.length == 3 }
            } else if points.count == 1 {
                amount = true
            }
            if start > 0, ["¥", "￥", "$", "＄"].contains(characters[start - 1]) { amount = true }
            if end < count, ["元", "万", "亿", "圆"].contains(characters[end]) { amount = true }
            if amount { for i in start..<end { barrier[i] = true } }
        }
    }

    static func digitValue(_ character: Character) -> UInt8? {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return nil }
        switch scalar.value {
        case 0x30...0x39: return UInt8(scalar.value - 0x30)
        case 0xFF10...0xFF19: return UInt8(scalar.value - 0xFF10)
        default: return nil
        }
    }

    static func isX(_ character: Character) -> Bool { "XxＸｘ".contains(character) }

    static func isLetter(_ character: Character) -> Bool { character.isASCII && character.isLetter }

    static func isSeparator(_ character: Character) -> Bool {
        " \u{00A0}\u{3000}\t-－‐‑‒–—()（）".contains(character)
    }
}
