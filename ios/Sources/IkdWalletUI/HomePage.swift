// Home: the greeting, the four document cards (greyed out when the document is missing),
// history, settings and lock.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct HomePage: View {
    @ObservedObject var store: WalletStore
    let screen: HomeScreen

    var body: some View {
        List {
            Section {
                ForEach(screen.cards, id: \.kind) { card in
                    Button {
                        store.send(card.open.event)
                    } label: {
                        VStack(alignment: .leading, spacing: 4) {
                            Text(card.title).font(.headline)
                            Text(card.subtitle).font(.subheadline).foregroundStyle(.secondary)
                            if let validUntil = card.validUntil {
                                Text(validUntil).font(.footnote).foregroundStyle(.secondary)
                            }
                        }
                        .padding(.vertical, 6)
                    }
                    .disabled(!card.open.enabled)
                    .accessibilityLabel(card.open.accessibilityLabel)
                }
            } header: {
                Text(screen.greeting)
            }
            Section {
                ActionButtonView(store: store, button: screen.history)
                ActionButtonView(store: store, button: screen.settings)
                ActionButtonView(store: store, button: screen.lock)
            }
        }
    }
}
#endif
