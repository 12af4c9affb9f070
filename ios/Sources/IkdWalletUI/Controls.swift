// The controls every screen draws from the view: a button, a list of choices, a text field. Each
// shows what the view says (label, VoiceOver label, greyed out) and sends the event it names.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI
import UIKit

/// A button of the view; a tap sends its event.
struct ActionButtonView: View {
    @ObservedObject var store: WalletStore
    let button: ActionButton
    var role: ButtonRole?

    var body: some View {
        Button(role: role) {
            store.send(button.event)
        } label: {
            Text(button.label).frame(maxWidth: .infinity)
        }
        .disabled(!button.enabled)
        .accessibilityLabel(button.accessibilityLabel)
    }
}

/// Choices with a mark on the selected one (languages, auto-lock times).
struct ChoicesView: View {
    @ObservedObject var store: WalletStore
    let choices: [Choice]

    var body: some View {
        ForEach(Array(choices.enumerated()), id: \.offset) { item in
            Button {
                store.send(item.element.event)
            } label: {
                HStack {
                    Text(item.element.label)
                    Spacer()
                    Image(systemName: "checkmark")
                        .opacity(item.element.selected ? 1 : 0)
                        .accessibilityHidden(true)
                }
            }
            .accessibilityLabel(item.element.label)
            .accessibilityAddTraits(item.element.selected ? .isSelected : [])
        }
    }
}

/// A text field: shows the view's value back (the flow cleans what is typed) and sends every
/// change; the keyboard's done key submits.
struct TextInputView: View {
    @ObservedObject var store: WalletStore
    let input: TextInput

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            Text(input.label).font(.subheadline).foregroundStyle(.secondary)
            TextField(input.placeholder, text: Binding(get: { input.value },
                                                       set: { store.send(.textChanged(text: $0)) }))
                .keyboardType(keyboardType)
                .textInputAutocapitalization(capitalization)
                .autocorrectionDisabled()
                .textFieldStyle(.roundedBorder)
                .submitLabel(.next)
                .onSubmit { store.send(.submit) }
                .accessibilityLabel(input.accessibilityLabel)
            if let error = input.error {
                Text(error).font(.callout).foregroundStyle(.red)
            }
        }
    }

    private var keyboardType: UIKeyboardType {
        switch input.keyboard {
        case .digits: return .numberPad
        case .code: return .asciiCapable
        case .text: return .default
        }
    }

    private var capitalization: TextInputAutocapitalization {
        switch input.keyboard {
        case .code: return .characters
        case .digits, .text: return .never
        }
    }
}
#endif
