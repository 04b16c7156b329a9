import ArgumentParser
import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore

/// `liandong generate`: a synthetic city's replicas, converged, deterministic by seed.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a realistic synthetic city (合成城市数据) as converged replica files, one per node: catalogue, cases with their lifecycles, evaluations, rectification, disclosure. Deterministic by seed.")

    enum Shape: String, ExpressibleByArgument, CaseIterable {
        case demo, full
    }

    @Option(help: "Directory for the replicas (must not exist yet).")
    var dir: String

    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Tree and volumes: demo (15 nodes, scaled volumes) or full (the whole city: ~2,250 nodes, ~10,000 cases a working day).")
    var shape: Shape = .demo

    @Option(help: "Number of districts (overrides the shape's), 1–10.")
    var districts: Int?

    @Option(name: .long, help: "Log level.")
    var logLevel: String = "warning"

    func run() throws {
        let logger = makeLogger(.init(rawValue: logLevel) ?? .warning)
        guard !FileManager.default.fileExists(atPath: dir) else { throw CommandFailure("error: \(dir) already exists; choose a new directory") }
        var chosen: SyntheticCity.Shape = shape == .full ? .full : .demo
        if let districts {
            guard (1...10).contains(districts) else { throw CommandFailure("error: --districts takes 1 to 10") }
            chosen.districts = districts
        }
        guard simulation.days >= 1 else { throw CommandFailure("error: --days must be at least 1") }
        let first: Day
        do { first = try Day(simulation.firstDay) } catch { throw CommandFailure("error: \(error)") }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // The districts' privacy key: new and random, in the file every district's replica
        // names by default (`<replica>.privacy-key`), written once the replicas exist.
        let privacyKey = PrivacyKey.random()
        let city = SyntheticCity(seed: simulation.seed, shape: chosen, firstDay: first, days: simulation.days)
        let started = Date()
        say("generating 生成 a synthetic city: seed \(simulation.seed), \(city.nodes.count) nodes, \(simulation.days) days from \(first), into \(dir)/")
        let bar = ProgressBar(started: started)
        let (replicas, report) = try failing {
            try city.build(in: dir, privacyKey: privacyKey, logger: logger) { event in
                switch event {
                case .step(let phase, let done, let total): bar.show(phase, done: done, total: total)
                case .finished(let line): bar.finish(line)
                }
            }
        }
        for district in city.districts {
            try failing { try PrivacyKeyFile.create(privacyKey, at: PrivacyKeyFile.defaultPath(forReplicaAt: replicas[district]!.path)) }
        }
        let proof = try failing { try ConvergenceProof.check(city.nodes.map { replicas[$0]! }, privacyKey: privacyKey) }
        let converged = proof.filter(\.converged).count
        say("\(report.nodes) nodes 节点, \(report.cases) cases 办件, \(report.steps) lifecycle steps in \(report.rounds) rounds; \(converged)/\(proof.count) replicas hold exactly their scope")
        say("statistics: liandong stats --db \(dir)/\(SyntheticCity.cityCode).db --from \(first) --to \(city.horizon)")
        if converged != proof.count { throw CommandFailure("error: some replicas did not converge") }
    }
}

/// The generator's progress bar (进度): redrawn in place on a terminal at most ten times a second;
/// elsewhere (a log file, CI) one line every ten seconds, so that a long run still shows it moves.
/// A finished phase prints one line with the time since the start.
final class ProgressBar {
    private let started: Date
    private let onTerminal = isatty(STDOUT_FILENO) != 0
    private var drawn = false
    private var last = Date.distantPast

    init(started: Date) { self.started = started }

    func show(_ phase: String, done: Int, total: Int) {
        let now = Date()
        guard (onTerminal && done == total) || now.timeIntervalSince(last) >= (onTerminal ? 0.1 : 10) else { return }
        last = now
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let width = 30
        let filled = min(width, Int(fraction * Double(width)))
        let line = String(
            format: "  %6.1f s  [%@%@] %3.0f%%  %@  %d/%d", now.timeIntervalSince(started), String(repeating: "#", count: filled),
            String(repeating: ".", count: width - filled), fraction * 100, phase, done, total)
        if onTerminal {
            FileHandle.standardOutput.write(Data(("\r" + line + "\u{1B}[K").utf8))
            drawn = true
        } else {
            say(line)
        }
    }

    func finish(_ line: String) {
        if drawn {
            FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8))
            drawn = false
        }
        last = Date()
        say(String(format: "  %6.1f s  %@", last.timeIntervalSince(started), line))
    }
}
