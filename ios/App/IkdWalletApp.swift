// The iOS app: one window over the model (the app flow of the native library). The wallet lives in Application Support (excluded
// from backups, complete file protection), its hardware step in the Secure Enclave.
import IkdWalletKit
import IkdWalletUI
import SwiftUI

@main
struct IkdWalletApp: App {
    // One per process (the App value is made once).
    private let store: WalletStore

    init() {
        let model = AppModel(folder: IkdWalletApp.walletFolder(), keystore: SecureEnclaveKeystore(),
                             platform: UIKitPlatformHooks())
        store = WalletStore(model: model)
    }

    var body: some Scene {
        WindowGroup {
            RootView(store: store)
        }
    }

    /// Application Support/wallet: not in iCloud or iTunes backups (the vault is bound to this
    /// phone's Secure Enclave anyway), unreadable while the phone is locked.
    static func walletFolder() -> String {
        let fm = FileManager.default
        var url = fm.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("wallet", isDirectory: true)
        try? fm.createDirectory(at: url, withIntermediateDirectories: true,
                                attributes: [.protectionKey: FileProtectionType.complete])
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try? url.setResourceValues(values)
        return url.path
    }
}
