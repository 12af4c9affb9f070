// Settings: language, auto-lock (choices from the flow), change PIN, update documents online,
// remove the wallet from this phone (asked first, on its own screen).
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct SettingsPage: View {
    @ObservedObject var store: WalletStore
    let screen: SettingsScreen

    var body: some View {
        Form {
            Section(screen.languageHeading) {
                ChoicesView(store: store, choices: screen.languages)
            }
            Section(screen.autoLockHeading) {
                ChoicesView(store: store, choices: screen.autoLock)
            }
            if let biometric = screen.biometric {
                Section {
                    // The switch shows the flow's state; a tap sends the event, the next view flips it.
                    Toggle(biometric.label, isOn: Binding(
                        get: { biometric.on },
                        set: { _ in store.send(biometric.event) }))
                        .disabled(!biometric.enabled)
                }
            }
            Section {
                ActionButtonView(store: store, button: screen.changePin)
                ActionButtonView(store: store, button: screen.refresh)
            }
            Section {
                ActionButtonView(store: store, button: screen.reset, role: .destructive)
            }
        }
    }
}

/// "Remove IKD from this phone?": what is lost, confirm (destructive) or cancel.
struct ConfirmResetPage: View {
    @ObservedObject var store: WalletStore
    let screen: ConfirmResetScreen

    var body: some View {
        ScrollView {
            VStack(spacing: 16) {
                Text(screen.text).font(.body)
                ActionButtonView(store: store, button: screen.confirm, role: .destructive)
                    .buttonStyle(.borderedProminent)
                ActionButtonView(store: store, button: screen.cancel).buttonStyle(.bordered)
            }
            .padding()
        }
    }
}
/// "Delete all history?": confirm (destructive) or cancel.
struct ConfirmClearHistoryPage: View {
    @ObservedObject var store: WalletStore
    let screen: ConfirmClearHistoryScreen

    var body: some View {
        ScrollView {
            VStack(spacing: 16) {
                Text(screen.text).font(.body)
                ActionButtonView(store: store, button: screen.confirm, role: .destructive)
                    .buttonStyle(.borderedProminent)
                ActionButtonView(store: store, button: screen.cancel).buttonStyle(.bordered)
            }
            .padding()
        }
    }
}
#endif
