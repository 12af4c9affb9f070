// The one window: the screen the model names, the privacy covers it asks for, its notices and
// messages, and the platform events forwarded to it (scene phase, screen capture, screenshots,
// the one-second tick).
#if canImport(SwiftUI) && canImport(UIKit)
import Combine
import IkdWalletKit
import SwiftUI
import UIKit

public struct RootView: View {
    @ObservedObject var store: WalletStore
    @Environment(\.scenePhase) private var scenePhase
    private let ticks = Timer.publish(every: 1, on: .main, in: .common).autoconnect()

    public init(store: WalletStore) {
        self.store = store
    }

    public var body: some View {
        ZStack {
            NavigationStack {
                screen
                    .navigationBarTitleDisplayMode(.inline)
            }
            .safeAreaInset(edge: .top) { banners }
            // The model decides; the views obey.
            if store.state.privacy.coverShown {
                PrivacyCoverView(store: store)
            } else if store.state.privacy.screenCaptured {
                CapturedCoverView(store: store)
            }
        }
        .environment(\.locale, store.locale)
        .onAppear {
            store.model.screenCaptureChanged(UIScreen.main.isCaptured)
        }
        .onReceive(ticks) { _ in store.model.tick() }
        .onReceive(NotificationCenter.default.publisher(for: UIScreen.capturedDidChangeNotification)) { _ in
            store.model.screenCaptureChanged(UIScreen.main.isCaptured)
        }
        .onReceive(NotificationCenter.default.publisher(for: UIApplication.userDidTakeScreenshotNotification)) { _ in
            store.model.userTookScreenshot()
        }
        .onChange(of: scenePhase) { phase in
            switch phase {
            case .background: store.model.sceneDidEnterBackground()
            case .inactive: store.model.sceneWillResignActive()
            case .active: store.model.sceneDidBecomeActive()
            @unknown default: break
            }
        }
    }

    @ViewBuilder private var screen: some View {
        switch store.state.screen {
        case .starting:
            ProgressView().accessibilityLabel(store.L("a11y.loading"))
        case .activation(let step):
            ActivationScreen(store: store, step: step)
        case .unlock:
            UnlockScreen(store: store)
        case .home:
            HomeScreen(store: store)
        case .document(let profile):
            DocumentScreen(store: store, profile: profile)
        case .qr(let profile):
            QrScreen(store: store, profile: profile)
        case .changePin(let step):
            ChangePinScreen(store: store, step: step)
        case .settings:
            SettingsScreen(store: store)
        case .reactivation(let reason):
            ReactivationScreen(store: store, reason: reason)
        case .failed:
            FailedScreen(store: store)
        }
    }

    @ViewBuilder private var banners: some View {
        VStack(spacing: 8) {
            if let notice = store.state.notice {
                Button {
                    store.model.dismissNotice()
                } label: {
                    Label(store.L(notice.rawValue), systemImage: notice == .screenshotTaken ? "exclamationmark.triangle.fill" : "checkmark.circle.fill")
                        .frame(maxWidth: .infinity, alignment: .leading)
                }
                .padding()
                .background(notice == .screenshotTaken ? Color.orange.opacity(0.25) : Color.green.opacity(0.2))
                .clipShape(RoundedRectangle(cornerRadius: 12))
                .accessibilityLabel(store.L(notice.rawValue))
                .accessibilityHint(store.L("a11y.dismiss"))
            }
        }
        .padding(.horizontal)
    }
}

/// Shown over the whole app while the screen is recorded, mirrored or shared.
struct CapturedCoverView: View {
    @ObservedObject var store: WalletStore

    var body: some View {
        VStack(spacing: 16) {
            Image(systemName: "eye.slash.fill").font(.largeTitle).accessibilityHidden(true)
            Text(store.L("privacy.captured.title")).font(.title2).bold()
            Text(store.L("privacy.captured.body")).font(.body).multilineTextAlignment(.center)
        }
        .padding()
        .frame(maxWidth: .infinity, maxHeight: .infinity)
        .background(Color(uiColor: .systemBackground))
        .accessibilityElement(children: .combine)
    }
}

/// What the app switcher's snapshot shows.
struct PrivacyCoverView: View {
    @ObservedObject var store: WalletStore

    var body: some View {
        VStack(spacing: 12) {
            Image(systemName: "lock.shield.fill").font(.largeTitle).accessibilityHidden(true)
            Text(verbatim: "IKD").font(.largeTitle).bold()
        }
        .frame(maxWidth: .infinity, maxHeight: .infinity)
        .background(Color(uiColor: .systemBackground))
        .accessibilityLabel(store.L("a11y.cover"))
    }
}

/// The wallet could not be opened; the core's message says why and what to do.
struct FailedScreen: View {
    @ObservedObject var store: WalletStore

    var body: some View {
        VStack(spacing: 16) {
            Image(systemName: "exclamationmark.octagon.fill").font(.largeTitle).accessibilityHidden(true)
            Text(store.state.message ?? "").font(.body).multilineTextAlignment(.center)
        }
        .padding()
    }
}

/// The core's message (an error and what to do next), when there is one.
struct MessageView: View {
    @ObservedObject var store: WalletStore

    var body: some View {
        if let message = store.state.message {
            Label(message, systemImage: "info.circle.fill")
                .font(.callout)
                .foregroundStyle(.red)
                .frame(maxWidth: .infinity, alignment: .leading)
                .accessibilityLabel(message)
        }
    }
}
#endif
