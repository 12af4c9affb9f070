//! The citizen's app settings: language and auto-lock. Not secret and not personal, so they live
//! in a small text file beside the vault (readable before unlock: the PIN pad needs the language).
//! Both shells read them from here, so they behave alike.

use std::path::Path;
use std::time::Duration;

use crate::vault::StorageError;

/// The settings file in the wallet folder.
pub const SETTINGS_FILE: &str = "settings.txt";

/// The auto-lock delays a citizen may choose, in seconds (the first is the shortest).
pub const AUTO_LOCK_CHOICES: [u32; 4] = [30, 60, 120, 300];

/// The default auto-lock delay: two minutes.
const DEFAULT_AUTO_LOCK_SECONDS: u32 = 120;

/// The language of the app's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Bahasa Indonesia (the default).
    #[default]
    Indonesian,
    /// English.
    English,
}

/// What the settings screen changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// The language of every text.
    pub language: Language,
    /// Inactivity, in seconds, after which an open wallet locks itself (one of
    /// [`AUTO_LOCK_CHOICES`]).
    pub auto_lock_seconds: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: Language::Indonesian,
            auto_lock_seconds: DEFAULT_AUTO_LOCK_SECONDS,
        }
    }
}

impl Settings {
    /// The same settings with the auto-lock snapped to the nearest allowed choice (a value
    /// between two choices takes the shorter, safer one).
    pub fn sanitized(self) -> Settings {
        let auto_lock_seconds = AUTO_LOCK_CHOICES
            .iter()
            .rev()
            .find(|&&choice| choice <= self.auto_lock_seconds)
            .copied()
            .unwrap_or(AUTO_LOCK_CHOICES[0]);
        Settings {
            auto_lock_seconds,
            ..self
        }
    }

    /// The auto-lock delay as a duration.
    pub fn auto_lock(&self) -> Duration {
        Duration::from_secs(u64::from(self.auto_lock_seconds))
    }

    /// The file's text: one `key=value` line per setting.
    pub fn render(&self) -> String {
        let language = match self.language {
            Language::Indonesian => "id",
            Language::English => "en",
        };
        format!(
            "language={language}\nauto_lock_seconds={}\n",
            self.auto_lock_seconds
        )
    }

    /// Reads the file's text; unknown keys and bad values fall back to the defaults, so a damaged
    /// settings file never keeps the wallet from opening.
    pub fn parse(text: &str) -> Settings {
        let mut settings = Settings::default();
        for line in text.lines() {
            match line.split_once('=') {
                Some(("language", "en")) => settings.language = Language::English,
                Some(("language", "id")) => settings.language = Language::Indonesian,
                Some(("auto_lock_seconds", value)) => {
                    if let Ok(seconds) = value.trim().parse() {
                        settings.auto_lock_seconds = seconds;
                    }
                }
                _ => {}
            }
        }
        settings.sanitized()
    }
}

/// Reads the settings in `dir` (defaults when there is no file or it cannot be read).
pub fn load(dir: &Path) -> Settings {
    std::fs::read_to_string(dir.join(SETTINGS_FILE))
        .map(|text| Settings::parse(&text))
        .unwrap_or_default()
}

/// Writes the settings in `dir` atomically (a crash leaves the old or the new file, whole).
pub fn save(dir: &Path, settings: &Settings) -> Result<(), StorageError> {
    use std::io::Write;
    let temporary = dir.join(format!("{SETTINGS_FILE}.new"));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(settings.render().as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, dir.join(SETTINGS_FILE))
    };
    write().map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        StorageError::from_io(&error)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_a_round_trip_through_the_file_text() {
        let settings = Settings {
            language: Language::English,
            auto_lock_seconds: 300,
        };
        assert_eq!(Settings::parse(&settings.render()), settings);
    }

    #[test]
    fn an_auto_lock_between_choices_takes_the_shorter_one() {
        let snapped = |seconds| {
            Settings {
                auto_lock_seconds: seconds,
                ..Settings::default()
            }
            .sanitized()
            .auto_lock_seconds
        };
        assert_eq!(snapped(0), 30);
        assert_eq!(snapped(90), 60);
        assert_eq!(snapped(120), 120);
        assert_eq!(snapped(u32::MAX), 300);
    }

    #[test]
    fn a_damaged_settings_file_gives_the_defaults() {
        assert_eq!(
            Settings::parse("language=xx\nauto_lock_seconds=soon\n\u{0}"),
            Settings::default()
        );
    }

    #[test]
    fn settings_are_saved_and_loaded_from_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Settings::default());
        let settings = Settings {
            language: Language::English,
            auto_lock_seconds: 30,
        };
        save(dir.path(), &settings).unwrap();
        assert_eq!(load(dir.path()), settings);
        assert!(!dir.path().join("settings.txt.new").exists());
    }
}
