// The bridge from AppModel to SwiftUI on iOS 16 (the Observation framework needs iOS 17): the
// model calls back on every new view, the store republishes it. Also the few static UI texts
// (the cover, the camera), looked up in the view's language, and the UIKit side of PlatformHooks.
#if canImport(SwiftUI) && canImport(UIKit)
import Foundation
import IkdWalletKit
import SwiftUI
import UIKit
import UserNotifications

@MainActor
public final class WalletStore: ObservableObject {
    public let model: AppModel
    @Published public private(set) var view: AppView

    private var bundles: [String: Bundle] = [:]

    public init(model: AppModel) {
        self.model = model
        self.view = model.view
        model.onChange = { [weak self] in
            guard let self else { return }
            self.view = self.model.view
        }
    }

    /// Sends a tap, a digit, a text or a platform change to the flow.
    public func send(_ event: AppEvent) {
        model.send(event)
    }

    /// The language of the view's texts, as a Localizable.strings folder and a locale code.
    private var code: String {
        switch view.language {
        case .english: return "en"
        case .indonesian: return "id"
        }
    }

    /// A static UI text (Localizable.strings of the app) in the view's language.
    public func L(_ key: String) -> String {
        let bundle: Bundle
        if let cached = bundles[code] {
            bundle = cached
        } else {
            bundle = Bundle.main.path(forResource: code, ofType: "lproj").flatMap(Bundle.init(path:)) ?? .main
            bundles[code] = bundle
        }
        return bundle.localizedString(forKey: key, value: nil, table: nil)
    }

    /// The locale matching the view's language (pickers, VoiceOver).
    public var locale: Locale { Locale(identifier: code) }
}

/// Full brightness and no sleep while the QR is shown, VoiceOver announcements, the local
/// notification when a PIN wait ends in the background.
@MainActor
public final class UIKitPlatformHooks: PlatformHooks {
    private var saved: CGFloat?
    /// The permission dialog, while it is open: scheduling waits for the citizen's answer.
    private var asking: Task<Void, Never>?

    public init() {}

    public func setFullBrightness(_ on: Bool) {
        if on {
            if saved == nil { saved = UIScreen.main.brightness }
            UIScreen.main.brightness = 1
        } else if let saved {
            UIScreen.main.brightness = saved
            self.saved = nil
        }
    }

    public func setKeepScreenOn(_ on: Bool) {
        UIApplication.shared.isIdleTimerDisabled = on
    }

    public func announce(_ text: String) {
        UIAccessibility.post(notification: .screenChanged, argument: text)
    }

    public func scheduleNotification(kind: NotificationKind, at: Int64, title: String, body: String) {
        let id = Self.identifier(kind)
        let interval = max(1, TimeInterval(at) - Date().timeIntervalSince1970)
        Task {
            let center = UNUserNotificationCenter.current()
            guard await mayNotify(center) else { return }
            let content = UNMutableNotificationContent()
            content.title = title
            content.body = body
            let trigger = UNTimeIntervalNotificationTrigger(timeInterval: interval, repeats: false)
            try? await center.add(UNNotificationRequest(identifier: id, content: content, trigger: trigger))
        }
    }

    public func cancelNotification(kind: NotificationKind) {
        UNUserNotificationCenter.current().removePendingNotificationRequests(withIdentifiers: [Self.identifier(kind)])
    }

    /// Whether the citizen allowed notifications, once any open permission dialog is answered.
    /// Asking is the flow's decision (`RequestNotificationPermission`): scheduling never asks.
    private func mayNotify(_ center: UNUserNotificationCenter) async -> Bool {
        await asking?.value
        let status = await center.notificationSettings().authorizationStatus
        return status == .authorized || status == .provisional || status == .ephemeral
    }

    public func requestNotificationPermission() {
        asking = Task { _ = try? await UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .sound]) }
    }

    public func replaceReminders(_ reminders: [ReminderNotification]) {
        Task {
            let center = UNUserNotificationCenter.current()
            let pending = await center.pendingNotificationRequests()
            center.removePendingNotificationRequests(
                withIdentifiers: pending.map(\.identifier).filter { $0.hasPrefix(Self.reminderPrefix) })
            guard !reminders.isEmpty, await mayNotify(center) else { return }
            for (index, reminder) in reminders.enumerated() {
                let content = UNMutableNotificationContent()
                content.title = reminder.title
                content.body = reminder.body
                let interval = max(1, TimeInterval(reminder.at) - Date().timeIntervalSince1970)
                let trigger = UNTimeIntervalNotificationTrigger(timeInterval: interval, repeats: false)
                try? await center.add(UNNotificationRequest(
                    identifier: "\(Self.reminderPrefix)\(index)", content: content, trigger: trigger))
            }
        }
    }

    private static let reminderPrefix = "id.go.kemendagri.ikd.expiry-"

    private static func identifier(_ kind: NotificationKind) -> String {
        switch kind {
        case .pinWaitOver: return "id.go.kemendagri.ikd.pin-wait-over"
        }
    }
}
#endif
