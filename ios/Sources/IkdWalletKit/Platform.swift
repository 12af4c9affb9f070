// What the model asks of the platform, injected so the model runs (and is tested) without UIKit:
// the states a view holds (brightness, keep-awake) and the effects it carries (announcements,
// local notifications). The app implements it with UIKit (IkdWalletUI/WalletStore.swift).

import Foundation

/// Platform powers the model uses; each call does what the view or its effect says.
@MainActor
public protocol PlatformHooks: AnyObject {
    /// Full screen brightness (a QR is shown), or the user's own brightness again. Called only
    /// when the view's wish changes.
    func setFullBrightness(_ on: Bool)
    /// The screen must not sleep (the idle timer is off), or may again. Called only on change.
    func setKeepScreenOn(_ on: Bool)
    /// Says `text` to VoiceOver now (a new screen or banner).
    func announce(_ text: String)
    /// A local notification at `at` (unix seconds), one per kind: a new one replaces the old.
    func scheduleNotification(kind: NotificationKind, at: Int64, title: String, body: String)
    /// Removes the pending notification of `kind`, if any.
    func cancelNotification(kind: NotificationKind)
    /// The expiry reminders: `reminders` replaces every reminder scheduled before.
    func replaceReminders(_ reminders: [ReminderNotification])
    /// Asks for permission to show notifications, now, while the app is in front (the system
    /// shows its dialog only the first time).
    func requestNotificationPermission()
}
