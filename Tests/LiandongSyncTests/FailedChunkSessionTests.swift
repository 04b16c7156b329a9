import LiandongCore
import LiandongSync
import LiandongWire
import Testing

/// A failed chunk (Protocols/SPEC.md §9.1) as the pure session sees it: `TOO_LARGE` and a
/// `MALFORMED` answer while chunks are in flight rewind the sender to what the peer acknowledged,
/// and `TOO_LARGE` halves the session's chunks.
@Suite struct FailedChunkSessionTests {
    static let town = NodeID(rawValue: 441_702_001_000)
    static let village = NodeID(rawValue: 441_702_001_201)

    /// A village's session with its town, established, with two chunks sent and the first acknowledged.
    func established() -> PeerSession {
        var session = PeerSession.child(
            local: LocalIdentity(node: Self.village, schema: .demo), cursor: .zero, head: ChangeSeq(rawValue: 30), nowMillis: 0,
            configuration: SessionConfiguration()
        ).0
        let welcome = LocalIdentity(node: Self.town, schema: .demo).welcome(cursor: .zero, head: .zero)
        _ = session.receive(.welcome(welcome), nowMillis: 1)
        session.didSend(upTo: ChangeSeq(rawValue: 10), nowMillis: 2)
        session.didSend(upTo: ChangeSeq(rawValue: 20), nowMillis: 3)
        _ = session.receive(.ack(Ack(upTo: ChangeSeq(rawValue: 10))), nowMillis: 4)
        return session
    }

    @Test func tooLargeRewindsAndHalvesTheChunks() {
        var session = established()
        #expect(session.sentUpTo == ChangeSeq(rawValue: 20) && session.chunkRows == 512)
        _ = session.receive(.error(WireError(code: .tooLarge, message: "over the bound")), nowMillis: 5)
        #expect(session.sentUpTo == ChangeSeq(rawValue: 10) && session.rewinds == 1 && session.oldestInFlight == nil)
        #expect(session.chunkRows == 256)
        for _ in 0..<12 { _ = session.receive(.error(WireError(code: .tooLarge, message: "over the bound")), nowMillis: 6) }
        #expect(session.chunkRows == 1)
    }

    @Test func malformedFailsTheChunksInFlightOnly() {
        var session = established()
        _ = session.receive(.error(WireError(code: .malformed, message: "undecodable")), nowMillis: 5)
        #expect(session.sentUpTo == ChangeSeq(rawValue: 10) && session.rewinds == 1 && session.chunkRows == 512)
        // Nothing in flight now: a second MALFORMED (an answer to something else) rewinds nothing.
        _ = session.receive(.error(WireError(code: .malformed, message: "undecodable")), nowMillis: 6)
        #expect(session.rewinds == 1)
    }

    @Test func otherErrorsLeaveTheChunksInFlight() {
        var session = established()
        _ = session.receive(.error(WireError(code: .unexpected, message: "unexpected ack")), nowMillis: 5)
        #expect(session.sentUpTo == ChangeSeq(rawValue: 20) && session.rewinds == 0 && session.oldestInFlight == ChangeSeq(rawValue: 20))
    }
}
