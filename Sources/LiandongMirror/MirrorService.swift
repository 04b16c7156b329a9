import ServiceLifecycle

/// The mirror as a service of `liandong run`: mirrors until graceful shutdown.
public struct MirrorService: Service {
    public let mirror: PostgresMirror
    public let pollMillis: Int

    public init(mirror: PostgresMirror, pollMillis: Int = 500) {
        self.mirror = mirror
        self.pollMillis = pollMillis
    }

    public func run() async throws {
        let mirror = mirror
        let pollMillis = pollMillis
        await cancelWhenGracefulShutdown { await mirror.run(pollMillis: pollMillis) }
    }
}
