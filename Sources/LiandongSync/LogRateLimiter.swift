/// Lets a log line a peer can cause again and again (a refused change, a malformed frame, an
/// error it reports) through at most once per interval per key, so that a hostile or broken
/// peer cannot fill the log. Used from the one thread that drives a node.
struct LogRateLimiter {
    /// The interval, in milliseconds.
    var intervalMillis: Int64 = 10_000
    private var last: [String: Int64] = [:]

    /// True when a line for `key` may be logged at `now`.
    mutating func allows(_ key: String, now: Int64) -> Bool {
        if let previous = last[key], now - previous < intervalMillis, now >= previous { return false }
        if last.count > 10_000 { last.removeAll(keepingCapacity: true) }
        last[key] = now
        return true
    }
}
