//! How the CLI talks to a person: one step per line, Bahasa Indonesia first, then English.

use ikd_core::messages::UserMessage;

/// Prints a progress step.
pub fn step(id: &str, en: &str) {
    println!("• {id} / {en}");
}

/// Prints a bare value alone on its line, for a shell to capture (`$(ikd officer login ...)`).
pub fn value(text: &str) {
    println!("{text}");
}

/// Prints an indented detail line.
pub fn detail(text: &str) {
    println!("    {text}");
}

/// The one-line reason of a failure, both languages.
pub fn failure(message: &UserMessage) -> String {
    format!("{} / {}", message.id, message.en)
}
