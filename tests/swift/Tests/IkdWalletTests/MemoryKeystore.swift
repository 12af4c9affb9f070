// The test keystore of both Swift suites (tests/swift and, through a symbolic link, ios/Tests):
// HMAC-SHA256 under random in-memory keys, what the Secure Enclave step does in hardware.

import Foundation
#if canImport(IkdWalletKit)
import IkdWalletKit
#else
import IkdWallet
#endif

/// HMAC-SHA256 under random in-memory keys (tests only: not hardware-backed). A limited key keeps
/// its uses left here as well, out of reach of the wallet's files.
final class MemoryKeystore: HardwareKeystore, @unchecked Sendable {
    private var keys: [String: [UInt8]] = [:]
    private var usesLeft: [String: UInt32] = [:]
    private let lock = NSLock()

    func createLimitedKey(alias: String, maxUses: UInt32) throws {
        lock.lock(); defer { lock.unlock() }
        keys[alias] = (0..<32).map { _ in UInt8.random(in: 0...255) }
        usesLeft[alias] = maxUses
    }

    /// Uses left of each limited key (for the tests to look at).
    var limitedUsesLeft: [String: UInt32] {
        lock.lock(); defer { lock.unlock() }
        return usesLeft
    }

    /// Spends every use of every limited key, as guesses made around the app would.
    func spendAllUses() {
        lock.lock(); defer { lock.unlock() }
        for alias in usesLeft.keys { usesLeft[alias] = 0 }
    }

    func ensureKey(alias: String) throws {
        lock.lock(); defer { lock.unlock() }
        if keys[alias] == nil {
            keys[alias] = (0..<32).map { _ in UInt8.random(in: 0...255) }
        }
    }

    func derive(alias: String, input: Data) throws -> Data {
        lock.lock(); defer { lock.unlock() }
        guard let key = keys[alias] else { throw KeystoreFailure.KeyNotFound }
        if let left = usesLeft[alias] {
            guard left > 0 else { throw KeystoreFailure.LimitReached }
            usesLeft[alias] = left - 1
        }
        return Data(Sha256.hmac(key: key, message: [UInt8](input)))
    }

    func deleteKey(alias: String) throws {
        lock.lock(); defer { lock.unlock() }
        keys[alias] = nil
        usesLeft[alias] = nil
    }
}
