import Foundation
import LiandongTesting
import Testing

/// The shipping `liandong` binary carries no test machinery (docs/testing.md): no simulator, no
/// planted bugs, no simulator-only replica operations. Read from its symbol table, as built.
@Suite struct ShippingBinaryTests {
    /// Mangled-name fragments of what must stay out: the simulator's module and its bench and
    /// soak, the planted bugs and their harness, the replica operations only the simulator used.
    static let forbidden = ["18LiandongSimulation", "11PlantedBugs", "15SimulationBench", "eraseAll", "advanceClock", "liandong_powercut"]

    @Test func theShippingBinaryHasNoSimulatorOrPlantedBugSymbols() throws {
        let symbols = try runCommand("/usr/bin/nm", ["--defined-only", liandongExecutable])
        #expect(symbols.status == 0, "\(symbols.output.prefix(500))")
        let lines = symbols.output.split(separator: "\n")
        // The table is the binary's own: the CLI's commands are in it.
        #expect(lines.count > 10_000 && lines.contains { $0.contains("8liandong3RunV") }, "\(lines.count) symbols")
        for fragment in Self.forbidden {
            let found = lines.filter { $0.contains(fragment) }
            #expect(found.isEmpty, "\(fragment): \(found.prefix(3))")
        }
    }

    /// The planted bugs do reach a binary that links the simulator: the fragments are real.
    @Test func theSoakBinaryHasThem() throws {
        let soak = URL(fileURLWithPath: liandongExecutable).deletingLastPathComponent().appendingPathComponent("liandong-soak").path
        let symbols = try runCommand("/usr/bin/nm", ["--defined-only", soak])
        #expect(symbols.status == 0, "\(symbols.output.prefix(500))")
        for fragment in ["18LiandongSimulation", "11PlantedBugs"] {
            #expect(symbols.output.contains(fragment), "\(fragment)")
        }
    }
}
