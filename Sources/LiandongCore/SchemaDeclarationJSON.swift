/// The language-neutral form of a schema declaration that `Protocols/schemas/` holds, so that a
/// peer written in another language installs the same tables and computes the same fingerprint
/// (Protocols/SPEC.md §6 names every field and how the canonical text follows from it).
///
/// The text is built by hand rather than by a JSON encoder so that keys keep the order the
/// specification gives and each column stays on one line: the committed files are read by people.
extension ReplicaSchema {
    /// The declaration as JSON: every field the fingerprint covers, plus the fingerprint itself.
    /// Ends with a line feed.
    public var declarationJSON: String {
        var lines = ["{"]
        lines.append("  \"name\": \(Self.json(name)),")
        lines.append("  \"version\": \(version),")
        lines.append("  \"fingerprint\": \(Self.json(fingerprint)),")
        lines.append("  \"tables\": [")
        for (index, table) in tables.enumerated() {
            lines.append("    {")
            lines.append("      \"name\": \(Self.json(table.name)),")
            lines.append("      \"primary_key\": [")
            lines.append(table.primaryKey.map { "        {\"name\": \(Self.json($0.name)), \"affinity\": \(Self.json($0.affinity.rawValue))}" }.joined(separator: ",\n"))
            lines.append("      ],")
            lines.append("      \"columns\": [")
            if !table.columns.isEmpty { lines.append(table.columns.map { "        " + Self.json(column: $0) }.joined(separator: ",\n")) }
            lines.append("      ],")
            if let scope = table.scopeColumn {
                lines.append("      \"scope_column\": \(Self.json(scope)),")
                lines.append("      \"flow\": \(Self.json(table.flow.rawValue)),")
            }
            lines.append("      \"insert\": \(Self.json(table.insert.description)),")
            lines.append("      \"update\": \(Self.json(table.update.description)),")
            lines.append("      \"delete\": \(Self.json(table.delete.description)),")
            lines.append("      \"append_only\": \(table.appendOnly)")
            lines.append(index == tables.count - 1 ? "    }" : "    },")
        }
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One non-key column as a one-line JSON object; absent properties are left out.
    static func json(column: ColumnSpec) -> String {
        var fields = ["\"name\": \(json(column.name))", "\"affinity\": \(json(column.affinity.rawValue))", "\"not_null\": \(column.notNull)"]
        if let writers = column.writers { fields.append("\"writers\": \(json(writers.description))") }
        if let lattice = column.lattice {
            let order = lattice.order.map(json).joined(separator: ", ")
            let initial = lattice.initial.sorted { StatusLattice.precedes($0.key, $1.key) }.map { "\(json($0.key)): \(json($0.value.description))" }
            var transitions: [String] = []
            for step in lattice.sortedTransitions {
                let entry = "\(json(step.to)): \(json(step.rule.description))"
                if let last = transitions.last, last.hasPrefix(json(step.from) + ": {") {
                    transitions[transitions.count - 1] = String(last.dropLast()) + ", " + entry + "}"
                } else {
                    transitions.append("\(json(step.from)): {\(entry)}")
                }
            }
            let requires = lattice.sortedRequirements.map { "\(json($0.value)): [\($0.columns.map(json).joined(separator: ", "))]" }
            fields.append(
                "\"lattice\": {\"order\": [\(order)], \"initial\": {\(initial.joined(separator: ", "))}, "
                    + "\"transitions\": {\(transitions.joined(separator: ", "))}, \"requires\": {\(requires.joined(separator: ", "))}}")
        }
        if let personal = column.personal { fields.append("\"personal\": \(json(personal.description))") }
        fields.append("\"published\": \(column.published)")
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped, the
    /// rest as is. The one JSON string writer of the project (declarations, exchange files).
    public static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
