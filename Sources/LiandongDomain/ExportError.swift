/// An export (`ExchangeExport`) that failed: what happened, the rule it broke, where, and why.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// The replica does not hold the `gov` schema.
        case wrongSchema
        /// The output directory cannot be created or written.
        case unwritableDirectory
        /// Writing, syncing or renaming a file failed.
        case io
        /// Another export moved the cursor while this one ran.
        case concurrentExport
        /// The replica could not be read or written.
        case store
    }

    /// What kind of failure.
    public var code: Code
    /// What happened, and what to do.
    public var message: String
    /// The rule the export enforces, named for the operator (`export directory 导出目录: writable`).
    public var rule: String
    /// The file or directory concerned.
    public var path: String?
    /// The cause, as reported by the layer below.
    public var underlying: String?

    /// An error of `code`, breaking `rule`, at `path`, caused by `underlying`.
    public init(_ code: Code, _ message: String, rule: String, path: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.rule = rule
        self.path = path
        self.underlying = underlying.map { "\($0)" }
    }

    /// The message, the rule, the path and the cause, for the operator.
    public var description: String {
        var text = "\(message) [rule: \(rule)]"
        if let path { text += " [\(path)]" }
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
