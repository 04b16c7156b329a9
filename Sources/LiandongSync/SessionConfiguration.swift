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
    /// Once both directions are caught up, the child compares digests with its parent (SPEC §16)
    /// at the start of every session and then again at most this often while changes flow, in
    /// milliseconds. After a difference it looks again sooner: a heartbeat interval, doubling
    /// while the difference stays, up to this.
    public var digestIntervalMillis: Int64 = 300_000
    /// Send delta rows (only the cells the peer does not hold, Protocols/SPEC.md §5.5) to a peer
    /// that takes them. Off: every row travels whole, as from an earlier release.
    public var sendsDeltas = true

    public init() {}
}
