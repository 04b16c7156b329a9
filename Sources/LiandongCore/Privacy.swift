/// Personal data (个人信息) in a replicated column. Such columns stay raw up to the privacy
/// ceiling (the district); a node above it (the city) receives only masked display values, free
/// text scrubbed of identifiers, and a keyed hash of the ID number (`docs/domain-schema.md`,
/// 个人信息保护; Protocols/SPEC.md §17.4).
public enum PersonalData: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A person's name: `张三` → `张*`.
    case name
    /// An ID number (身份证号): digits 7–14 (the birth date) hidden, `110105********123X`.
    case idNumber
    /// A phone number: `13812345678` → `138****5678`.
    case phone
    /// An address: the first six characters, then `****`.
    case address
    /// Empty below the ceiling; above it, the keyed hash (HMAC-SHA256 under the city's
    /// `PrivacyKey`, hex) of the named personal column, so that the city can count repeat
    /// applicants without seeing who they are.
    case keyedHash(of: String)
    /// Free text (自由文本: a case's name, an explanation, an evaluation's words) that people may
    /// type ID numbers and phones into: above the ceiling every identifier `PersonalIdentifiers`
    /// finds is replaced by its mask.
    case freeText

    /// Stored declarations keep the name version 1 gave the hash (`saltedHash`), so that files
    /// made by earlier versions still open.
    enum CodingKeys: String, CodingKey {
        case name, idNumber, phone, address, freeText
        case keyedHash = "saltedHash"
    }

    public var description: String {
        switch self {
        case .name: "name"
        case .idNumber: "id-number"
        case .phone: "phone"
        case .address: "address"
        case .keyedHash(let source): "hash(\(source))"
        case .freeText: "free-text"
        }
    }

    /// The display value sent above the ceiling.
    public func masked(_ value: ColumnValue) -> ColumnValue {
        guard case .text(let text) = value else { return value == .null ? .null : .text("*") }
        let characters = Array(text)
        switch self {
        case .name:
            guard let first = characters.first else { return value }
            return .text(String(first) + String(repeating: "*", count: max(1, characters.count - 1)))
        case .idNumber:
            guard characters.count > 10 else { return .text(String(repeating: "*", count: characters.count)) }
            let hiddenEnd = min(14, characters.count - 4)
            return .text(String(characters[0..<6]) + String(repeating: "*", count: hiddenEnd - 6) + String(characters[hiddenEnd...]))
        case .phone:
            guard characters.count >= 7 else { return .text(String(repeating: "*", count: characters.count)) }
            return .text(String(characters[0..<3]) + String(repeating: "*", count: characters.count - 7) + String(characters[(characters.count - 4)...]))
        case .address:
            return .text(String(characters.prefix(6)) + "****")
        case .keyedHash:
            return .null
        case .freeText:
            return .text(PersonalIdentifiers.scrubbed(text))
        }
    }

    /// True when `value` may be held above the ceiling: masked, a hash, free text without an
    /// identifier, or empty. A receiver above the ceiling rejects anything else, so a
    /// misconfigured district cannot leak raw values.
    public func isSafeAboveCeiling(_ value: ColumnValue) -> Bool {
        guard case .text(let text) = value else { return value == .null }
        switch self {
        case .keyedHash:
            return text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        case .name, .address:
            return text.hasSuffix("*")
        case .idNumber:
            return text.contains("********") && text.filter(\.isNumber).count <= 10
        case .phone:
            return text.contains("****") && text.filter(\.isNumber).count <= 7
        case .freeText:
            return PersonalIdentifiers.find(in: text).isEmpty
        }
    }

    /// Why a value of this kind was refused above the ceiling (rule `privacy`).
    public var refusalAboveCeiling: String {
        switch self {
        case .freeText: "free text must arrive scrubbed of ID numbers and phone numbers above the \(PrivacyProjection.ceiling.name) tier"
        default: "personal data must arrive masked or hashed above the \(PrivacyProjection.ceiling.name) tier"
        }
    }

    /// The keyed hash of a personal value: HMAC-SHA256 under `key` of its UTF-8 bytes, as 64
    /// lowercase hex digits; NULL when the value is not text.
    public static func keyedHash(_ value: ColumnValue, key: PrivacyKey) -> ColumnValue {
        guard case .text(let text) = value else { return .null }
        return .text(key.authenticationCode(text))
    }
}

/// How a row change is shaped for a peer across the privacy ceiling (Protocols/SPEC.md §17.1 plus
/// `docs/domain-schema.md`): masked and hashed on the way up past it, withheld on the way down.
public struct PrivacyProjection: Sendable {
    /// The highest tier that holds personal data raw.
    public static let ceiling: Tier = .district
    /// The version of a withheld cell: below every real write, so it never overwrites anything.
    public static let withheldVersion = CellVersion(hlc: .zero, origin: NodeID(rawValue: 0))

    let personal: [(column: Int, kind: PersonalData, source: Int?)]

    public init(_ table: TableSpec) {
        personal = table.columns.enumerated().compactMap { index, column in
            guard let kind = column.personal else { return nil }
            var source: Int?
            if case .keyedHash(let name) = kind { source = table.columns.firstIndex { $0.name == name } }
            return (index, kind, source)
        }
    }

    /// True when the table has personal columns.
    public var isEmpty: Bool { personal.isEmpty }

    /// Personal columns masked, free text scrubbed, hash columns computed under `key` from their
    /// source with the source's version.
    public func maskedForAbove(_ change: RowChange, key: PrivacyKey) -> RowChange {
        guard change.isLive, !personal.isEmpty else { return change }
        var result = change
        var versions = change.versions.expanded(columnCount: change.values.count)
        for entry in personal {
            if let source = entry.source {
                result.values[entry.column] = PersonalData.keyedHash(change.values[source], key: key)
                versions[entry.column] = versions[source]
            } else {
                result.values[entry.column] = entry.kind.masked(change.values[entry.column])
            }
        }
        result.versions = CompactVersions(versions, fallback: change.versions.base)
        return result
    }

    /// Personal columns emptied with the lowest version, for a node below the ceiling receiving
    /// from one above it: the masked values never come back down to overwrite raw ones. An
    /// empty cell written above the ceiling (a row the city created, such as its supervision
    /// alert with no answer yet) travels at its own version: it never held a raw value, and a
    /// withheld cell could not be relayed further down (Protocols/SPEC.md §17.4).
    public func withheldForBelow(_ change: RowChange) -> RowChange {
        guard change.isLive, !personal.isEmpty else { return change }
        var result = change
        var versions = change.versions.expanded(columnCount: change.values.count)
        for entry in personal {
            if change.values[entry.column] == .null, versions[entry.column].origin.tier < Self.ceiling { continue }
            result.values[entry.column] = .null
            versions[entry.column] = Self.withheldVersion
        }
        result.versions = CompactVersions(versions, fallback: change.versions.base)
        return result
    }

    /// True when a cell of `change` is at the withheld version: a node at or below the ceiling
    /// holding one does not send the row down until it holds the raw value (SPEC §17.4).
    /// Only personal cells count: an empty cell of another column at that version was never
    /// written (a column a later schema version added, SPEC §12.1).
    public func hasWithheldCell(_ change: RowChange) -> Bool {
        guard change.isLive, !personal.isEmpty else { return false }
        let versions = change.versions.expanded(columnCount: change.values.count)
        return personal.contains { $0.column < versions.count && versions[$0.column] == Self.withheldVersion }
    }

    /// The first personal column of `change` holding a value that must not be above the ceiling.
    public func leak(in change: RowChange) -> Int? {
        guard change.isLive else { return nil }
        return personal.first { !$0.kind.isSafeAboveCeiling(change.values[$0.column]) }?.column
    }
}

extension ReplicaSchema {
    /// True when some column is personal (a district then needs the city's privacy key).
    public var holdsPersonalData: Bool { tables.contains { $0.columns.contains { $0.personal != nil } } }
}

extension ColumnSpec {
    /// True for a keyed-hash column: derived from its source when sent above the ceiling, never
    /// written directly.
    public var isKeyedHash: Bool {
        if case .keyedHash = personal { return true }
        return false
    }
}
