// First start: the language, before anything else (the prompt in both languages, each choice
// in its own).
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct LanguagePage: View {
    @ObservedObject var store: WalletStore
    let screen: LanguageScreen

    var body: some View {
        List {
            Section {
                ChoicesView(store: store, choices: screen.choices)
            } header: {
                Text(screen.prompt).font(.headline)
            }
        }
    }
}
#endif
