import Crypto

/// An origin seal (来源签封, Protocols/SPEC.md §18): a node's signature over the hashes of cells
/// it wrote itself, so that a district or the city can tell a village's real writes from cells a
/// town altered or invented in the village's name on the way up.
///
/// A node seals the cells of its own (version origin = itself) in each chunk or repair it sends to
/// its parent; the parent keeps the seals it receives and relays them upwards with the rows. A
/// seal is a list of 8-byte cell hashes and one Ed25519 signature over them.
///
/// The hashes of personal values (names, ID numbers, phones, addresses, free text) are sealed
/// apart, in a *personal* seal that never leaves the district: an 8-byte hash of an ID number is
/// as good as the number to anyone who tries every birth date. Above the privacy ceiling
/// personal cells are checked by their version alone, which the main seal covers.
public struct Seal: Hashable, Sendable {
    /// The most cell hashes one seal may carry: two per cell of a chunk (SPEC §14).
    public static let maxCells = 2 * ChangeChunk.maxCells
    /// The most seals one chunk or repair may carry.
    public static let maxSeals = 4096

    /// The node that wrote the cells and signed the seal.
    public var origin: NodeID
    /// `SealHash` of every sealed cell.
    public var cells: [UInt64]
    /// Ed25519 over `SealHash.signedMessage(origin:cells:personal:)`, 64 bytes.
    public var signature: [UInt8]
    /// True for the seal of personal values' full hashes, which is not sent above the ceiling.
    public var personal: Bool

    public init(origin: NodeID, cells: [UInt64], signature: [UInt8], personal: Bool = false) {
        self.origin = origin
        self.cells = cells
        self.signature = signature
        self.personal = personal
    }

    /// The seal's cells in their wire form: 8 little-endian bytes each.
    public var cellBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(cells.count * 8)
        for cell in cells { withUnsafeBytes(of: cell.littleEndian) { bytes += $0 } }
        return bytes
    }

    /// Cells from their wire form; nil unless the length is a multiple of 8.
    public static func cells(fromBytes bytes: [UInt8]) -> [UInt64]? {
        guard bytes.count % 8 == 0 else { return nil }
        return stride(from: 0, to: bytes.count, by: 8).map { start in
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[start + $1]) << (8 * UInt64($1)) }
        }
    }

    /// True when the signature is `origin`'s over these cells under `key`.
    public func isSigned(by key: SealPublicKey) -> Bool {
        guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key.bytes) else { return false }
        return publicKey.isValidSignature(signature, for: SealHash.signedMessage(origin: origin, cells: cells, personal: personal))
    }
}

/// A node's seal key's public half (32 bytes of Ed25519), registered at the district above it
/// (SPEC §18.1).
public struct SealPublicKey: Hashable, Sendable {
    public let bytes: [UInt8]
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil else { return nil }
        self.bytes = bytes
    }
}

/// One entry of a district's registry of seal keys, carried in its hello to the city.
public struct SealKeyEntry: Hashable, Sendable {
    public var node: NodeID
    public var key: SealPublicKey
    public init(node: NodeID, key: SealPublicKey) {
        self.node = node
        self.key = key
    }
}

/// What seals a node's own cells: its Ed25519 seal key, derived from the node's secret key so that
/// a node has one secret (its key file) and a rotated key rotates both.
public struct SealSigner: Sendable {
    public let node: NodeID
    /// The Ed25519 seed. The key is made from it for each signature: the key type is not
    /// `Sendable`, and a key kept from `init` (made from a temporary array) signed wrongly here
    /// (every signature failed to verify), so nothing but the seed is kept.
    private let seed: [UInt8]
    public let publicKey: SealPublicKey
    // A 32-byte seed is always a valid Ed25519 private key.
    private var key: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: seed) }

    /// The seal key of `node` whose CURVE secret key is `secret` (32 bytes): the Ed25519 seed is
    /// SHA-256 of `"liandong seal key v1"` followed by the secret (SPEC §18.1).
    public init(node: NodeID, secret: [UInt8]) {
        self.node = node
        var material = Array("liandong seal key v1".utf8)
        material += secret
        seed = Array(SHA256.hash(data: material))
        let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        publicKey = SealPublicKey(bytes: Array(key.publicKey.rawRepresentation))!
    }

    /// An Ed25519 signature with the seal key over `message`, which the caller makes distinct from
    /// every seal's signed message by its own ASCII prefix (an offline bundle signs
    /// `liandong bundle v1` and its bytes, Protocols/SPEC.md §19).
    public func signature(over message: [UInt8]) -> [UInt8] {
        // Signing a message with a valid key does not fail.
        Array(try! key.signature(for: message))
    }

    /// A seal over `cells`, or nil when there are none.
    public func seal(_ cells: [UInt64], personal: Bool = false) -> Seal? {
        guard !cells.isEmpty else { return nil }
        // Signing a message with a valid key does not fail.
        let signature = try! key.signature(for: SealHash.signedMessage(origin: node, cells: cells, personal: personal))
        return Seal(origin: node, cells: cells, signature: Array(signature), personal: personal)
    }

    /// The seals of this node's own cells among `rows`, as they are sent: the main seal and, if
    /// any of them is a personal value, the personal seal (none: no cells of its own).
    /// `personal` tells, per table, which non-key columns are personal. `excluding` returns, for
    /// the hashes found, those this node must not vouch for (cells in its name that it did not
    /// write but took from its parent, SPEC §18.6).
    public func seals<E: Error>(
        _ rows: [RowChange], personal: [[Bool]], excluding: (SealHash.Cells) throws(E) -> Set<UInt64>
    ) throws(E) -> [Seal] {
        var cells = SealHash.Cells()
        for row in rows { SealHash.appendCells(of: row, by: node, personal: personal[row.table], to: &cells) }
        let excluded = try excluding(cells)
        if !excluded.isEmpty {
            cells.main.removeAll(where: excluded.contains)
            cells.personal.removeAll(where: excluded.contains)
        }
        return [seal(cells.main), seal(cells.personal, personal: true)].compactMap { $0 }
    }

    /// The seals of every cell of this node's own among `rows`.
    public func seals(_ rows: [RowChange], personal: [[Bool]]) -> [Seal] {
        seals(rows, personal: personal) { (_: SealHash.Cells) -> Set<UInt64> in [] }
    }
}

/// How cells are hashed for seals (SPEC §18.2): the first 8 bytes of SHA-256, read little-endian,
/// over a tag byte, the table index, the key values, the column, the version and (for the full
/// form) the value.
public enum SealHash {
    /// The full form: table, key, column, version and value.
    static let fullTag: UInt8 = 0x46  // "F"
    /// Version only (personal columns, checked above the privacy ceiling where values are masked).
    static let versionTag: UInt8 = 0x56  // "V"
    /// A deletion: table, key, causal length and the delete's version.
    static let deletionTag: UInt8 = 0x44  // "D"

    /// The bytes a seal's signature covers: `"liandong seal v1"` (a personal seal:
    /// `"liandong personal seal v1"`), the origin (8 bytes LE), then every cell hash (8 bytes LE each).
    public static func signedMessage(origin: NodeID, cells: [UInt64], personal: Bool) -> [UInt8] {
        var message = Array((personal ? "liandong personal seal v1" : "liandong seal v1").utf8)
        withUnsafeBytes(of: origin.rawValue.littleEndian) { message += $0 }
        message.reserveCapacity(message.count + cells.count * 8)
        for cell in cells { withUnsafeBytes(of: cell.littleEndian) { message += $0 } }
        return message
    }

    /// The full-form hash of a live cell.
    public static func cell(table: Int, key: [ColumnValue], column: Int, version: CellVersion, value: ColumnValue) -> UInt64 {
        var bytes = prefix(fullTag, table: table, key: key)
        append(UInt64(column), to: &bytes)
        append(version, to: &bytes)
        append(value, to: &bytes)
        return finish(bytes)
    }

    /// The version-only hash of a live cell.
    public static func version(table: Int, key: [ColumnValue], column: Int, version: CellVersion) -> UInt64 {
        var bytes = prefix(versionTag, table: table, key: key)
        append(UInt64(column), to: &bytes)
        append(version, to: &bytes)
        return finish(bytes)
    }

    /// The hash of a deletion.
    public static func deletion(table: Int, key: [ColumnValue], causalLength: Int64, version: CellVersion) -> UInt64 {
        var bytes = prefix(deletionTag, table: table, key: key)
        append(UInt64(bitPattern: causalLength), to: &bytes)
        append(version, to: &bytes)
        return finish(bytes)
    }

    /// The hashes of one batch: the main seal's and the personal seal's.
    public struct Cells: Sendable {
        public var main: [UInt64] = []
        public var personal: [UInt64] = []
        public init() {}
    }

    /// Appends the hashes of `row`'s cells written by `origin`: the full form of each (for a
    /// personal column to the personal list, and its version-only form to the main one); for a
    /// deletion by `origin`, its hash.
    public static func appendCells(of row: RowChange, by origin: NodeID, personal: [Bool], to cells: inout Cells) {
        guard row.isLive else {
            if row.versions.base.origin == origin {
                cells.main.append(deletion(table: row.table, key: row.key, causalLength: row.causalLength, version: row.versions.base))
            }
            return
        }
        var exceptions = row.versions.exceptions.makeIterator()
        var nextException = exceptions.next()
        for (position, value) in row.values.enumerated() {
            // A delta row carries some columns only (RowChange.columns); their exceptions name them.
            let column = row.isDelta ? row.columns[position] : position
            var version = row.versions.base
            while let exception = nextException, exception.column < column { nextException = exceptions.next() }
            if let exception = nextException, exception.column == column {
                version = exception.version
                nextException = exceptions.next()
            }
            guard version.origin == origin else { continue }
            if column < personal.count, personal[column] {
                cells.personal.append(cell(table: row.table, key: row.key, column: column, version: version, value: value))
                cells.main.append(self.version(table: row.table, key: row.key, column: column, version: version))
            } else {
                cells.main.append(cell(table: row.table, key: row.key, column: column, version: version, value: value))
            }
        }
    }

    static func prefix(_ tag: UInt8, table: Int, key: [ColumnValue]) -> [UInt8] {
        var bytes: [UInt8] = [tag]
        bytes.reserveCapacity(96)
        append(UInt64(table), to: &bytes)
        append(UInt64(key.count), to: &bytes)
        for value in key { append(value, to: &bytes) }
        return bytes
    }

    static func append(_ word: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: word.littleEndian) { bytes += $0 }
    }

    static func append(_ version: CellVersion, to bytes: inout [UInt8]) {
        append(UInt64(bitPattern: version.hlc.rawValue), to: &bytes)
        append(UInt64(bitPattern: version.origin.rawValue), to: &bytes)
    }

    /// A value as the digest encodes it (SPEC §16.1): a type word, then the payload.
    static func append(_ value: ColumnValue, to bytes: inout [UInt8]) {
        switch value {
        case .null: append(0, to: &bytes)
        case .integer(let v):
            append(1, to: &bytes)
            append(UInt64(bitPattern: v), to: &bytes)
        case .real(let v):
            append(2, to: &bytes)
            append(v.bitPattern, to: &bytes)
        case .text(let v):
            append(3, to: &bytes)
            append(UInt64(v.utf8.count), to: &bytes)
            bytes += v.utf8
        case .blob(let v):
            append(4, to: &bytes)
            append(UInt64(v.count), to: &bytes)
            bytes += v
        }
    }

    static func finish(_ bytes: [UInt8]) -> UInt64 {
        var digest = SHA256()
        digest.update(data: bytes)
        return digest.finalize().withUnsafeBytes { raw in
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(raw[$1]) << (8 * UInt64($1)) }
        }
    }
}

/// A forgery found by a district or the city (伪造, SPEC §18.4): a cell held in `origin`'s name
/// that no seal of `origin` covers, or a seal that does not verify, named by the link it came
/// through. Reports travel up with the rows, so the city learns which hop a district named.
public struct ForgeryReport: Hashable, Sendable, CustomStringConvertible {
    /// The node that found it.
    public var reporter: NodeID
    /// The child link the forged cell or seal came through: the hop that forged it, or one below.
    public var link: NodeID
    /// The node in whose name it was written.
    public var origin: NodeID
    public var table: Int
    /// `SealHash.version` of the cell (or the deletion hash): identifies the cell and version.
    public var cell: UInt64
    public var hlc: HLC

    public init(reporter: NodeID, link: NodeID, origin: NodeID, table: Int, cell: UInt64, hlc: HLC) {
        self.reporter = reporter
        self.link = link
        self.origin = origin
        self.table = table
        self.cell = cell
        self.hlc = hlc
    }

    public var description: String {
        "node \(reporter) found a cell of table #\(table) in node \(origin)'s name at \(hlc.rawValue) that \(origin) never sealed, received through node \(link) (伪造 forgery)"
    }
}
