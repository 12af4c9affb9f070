// Activation, one step per screen: the officer's QR (camera, or paste), the NIK, the e-mailed
// code, the new PIN twice. The core checks the QR and NIK offline before asking for the code,
// checks the PIN's rules before the second entry, and does the rest in one call.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI
import UIKit

struct ActivationScreen: View {
    @ObservedObject var store: WalletStore
    let step: ActivationStep
    @State private var nik = ""
    @State private var code = ""
    @State private var scanning = false

    var body: some View {
        Group {
            switch step {
            case .scanQr: scanStep
            case .nik: nikStep
            case .code: codeStep
            case .createPin:
                ScrollView { PinPadView(store: store, title: store.L("activation.createPin")) }
            case .confirmPin:
                ScrollView { PinPadView(store: store, title: store.L("activation.confirmPin")) }
            }
        }
        .navigationTitle(store.L("activation.title"))
        .toolbar {
            if step != .scanQr {
                ToolbarItem(placement: .navigationBarLeading) {
                    Button(store.L("common.back")) { store.model.activationBack() }
                        .accessibilityLabel(store.L("common.back"))
                }
            }
            // The language is chosen before anything else (kept by the core for later).
            ToolbarItem(placement: .navigationBarTrailing) {
                Menu {
                    Button { store.model.setLanguage(.indonesian) } label: { Text(verbatim: "Bahasa Indonesia") }
                    Button { store.model.setLanguage(.english) } label: { Text(verbatim: "English") }
                } label: {
                    Image(systemName: "globe")
                }
                .accessibilityLabel(store.L("settings.language"))
            }
        }
    }

    private var scanStep: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                Text(store.L("activation.scan.body")).font(.body)
                MessageView(store: store)
                if scanning {
                    QrScannerView { text in
                        scanning = false
                        store.model.activationQrScanned(text)
                    }
                    .aspectRatio(1, contentMode: .fit)
                    .clipShape(RoundedRectangle(cornerRadius: 12))
                    .accessibilityLabel(store.L("a11y.camera"))
                }
                Button {
                    scanning = true
                } label: {
                    Label(store.L("activation.scan.camera"), systemImage: "qrcode.viewfinder")
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
                .accessibilityLabel(store.L("activation.scan.camera"))
                Button {
                    if let text = UIPasteboard.general.string {
                        store.model.activationQrScanned(text)
                    }
                } label: {
                    Label(store.L("activation.scan.paste"), systemImage: "doc.on.clipboard")
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.bordered)
                .accessibilityLabel(store.L("activation.scan.paste"))
            }
            .padding()
        }
    }

    private var nikStep: some View {
        Form {
            Section {
                TextField(store.L("activation.nik.placeholder"), text: $nik)
                    .keyboardType(.numberPad)
                    .autocorrectionDisabled()
                    .accessibilityLabel(store.L("activation.nik.label"))
            } header: {
                Text(store.L("activation.nik.label"))
            } footer: {
                MessageView(store: store)
            }
            Button(store.L("common.next")) { store.model.submitNik(nik) }
                .accessibilityLabel(store.L("common.next"))
        }
        .onAppear { nik = store.state.activationNik }
    }

    private var codeStep: some View {
        Form {
            if let server = store.state.activationServer {
                Section {
                    Label(store.L("activation.server", server), systemImage: "building.columns")
                        .accessibilityLabel(store.L("activation.server", server))
                }
            }
            Section {
                TextField(store.L("activation.code.placeholder"), text: $code)
                    .textContentType(.oneTimeCode)
                    .autocorrectionDisabled()
                    .textInputAutocapitalization(.characters)
                    .accessibilityLabel(store.L("activation.code.label"))
            } header: {
                Text(store.L("activation.code.label"))
            } footer: {
                MessageView(store: store)
            }
            Button(store.L("common.next")) { store.model.submitCode(code) }
                .accessibilityLabel(store.L("common.next"))
        }
    }
}
#endif
