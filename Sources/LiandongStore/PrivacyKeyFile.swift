import Foundation
import GRDB
import LiandongCore

/// The file holding a district's privacy key (个人信息脱敏密钥, `PrivacyKey`): 64 hex digits and a
/// newline, mode 0600, outside the replica, so that neither the replica nor any backup of it
/// holds the key (`deploy/README.md`). By default it sits next to the replica
/// (`<replica>.privacy-key`); `liandong init --privacy-key-file` names another path, which the
/// replica remembers (the path, never the key).
public enum PrivacyKeyFile {
    /// `<replica path>.privacy-key`.
    public static func defaultPath(forReplicaAt path: String) -> String { path + ".privacy-key" }

    public static func exists(at path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// The key in `path`, or nil when there is no such file. A file others may read or write
    /// (mode beyond 0600), or that does not hold 64 hex digits, is refused.
    public static func read(at path: String) throws(StoreError) -> PrivacyKey? {
        guard exists(at: path) else { return nil }
        let mode: Int
        let text: String
        do {
            mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw StoreError(.configuration, "cannot read the privacy key file (个人信息脱敏密钥)", path: path, underlying: error)
        }
        guard mode & 0o077 == 0 else {
            throw StoreError(
                .configuration,
                "the privacy key file (个人信息脱敏密钥) may be read by others (mode \(String(mode & 0o777, radix: 8))); make it the owner's only: chmod 600 \(path)",
                path: path)
        }
        do {
            return try PrivacyKey(hex: text)
        } catch {
            throw StoreError(.configuration, "\(error)", path: path)
        }
    }

    /// Writes `key` to a new file at `path`, mode 0600, and syncs it. Fails if the file exists:
    /// a key is never overwritten.
    public static func create(_ key: PrivacyKey, at path: String) throws(StoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw StoreError(.configuration, "cannot create the privacy key file (个人信息脱敏密钥): \(reason)", path: path)
        }
        defer { close(descriptor) }
        let bytes = Array((key.hex + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fchmod(descriptor, 0o600) == 0, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw StoreError(.configuration, "cannot write the privacy key file (个人信息脱敏密钥): \(reason)", path: path)
        }
    }
}

extension Replica {
    /// Where version 1 kept the city-wide salt: in `_ld_setting`, hence in every backup of every
    /// district. Opening a replica moves it out (`preparePrivacyKey`); nothing writes it any more.
    public static let privacySaltSetting = "privacy_salt"

    /// The setting holding the path of the privacy key file given to `liandong init` (the path
    /// only; the key never enters the replica).
    public static let privacyKeyFileSetting = "privacy_key_file"

    /// The privacy key file this replica uses: `explicit`, else the path `init` recorded, else
    /// `<replica>.privacy-key`.
    public func privacyKeyFilePath(explicit: String? = nil) throws(StoreError) -> String {
        if let explicit { return explicit }
        return try setting(Self.privacyKeyFileSetting) ?? PrivacyKeyFile.defaultPath(forReplicaAt: path)
    }

    /// The key this node hashes with: `given`, or for a district the key in its key file (nil
    /// when there is none; the city, towns and villages never need one). First, a salt left in
    /// the replica by version 1 is removed for good (securely deleted, the log checkpointed away),
    /// and a district without a key file gets a new random key written to it: the salt was in
    /// every backup, so the hashes go on under a key that never was. The log says what was done.
    func preparePrivacyKey(given: PrivacyKey?, file explicit: String?) throws(StoreError) -> PrivacyKey? {
        let keyPath = try privacyKeyFilePath(explicit: explicit)
        if try setting(Self.privacySaltSetting) != nil {
            if node.tier == .district, given == nil, !PrivacyKeyFile.exists(at: keyPath) {
                try PrivacyKeyFile.create(.random(), at: keyPath)
                logger.warning(
                    "wrote a new privacy key (个人信息脱敏密钥) in place of the salt this replica held; every district of the city must hold the same key: copy this one file to the others before they start, and back it up apart from the replicas",
                    metadata: ["replica.path": "\(path)", "privacy.key_file": "\(keyPath)"])
            }
            try removeSaltForGood()
            logger.notice(
                "removed the privacy salt from the replica (it is no longer used; ID numbers are hashed with HMAC-SHA256 under the key file)",
                metadata: ["replica.path": "\(path)", "node.id": "\(node)", "privacy.key_file": "\(node.tier == .district ? keyPath : "-")"])
        }
        guard node.tier == .district else { return nil }
        if let given { return given }
        return try PrivacyKeyFile.read(at: keyPath)
    }

    /// Deletes the salt so that its bytes leave the file too: `secure_delete` overwrites the
    /// freed cell, and a truncating checkpoint drops the log frames that still hold it.
    private func removeSaltForGood() throws(StoreError) {
        try write { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
            try db.execute(sql: "DELETE FROM _ld_setting WHERE key = ?", arguments: [Self.privacySaltSetting])
        }
        do {
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch {
            throw StoreError.from(error, path: path, doing: "checkpointing after removing the privacy salt")
        }
    }
}
