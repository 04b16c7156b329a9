import ArgumentParser

/// The synthetic city's options, shared by `demo` and `generate`.
struct SimulationOptions: ParsableArguments {
    @Option(help: "Seed of the synthetic city: the same seed and options give the same data.")
    var seed: UInt64 = 20_261_123

    @Option(help: "Days simulated, from --first-day.")
    var days: Int = 14

    @Option(help: "The first simulated day (yyyy-MM-dd).")
    var firstDay: String = "2026-11-16"
}
