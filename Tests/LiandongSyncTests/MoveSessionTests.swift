import LiandongCore
import LiandongSync
import LiandongWire
import Testing

/// The handshake with moves (区划调整, Protocols/SPEC.md §20.3, §20.5), as pure sessions.
@Suite struct MoveSessionTests {
    static let district = NodeID(rawValue: 441_702_000_000)
    static let townA = NodeID(rawValue: 441_702_001_000)
    static let townB = NodeID(rawValue: 441_702_002_000)
    static let village = NodeID(rawValue: 441_702_001_201)
    static let move = RegionMove(node: village, parent: townB, decidedMillis: 1000, decidedBy: district)

    func identity(_ node: NodeID, moves: [RegionMove] = []) -> LocalIdentity {
        var identity = LocalIdentity(node: node, schema: .demo)
        identity.tree = RegionTree(moves: moves)
        return identity
    }

    @Test func aVillageMovedWhileAwayAcceptsItsNewTownOnlyIfTheWelcomeNamesTheMove() {
        let acked = ChangeSeq(rawValue: 40)
        func session() -> PeerSession {
            PeerSession.child(
                local: identity(Self.village), cursor: ChangeSeq(rawValue: 7), head: ChangeSeq(rawValue: 50), nowMillis: 0,
                configuration: SessionConfiguration(), previousAcked: acked
            ).0
        }
        // Without the move, town B is not the village's parent.
        var plain = session()
        let bare = identity(Self.townB).welcome(cursor: .zero, head: ChangeSeq(rawValue: 900))
        #expect(plain.receive(.welcome(bare), nowMillis: 1).contains { if case .refused = $0 { true } else { false } })
        // With it: adopt, then established; the sender starts where town A's acknowledgement ended,
        // and the cursor on town B at its head.
        var moved = session()
        let welcome = identity(Self.townB, moves: [Self.move]).welcome(cursor: .zero, head: ChangeSeq(rawValue: 900))
        #expect(welcome.moves == [Self.move])
        let actions = moved.receive(.welcome(welcome), nowMillis: 1)
        #expect(actions.first == .adoptMoves([Self.move], from: Self.townB))
        #expect(actions.contains(.established(peer: Self.townB, peerHead: ChangeSeq(rawValue: 900))))
        #expect(moved.acked == acked && moved.cursor == ChangeSeq(rawValue: 900) && moved.joinedAfterMove)
        // A move nobody above both towns decided is not adopted, and the welcome is refused.
        var forged = session()
        let bad = RegionMove(node: Self.village, parent: Self.townB, decidedMillis: 1000, decidedBy: Self.townB)
        var badWelcome = bare
        badWelcome.moves = [bad]
        #expect(forged.receive(.welcome(badWelcome), nowMillis: 1).contains { if case .refused = $0 { true } else { false } })
    }

    @Test func theOldTownRefusesTheMovedVillageNamingItsNewParent() throws {
        let hello = identity(Self.village).hello(cursor: .zero, head: .zero)
        let refusal = try #require(identity(Self.townA, moves: [Self.move]).refusal(for: hello, protocolVersion: liandongProtocolVersion, schemaVersion: 1))
        #expect(refusal.code == .notAChild && refusal.reason.contains("\(Self.townB)") && refusal.reason.contains("区划调整"))
        #expect(identity(Self.townB, moves: [Self.move]).refusal(for: hello, protocolVersion: liandongProtocolVersion, schemaVersion: 1) == nil)
        #expect(identity(Self.townB).refusal(for: hello, protocolVersion: liandongProtocolVersion, schemaVersion: 1)?.code == .notAChild)
    }

    @Test func aDistrictsHelloAnnouncesTheMovesItDecidedOnly() {
        let city = NodeID(rawValue: 441_700_000_000)
        let byCity = RegionMove(node: Self.townA, parent: NodeID(rawValue: 441_703_000_000), decidedMillis: 2000, decidedBy: city)
        let district = identity(Self.district, moves: [Self.move, byCity])
        #expect(district.hello(cursor: .zero, head: .zero).moves == [Self.move])
        #expect(district.welcome(cursor: .zero, head: .zero).moves == [Self.move, byCity])
    }
}
