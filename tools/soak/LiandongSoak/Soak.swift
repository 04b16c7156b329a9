import ArgumentParser
import Foundation
import LiandongCore
import LiandongSimulation
import Synchronization

/// `liandong-soak`: runs the deterministic simulator over many seeds and prints each failing
/// seed with the command that replays it. Test machinery: its own executable, never part of the
/// shipping `liandong` (docs/testing.md).
@main
struct Soak: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liandong-soak",
        abstract: "Run the fault simulator (故障模拟) over many seeds: a 15-node city in one process with message loss, duplication, reordering, partitions, crashes and clock skew; prints every failing seed with the command that replays it.")

    @Option(help: "The first seed.")
    var seed: UInt64 = 1

    @Option(help: "How many seeds to run (seed, seed+1, …).")
    var seeds: Int = 100

    @Option(help: "Local operations per run, across the tree.")
    var operations: Int = 300

    @Option(help: "Plant known bugs to check that the simulator catches them (comma-separated): \(PlantedBugs.all.map(\.name).joined(separator: ", ")).")
    var plant: String?

    @Option(help: "Runs in parallel (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print every run's report, not only failures.")
    var verbose = false

    @Flag(help: "Keep the replica files of failing runs for inspection.")
    var keepFailed = false

    @Option(help: "Instead of seeds: measure tombstone collection (墓碑回收) after this many deletes across the tree, settled, without faults.")
    var tombstones: Int?

    func run() throws {
        if let tombstones {
            guard tombstones >= 1 else { throw CommandFailure("error: --tombstones must be at least 1") }
            say("tombstone collection 墓碑回收: \(tombstones) deletes by the city and the districts, 15 nodes, no faults, then settled")
            let started = Date()
            let figure = try failing { () throws -> Simulation.TombstoneFigure in
                let bench = try SimulationBench()
                return Simulation(SimulationConfiguration(seed: seed), on: bench).tombstoneBench(deletes: tombstones)
            }
            for failure in figure.failures { say("  ✗ \(failure)") }
            for (tier, left) in figure.leftByTier {
                say(String(format: "  %@ %@: at most %lld tombstones left 墓碑剩余 at a node, %.3f%% of the deletes (floor ≤ 1%%)", tier.name, tier.chineseName, left, 100 * Double(left) / Double(tombstones)))
            }
            say(String(format: "  %lld tombstones collected 已回收 over all nodes, %.1f s", figure.collected, Date().timeIntervalSince(started)))
            let worst = figure.leftByTier.map(\.maxLeft).max() ?? Int64(tombstones)
            if !figure.failures.isEmpty || Double(worst) > Double(tombstones) / 100 { throw CommandFailure("error: tombstones left above the floor (1% of the deletes)") }
            return
        }
        var bugs: PlantedBugs = []
        for name in (plant ?? "").split(separator: ",") {
            guard let bug = PlantedBugs(name: String(name)) else {
                throw CommandFailure("error: unknown bug '\(name)'; choose from \(PlantedBugs.all.map(\.name).joined(separator: ", "))")
            }
            bugs.insert(bug)
        }
        guard seeds >= 1, operations >= 1, jobs >= 1 else { throw CommandFailure("error: --seeds, --operations and --jobs must be at least 1") }
        say("soak 浸泡测试: \(seeds) seed(s) from \(seed), \(operations) operations each, 15 nodes, \(jobs) in parallel\(bugs.isEmpty ? "" : ", planted bugs: \(bugs)")")
        let started = Date()
        let progress = Mutex<(done: Int, failed: Int, last: Date)>((0, 0, started))
        let (verbose, keepFailed, total) = (self.verbose, self.keepFailed, seeds)
        let outcome = try failing {
            try LiandongSimulation.Soak.run(first: seed, count: seeds, operations: operations, bugs: bugs, jobs: jobs, keepFailedFiles: keepFailed) { report in
                if !report.passed {
                    say("\(report)\n  replay: \(report.replayCommand)\(keepFailed ? "\n  files kept in \(report.directory)" : "")")
                } else if verbose {
                    say("\(report)")
                }
                progress.withLock { state in
                    state.done += 1
                    if !report.passed { state.failed += 1 }
                    if Date().timeIntervalSince(state.last) >= 10 {
                        state.last = Date()
                        say(String(format: "  %d/%d seeds, %d failed, %.0f s", state.done, total, state.failed, Date().timeIntervalSince(started)))
                    }
                }
            }
        }
        let (done, failed) = outcome
        let elapsed = Date().timeIntervalSince(started)
        say(String(format: "%d seeds in %.1f s (%.1f seeds/s): %d passed, %d failed", done, elapsed, Double(done) / max(elapsed, 0.001), done - failed.count, failed.count))
        if bugs.isEmpty {
            if !failed.isEmpty { throw CommandFailure("error: \(failed.count) seed(s) failed; replay each with the command printed above") }
        } else if failed.isEmpty {
            throw CommandFailure("error: the planted bug(s) \(bugs) went unnoticed in \(done) seeds")
        } else {
            say("planted bug(s) \(bugs) caught 已发现 by \(failed.count) of \(done) seeds; first: seed \(failed[0].seed)")
        }
    }
}

/// Prints a line of the report on standard output.
func say(_ text: String) {
    print(text)
}

/// A failure the command reports as `Error: …` and exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description.hasPrefix("error: ") ? String(description.dropFirst(7)) : description }
}

/// Runs `body`, reporting any error as a `CommandFailure`.
func failing<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let failure as CommandFailure { throw failure } catch { throw CommandFailure("error: \(error)") }
}
