import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure tracked writes, merges, wire size and end-to-end sync against raw SQLite.")
    func run() async throws {}
}
