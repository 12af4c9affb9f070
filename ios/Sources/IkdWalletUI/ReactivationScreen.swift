// The keys are gone (ten wrong PINs, damaged data, a reset): say why, and start activation again.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct ReactivationScreen: View {
    @ObservedObject var store: WalletStore
    let reason: ReactivationCause

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                Image(systemName: "person.badge.key.fill").font(.largeTitle).accessibilityHidden(true)
                // Why, and what to do next: the core's words.
                Text(store.state.message ?? "").font(.body)
                Button {
                    store.model.startReactivation()
                } label: {
                    Text(store.L("reactivation.start")).frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
                .accessibilityLabel(store.L("reactivation.start"))
            }
            .padding()
        }
        .navigationTitle(store.L("reactivation.title"))
    }
}
#endif
