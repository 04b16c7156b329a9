import Foundation
import LiandongCore
import Synchronization

/// Many seeds on every core, each thread on its own bench: what `liandong-soak` and the CI test run.
public enum Soak {
    /// Runs seeds `first`, `first + 1`, … (`count` of them) with `jobs` threads and returns the
    /// number run and the failing reports, by seed. `onReport` sees every report as it comes
    /// (from any thread, one at a time). With `stopAtFirstFailure`, threads stop taking new seeds
    /// once one fails.
    public static func run(
        first: UInt64, count: Int, operations: Int = 300, bugs: PlantedBugs = [], jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        keepFailedFiles: Bool = false, stopAtFirstFailure: Bool = false, onReport: @Sendable (SimulationReport) -> Void = { _ in }
    ) throws -> (ran: Int, failed: [SimulationReport]) {
        let next = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let results = Mutex<(ran: Int, failed: [SimulationReport], error: String?)>((0, [], nil))
        DispatchQueue.concurrentPerform(iterations: max(1, jobs)) { _ in
            let bench: SimulationBench
            do { bench = try SimulationBench(bugs: bugs) } catch {
                results.withLock { $0.error = "\(error)" }
                return
            }
            bench.keepFailedFiles = keepFailedFiles
            while !stop.load(ordering: .relaxed) {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                var configuration = SimulationConfiguration(seed: first &+ UInt64(index))
                configuration.operations = operations
                let report = Simulation(configuration, on: bench).run()
                results.withLock { state in
                    state.ran += 1
                    if !report.passed { state.failed.append(report) }
                    onReport(report)
                }
                if !report.passed && stopAtFirstFailure { stop.store(true, ordering: .relaxed) }
            }
        }
        let (ran, failed, error) = results.withLock { $0 }
        if let error { throw SimulationSetupError(message: "cannot set up the simulated city: \(error)") }
        return (ran, failed.sorted { $0.seed < $1.seed })
    }
}

/// The simulated city's files could not be created.
public struct SimulationSetupError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
