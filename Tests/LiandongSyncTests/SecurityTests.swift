import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import LiandongWire
import Testing

/// Who gets in (SPEC §2.1, §8.2): real nodes in this process over real CURVE sockets on
/// loopback, attacked by hand-made peers.
@Suite(.serialized) struct SecurityTests {
    static let town = NodeID(rawValue: 441_702_001_000)
    static let village = NodeID(rawValue: 441_702_001_201)
    static let neighbour = NodeID(rawValue: 441_702_001_202)

    /// A town with a village and its neighbour enrolled; the town holds rows of both.
    struct Setup {
        let dir = TemporaryDirectory()
        let endpoint: String
        let town: Replica
        let village: Replica
        let neighbour: Replica
        let townKey: NodeKeyFile

        init() throws {
            endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
            town = try Replica.temporary(SecurityTests.town.rawValue, in: dir)
            village = try Replica.temporary(SecurityTests.village.rawValue, in: dir)
            neighbour = try Replica.temporary(SecurityTests.neighbour.rawValue, in: dir)
            try TestKeys.enrol(village, under: town)
            try TestKeys.enrol(neighbour, under: town)
            townKey = try TestKeys.keyFile(replicaPath: town.path, node: town.node)
            try town.insertRecords(20, prefix: "town")
        }

        func key(of replica: Replica) throws -> NodeKeyFile { try TestKeys.keyFile(replicaPath: replica.path, node: replica.node) }

        /// The town and the village running, the village holding the town's rows.
        func startTownAndVillage() throws -> (parent: InProcessNode, child: InProcessNode) {
            let parent = try InProcessNode(replica: town, listen: endpoint)
            let child = try InProcessNode(replica: village, parent: endpoint)
            #expect(try eventually { try village.dump(table: "record").count == 20 })
            return (parent, child)
        }
    }

    /// A hand-made child socket: `pair` nil for a plain (NULL mechanism) connection.
    final class RawPeer {
        let context: ZMQContext
        let socket: ZMQSocket

        init(endpoint: String, pair: CurveKeyPair?, server: CurveKey, routingID: String? = nil) throws {
            context = try ZMQContext()
            socket = try ZMQSocket(context: context, kind: .dealer)
            if let pair { try socket.secure(.curveClient(pair, server: server)) }
            if let routingID { try socket.setRoutingID(routingID) }
            try socket.connect(endpoint)
        }

        func send(_ message: WireMessage) throws {
            try socket.send([Envelope(schemaVersion: 1, message: message).encoded()], blocking: true)
        }

        /// Every message that arrives within `seconds`.
        func replies(within seconds: Double) throws -> [WireMessage] {
            var messages: [WireMessage] = []
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if try zmqPollReadable([socket], timeoutMillis: 50).first == true, let frames = try socket.receive() {
                    messages.append(try Envelope(decoding: frames.last!).message)
                }
            }
            return messages
        }

        deinit { socket.close() }
    }

    static func hello(_ node: NodeID) -> WireMessage {
        .hello(LocalIdentity(node: node, schema: .demo).hello(cursor: .zero, head: .zero))
    }

    /// S2: a peer with an unenrolled key (or none) that claims a village's code gets no answer at
    /// all, learns no row and changes nothing; the town goes on serving the real village.
    @Test func anImpostorWithAValidCodeAndAnUnenrolledKeyLearnsNothing() throws {
        let setup = try Setup()
        let parent = try InProcessNode(replica: setup.town, listen: setup.endpoint)
        defer { parent.shutdown() }
        let before = try setup.town.dumpAll()
        let impostor = try RawPeer(endpoint: setup.endpoint, pair: try CurveKeyPair.generate(), server: setup.townKey.pair.publicKey)
        let plain = try RawPeer(endpoint: setup.endpoint, pair: nil, server: setup.townKey.pair.publicKey, routingID: Self.village.description)
        for peer in [impostor, plain] {
            try peer.send(Self.hello(Self.village))
            try peer.send(.changes(ChangeChunk(after: .zero, upTo: ChangeSeq(rawValue: 1 << 62), rows: [], remaining: 0)))
        }
        #expect(try impostor.replies(within: 1.5).isEmpty)
        #expect(try plain.replies(within: 0.5).isEmpty)
        #expect(try setup.town.dumpAll() == before)
        #expect(try setup.town.link(Self.village) == nil)

        try setup.village.insertRecords(3, prefix: "real")
        let child = try InProcessNode(replica: setup.village, parent: setup.endpoint)
        defer { child.shutdown() }
        #expect(try eventually { try setup.town.dump(table: "record").count == 23 && setup.village.dump(table: "record").count == 23 })
    }

    /// S2, S6: an enrolled child that says it is another village is refused, and the refusal
    /// leaves that village's real session alone.
    @Test func anEnrolledChildCannotSpeakForAnotherAndItsRefusalTouchesNoOtherSession() throws {
        let setup = try Setup()
        let (parent, child) = try setup.startTownAndVillage()
        defer {
            child.shutdown()
            parent.shutdown()
        }

        let liar = try RawPeer(endpoint: setup.endpoint, pair: try setup.key(of: setup.neighbour).pair, server: setup.townKey.pair.publicKey)
        try liar.send(Self.hello(Self.village))
        let answers = try liar.replies(within: 1.5)
        #expect(answers.count == 1)
        if case .refusal(let refusal)? = answers.first { #expect(refusal.code == .notEnrolled) } else { Issue.record("expected a refusal, got \(answers)") }

        // The real village's session still carries its writes both ways.
        try setup.village.insertRecords(2, prefix: "after-liar")
        try setup.town.insertRecords(2, prefix: "town-after-liar")
        #expect(try eventually { try setup.town.dump(table: "record").count == 24 && setup.village.dump(table: "record").count == 24 })
        #expect(try setup.town.link(Self.village)?.state == .connected)
    }

    /// S1: a connection that claims a connected child's routing id, sends nothing and closes,
    /// followed by the real child reconnecting, aborted libzmq 4.3.4 under ROUTER_HANDOVER. The
    /// town now picks routing ids itself and survives, with the peer enrolled or not.
    @Test func aConnectionClaimingAChildsRoutingIdCannotCrashTheParent() throws {
        let setup = try Setup()
        let parent = try InProcessNode(replica: setup.town, listen: setup.endpoint)
        defer { parent.shutdown() }
        var child = try InProcessNode(replica: setup.village, parent: setup.endpoint)
        #expect(try eventually { try setup.village.dump(table: "record").count == 20 })
        for pair in [try setup.key(of: setup.neighbour).pair, try CurveKeyPair.generate()] {
            do {
                let grabber = try RawPeer(endpoint: setup.endpoint, pair: pair, server: setup.townKey.pair.publicKey, routingID: Self.village.description)
                _ = try grabber.replies(within: 0.3)
            }
            child.shutdown()
            child = try InProcessNode(replica: setup.village, parent: setup.endpoint)
            try setup.village.insertRecords(1, prefix: "reconnect-\(pair.publicKey.short)")
        }
        #expect(try eventually { try setup.town.dump(table: "record").count == 22 })
        child.shutdown()
        #expect(parent.shutdown() == nil)
    }

    /// A revoked child is refused at once: its live session is dropped within a heartbeat, it
    /// records why, and its later writes stay home.
    @Test func aRevokedChildIsCutOff() throws {
        let setup = try Setup()
        let (parent, child) = try setup.startTownAndVillage()
        defer {
            child.shutdown()
            parent.shutdown()
        }

        let path = EnrolledKeys.defaultPath(forReplica: setup.town.path)
        var enrolled = try EnrolledKeys.load(from: path)
        #expect(enrolled.revoke(Self.village, at: Date()) == 1)
        try enrolled.write(to: path, owner: Self.town)
        #expect(try eventually { try setup.village.link(Self.town)?.state == .refused })
        #expect(try setup.village.link(Self.town)?.lastError?.contains("revoked") == true)
        #expect(try eventually { try setup.town.link(Self.village)?.state == .refused })
        try setup.village.insertRecords(1, prefix: "after-revocation")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try setup.town.dump(table: "record").count == 20)
        // A revoked key is never enrolled again.
        #expect(throws: NodeError.self) { try enrolled.enrol(Self.village, key: try setup.key(of: setup.village).pair.publicKey, at: Date()) }
    }

    /// A listener with no enrolled child, or a child without its parent's key, does not start
    /// (securely); `--insecure` is explicit.
    @Test func aNodeThatCannotRunSecurelyRefusesToStart() throws {
        let dir = TemporaryDirectory()
        let town = try Replica.temporary(Self.town.rawValue, in: dir)
        let village = try Replica.temporary(Self.village.rawValue, in: dir)
        let lonely = try InProcessNode(replica: town, listen: "tcp://127.0.0.1:\(try freeLoopbackPort())")
        #expect("\(lonely.shutdown().map { "\($0)" } ?? "")".contains("no child key is enrolled"))
        let orphan = try InProcessNode(replica: village, parent: "tcp://127.0.0.1:\(try freeLoopbackPort())")
        #expect("\(orphan.shutdown().map { "\($0)" } ?? "")".contains("no parent key"))
        let experiment = try InProcessNode(replica: town, listen: "tcp://127.0.0.1:\(try freeLoopbackPort())") { $0.security = .insecure }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(experiment.shutdown() == nil)
    }

    /// S7: a child checks its parent's welcome. A village whose parent endpoint and key lead to
    /// a district (an operator's mistake) refuses it, and records why.
    @Test func aChildRefusesAWelcomeFromANodeThatIsNotItsParent() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let district = try Replica.temporary(441_702_000_000, in: dir)
        let village = try Replica.temporary(Self.village.rawValue, in: dir)
        try district.insertRecords(5, prefix: "district")
        try TestKeys.enrol(child: village.node, at: village.path, parent: district.node, at: district.path, listedAs: Self.town)
        // The district answers this hello as if the village were its child (a peer that does
        // not check, as a hostile parent would): the village must not take it.
        var wrong = LocalIdentity(node: district.node, schema: .demo).hello(cursor: ChangeSeq(rawValue: 1 << 40), head: ChangeSeq(rawValue: 1 << 40))
        wrong.nowMillis = wallClockMillis()
        var session = PeerSession.child(
            local: LocalIdentity(node: village.node, schema: .demo), cursor: .zero, head: .zero, nowMillis: 0, configuration: SessionConfiguration()
        ).0
        #expect(session.receive(.welcome(wrong), nowMillis: 1) == [.refused(try #require(LocalIdentity(node: village.node, schema: .demo).refusal(forWelcome: wrong)))])
        // Over real sockets the district refuses first (wrong tier), and the village records it.
        let parent = try InProcessNode(replica: district, listen: endpoint)
        defer { parent.shutdown() }
        let runtime = NodeRuntime(
            replica: village, configuration: NodeConfiguration(databasePath: village.path, parentEndpoint: endpoint, security: try TestKeys.security(for: village)),
            logger: testLogger(), stop: StopSignal(), mode: .syncOnce(deadlineMillis: wallClockMillis() + 10_000))
        #expect { try runtime.run() } throws: { "\($0)".contains("cannot be a direct child") }
        #expect(try village.dump(table: "record").isEmpty)
    }

    /// A child whose key the parent does not know is told so, with the command that fixes it.
    @Test func aChildWithAnUnenrolledKeyIsToldWhatToDo() throws {
        let setup = try Setup()
        let parent = try InProcessNode(replica: setup.town, listen: setup.endpoint)
        defer { parent.shutdown() }
        let path = EnrolledKeys.defaultPath(forReplica: setup.town.path)
        var enrolled = try EnrolledKeys.load(from: path)
        enrolled.children.removeAll { $0.node == Self.village }
        try enrolled.write(to: path, owner: Self.town)
        // The parent re-reads the file within about a second; until then the old key may pass.
        var refusal: (any Error)?
        for _ in 0..<10 where refusal == nil {
            Thread.sleep(forTimeInterval: 0.5)
            let runtime = NodeRuntime(
                replica: setup.village,
                configuration: NodeConfiguration(databasePath: setup.village.path, parentEndpoint: setup.endpoint, security: try TestKeys.security(for: setup.village)),
                logger: testLogger(), stop: StopSignal(), mode: .syncOnce(deadlineMillis: wallClockMillis() + 10_000))
            do { try runtime.run() } catch { refusal = error }
        }
        #expect(refusal.map { "\($0)".contains("liandong keys enrol --child \(Self.village)") } == true, "\(String(describing: refusal))")
        #expect(try setup.village.link(Self.town)?.state == .refused)
    }
}

/// The welcome checks and cursor bounds of the session, without sockets.
@Suite struct WelcomeCheckTests {
    let village = LocalIdentity(node: NodeID(rawValue: 441_702_001_201), schema: .demo)

    func welcome(from node: Int64, tier: Tier? = nil, schema: ReplicaSchema = .demo, fingerprint: String? = nil) -> Hello {
        var hello = LocalIdentity(node: NodeID(rawValue: node), schema: schema).hello(cursor: .zero, head: .zero)
        if let tier { hello.tier = tier }
        if let fingerprint { hello.schemaFingerprint = fingerprint }
        return hello
    }

    /// S7: another town, a district, a wrong tier, a foreign fingerprint, another schema.
    @Test func everyWrongParentIsRefused() {
        var other = ReplicaSchema.demo
        other.name = "other"
        let wrong = [
            welcome(from: 441_702_002_000), welcome(from: 441_702_000_000), welcome(from: 441_702_001_000, tier: .district),
            welcome(from: 441_702_001_000, fingerprint: "0000"), welcome(from: 441_702_001_000, schema: other),
        ]
        for hello in wrong {
            var session = PeerSession.child(local: village, cursor: .zero, head: .zero, nowMillis: 0, configuration: SessionConfiguration()).0
            let actions = session.receive(.welcome(hello), nowMillis: 1)
            #expect(actions.count == 1 && session.phase == .closed, "\(hello)")
            if case .refused(let refusal)? = actions.first { #expect(refusal.code == .wrongParent) } else { Issue.record("accepted \(hello)") }
        }
        var session = PeerSession.child(local: village, cursor: .zero, head: .zero, nowMillis: 0, configuration: SessionConfiguration()).0
        #expect(session.receive(.welcome(welcome(from: 441_702_001_000)), nowMillis: 1).count == 1)
        #expect(session.phase == .established)
    }

    /// S3: a welcome or an ack cannot move what the parent holds beyond what this node sent.
    @Test func aWelcomeOrAckBeyondWhatWasSentIsBounded() {
        var (session, _) = PeerSession.child(local: village, cursor: .zero, head: ChangeSeq(rawValue: 50), nowMillis: 0, configuration: SessionConfiguration())
        var hello = welcome(from: 441_702_001_000)
        hello.cursor = ChangeSeq(rawValue: 1 << 62)
        _ = session.receive(.welcome(hello), nowMillis: 1)
        #expect(session.acked == ChangeSeq(rawValue: 50))
        session.didSend(upTo: ChangeSeq(rawValue: 60), nowMillis: 2)
        _ = session.receive(.ack(Ack(upTo: ChangeSeq(rawValue: 1 << 62))), nowMillis: 3)
        #expect(session.acked == ChangeSeq(rawValue: 60))
    }
}
