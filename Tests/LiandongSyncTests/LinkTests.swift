import Foundation
import LiandongCore
import LiandongStore
import LiandongSync
import LiandongTesting
import LiandongTransport
import LiandongWire
import Testing

/// Nodes in this process over real ZeroMQ sockets on loopback.
@Suite(.serialized) struct LinkTests {
    static let town: Int64 = 441_702_001_000
    static let village: Int64 = 441_702_001_201
    static let otherVillage: Int64 = 441_702_001_202

    @Test func changesFlowBothWaysInChunks() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let town = try Replica.temporary(Self.town, in: dir)
        let village = try Replica.temporary(Self.village, in: dir)
        try town.insertRecords(1500, prefix: "t")
        try village.insertRecords(1200, prefix: "v")
        try TestKeys.enrol(village, under: town)
        let parent = try InProcessNode(replica: town, listen: endpoint) { $0.session.chunkRows = 100 }
        let child = try InProcessNode(replica: village, parent: endpoint) { $0.session.chunkRows = 100 }
        #expect(try eventually { try town.dumpAll() == village.dumpAll() })
        #expect(try town.dump(table: "record").count == 2700)
        // A write while connected arrives too.
        _ = try village.query("UPDATE record SET note = 'live edit' WHERE id = 't-5'")
        #expect(try eventually { try town.query("SELECT note FROM record WHERE id = 't-5'").rows == [[.text("live edit")]] })
        #expect(child.shutdown() == nil)
        #expect(parent.shutdown() == nil)
        let link = try #require(try village.link(town.node))
        #expect(link.role == .parent && link.cursor > .zero)
        #expect(try village.pendingCount(for: town.node, after: link.acked) == 0)
    }

    /// A village restored from an older backup gets back the rows it wrote after that backup,
    /// which its town holds (they are not held back as echoes).
    @Test func aNodeRestoredFromAnOldBackupRecoversItsLaterRows() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let town = try Replica.temporary(Self.town, in: dir)
        let villagePath: String
        do {
            let village = try Replica.temporary(Self.village, in: dir)
            villagePath = village.path
            try village.insertRecords(5, prefix: "before")
            try TestKeys.enrol(village, under: town)
        }
        let backup = dir.file("backup.db")
        try FileManager.default.copyItem(atPath: villagePath, toPath: backup)
        let parent = try InProcessNode(replica: town, listen: endpoint)
        defer { parent.shutdown() }
        do {
            let village = try Replica.open(at: villagePath, logger: testLogger())
            try village.insertRecords(5, prefix: "after")
            let child = try InProcessNode(replica: village, parent: endpoint)
            #expect(try eventually { try town.dump(table: "record").count == 10 })
            // Let a heartbeat record the village's head at the town.
            #expect(try eventually { try town.link(village.node)?.peerHead ?? .zero >= village.head() })
            child.shutdown()
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: villagePath + suffix) }
        try FileManager.default.copyItem(atPath: backup, toPath: villagePath)
        let restored = try Replica.open(at: villagePath, logger: testLogger())
        #expect(try restored.dump(table: "record").count == 5)
        let child = try InProcessNode(replica: restored, parent: endpoint)
        #expect(try eventually { try restored.dump(table: "record").count == 10 })
        child.shutdown()
    }

    @Test func aMismatchedSchemaIsRefusedWithAReason() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        var other = ReplicaSchema.demo
        other.version = 2
        let town = try Replica.temporary(Self.town, in: dir)
        let village = try Replica.temporary(Self.village, in: dir, schema: other)
        try TestKeys.enrol(village, under: town)
        let parent = try InProcessNode(replica: town, listen: endpoint)
        defer { parent.shutdown() }
        var configuration = NodeConfiguration(databasePath: village.path, parentEndpoint: endpoint, security: try TestKeys.security(for: village))
        configuration.reconnectInitialMillis = 50
        let runtime = NodeRuntime(
            replica: village, configuration: configuration, logger: testLogger(), stop: StopSignal(),
            mode: .syncOnce(deadlineMillis: wallClockMillis() + 10_000))
        #expect { try runtime.run() } throws: { "\($0)".contains("schema") }
    }

    @Test func aNodeThatIsNotAChildIsRefused() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let town = try Replica.temporary(Self.town, in: dir)
        let stranger = try Replica.temporary(441_702_002_301, in: dir)
        // Enrolled at this town by mistake (the CLI refuses a node that is not a child; the file
        // can still be edited by hand), and holding this town's key under its own parent's
        // code: its hello is refused all the same.
        try TestKeys.enrol(child: stranger.node, at: stranger.path, parent: town.node, at: town.path)
        var strangerTrust = try EnrolledKeys.load(from: EnrolledKeys.defaultPath(forReplica: stranger.path))
        strangerTrust.parent?.node = try #require(stranger.node.parentCode)
        try strangerTrust.write(to: EnrolledKeys.defaultPath(forReplica: stranger.path), owner: stranger.node)
        let parent = try InProcessNode(replica: town, listen: endpoint)
        defer { parent.shutdown() }
        let runtime = NodeRuntime(
            replica: stranger,
            configuration: NodeConfiguration(databasePath: stranger.path, parentEndpoint: endpoint, security: try TestKeys.security(for: stranger)), logger: testLogger(),
            stop: StopSignal(), mode: .syncOnce(deadlineMillis: wallClockMillis() + 10_000))
        #expect { try runtime.run() } throws: { "\($0)".contains("not below") }
    }

    /// Garbage on the parent's socket gets an error reply; the parent keeps serving other children.
    @Test func malformedInputIsAnsweredAndServiceContinues() throws {
        let dir = TemporaryDirectory()
        let endpoint = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let town = try Replica.temporary(Self.town, in: dir)
        let village = try Replica.temporary(Self.village, in: dir)
        try TestKeys.enrol(village, under: town)
        let parent = try InProcessNode(replica: town, listen: endpoint)
        defer { parent.shutdown() }

        // An enrolled child gone wrong: authenticated, then sending garbage.
        let context = try ZMQContext()
        let rogue = try ZMQSocket(context: context, kind: .dealer)
        defer { rogue.close() }
        let villageKey = try TestKeys.keyFile(replicaPath: village.path, node: village.node)
        let townKey = try TestKeys.keyFile(replicaPath: town.path, node: town.node)
        try rogue.secure(.curveClient(villageKey.pair, server: townKey.pair.publicKey))
        try rogue.connect(endpoint)
        var replies: [Envelope] = []
        for garbage in [[0xFF, 0xFF, 0xFF], [], Array("hello?".utf8), Envelope(schemaVersion: 1, message: .ack(Ack(upTo: .zero))).encoded()] as [[UInt8]] {
            try rogue.send([garbage], blocking: true)
            if try zmqPollReadable([rogue], timeoutMillis: 5000).first == true, let frames = try rogue.receive(blocking: true) {
                replies.append(try Envelope(decoding: frames.last!))
            }
        }
        try #require(replies.count == 4)
        #expect(replies.prefix(3).allSatisfy { if case .error(let e) = $0.message { e.code == .malformed } else { false } })
        if case .error(let e) = replies[3].message { #expect(e.code == .noSession) } else { Issue.record("expected an error") }

        try village.insertRecords(10, prefix: "v")
        let child = try InProcessNode(replica: village, parent: endpoint)
        #expect(try eventually { try town.dump(table: "record").count == 10 })
        child.shutdown()
    }

    @Test func syncOnceReportsAnUnreachableParent() throws {
        let dir = TemporaryDirectory()
        let village = try Replica.temporary(Self.village, in: dir)
        try TestKeys.enrol(village, under: try Replica.temporary(Self.town, in: dir))
        let runtime = NodeRuntime(
            replica: village,
            configuration: NodeConfiguration(
                databasePath: village.path, parentEndpoint: "tcp://127.0.0.1:\(try freeLoopbackPort())", security: try TestKeys.security(for: village)),
            logger: testLogger(), stop: StopSignal(), mode: .syncOnce(deadlineMillis: wallClockMillis() + 1500))
        #expect { try runtime.run() } throws: { "\($0)".contains("unreachable") }
    }
}

/// The session state machine without sockets.
@Suite struct PeerSessionTests {
    let identity = LocalIdentity(node: NodeID(rawValue: 441_702_001_000), schema: .demo)
    let childIdentity = LocalIdentity(node: NodeID(rawValue: 441_702_001_201), schema: .demo)

    @Test func windowBoundsChunksInFlightAndAcksReopenIt() {
        var configuration = SessionConfiguration()
        configuration.window = 2
        let hello = childIdentity.hello(cursor: .zero, head: ChangeSeq(rawValue: 5))
        guard
            case .welcomed(var session, let actions) = PeerSession.parent(
                local: identity, hello: hello, protocolVersion: liandongProtocolVersion, schemaVersion: 1, cursor: .zero,
                head: ChangeSeq(rawValue: 100), nowMillis: 0, configuration: configuration)
        else {
            Issue.record("the parent refused a valid hello")
            return
        }
        #expect(actions.contains { if case .send(.welcome) = $0 { true } else { false } })
        #expect(session.tick(nowMillis: 1, head: ChangeSeq(rawValue: 100)) == [.sendChunk(after: .zero)])
        session.didSend(upTo: ChangeSeq(rawValue: 10), nowMillis: 1)
        #expect(session.tick(nowMillis: 2, head: ChangeSeq(rawValue: 100)) == [.sendChunk(after: ChangeSeq(rawValue: 10))])
        session.didSend(upTo: ChangeSeq(rawValue: 20), nowMillis: 2)
        // Window full: nothing more until an ack.
        #expect(session.tick(nowMillis: 3, head: ChangeSeq(rawValue: 100)).isEmpty)
        _ = session.receive(.ack(Ack(upTo: ChangeSeq(rawValue: 10))), nowMillis: 4)
        #expect(session.tick(nowMillis: 5, head: ChangeSeq(rawValue: 100)) == [.sendChunk(after: ChangeSeq(rawValue: 20))])
        // Silence beyond the timeout loses the peer.
        #expect(session.tick(nowMillis: 60_000, head: ChangeSeq(rawValue: 100)) == [.peerLost])
    }

    @Test func aRejectedChunkIsResentFromTheAcknowledgedCursorAfterBackoff() {
        let hello = childIdentity.hello(cursor: ChangeSeq(rawValue: 7), head: .zero)
        var session = PeerSession.parent(
            local: identity, hello: hello, protocolVersion: liandongProtocolVersion, schemaVersion: 1, cursor: .zero, head: ChangeSeq(rawValue: 50),
            nowMillis: 0, configuration: SessionConfiguration()
        ).welcomedSession!
        session.didSend(upTo: ChangeSeq(rawValue: 30), nowMillis: 0)
        _ = session.receive(.error(WireError(code: .invalidChange, message: "bad", chunkUpTo: ChangeSeq(rawValue: 30))), nowMillis: 1)
        #expect(session.tick(nowMillis: 2, head: ChangeSeq(rawValue: 50)).allSatisfy { if case .sendChunk = $0 { false } else { true } })
        _ = session.receive(.heartbeat(Heartbeat(head: .zero)), nowMillis: 5_000)
        #expect(session.tick(nowMillis: 5_002, head: ChangeSeq(rawValue: 50)) == [.sendChunk(after: ChangeSeq(rawValue: 7))])
    }

    func parentSession(cursor: Int64 = 0, head: Int64 = 100) -> PeerSession {
        PeerSession.parent(
            local: identity, hello: childIdentity.hello(cursor: ChangeSeq(rawValue: cursor), head: .zero), protocolVersion: liandongProtocolVersion,
            schemaVersion: 1, cursor: .zero, head: ChangeSeq(rawValue: head), nowMillis: 0, configuration: SessionConfiguration()
        ).welcomedSession!
    }

    /// A lost hello costs a heartbeat interval, and an old session's chatter does not keep a
    /// greeting child alive (found by the simulator: both ends talked past each other forever).
    @Test func aGreetingChildRepeatsItsHelloAndIgnoresAnOldSession() {
        var (session, first) = PeerSession.child(
            local: childIdentity, cursor: .zero, head: ChangeSeq(rawValue: 3), nowMillis: 0, configuration: SessionConfiguration())
        #expect(first.count == 1)
        #expect(session.tick(nowMillis: 500, head: ChangeSeq(rawValue: 3)).isEmpty)
        #expect(session.tick(nowMillis: 1_000, head: ChangeSeq(rawValue: 4)) == [.send(.hello(childIdentity.hello(cursor: .zero, head: ChangeSeq(rawValue: 4))))])
        for millis in stride(from: Int64(1_000), through: 5_000, by: 1_000) {
            _ = session.receive(.heartbeat(Heartbeat(head: ChangeSeq(rawValue: 9))), nowMillis: millis)
        }
        #expect(session.tick(nowMillis: 5_001, head: ChangeSeq(rawValue: 4)) == [.peerLost])
    }

    /// A chunk (or its ack) lost while heartbeats flow is resent after the ack timeout.
    @Test func anUnacknowledgedChunkIsResentAfterTheAckTimeout() {
        var session = parentSession()
        #expect(session.tick(nowMillis: 1, head: ChangeSeq(rawValue: 100)) == [.sendChunk(after: .zero)])
        session.didSend(upTo: ChangeSeq(rawValue: 100), nowMillis: 1)
        _ = session.receive(.heartbeat(Heartbeat(head: .zero)), nowMillis: 2_000)
        #expect(session.tick(nowMillis: 2_001, head: ChangeSeq(rawValue: 100)).allSatisfy { if case .sendChunk = $0 { false } else { true } })
        _ = session.receive(.heartbeat(Heartbeat(head: .zero)), nowMillis: 4_000)
        #expect(session.tick(nowMillis: 4_002, head: ChangeSeq(rawValue: 100)) == [.sendChunk(after: .zero)])
    }

    /// A range holding nothing for the peer is held back, then sent as one empty chunk after a
    /// heartbeat interval; new changes are looked at again after a fifth of it.
    @Test func anEmptyRangeIsHeldThenSentOnce() {
        var session = parentSession()
        #expect(session.tick(nowMillis: 1, head: ChangeSeq(rawValue: 100)) == [.sendChunk(after: .zero)])
        #expect(session.mayDeferEmptyChunk(nowMillis: 1))
        session.deferredEmptyChunk(upTo: ChangeSeq(rawValue: 100), nowMillis: 1)
        #expect(session.tick(nowMillis: 100, head: ChangeSeq(rawValue: 100)).isEmpty)
        #expect(session.tick(nowMillis: 150, head: ChangeSeq(rawValue: 120)).isEmpty)
        #expect(session.tick(nowMillis: 250, head: ChangeSeq(rawValue: 120)) == [.sendChunk(after: .zero)])
        session.deferredEmptyChunk(upTo: ChangeSeq(rawValue: 120), nowMillis: 250)
        #expect(!session.mayDeferEmptyChunk(nowMillis: 1_001))
        #expect(session.tick(nowMillis: 1_001, head: ChangeSeq(rawValue: 120)) == [.sendChunk(after: .zero)])
    }

    /// A merge that stored only the peer's own rows moves the head without anything for that
    /// peer: no read follows it, unless something before it was never read.
    @Test func echoesOfAMergeAreNotReadBack() {
        var session = parentSession()
        #expect(session.tick(nowMillis: 1, head: ChangeSeq(rawValue: 100)) == [.sendChunk(after: .zero)])
        session.didSend(upTo: ChangeSeq(rawValue: 100), nowMillis: 1)
        _ = session.receive(.ack(Ack(upTo: ChangeSeq(rawValue: 100))), nowMillis: 2)
        session.mergedEchoesOnly(from: ChangeSeq(rawValue: 100), upTo: ChangeSeq(rawValue: 130), nowMillis: 3)
        #expect(session.tick(nowMillis: 4, head: ChangeSeq(rawValue: 130)).isEmpty)
        // Changes after the merge are read as usual (after a fifth of a heartbeat).
        #expect(session.tick(nowMillis: 250, head: ChangeSeq(rawValue: 140)) == [.sendChunk(after: ChangeSeq(rawValue: 100))])
        // A range not read yet before the merge (110…120) is not skipped.
        var unread = parentSession()
        unread.didSend(upTo: ChangeSeq(rawValue: 110), nowMillis: 1)
        unread.mergedEchoesOnly(from: ChangeSeq(rawValue: 120), upTo: ChangeSeq(rawValue: 130), nowMillis: 3)
        #expect(unread.tick(nowMillis: 4, head: ChangeSeq(rawValue: 130)) == [.sendChunk(after: ChangeSeq(rawValue: 110))])
    }

    /// A late duplicate of an old chunk does not make a caught-up receiver think rows remain.
    @Test func aStaleChunkDoesNotResetWhatRemains() {
        var (session, _) = PeerSession.child(local: childIdentity, cursor: .zero, head: .zero, nowMillis: 0, configuration: SessionConfiguration())
        _ = session.receive(.welcome(identity.hello(cursor: .zero, head: ChangeSeq(rawValue: 20))), nowMillis: 1)
        _ = session.receive(.changes(ChangeChunk(after: .zero, upTo: ChangeSeq(rawValue: 20), rows: [], remaining: 0)), nowMillis: 2)
        _ = session.didApply(cursor: ChangeSeq(rawValue: 20))
        #expect(session.isInSync(head: .zero))
        _ = session.receive(.changes(ChangeChunk(after: .zero, upTo: ChangeSeq(rawValue: 10), rows: [], remaining: 4)), nowMillis: 3)
        _ = session.didApply(cursor: ChangeSeq(rawValue: 20))
        #expect(session.isInSync(head: .zero))
    }
}

extension HelloAnswer {
    /// The opened session of a welcome; nil for a refusal.
    var welcomedSession: Opened? {
        if case .welcomed(let opened, _) = self { opened } else { nil }
    }
}
