/// Tuning of one link's conversation. Defaults suit a rural link to a town centre.
public struct SessionConfiguration: Sendable {
    /// Rows per change chunk (bounded so one message stays far below `maxMessageBytes`).
    public var chunkRows: Int = 512
    /// Unacknowledged chunks in flight per direction.
    public var window: Int = 4
    /// Send a heartbeat after this long without sending anything, in milliseconds.
    public var heartbeatIntervalMillis: Int64 = 1000
    /// A peer silent this long is considered dead, in milliseconds.
    public var peerTimeoutMillis: Int64 = 5000
    /// A chunk not acknowledged this long is taken as lost: sending resumes from the peer's last
    /// acknowledgement, in milliseconds. Shorter than `peerTimeoutMillis`, since heartbeats keep a
    /// link alive while one of its messages is lost.
    public var ackTimeoutMillis: Int64 = 4000
    /// After the peer rejects a chunk, wait this long before sending again, in milliseconds.
    public var rejectedChunkBackoffMillis: Int64 = 5000

    public init() {}
}
