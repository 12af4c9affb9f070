//! What the app asks the shell to do once: start a slow task off the main thread, tell the
//! screen reader, schedule or cancel a local notification. States that last (full brightness,
//! screen kept on, camera open, content hidden) are fields of the view instead: a shell applies
//! them from each view, so a view it missed can never leave the brightness up.

/// A slow piece of work (a KDF run, a network call) the shell runs on a background thread by
/// passing it back to [`crate::App::run_task`]. It carries no secret: the PIN stays in the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlowTask {
    /// Unique per app object; a task that is stale (the app locked or moved on meanwhile) or
    /// already run does nothing.
    pub id: u64,
    /// What it does (for the shell's logs and thread naming only: the shell treats all alike).
    pub kind: TaskKind,
}

/// What a [`SlowTask`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    /// Checks the PIN (one Argon2id run, about a second).
    Unlock,
    /// Activates this phone with the issuer (KDF and network).
    Activate,
    /// Changes the PIN (two KDF runs).
    ChangePin,
    /// Fetches fresh documents and lists from the issuer (network).
    RefreshDocuments,
    /// Opens the wallet with a fingerprint or face (waits for the platform prompt).
    BiometricUnlock,
    /// Turns biometric unlock on (the platform prompt confirms once).
    EnableBiometric,
}

/// Why a local notification is scheduled (one pending notification per kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationKind {
    /// The PIN lockout wait is over: the citizen may try again.
    PinWaitOver,
}

/// One local notification before the documents expire (see [`AppEffect::ScheduleReminders`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderNotification {
    /// When to show it, unix seconds (09:00 local time on its day).
    pub at: i64,
    /// Its title, in the chosen language.
    pub title: String,
    /// Its text, in the chosen language.
    pub body: String,
}

/// Something the shell does once, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppEffect {
    /// Start `task` on a background thread: call `run_task(task)` there and render the view it
    /// returns on the main thread.
    RunTask {
        /// The task to hand back.
        task: SlowTask,
    },
    /// Say `text` to the screen reader now (TalkBack `announceForAccessibility`, VoiceOver
    /// `UIAccessibility.post(.screenChanged)`): the screen changed or a result arrived.
    Announce {
        /// What to say, in the chosen language.
        text: String,
    },
    /// Schedule a local notification at `at` (unix seconds), replacing any of the same kind.
    ScheduleNotification {
        /// Which notification (also its identifier).
        kind: NotificationKind,
        /// When to show it, unix seconds.
        at: i64,
        /// Its title, in the chosen language.
        title: String,
        /// Its text, in the chosen language.
        body: String,
    },
    /// Replace every scheduled expiry reminder with `reminders` (none: cancel them all). Handed
    /// out after each unlock, refresh and time zone change; the shell schedules them itself, so
    /// they fire with the app closed and no network.
    ScheduleReminders {
        /// Soonest first.
        reminders: Vec<ReminderNotification>,
    },
    /// Ask the platform, now, for permission to show local notifications (Android 13+
    /// `POST_NOTIFICATIONS`, iOS `UNUserNotificationCenter.requestAuthorization`). Handed out at
    /// most once per app start, in front, just before the first reminders are scheduled; without
    /// it neither the reminders nor the lockout alarm would ever show.
    RequestNotificationPermission,
    /// Cancel a pending local notification of `kind` (missing is fine).
    CancelNotification {
        /// Which notification.
        kind: NotificationKind,
    },
}
