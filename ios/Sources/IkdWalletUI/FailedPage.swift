// The wallet could not be opened: why and what to do (the flow's words), and try again.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct FailedPage: View {
    @ObservedObject var store: WalletStore
    let screen: FailedScreen

    var body: some View {
        ScrollView {
            VStack(spacing: 16) {
                Image(systemName: "exclamationmark.octagon.fill").font(.largeTitle).accessibilityHidden(true)
                Text(screen.text).font(.body).multilineTextAlignment(.center)
                ActionButtonView(store: store, button: screen.retry).buttonStyle(.borderedProminent)
            }
            .padding()
        }
    }
}
#endif
