// What the tests need around the model: a platform that records what the model asked for, a
// software keystore (MemoryKeystore.swift and Sha256.swift, shared with tests/swift, where the
// phone would use the Secure Enclave), the officer's side of activation through the real
// issuer's HTTP API and outbox (tests/ios/run.sh starts it), and the QR as a picture for the desk.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import IkdWalletKit
import XCTest

/// Records what the model asked of the platform.
@MainActor
final class RecordingPlatform: PlatformHooks {
    private(set) var fullBrightness = false
    private(set) var keepScreenOn = false
    private(set) var announcements: [String] = []
    private(set) var notifications: [NotificationKind: (at: Int64, title: String, body: String)] = [:]

    func setFullBrightness(_ on: Bool) { fullBrightness = on }
    func setKeepScreenOn(_ on: Bool) { keepScreenOn = on }
    func announce(_ text: String) { announcements.append(text) }
    func scheduleNotification(kind: NotificationKind, at: Int64, title: String, body: String) {
        notifications[kind] = (at, title, body)
    }
    func cancelNotification(kind: NotificationKind) { notifications[kind] = nil }
    private(set) var reminders: [ReminderNotification] = []
    func replaceReminders(_ reminders: [ReminderNotification]) { self.reminders = reminders }
    private(set) var permissionRequests = 0
    func requestNotificationPermission() { permissionRequests += 1 }
}

/// The test issuer and the desk's file of frames, from tests/ios/run.sh.
enum TestIssuer {
    static let env = ProcessInfo.processInfo.environment

    static func value(_ name: String) -> String {
        guard let value = env[name] else {
            fatalError("\(name) is not set: run these tests with `bash tests/ios/run.sh`")
        }
        return value
    }

    /// The issuer's host, as the activation screen shows it.
    static var host: String { URL(string: value("IKD_ISSUER_URL"))!.host! }

    /// The officer enrolls `nik`: the activation QR's text and the e-mailed code (from the outbox).
    static func enroll(_ nik: String) throws -> (qr: String, code: String) {
        var request = URLRequest(url: URL(string: value("IKD_ISSUER_URL") + "/v1/officer/enrollments")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer " + value("IKD_OFFICER_TOKEN"), forHTTPHeaderField: "Authorization")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["nik": nik, "email": "warga.contoh@example.id"])
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body = Data()
        URLSession.shared.dataTask(with: request) { data, _, _ in
            body = data ?? Data()
            done.signal()
        }.resume()
        done.wait()
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let id = try XCTUnwrap(json["enrollment_id"] as? String)
        let eml = try String(contentsOfFile: value("IKD_ISSUER_DATA") + "/outbox/\(id).eml", encoding: .utf8)
        let prefix = "Your IKD activation code: "
        let line = try XCTUnwrap(eml.split(separator: "\r\n").first { $0.hasPrefix(prefix) })
        return (try XCTUnwrap(json["activation_qr"] as? String), String(line.dropFirst(prefix.count)))
    }

    /// The bytes of the desk card run.sh made with `ikd desk card` (read from its picture by
    /// zbarimg), as the camera would hand them over.
    static func deskCard() throws -> Data {
        let hex = try String(contentsOfFile: value("IKD_DESK_CARD_HEX"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var bytes = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(try XCTUnwrap(UInt8(hex[index..<next], radix: 16)))
            index = next
        }
        return bytes
    }

    /// Saves the QR on screen as a PNG for `ikd verify --image PNG --at AT` after the run (the
    /// desk reads the picture, as it would read the phone's screen).
    static func saveFrameForTheDesk(_ matrix: QrMatrix, at: Int64) throws {
        let list = value("IKD_FRAMES_OUT")
        let png = list + "-\(UUID().uuidString).png"
        try Png.of(matrix).write(to: URL(fileURLWithPath: png))
        if !FileManager.default.fileExists(atPath: list) {
            _ = FileManager.default.createFile(atPath: list, contents: nil)
        }
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: list))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\(at) \(png)\n".utf8))
    }
}

/// A QR matrix as a greyscale PNG: 4 pixels per module, the 4-module quiet zone, deflate's
/// stored blocks (no compression: the desk's decoder reads any valid PNG).
enum Png {
    static func of(_ matrix: QrMatrix, scale: Int = 4) -> Data {
        let size = Int(matrix.size)
        let side = (size + 8) * scale
        var raw = [UInt8]()
        raw.reserveCapacity((side + 1) * side)
        for y in 0..<side {
            raw.append(0)  // filter: none
            for x in 0..<side {
                let (row, column) = (y / scale - 4, x / scale - 4)
                let dark = (0..<size).contains(row) && (0..<size).contains(column)
                    && matrix.modules[row * size + column]
                raw.append(dark ? 0 : 255)
            }
        }
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        png += chunk("IHDR", be32(side) + be32(side) + [8, 0, 0, 0, 0])
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return png
    }

    private static func be32(_ v: Int) -> [UInt8] {
        [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }

    private static func chunk(_ type: String, _ body: [UInt8]) -> Data {
        let typed = Array(type.utf8) + body
        return Data(be32(body.count) + typed + be32(Int(crc32(typed))))
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let n = min(65_535, data.count - offset)
            let last: UInt8 = offset + n == data.count ? 1 : 0
            out += [last, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[offset..<offset + n]
            offset += n
        } while offset < data.count
        var (a, b): (UInt32, UInt32) = (1, 0)
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + be32(Int(b << 16 | a))
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
