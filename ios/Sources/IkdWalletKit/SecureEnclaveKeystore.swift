// The hardware step of the PIN on iOS: a Secure Enclave P-256 key that never leaves the chip.
//
// derive(alias, input) = HKDF-SHA256(ikm: ECDH(enclave key, P), salt: input, info: label), where
// P = hash-to-curve(input) by try-and-increment (x = SHA-256(label || input || counter) until x is
// the abscissa of a curve point). Nobody knows the discrete log of P, so only this phone's Secure
// Enclave can compute d * P: every PIN guess needs the chip, and nothing reusable (no HMAC key, no
// fixed shared secret) ever reaches the app's memory. Deterministic per key and input, 32 bytes.
//
// The enclave key's opaque, device-bound blob is kept in the keychain as a generic password with
// kSecAttrAccessibleWhenUnlockedThisDeviceOnly (never synced, never in a backup restored
// elsewhere). The simulator has no Secure Enclave: simulator builds use a software P-256 key in
// the same keychain item, and say so in their name. Device builds never fall back.
//
// Limited keys (createLimitedKey, the PIN key): the Secure Enclave keeps no use counter for an
// app's keys, and Apple offers an app no hardware counter it could tie one to (the enclave's own
// attempt limit guards the device passcode only). The strongest there is: a fresh enclave key per
// generation, and its count of uses left in a keychain item of its own (ThisDeviceOnly, outside
// the app's folder and its backups), decremented before each answer; LimitReached at zero. That
// stops a restored or rolled-back app folder, not root on a jailbroken phone, which can rewrite the
// item or keep a copy of the enclave blob (docs/security.md).
#if canImport(Security) && canImport(CryptoKit)
import CryptoKit
import Foundation
import Security

public final class SecureEnclaveKeystore: HardwareKeystore, @unchecked Sendable {
    private let service: String
    private let lock = NSLock()
    private static let label = Data("IKD hardware PIN step v1".utf8)

    /// `service` names the keychain items (one per alias).
    public init(service: String = "id.go.kemendagri.ikd.hardware-key") {
        self.service = service
    }

    /// True where keys are hardware-backed (false on the simulator).
    public static var isHardwareBacked: Bool {
        #if targetEnvironment(simulator)
        return false
        #else
        return SecureEnclave.isAvailable
        #endif
    }

    public func ensureKey(alias: String) throws {
        lock.lock(); defer { lock.unlock() }
        if try loadBlob(alias) != nil { return }
        let blob = try makeKeyBlob()
        try storeBlob(blob, alias: alias)
    }

    public func createLimitedKey(alias: String, maxUses: UInt32) throws {
        lock.lock(); defer { lock.unlock() }
        // A fresh key with a fresh count: an orphan a cut-short rotation left goes first.
        try deleteItem(alias)
        try deleteItem(Self.usesAccount(alias))
        // The count before the key: a crash between the two leaves a count without a key (not
        // found), never a key without its count.
        try storeBlob(Self.encode(maxUses), alias: Self.usesAccount(alias))
        try storeBlob(try makeKeyBlob(), alias: alias)
    }

    public func derive(alias: String, input: Data) throws -> Data {
        lock.lock(); defer { lock.unlock() }
        guard let blob = try loadBlob(alias) else { throw KeystoreFailure.KeyNotFound }
        try spendUse(alias)
        let point = try Self.hashToCurve(input)
        let shared = try agree(blob: blob, with: point)
        let key = shared.hkdfDerivedSymmetricKey(
            using: SHA256.self, salt: input, sharedInfo: Self.label, outputByteCount: 32)
        return key.withUnsafeBytes { Data($0) }
    }

    public func deleteKey(alias: String) throws {
        lock.lock(); defer { lock.unlock() }
        // The key first: once it is gone, a count left behind limits nothing.
        try deleteItem(alias)
        try deleteItem(Self.usesAccount(alias))
    }

    // MARK: - Use counts of limited keys

    /// The keychain account of a limited key's count (aliases from the core never contain ".").
    static func usesAccount(_ alias: String) -> String { alias + ".uses" }

    static func encode(_ uses: UInt32) -> Data {
        withUnsafeBytes(of: uses.bigEndian) { Data($0) }
    }

    /// Takes one use of a limited key (nothing for a key without a count), stored before the
    /// answer is computed so that a killed app still spends it.
    private func spendUse(_ alias: String) throws {
        guard let stored = try loadBlob(Self.usesAccount(alias)) else { return }
        guard stored.count == 4 else { throw KeystoreFailure.Unavailable(reason: "use count damaged") }
        let left = stored.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard left > 0 else { throw KeystoreFailure.LimitReached }
        let update = [kSecValueData as String: Self.encode(left - 1)]
        let status = SecItemUpdate(query(Self.usesAccount(alias)) as CFDictionary, update as CFDictionary)
        guard status == errSecSuccess else {
            throw KeystoreFailure.Unavailable(reason: "keychain update \(status)")
        }
    }

    private func deleteItem(_ account: String) throws {
        let status = SecItemDelete(query(account) as CFDictionary)
        guard status == errSecSuccess || status == errSecItemNotFound else {
            throw KeystoreFailure.Unavailable(reason: "keychain delete \(status)")
        }
    }

    // MARK: - Keys

    private func makeKeyBlob() throws -> Data {
        #if targetEnvironment(simulator)
        // Simulator only: not hardware-backed (there is no Secure Enclave to use).
        return P256.KeyAgreement.PrivateKey().rawRepresentation
        #else
        guard SecureEnclave.isAvailable else {
            throw KeystoreFailure.Unavailable(reason: "no secure enclave")
        }
        var error: Unmanaged<CFError>?
        guard let access = SecAccessControlCreateWithFlags(
            nil, kSecAttrAccessibleWhenUnlockedThisDeviceOnly, .privateKeyUsage, &error)
        else {
            throw KeystoreFailure.Unavailable(reason: "access control")
        }
        do {
            return try SecureEnclave.P256.KeyAgreement.PrivateKey(accessControl: access).dataRepresentation
        } catch {
            throw KeystoreFailure.Unavailable(reason: "secure enclave key creation")
        }
        #endif
    }

    private func agree(blob: Data, with point: P256.KeyAgreement.PublicKey) throws -> SharedSecret {
        do {
            #if targetEnvironment(simulator)
            return try P256.KeyAgreement.PrivateKey(rawRepresentation: blob)
                .sharedSecretFromKeyAgreement(with: point)
            #else
            return try SecureEnclave.P256.KeyAgreement.PrivateKey(dataRepresentation: blob)
                .sharedSecretFromKeyAgreement(with: point)
            #endif
        } catch {
            // A blob from another device or a reset enclave: the key is gone for us.
            throw KeystoreFailure.KeyNotFound
        }
    }

    /// A P-256 point from `input` whose discrete log nobody knows (try-and-increment).
    static func hashToCurve(_ input: Data) throws -> P256.KeyAgreement.PublicKey {
        for counter in UInt8(0)...UInt8(255) {
            var hash = SHA256()
            hash.update(data: label)
            hash.update(data: input)
            hash.update(data: Data([counter]))
            let x = Data(hash.finalize())
            // A compressed point 02 || x is valid iff x^3 - 3x + b is a square mod p (about half
            // of all x); CryptoKit checks it.
            if let point = try? P256.KeyAgreement.PublicKey(compressedRepresentation: Data([0x02]) + x) {
                return point
            }
        }
        throw KeystoreFailure.Unavailable(reason: "hash to curve")
    }

    // MARK: - Keychain

    private func query(_ alias: String) -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: alias,
        ]
    }

    private func loadBlob(_ alias: String) throws -> Data? {
        var q = query(alias)
        q[kSecReturnData as String] = true
        q[kSecMatchLimit as String] = kSecMatchLimitOne
        var result: CFTypeRef?
        let status = SecItemCopyMatching(q as CFDictionary, &result)
        switch status {
        case errSecSuccess: return result as? Data
        case errSecItemNotFound: return nil
        default: throw KeystoreFailure.Unavailable(reason: "keychain read \(status)")
        }
    }

    private func storeBlob(_ blob: Data, alias: String) throws {
        var q = query(alias)
        q[kSecValueData as String] = blob
        q[kSecAttrAccessible as String] = kSecAttrAccessibleWhenUnlockedThisDeviceOnly
        let status = SecItemAdd(q as CFDictionary, nil)
        guard status == errSecSuccess else {
            throw KeystoreFailure.Unavailable(reason: "keychain write \(status)")
        }
    }
}
#endif
