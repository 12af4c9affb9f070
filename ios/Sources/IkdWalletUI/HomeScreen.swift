// The documents, as the core lists them, in the chosen language.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct HomeScreen: View {
    @ObservedObject var store: WalletStore

    var body: some View {
        List {
            ForEach(store.state.documents, id: \.profile) { card in
                Button {
                    store.model.openDocument(card.profile)
                } label: {
                    VStack(alignment: .leading, spacing: 4) {
                        Text(card.title).font(.headline)
                        Text(card.holderName).font(.subheadline).foregroundStyle(.secondary)
                    }
                    .padding(.vertical, 6)
                }
                .accessibilityLabel(store.L("a11y.document.open", card.title))
            }
        }
        .navigationTitle(store.L("home.title"))
        .toolbar {
            ToolbarItem(placement: .navigationBarLeading) {
                Button { store.model.lockNow() } label: { Image(systemName: "lock.fill") }
                    .accessibilityLabel(store.L("a11y.lock"))
            }
            ToolbarItem(placement: .navigationBarTrailing) {
                Button { store.model.openSettings() } label: { Image(systemName: "gearshape") }
                    .accessibilityLabel(store.L("settings.title"))
            }
        }
    }
}
#endif
