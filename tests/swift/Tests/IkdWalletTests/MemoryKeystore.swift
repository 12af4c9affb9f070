// The test keystore of both Swift suites (tests/swift and, through a symbolic link, ios/Tests):
// HMAC-SHA256 under random in-memory keys, what the Secure Enclave step does in hardware.

import Foundation
#if canImport(IkdWalletKit)
import IkdWalletKit
#else
import IkdWallet
#endif

/// HMAC-SHA256 under random in-memory keys (tests only: not hardware-backed).
final class MemoryKeystore: HardwareKeystore, @unchecked Sendable {
    private var keys: [String: [UInt8]] = [:]
    private let lock = NSLock()

    func ensureKey(alias: String) throws {
        lock.lock(); defer { lock.unlock() }
        if keys[alias] == nil {
            keys[alias] = (0..<32).map { _ in UInt8.random(in: 0...255) }
        }
    }

    func derive(alias: String, input: Data) throws -> Data {
        lock.lock(); defer { lock.unlock() }
        guard let key = keys[alias] else { throw KeystoreFailure.KeyNotFound }
        return Data(Sha256.hmac(key: key, message: [UInt8](input)))
    }

    func deleteKey(alias: String) throws {
        lock.lock(); defer { lock.unlock() }
        keys[alias] = nil
    }
}
