import LiandongCore

extension Replica {
    /// Moves everything this node (a child) and `parent` hold for each other, both ways, within
    /// this process: the same chunks, cursors, admission and merges as the wire protocol, without
    /// the network. `liandong generate` builds whole converged trees with it.
    /// Returns the rows applied upward and downward.
    @discardableResult
    public func exchange(withParent parent: Replica, chunkRows: Int = 512, drift: ClockDriftPolicy = ClockDriftPolicy(), nowMillis: Int64) throws(StoreError) -> (up: Int, down: Int) {
        let up = try Self.transfer(from: self, to: parent, role: .child, chunkRows: chunkRows, drift: drift, nowMillis: nowMillis)
        let down = try Self.transfer(from: parent, to: self, role: .parent, chunkRows: chunkRows, drift: drift, nowMillis: nowMillis)
        return (up, down)
    }

    /// Sends `sender`'s pending chunks for `receiver` until none is left. `role` is the sender's
    /// role as the receiver sees it.
    static func transfer(from sender: Replica, to receiver: Replica, role: LinkRole, chunkRows: Int, drift: ClockDriftPolicy, nowMillis: Int64) throws(StoreError) -> Int {
        var applied = 0
        while true {
            let after = try receiver.cursor(on: sender.node)
            let chunk = try sender.readChunk(for: receiver.node, after: after, limit: chunkRows)
            if chunk.rows.isEmpty && chunk.upTo <= after { return applied }
            let outcome = try receiver.apply(chunk, from: sender.node, role: role, drift: drift, nowMillis: nowMillis)
            applied += outcome.changed
            if chunk.rows.isEmpty { return applied }
        }
    }
}
