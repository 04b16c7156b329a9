import ArgumentParser
import Foundation
import LiandongCore
import LiandongDomain

/// `liandong schema`: a shipped schema in the language-neutral form other peers read
/// (Protocols/SPEC.md §6), and the generator of `Protocols/schemas/`.
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a shipped schema (复制模式) as JSON or canonical text, or write every one into Protocols/schemas/.",
        discussion: """
            liandong schema gov                      the gov declaration as JSON
            liandong schema gov --canonical          the canonical text its fingerprint hashes
            liandong schema --write Protocols/schemas   regenerate the committed files
            """)

    @Argument(help: "A shipped schema: \(ShippedSchemas.all.map(\.name).joined(separator: ", ")).")
    var name: String?

    @Flag(help: "Print the canonical text (Protocols/SPEC.md §6) instead of the JSON declaration.")
    var canonical = false

    @Option(help: "Write <name>.json and <name>.canonical.txt of every shipped schema into this directory.")
    var write: String?

    func run() throws {
        if let write {
            guard name == nil, !canonical else { throw CommandFailure("error: --write writes every shipped schema; give no name and no --canonical") }
            try FileManager.default.createDirectory(atPath: write, withIntermediateDirectories: true)
            for file in ShippedSchemas.protocolFiles() {
                let path = (write as NSString).appendingPathComponent(file.name)
                do { try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path)) } catch {
                    throw CommandFailure("error: cannot write \(path): \(error.localizedDescription)")
                }
                say("wrote \(path)")
            }
            return
        }
        guard let name else { throw CommandFailure("error: name a schema (\(ShippedSchemas.all.map(\.name).joined(separator: ", "))) or give --write DIR") }
        guard let schema = ShippedSchemas.named(name) else {
            throw CommandFailure("error: unknown schema '\(name)'; shipped: \(ShippedSchemas.all.map(\.name).joined(separator: ", "))")
        }
        if canonical { say(schema.canonicalText) } else { FileHandle.standardOutput.write(Data(schema.declarationJSON.utf8)) }
    }
}
