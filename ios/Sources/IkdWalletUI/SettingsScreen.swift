// Settings: language, auto-lock (choices and their texts from the core), change PIN, update
// documents online, remove the wallet from this phone.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct SettingsScreen: View {
    @ObservedObject var store: WalletStore
    @State private var confirmingReset = false
    @State private var language = AppLanguage.indonesian
    @State private var autoLockSeconds: UInt32 = 0

    var body: some View {
        Form {
            if let settings = store.state.settings {
                Section(store.L("settings.language")) {
                    Picker(store.L("settings.language"), selection: $language) {
                        Text(verbatim: "Bahasa Indonesia").tag(AppLanguage.indonesian)
                        Text(verbatim: "English").tag(AppLanguage.english)
                    }
                    .pickerStyle(.inline)
                    .labelsHidden()
                    .accessibilityLabel(store.L("settings.language"))
                }
                Section(store.L("settings.autoLock")) {
                    Picker(store.L("settings.autoLock"), selection: $autoLockSeconds) {
                        ForEach(settings.autoLockChoices, id: \.seconds) { choice in
                            Text(choice.text).tag(choice.seconds)
                        }
                    }
                    .accessibilityLabel(store.L("settings.autoLock"))
                }
            }
            Section {
                Button(store.L("settings.changePin")) { store.model.startChangePin() }
                    .accessibilityLabel(store.L("settings.changePin"))
                Button(store.L("settings.refresh")) { store.run { await $0.refreshDocuments() } }
                    .disabled(store.state.busy)
                    .accessibilityLabel(store.L("settings.refresh"))
            } footer: {
                MessageView(store: store)
            }
            Section {
                Button(store.L("settings.reset"), role: .destructive) { confirmingReset = true }
                    .accessibilityLabel(store.L("settings.reset"))
            } footer: {
                Text(store.L("settings.reset.footer"))
            }
        }
        .navigationTitle(store.L("settings.title"))
        .toolbar {
            ToolbarItem(placement: .navigationBarLeading) {
                Button(store.L("common.back")) { store.model.back() }
                    .accessibilityLabel(store.L("common.back"))
            }
        }
        .navigationBarBackButtonHidden(true)
        // The pickers show what the core saved; a choice goes to the core, which may snap it.
        .onAppear {
            language = store.state.settings?.language ?? .indonesian
            autoLockSeconds = store.state.settings?.autoLockSeconds ?? 0
        }
        .onChange(of: language) { store.model.setLanguage($0) }
        .onChange(of: autoLockSeconds) { seconds in
            store.model.setAutoLock(seconds: seconds)
            autoLockSeconds = store.state.settings?.autoLockSeconds ?? seconds
        }
        .confirmationDialog(store.L("settings.reset.confirm"), isPresented: $confirmingReset, titleVisibility: .visible) {
            Button(store.L("settings.reset"), role: .destructive) { store.model.resetWallet() }
            Button(store.L("common.cancel"), role: .cancel) {}
        }
    }
}
#endif
