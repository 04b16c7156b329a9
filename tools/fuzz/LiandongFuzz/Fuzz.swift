// The fuzz target of the data plane (tools/fuzz/README.md): bytes → `Envelope(decoding:)` →
// `Replica.apply` (validation, admission, merge) into a real replica file of the `gov` schema,
// at a town, from its village (a child) or its district (the parent). After each input it checks
// what the spec promises for any input (Protocols/SPEC.md §5.3, §9.2, §9.3):
// - nothing traps, whatever the bytes;
// - every row state the replica stored validates and survives the codec unchanged, and the
//   town's next chunks to its parent and child read, encode and decode;
// - applying the same chunk again changes nothing (merging is idempotent).
// From the village, seals are checked with the village's seal key and the town's own seals vouch
// for its cells (Protocols/SPEC.md §18.4, §18.5), as at a checking node.
// A broken promise is a `fatalError` here: the harness, not the node, turns it into a crash that
// libFuzzer reports. Built with `--sanitize=fuzzer -DLIANDONG_FUZZ`, libFuzzer drives it;
// otherwise it replays the files or directories it is given, or writes the seed corpus.
import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongWire
import Logging

let town = NodeID(rawValue: 441_702_001_000)
let village = NodeID(rawValue: 441_702_001_201)
let district = NodeID(rawValue: 441_702_000_000)
/// Fixed "now" (2026-12-01T00:00Z), so that an input means the same on every run.
let nowMillis: Int64 = 1_796_083_200_000
let schema = GovernmentSchema.schema
let villageSealer = SealSigner(node: village, secret: Array(repeating: 7, count: 32))
let townSealer = SealSigner(node: town, secret: Array(repeating: 5, count: 32))
let sealCheck = SealCheck(keys: [village: villageSealer.publicKey])

final class Harness: @unchecked Sendable {
    let replica: Replica
    var inputs = 0

    init() {
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = "\(directory)/liandong-fuzz-\(getpid()).db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        var logger = Logger(label: "fuzz")
        logger.logLevel = .critical
        do {
            replica = try Replica.create(at: path, node: town, schema: schema, logger: logger)
        } catch {
            fatalError("cannot create the fuzz replica at \(path): \(error)")
        }
    }

    /// `LIANDONG_FUZZ_TRACE=1`: say what became of each input (on standard error).
    let tracing = ProcessInfo.processInfo.environment["LIANDONG_FUZZ_TRACE"] != nil

    func trace(_ text: @autoclosure () -> String) {
        if tracing { FileHandle.standardError.write(Data("input \(inputs): \(text())\n".utf8)) }
    }

    func run(_ bytes: [UInt8]) {
        inputs += 1
        let envelope: Envelope
        do { envelope = try Envelope(decoding: bytes) } catch {
            trace("\(error)")
            return
        }
        // The schema_version field, otherwise unused here, picks the sender.
        let fromParent = envelope.schemaVersion % 2 == 1
        let peer = fromParent ? district : village
        let role: LinkRole = fromParent ? .parent : .child
        let chunk: ChangeChunk
        let repair: Bool
        switch envelope.message {
        case .changes(let changes): (chunk, repair) = (changes, false)
        case .repair(let rows, let seals): (chunk, repair) = (ChangeChunk(after: .zero, upTo: .zero, rows: rows, remaining: 0, seals: seals), true)
        default: return
        }
        let headBefore: ChangeSeq
        do { headBefore = try replica.head() } catch { fatalError("head: \(error)") }
        let outcome: ApplyOutcome
        do {
            outcome = try replica.apply(
                chunk, from: peer, role: role, repair: repair, drift: ClockDriftPolicy(), nowMillis: nowMillis, seals: fromParent ? nil : sealCheck,
                ownSealed: fromParent ? [] : ownSealed(chunk.seals))
        } catch {
            // Refused whole: nothing of it may have been stored.
            guard error.code == .invalidChange || error.code == .clockDrift else { fatalError("apply failed with \(error)") }
            guard (try? replica.head()) == headBefore else { fatalError("a refused chunk moved the head") }
            trace("refused: \(error)")
            return
        }
        trace("\(outcome.changed) stored, \(outcome.unchanged) unchanged, \(outcome.rejected.count) rejected\(outcome.rejected.first.map { ": \($0)" } ?? "")")
        for row in outcome.stored { check(row, "stored") }
        for reader in [district, village] {
            do {
                let next = try replica.readChunk(for: reader, suppressEchoes: false, after: headBefore, limit: ChangeChunk.maxRows)
                for row in next.rows { check(row, "read for \(reader)") }
            } catch {
                fatalError("reading the next chunk for \(reader): \(error)")
            }
        }
        do {
            let again = try replica.apply(chunk, from: peer, role: role, repair: true, drift: ClockDriftPolicy(), nowMillis: nowMillis)
            guard again.changed == 0 else { fatalError("applying the same chunk again changed \(again.changed) rows: \(again.stored)") }
        } catch {
            fatalError("the second application of an applied chunk failed: \(error)")
        }
    }

    /// The town's own cells that `seals` vouch for (its own seals that verify), as the node does.
    func ownSealed(_ seals: [Seal]) -> Set<UInt64> {
        var cells: Set<UInt64> = []
        for seal in seals where seal.origin == town && seal.isSigned(by: townSealer.publicKey) { cells.formUnion(seal.cells) }
        return cells
    }

    /// A stored or sent row state validates against its table and survives the codec.
    func check(_ row: RowChange, _ what: String) {
        let spec = schema.tables[row.table]
        do { try row.validate(against: spec) } catch { fatalError("\(what) row does not validate: \(error): \(row)") }
        let bytes = Envelope(schemaVersion: 0, message: .changes(ChangeChunk(after: .zero, upTo: .zero, rows: [row], remaining: 0))).encoded()
        guard case .changes(let decoded)? = try? Envelope(decoding: bytes).message, decoded.rows == [row] else {
            fatalError("\(what) row does not survive the codec: \(row)")
        }
    }
}

/// Valid frames for every table: from the village (its cases) and the district (the catalogue
/// and decisions), live rows, a deletion, a repair, plus a heartbeat.
func seedCorpus() -> [(String, [UInt8])] {
    var frames: [(String, [UInt8])] = []
    let clock = HLC(millis: nowMillis - 60_000)
    for (index, table) in schema.tables.enumerated() {
        for (writer, scope, parent) in [(village, village, false), (district, district, true), (town, village, true)] {
            guard table.scopeIndex == nil || table.isVisible(scope: scope, at: town) else { continue }
            let values = table.columns.enumerated().map { column, spec -> ColumnValue in
                if column == table.scopeIndex { return .integer(scope.rawValue) }
                if let lattice = spec.lattice { return .text(lattice.order[0]) }
                // Columns with writers of their own are left empty by a row's creator (SPEC §17.2).
                if spec.writers != nil, !spec.notNull { return .null }
                switch spec.affinity {
                case .integer, .numeric: return .integer(Int64(column))
                case .real: return .real(Double(column) + 0.5)
                case .text: return .text("\(spec.name)-\(column)")
                case .blob: return .blob([UInt8(column)])
                }
            }
            let key = table.primaryKey.map { key -> ColumnValue in key.affinity == .integer ? .integer(writer.rawValue % 100_000) : .text("K-\(table.name)-\(writer)") }
            var row = RowChange(
                table: index, key: key, causalLength: 1, values: values,
                versions: CompactVersions(base: CellVersion(hlc: clock, origin: writer), exceptions: [(column: 0, version: CellVersion(hlc: HLC(rawValue: clock.rawValue + 1), origin: writer))]),
                scope: table.scopeIndex == nil ? nil : scope)
            let chunk = ChangeChunk(after: .zero, upTo: ChangeSeq(rawValue: HLC(millis: nowMillis).rawValue), rows: [row], remaining: 0)
            let version: UInt32 = parent ? 1 : 2
            frames.append(("\(table.name)-\(writer)-live", Envelope(schemaVersion: version, message: .changes(chunk)).encoded()))
            // Sealed by the village (SPEC §18.3), by the town in a repair coming back (§18.5),
            // and once with a seal that does not verify and a forgery report.
            let personal = schema.tables.map { $0.columns.map { $0.personal != nil } }
            var sealed = chunk
            sealed.seals = (writer == town ? townSealer : villageSealer).seals([row], personal: personal)
            frames.append(("\(table.name)-\(writer)-sealed", Envelope(schemaVersion: 2, message: .changes(sealed)).encoded()))
            frames.append(("\(table.name)-\(writer)-sealed-repair", Envelope(schemaVersion: 2, message: .repair([row], seals: sealed.seals)).encoded()))
            if var forged = sealed.seals.first {
                forged.signature[0] ^= 1
                sealed.seals = [forged]
                sealed.reports = [ForgeryReport(reporter: village, link: village, origin: village, table: index, cell: forged.cells[0], hlc: clock)]
                frames.append(("\(table.name)-\(writer)-forged", Envelope(schemaVersion: 2, message: .changes(sealed)).encoded()))
            }
            row.causalLength = 2
            row.values = []
            row.versions = CompactVersions(base: CellVersion(hlc: HLC(rawValue: clock.rawValue + 2), origin: writer))
            frames.append(("\(table.name)-\(writer)-deleted", Envelope(schemaVersion: version, message: .repair([row], seals: [])).encoded()))
        }
    }
    frames.append(("heartbeat", Envelope(schemaVersion: 2, message: .heartbeat(Heartbeat(head: ChangeSeq(rawValue: 5)))).encoded()))
    return frames
}

let harness = Harness()

#if LIANDONG_FUZZ
/// libFuzzer's entry point; libFuzzer's `main` drives it (built with `-DLIANDONG_FUZZ`, see
/// tools/fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    harness.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
/// A plain build: `--make-corpus DIR` writes the seed corpus; otherwise it replays every file
/// given (or in the directories given), so a crash libFuzzer found replays in the debugger.
@main
struct Replay {
    static func main() throws {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == "--make-corpus" {
            try FileManager.default.createDirectory(atPath: arguments[2], withIntermediateDirectories: true)
            let frames = seedCorpus()
            for (name, bytes) in frames {
                _ = FileManager.default.createFile(atPath: "\(arguments[2])/\(name)", contents: Data(bytes))
            }
            FileHandle.standardError.write(Data("wrote \(frames.count) frames to \(arguments[2])\n".utf8))
            return
        }
        var count = 0
        for argument in arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
            let files =
                isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { "\(argument)/\($0)" } : [argument]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                harness.run(Array(data))
                count += 1
            }
        }
        FileHandle.standardError.write(Data("replayed \(count) inputs without a failure\n".utf8))
    }
}
#endif
