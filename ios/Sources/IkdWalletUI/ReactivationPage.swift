// The keys are gone (ten wrong PINs, damaged data, another phone's data): why and what to do,
// and the button that starts activation again.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct ReactivationPage: View {
    @ObservedObject var store: WalletStore
    let screen: ReactivationScreen

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                Image(systemName: "person.badge.key.fill").font(.largeTitle).accessibilityHidden(true)
                Text(screen.text).font(.body)
                ActionButtonView(store: store, button: screen.activate).buttonStyle(.borderedProminent)
            }
            .padding()
        }
    }
}
#endif
