// The one window: the screen the view names, its title, back arrow, banner, spinner, camera
// scanner and cover, and the platform events forwarded to the flow (scene phase, screen capture,
// screenshots).
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI
import UIKit

public struct RootView: View {
    @ObservedObject var store: WalletStore
    @Environment(\.scenePhase) private var scenePhase

    public init(store: WalletStore) {
        self.store = store
    }

    public var body: some View {
        ZStack {
            NavigationStack {
                page
                    .navigationTitle(store.view.title)
                    .navigationBarTitleDisplayMode(.inline)
                    .navigationBarBackButtonHidden(true)
                    .toolbar {
                        if let back = store.view.back {
                            ToolbarItem(placement: .navigationBarLeading) {
                                ActionButtonView(store: store, button: back)
                            }
                        }
                    }
            }
            .safeAreaInset(edge: .top) { BannerView(store: store) }
            if let busy = store.view.busy {
                ProgressView(busy)
                    .padding()
                    .background(.regularMaterial, in: RoundedRectangle(cornerRadius: 12))
            }
            if store.view.hideContent {
                CoverView(store: store)
            }
        }
        .fullScreenCover(isPresented: scannerShown) {
            if let scanner = store.view.scanner {
                ScannerPage(store: store, scanner: scanner)
            }
        }
        .environment(\.locale, store.locale)
        .onAppear {
            store.send(.screenCaptureChanged(captured: UIScreen.main.isCaptured))
        }
        .onReceive(NotificationCenter.default.publisher(for: UIScreen.capturedDidChangeNotification)) { _ in
            store.send(.screenCaptureChanged(captured: UIScreen.main.isCaptured))
        }
        .onReceive(NotificationCenter.default.publisher(for: UIApplication.userDidTakeScreenshotNotification)) { _ in
            store.send(.screenshotTaken)
        }
        .onChange(of: scenePhase) { phase in
            switch phase {
            case .background: store.send(.wentToBackground)
            case .inactive: store.send(.covered)
            case .active: store.send(.cameToForeground)
            @unknown default: break
            }
        }
    }

    /// The camera is up while the view has a scanner; a swipe down closes it like its cancel.
    private var scannerShown: Binding<Bool> {
        Binding(get: { store.view.scanner != nil },
                set: { shown in if !shown { store.send(.scannerClosed) } })
    }

    @ViewBuilder private var page: some View {
        switch store.view.screen {
        case .chooseLanguage(let screen): LanguagePage(store: store, screen: screen)
        case .activation(let screen): ActivationPage(store: store, screen: screen)
        case .unlock(let screen): UnlockPage(store: store, screen: screen)
        case .home(let screen): HomePage(store: store, screen: screen)
        case .document(let screen): DocumentPage(store: store, screen: screen)
        case .deskScan(let screen): DeskScanPage(store: store, screen: screen)
        case .consent(let screen): ConsentPage(store: store, screen: screen)
        case .answer(let screen): AnswerPage(store: store, screen: screen)
        case .changePin(let screen): ChangePinPage(store: store, screen: screen)
        case .settings(let screen): SettingsPage(store: store, screen: screen)
        case .confirmReset(let screen): ConfirmResetPage(store: store, screen: screen)
        case .reactivation(let screen): ReactivationPage(store: store, screen: screen)
        case .failed(let screen): FailedPage(store: store, screen: screen)
        case .history(let screen): HistoryPage(store: store, screen: screen)
        case .confirmClearHistory(let screen): ConfirmClearHistoryPage(store: store, screen: screen)
        }
    }
}

/// The view's banner: an error or a confirmation; a tap closes it.
struct BannerView: View {
    @ObservedObject var store: WalletStore

    var body: some View {
        if let banner = store.view.banner {
            Button {
                store.send(banner.dismiss.event)
            } label: {
                Label(banner.text, systemImage: icon(banner.tone))
                    .frame(maxWidth: .infinity, alignment: .leading)
            }
            .padding()
            .background(tint(banner.tone).opacity(0.2))
            .clipShape(RoundedRectangle(cornerRadius: 12))
            .accessibilityLabel(banner.text)
            .accessibilityHint(banner.dismiss.accessibilityLabel)
            .padding(.horizontal)
        }
    }

    private func icon(_ tone: BannerTone) -> String {
        switch tone {
        case .error: return "exclamationmark.triangle.fill"
        case .info: return "checkmark.circle.fill"
        }
    }

    private func tint(_ tone: BannerTone) -> Color {
        switch tone {
        case .error: return .red
        case .info: return .green
        }
    }
}

/// Drawn instead of the screen while the view hides its content (app switcher snapshot, screen
/// recording or mirroring).
struct CoverView: View {
    @ObservedObject var store: WalletStore

    var body: some View {
        VStack(spacing: 12) {
            Image(systemName: "lock.shield.fill").font(.largeTitle).accessibilityHidden(true)
            Text(verbatim: "IKD").font(.largeTitle).bold()
        }
        .frame(maxWidth: .infinity, maxHeight: .infinity)
        .background(Color(uiColor: .systemBackground))
        .accessibilityElement(children: .ignore)
        .accessibilityLabel(store.L("a11y.cover"))
    }
}
#endif
