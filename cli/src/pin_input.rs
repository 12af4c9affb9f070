//! Reading a PIN: from the terminal without echo, or from standard input when it is not a
//! terminal (scripts, tests). Never from the command line, where it would land in shell history
//! and in the process list.

use std::io::{BufRead, IsTerminal};

use ikd_core::Pin;
use zeroize::Zeroizing;

/// Where PINs come from for this run.
pub struct PinSource {
    interactive: bool,
    lines: Box<dyn Iterator<Item = std::io::Result<String>>>,
}

impl PinSource {
    /// Reads from the terminal when stdin is one, otherwise one PIN per line of stdin.
    pub fn from_stdin() -> PinSource {
        let stdin = std::io::stdin();
        let interactive = stdin.is_terminal();
        PinSource {
            interactive,
            lines: Box::new(stdin.lock().lines()),
        }
    }

    /// Asks for a PIN with `prompt` (shown only on a terminal).
    pub fn read(&mut self, prompt: &str) -> Result<Pin, String> {
        Ok(Pin::new(self.read_secret(prompt, "PIN")?.to_string()))
    }

    /// Asks for any secret (`what` names it in errors: "PIN", "kata sandi / password") the same
    /// way: without echo on a terminal, one line of stdin otherwise.
    pub fn read_secret(&mut self, prompt: &str, what: &str) -> Result<Zeroizing<String>, String> {
        let line = if self.interactive {
            Zeroizing::new(
                rpassword::prompt_password(format!("{prompt}: "))
                    .map_err(|_| format!("{what} tidak terbaca / could not read the {what}"))?,
            )
        } else {
            match self.lines.next() {
                Some(Ok(line)) => Zeroizing::new(line),
                _ => {
                    return Err(format!(
                        "{prompt}: tidak ada {what} di stdin / no {what} on stdin"
                    ));
                }
            }
        };
        Ok(Zeroizing::new(
            line.trim_end_matches(['\r', '\n']).to_string(),
        ))
    }
}
