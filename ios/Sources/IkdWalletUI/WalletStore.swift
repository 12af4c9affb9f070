// The bridge from AppModel to SwiftUI on iOS 16 (the Observation framework needs iOS 17): the
// model calls back on every change, the store republishes. Also the static UI texts, looked up
// in the language chosen in settings (not the phone's), and the UIKit side of PlatformHooks.
#if canImport(SwiftUI) && canImport(UIKit)
import Foundation
import IkdWalletKit
import SwiftUI
import UIKit

@MainActor
public final class WalletStore: ObservableObject {
    public let model: AppModel
    @Published public private(set) var state: AppState

    private var bundles: [String: Bundle] = [:]

    public init(model: AppModel) {
        self.model = model
        self.state = model.state
        model.onChange = { [weak self] in
            guard let self else { return }
            self.state = self.model.state
        }
    }

    /// A static UI text (Localizable.strings of the app) in the chosen language.
    public func L(_ key: String) -> String {
        let code = state.language == .english ? "en" : "id"
        let bundle: Bundle
        if let cached = bundles[code] {
            bundle = cached
        } else {
            bundle = Bundle.main.path(forResource: code, ofType: "lproj").flatMap(Bundle.init(path:)) ?? .main
            bundles[code] = bundle
        }
        return bundle.localizedString(forKey: key, value: nil, table: nil)
    }

    /// A static UI text with one number or word in it (the `%@` of the strings file).
    public func L(_ key: String, _ argument: String) -> String {
        String(format: L(key), argument)
    }

    /// The locale matching the chosen language (dates, numbers, VoiceOver).
    public var locale: Locale { Locale(identifier: state.language == .english ? "en" : "id") }

    /// Runs an async model action from a button.
    public func run(_ action: @escaping @Sendable @MainActor (AppModel) async -> Void) {
        Task { @MainActor in await action(model) }
    }
}

/// Full brightness while the QR is shown, the user's own brightness afterwards.
@MainActor
public final class UIKitPlatformHooks: PlatformHooks {
    private var saved: CGFloat?

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
}
#endif
