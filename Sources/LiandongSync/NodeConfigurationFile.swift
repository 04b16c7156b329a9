import Foundation

/// A node's configuration file (`<replica>.conf.json` unless told otherwise): JSON objects, one
/// per section, holding the keys of `NodeConfigurationKey` (docs/configuration.md). Only paths
/// to secrets are written here, never a secret itself.
public enum NodeConfigurationFile {
    /// The format this build reads and writes (the top-level `version`).
    public static let version = 1

    /// The file's default place: beside the replica.
    public static func defaultPath(forReplica path: String) -> String { "\(path).conf.json" }

    /// The file's text for `values`: sections in the order of `NodeConfigurationKey.all`,
    /// sorted keys, two-space indentation, a final newline.
    public static func render(_ values: [NodeConfigurationKey: NodeConfigurationValue]) -> String {
        var sections: [String: [String: Any]] = [:]
        for (key, value) in values {
            switch value {
            case .string(let text): sections[key.section, default: [:]][key.name] = text
            case .integer(let number): sections[key.section, default: [:]][key.name] = number
            }
        }
        var object: [String: Any] = sections
        object["version"] = version
        // JSONSerialization only fails on values that are not JSON; these are strings and integers.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Writes `values` to `path` (mode 0644) through a temporary file renamed into place, so that
    /// a crash leaves the old file or the new one, never half of one.
    public static func write(_ values: [NodeConfigurationKey: NodeConfigurationValue], to path: String) throws(NodeConfigurationError) {
        let temporary = "\(path).tmp"
        let bytes = Array(render(values).utf8)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw NodeConfigurationError(key: "", source: .file(path), "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw NodeConfigurationError(key: "", source: .file(path), "cannot write the configuration file: \(reason)")
        }
    }

    /// Checks the file's text strictly, before swift-configuration reads it: a JSON object of
    /// known sections holding known keys with values of the right kind, and `version` 1 if
    /// present. swift-configuration would skip a misspelt key or a number in quotes and use the
    /// default; a node must not start on a setting its operator did not mean.
    public static func validate(_ data: Data, path: String) throws(NodeConfigurationError) {
        let source = NodeConfigurationSource.file(path)
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data) } catch {
            throw NodeConfigurationError(key: "", source: source, "not valid JSON: \(error.localizedDescription)")
        }
        guard let object = parsed as? [String: Any] else {
            throw NodeConfigurationError(key: "", source: source, "the file must hold one JSON object of sections (docs/configuration.md)")
        }
        let sections = Set(NodeConfigurationKey.all.map(\.section))
        for name in object.keys.sorted() {
            let value = object[name]!
            if name == "version" {
                guard let number = value as? NSNumber, number.isInteger, number.intValue == version else {
                    throw NodeConfigurationError(key: "version", source: source, "this build reads version \(version) of the file, not \(value)")
                }
                continue
            }
            guard sections.contains(name) else {
                throw NodeConfigurationError(
                    key: name, source: source, "no such section; the sections are \(NodeConfigurationKey.all.map(\.section).uniqued().joined(separator: ", "))")
            }
            guard let entries = value as? [String: Any] else {
                throw NodeConfigurationError(key: name, source: source, "a section must be a JSON object of keys")
            }
            for (entry, entryValue) in entries.sorted(by: { $0.key < $1.key }) {
                guard let key = NodeConfigurationKey(path: "\(name).\(entry)") else {
                    let known = NodeConfigurationKey.all.filter { $0.section == name }.map(\.name).joined(separator: ", ")
                    throw NodeConfigurationError(key: "\(name).\(entry)", source: source, "no such key; section \(name) has \(known)")
                }
                switch key.kind {
                case .string:
                    guard entryValue is String else {
                        throw NodeConfigurationError(key: key.path, source: source, "must be a JSON string in quotes (omit the key to leave it unset), not \(entryValue)")
                    }
                case .integer:
                    guard let number = entryValue as? NSNumber, number.isInteger else {
                        throw NodeConfigurationError(key: key.path, source: source, "must be a JSON integer without quotes, not \(entryValue)")
                    }
                }
            }
        }
    }
}

extension NSNumber {
    /// Whether JSONSerialization made this number from `true` or `false` (Foundation's boolean
    /// numbers are of C type `char`; JSON numbers never are).
    var isBoolean: Bool { String(cString: objCType) == "c" }
    /// Whether this is a JSON number without a fraction or exponent part.
    var isInteger: Bool { !isBoolean && !["d", "f"].contains(String(cString: objCType)) }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
