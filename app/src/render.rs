//! Drawing the model as an [`AppView`]: every text picked in the chosen language from the core's
//! message table. Pure: it reads the model and decides nothing.

use ikd_core::Language;
use ikd_core::messages::phrases::{self, Phrase, phrase};
use ikd_core::messages::{self, UserMessage};
use ikd_core::pin::rules::PIN_LENGTH;
use ikd_core::settings::AUTO_LOCK_CHOICES;
use ikd_protocol::profile::{Claims, DocType};

use crate::effect::{AppEffect, TaskKind};
use crate::event::{AppEvent, DocumentKind};
use crate::flow::{MAX_CODE, MAX_QR_TEXT, MAX_REQUEST_TEXT, Model, NIK_LENGTH, Place};
use crate::view::*;

struct Texts(Language);

impl Texts {
    fn of(&self, message: &UserMessage) -> String {
        message.pick(self.0).to_string()
    }

    fn p(&self, p: Phrase) -> String {
        self.of(&phrase(p))
    }

    fn button(&self, label: Phrase, enabled: bool, event: AppEvent) -> ActionButton {
        let label = self.p(label);
        ActionButton {
            accessibility_label: label.clone(),
            label,
            enabled,
            event,
        }
    }
}

fn document_title(kind: DocumentKind) -> Phrase {
    match kind {
        DocumentKind::Ktp => Phrase::DocumentKtp,
        DocumentKind::FamilyCard => Phrase::DocumentFamilyCard,
        DocumentKind::Vaccine => Phrase::DocumentVaccine,
        DocumentKind::Bpjs => Phrase::DocumentBpjs,
    }
}

/// "Berlaku sampai ..." for a stored document (absent for a day out of the calendar's range).
fn valid_until(t: &Texts, document: &ikd_core::StoredDocument) -> Option<String> {
    ikd_protocol::civil_date::CivilDate::from_days(document.credential.expires)
        .map(|day| t.of(&phrases::valid_until(day)))
}

fn join_labels<'a>(labels: impl Iterator<Item = &'a str>) -> String {
    labels.collect::<Vec<_>>().join(", ")
}

fn profile_label(profile: DocType) -> UserMessage {
    UserMessage {
        id: profile.label_id().to_string(),
        en: profile.label_en().to_string(),
    }
}

impl Model {
    /// The view now; hands out the effects queued since the last view.
    pub(crate) fn view(&mut self) -> AppView {
        let mut view = self.draw();
        // Announce a new screen or a new banner once.
        let announcement = match &view.banner {
            Some(banner) => format!("{}. {}", view.title, banner.text),
            None => view.title.clone(),
        };
        if self.last_announcement.as_deref() != Some(announcement.as_str()) {
            self.effects.push(AppEffect::Announce {
                text: announcement.clone(),
            });
            self.last_announcement = Some(announcement);
        }
        if self.last_view.as_ref() != Some(&view) {
            self.revision += 1;
            self.last_view = Some(view.clone());
        }
        view.revision = self.revision;
        view.effects = std::mem::take(&mut self.effects);
        view
    }

    fn draw(&self) -> AppView {
        let t = Texts(self.language);
        let busy = self.busy_kind();
        let (title, screen) = self.screen(&t, busy.is_some());
        let hide_content = self.covered || self.captured;
        let qr_shown =
            matches!(self.place, Place::Answer(_)) && self.answer.is_some() && !hide_content;
        AppView {
            revision: 0,
            language: self.language,
            title,
            screen,
            banner: self.banner.as_ref().map(|(tone, text)| Banner {
                tone: *tone,
                text: t.of(text),
                dismiss: t.button(Phrase::Close, true, AppEvent::DismissBanner),
            }),
            busy: busy.map(|kind| {
                t.p(match kind {
                    TaskKind::Unlock => Phrase::BusyCheckingPin,
                    TaskKind::Activate => Phrase::BusyActivating,
                    TaskKind::ChangePin => Phrase::BusyChangingPin,
                    TaskKind::RefreshDocuments => Phrase::BusyRefreshing,
                    TaskKind::BiometricUnlock | TaskKind::EnableBiometric => Phrase::BusyBiometric,
                })
            }),
            back: self
                .can_go_back()
                .then(|| t.button(Phrase::Back, busy.is_none(), AppEvent::Back)),
            scanner: self.scanner_open.then(|| ScannerView {
                prompt: t.p(if matches!(self.place, Place::DeskScan(_)) {
                    Phrase::DeskScannerPrompt
                } else {
                    Phrase::ScannerPrompt
                }),
                cancel: t.button(Phrase::Cancel, true, AppEvent::ScannerClosed),
            }),
            hide_content,
            full_brightness: qr_shown,
            keep_screen_on: qr_shown,
            next_tick_at: self.next_tick_at(),
            effects: Vec::new(),
        }
    }

    fn pad(&self, t: &Texts, prompt: Phrase, filled: u32, enabled: bool) -> PinPadView {
        let length = PIN_LENGTH as u32;
        PinPadView {
            prompt: t.p(prompt),
            filled,
            length,
            enabled,
            accessibility_label: t.of(&phrases::dots_filled(filled, length)),
            erase_label: t.p(Phrase::EraseKey),
        }
    }

    fn screen(&self, t: &Texts, busy: bool) -> (String, Screen) {
        match &self.place {
            Place::ChooseLanguage => (
                t.p(Phrase::TitleWelcome),
                Screen::ChooseLanguage(LanguageScreen {
                    prompt: t.p(Phrase::ChooseLanguage),
                    choices: self.language_choices(),
                }),
            ),
            Place::Activation(step) => (
                t.p(Phrase::TitleActivation),
                Screen::Activation(self.activation(t, *step, busy)),
            ),
            Place::Unlock => {
                let lockout = self.lockout;
                let waiting = self.waiting();
                (
                    t.p(Phrase::TitleUnlock),
                    Screen::Unlock(UnlockScreen {
                        pad: self.pad(
                            t,
                            Phrase::EnterPin,
                            self.current_pin.count(),
                            !busy && !waiting,
                        ),
                        tries_left: lockout.map_or_else(String::new, |l| {
                            t.of(&phrases::tries_left(l.attempts_left))
                        }),
                        wait: lockout
                            .filter(|l| l.wait_seconds > 0)
                            .map(|l| t.of(&phrases::try_again_in(l.wait_seconds))),
                        biometric: self.offers_biometric_unlock().then(|| {
                            t.button(
                                Phrase::BiometricUnlockButton,
                                !busy,
                                AppEvent::UnlockWithBiometric,
                            )
                        }),
                    }),
                )
            }
            Place::Home => (t.p(Phrase::TitleHome), Screen::Home(self.home(t))),
            Place::Document(kind) => (
                t.p(document_title(*kind)),
                Screen::Document(self.document_screen(t, *kind)),
            ),
            Place::DeskScan(kind) => (
                t.p(Phrase::TitleDeskScan),
                Screen::DeskScan(self.desk_scan_screen(t, *kind)),
            ),
            Place::Consent(kind) => match &self.consent {
                Some(consent) => (
                    t.p(Phrase::TitleConsent),
                    Screen::Consent(self.consent_screen(t, *kind, consent)),
                ),
                // Never left so by the flow; drawn as the scan screen rather than panic.
                None => (
                    t.p(Phrase::TitleDeskScan),
                    Screen::DeskScan(self.desk_scan_screen(t, *kind)),
                ),
            },
            Place::Answer(kind) => (
                t.p(Phrase::TitleAnswer),
                Screen::Answer(self.answer_screen(t, *kind)),
            ),
            Place::ChangePin(step) => {
                let (number, prompt, filled) = match step {
                    ChangePinStep::CurrentPin => {
                        (1, Phrase::EnterCurrentPin, self.current_pin.count())
                    }
                    ChangePinStep::NewPin => (2, Phrase::EnterNewPin, self.new_pin.count()),
                    ChangePinStep::ConfirmPin => {
                        (3, Phrase::EnterNewPinAgain, self.confirm_pin.count())
                    }
                };
                let waiting = *step == ChangePinStep::CurrentPin && self.waiting();
                (
                    t.p(Phrase::TitleChangePin),
                    Screen::ChangePin(ChangePinScreen {
                        step: *step,
                        progress: t.of(&phrases::step_of(number, 3)),
                        pad: self.pad(t, prompt, filled, !busy && !waiting),
                    }),
                )
            }
            Place::Settings => (
                t.p(Phrase::TitleSettings),
                Screen::Settings(SettingsScreen {
                    language_heading: t.p(Phrase::LanguageHeading),
                    languages: self.language_choices(),
                    auto_lock_heading: t.p(Phrase::AutoLockHeading),
                    auto_lock: AUTO_LOCK_CHOICES
                        .iter()
                        .map(|&seconds| Choice {
                            label: t.of(&messages::wait_text(u64::from(seconds))),
                            selected: seconds == self.auto_lock_seconds,
                            event: AppEvent::SetAutoLock { seconds },
                        })
                        .collect(),
                    biometric: self.usable_biometrics().map(|_| {
                        let on = self.wallet.as_ref().is_some_and(|w| w.biometric_enabled());
                        Toggle {
                            label: t.p(Phrase::BiometricSwitch),
                            on,
                            enabled: !busy,
                            event: AppEvent::SetBiometric { on: !on },
                        }
                    }),
                    change_pin: t.button(Phrase::ChangePinButton, !busy, AppEvent::StartChangePin),
                    refresh: t.button(Phrase::RefreshButton, !busy, AppEvent::RefreshDocuments),
                    reset: t.button(Phrase::ResetButton, !busy, AppEvent::ResetWallet),
                }),
            ),
            Place::ConfirmReset => (
                t.p(Phrase::TitleReset),
                Screen::ConfirmReset(ConfirmResetScreen {
                    text: t.p(Phrase::ResetWarning),
                    confirm: t.button(Phrase::ResetConfirm, true, AppEvent::ConfirmReset),
                    cancel: t.button(Phrase::Cancel, true, AppEvent::Back),
                }),
            ),
            Place::History => (
                t.p(Phrase::TitleHistory),
                Screen::History(self.history_screen(t)),
            ),
            Place::ConfirmClearHistory => (
                t.p(Phrase::TitleClearHistory),
                Screen::ConfirmClearHistory(ConfirmClearHistoryScreen {
                    text: t.p(Phrase::HistoryClearWarning),
                    confirm: t.button(
                        Phrase::HistoryClearConfirm,
                        true,
                        AppEvent::ConfirmClearHistory,
                    ),
                    cancel: t.button(Phrase::Cancel, true, AppEvent::Back),
                }),
            ),
            Place::Reactivation(error) => (
                t.p(Phrase::TitleReactivation),
                Screen::Reactivation(ReactivationScreen {
                    text: t.of(&messages::for_error(error)),
                    activate: t.button(Phrase::ActivateAgainButton, true, AppEvent::ActivateAgain),
                }),
            ),
            Place::Failed(error) => (
                t.p(Phrase::TitleFailed),
                Screen::Failed(FailedScreen {
                    text: t.of(&messages::for_error(error)),
                    retry: t.button(Phrase::RetryButton, true, AppEvent::Retry),
                }),
            ),
        }
    }

    /// Each language labelled in its own language (so a citizen finds theirs whatever is set).
    fn language_choices(&self) -> Vec<Choice> {
        [
            (Language::Indonesian, Phrase::LanguageIndonesian),
            (Language::English, Phrase::LanguageEnglish),
        ]
        .into_iter()
        .map(|(language, label)| Choice {
            label: phrase(label).id,
            selected: language == self.language,
            event: AppEvent::ChooseLanguage { language },
        })
        .collect()
    }

    fn activation(&self, t: &Texts, step: ActivationStep, busy: bool) -> ActivationScreen {
        let number = match step {
            ActivationStep::ScanQr => 1,
            ActivationStep::Nik => 2,
            ActivationStep::Code => 3,
            ActivationStep::NewPin => 4,
            ActivationStep::ConfirmPin => 5,
        };
        let next = t.button(
            Phrase::Continue,
            self.can_submit() && !busy,
            AppEvent::Submit,
        );
        let input = |label: Phrase, placeholder: String, value: String, keyboard, max: usize| {
            let label = t.p(label);
            TextInput {
                accessibility_label: label.clone(),
                label,
                placeholder,
                value,
                keyboard,
                max_length: max as u32,
                error: self.form.field_error.as_ref().map(|e| t.of(e)),
            }
        };
        let (instructions, input, pad, scan, next) = match step {
            ActivationStep::ScanQr => (
                if self.resumable {
                    Phrase::ScanInstructionsResume
                } else {
                    Phrase::ScanInstructions
                },
                Some(input(
                    Phrase::PastedQrLabel,
                    t.p(Phrase::PastedQrPlaceholder),
                    self.form.qr_text.clone(),
                    Keyboard::Text,
                    MAX_QR_TEXT,
                )),
                None,
                Some(t.button(Phrase::ScanButton, !busy, AppEvent::OpenScanner)),
                Some(next),
            ),
            ActivationStep::Nik => (
                Phrase::NikInstructions,
                Some(input(
                    Phrase::NikLabel,
                    "3174xxxxxxxxxxxx".into(),
                    self.form.nik.to_string(),
                    Keyboard::Digits,
                    NIK_LENGTH,
                )),
                None,
                None,
                Some(next),
            ),
            ActivationStep::Code => (
                Phrase::CodeInstructions,
                Some(input(
                    Phrase::CodeLabel,
                    "ABCD2345".into(),
                    self.form.code.to_string(),
                    Keyboard::Code,
                    MAX_CODE,
                )),
                None,
                None,
                Some(next),
            ),
            ActivationStep::NewPin => (
                Phrase::NewPinInstructions,
                None,
                Some(self.pad(t, Phrase::EnterNewPin, self.new_pin.count(), !busy)),
                None,
                None,
            ),
            ActivationStep::ConfirmPin => (
                Phrase::ConfirmPinInstructions,
                None,
                Some(self.pad(t, Phrase::EnterNewPinAgain, self.confirm_pin.count(), !busy)),
                None,
                None,
            ),
        };
        ActivationScreen {
            step,
            progress: t.of(&phrases::step_of(number, 5)),
            instructions: t.p(instructions),
            server: self
                .form
                .server_host
                .as_deref()
                .filter(|_| step != ActivationStep::ScanQr)
                .map(|host| t.of(&phrases::server(host))),
            input,
            pad,
            scan,
            next,
        }
    }

    fn home(&self, t: &Texts) -> HomeScreen {
        let holder = self
            .document(DocType::KtpFull)
            .or_else(|| self.documents.first())
            .map_or_else(String::new, |d| {
                d.credential.claims.holder_name().to_string()
            });
        HomeScreen {
            greeting: t.of(&phrases::greeting(&holder)),
            cards: DocumentKind::ALL
                .into_iter()
                .map(|kind| {
                    let title = t.p(document_title(kind));
                    let document = self.document(kind.full_profile());
                    let subtitle = document.map_or_else(
                        || t.p(Phrase::NotYetAvailable),
                        |d| d.credential.claims.holder_name().to_string(),
                    );
                    DocumentCard {
                        kind,
                        valid_until: document.and_then(|d| valid_until(t, d)),
                        open: ActionButton {
                            label: title.clone(),
                            accessibility_label: t.of(&phrases::open_document(&title, &subtitle)),
                            enabled: document.is_some(),
                            event: AppEvent::OpenDocument { kind },
                        },
                        title,
                        subtitle,
                    }
                })
                .collect(),
            settings: t.button(Phrase::SettingsButton, true, AppEvent::OpenSettings),
            history: t.button(Phrase::HistoryButton, true, AppEvent::OpenHistory),
            lock: t.button(Phrase::LockButton, true, AppEvent::LockNow),
        }
    }

    fn document_screen(&self, t: &Texts, kind: DocumentKind) -> DocumentScreen {
        let document = self.document(kind.full_profile());
        let claims = document.map(|d| &d.credential.claims);
        let (fields, members) = match claims {
            Some(Claims::FamilyCard(card)) => {
                let field = |label: (&str, &str), value: String| FieldLine {
                    label: t.of(&UserMessage {
                        id: label.0.into(),
                        en: label.1.into(),
                    }),
                    value,
                };
                let fields = vec![
                    field(
                        ("No. KK", "Family card no."),
                        format!("{:016}", card.number),
                    ),
                    field(
                        ("Kepala keluarga", "Head of family"),
                        card.head_name.clone(),
                    ),
                    field(("Alamat", "Address"), card.address.clone()),
                    field(("RT/RW", "RT/RW"), format!("{:03}/{:03}", card.rt, card.rw)),
                ];
                let rows = card
                    .members
                    .iter()
                    .map(|m| {
                        let relation = UserMessage {
                            id: m.relation.label_id().into(),
                            en: m.relation.label_en().into(),
                        };
                        let nik = m.nik.expose();
                        let birth = m.birth_date.to_string();
                        MemberRow {
                            accessibility_label: t
                                .of(&phrases::member_row(&m.name, &relation, &nik, &birth)),
                            cells: vec![
                                m.name.clone(),
                                nik,
                                t.of(&relation),
                                birth,
                                m.sex.label_id().to_string(),
                            ],
                        }
                    })
                    .collect();
                let members = MemberTable {
                    caption: t.p(Phrase::FamilyMembers),
                    columns: [
                        Phrase::ColumnName,
                        Phrase::ColumnNik,
                        Phrase::ColumnRelation,
                        Phrase::ColumnBirthDate,
                        Phrase::ColumnSex,
                    ]
                    .into_iter()
                    .map(|p| t.p(p))
                    .collect(),
                    rows,
                };
                (fields, Some(members))
            }
            Some(claims) => (
                claims
                    .fields()
                    .into_iter()
                    .map(|f| FieldLine {
                        label: t.of(&UserMessage {
                            id: f.label_id.into(),
                            en: f.label_en.into(),
                        }),
                        value: f.value,
                    })
                    .collect(),
                None,
            ),
            None => (Vec::new(), None),
        };
        DocumentScreen {
            kind,
            holder_name: claims.map_or_else(String::new, |c| c.holder_name().to_string()),
            valid_until: document.and_then(|d| valid_until(t, d)),
            fields,
            members,
            show_at_desk: t.button(Phrase::ShowAtDesk, document.is_some(), AppEvent::ShowAtDesk),
            show_at_desk_hint: t.p(Phrase::ShowAtDeskHint),
        }
    }

    fn history_screen(&self, t: &Texts) -> HistoryScreen {
        let entries: Vec<HistoryRow> = self
            .history
            .iter()
            .map(|entry| {
                let when = phrases::local_date_time(entry.at_unix, self.utc_offset_seconds);
                let desk = phrases::desk_and_sector(
                    &entry.desk,
                    entry.sector.label_id(),
                    entry.sector.label_en(),
                );
                let profile = profile_label(entry.profile);
                let fields = UserMessage {
                    id: join_labels(entry.fields.iter().map(|f| f.label_id.as_str())),
                    en: join_labels(entry.fields.iter().map(|f| f.label_en.as_str())),
                };
                let description = phrases::history_entry_description(
                    &when,
                    &entry.institution,
                    &t.of(&desk),
                    &profile,
                    &fields,
                );
                let delete_label = t.p(Phrase::HistoryDeleteEntry);
                HistoryRow {
                    when: t.of(&when),
                    institution: entry.institution.clone(),
                    desk: t.of(&desk),
                    profile_label: t.of(&profile),
                    fields: entry
                        .fields
                        .iter()
                        .map(|f| {
                            t.of(&UserMessage {
                                id: f.label_id.clone(),
                                en: f.label_en.clone(),
                            })
                        })
                        .collect(),
                    printed_card_note: entry.printed_card.then(|| t.p(Phrase::PrintedCardNote)),
                    delete: ActionButton {
                        accessibility_label: format!("{delete_label}: {}", t.of(&description)),
                        label: delete_label,
                        enabled: true,
                        event: AppEvent::DeleteHistoryEntry { id: entry.id },
                    },
                    accessibility_label: t.of(&description),
                }
            })
            .collect();
        let empty = entries.is_empty();
        HistoryScreen {
            entries,
            empty: empty.then(|| t.p(Phrase::HistoryEmpty)),
            clear_all: (!empty)
                .then(|| t.button(Phrase::HistoryClearButton, true, AppEvent::ClearHistory)),
        }
    }

    fn desk_scan_screen(&self, t: &Texts, kind: DocumentKind) -> DeskScanScreen {
        let label = t.p(Phrase::PastedRequestLabel);
        DeskScanScreen {
            kind,
            instructions: t.p(Phrase::DeskScanInstructions),
            scan: t.button(Phrase::DeskScanButton, true, AppEvent::OpenScanner),
            input: TextInput {
                accessibility_label: label.clone(),
                label,
                placeholder: t.p(Phrase::PastedRequestPlaceholder),
                value: self.desk_text.clone(),
                keyboard: Keyboard::Text,
                max_length: MAX_REQUEST_TEXT as u32,
                error: None,
            },
            next: t.button(Phrase::Continue, self.can_submit(), AppEvent::Submit),
        }
    }

    fn consent_screen(
        &self,
        t: &Texts,
        kind: DocumentKind,
        consent: &ikd_core::ConsentRequest,
    ) -> ConsentScreen {
        let label = profile_label(consent.profile);
        let now = self.clock.now_unix();
        ConsentScreen {
            kind,
            profile: consent.profile,
            question: t.of(&phrases::desk_asks_for(
                &consent.institution,
                &label.id,
                &label.en,
            )),
            who_heading: t.p(Phrase::ConsentWhoAsks),
            institution: consent.institution.clone(),
            desk: t.of(&phrases::desk_and_sector(
                &consent.desk,
                consent.sector_id,
                consent.sector_en,
            )),
            expires: consent
                .expires_at
                .map(|at| t.of(&phrases::request_valid_for((at - now).max(0) as u64))),
            printed_card_note: consent.printed_card.then(|| t.p(Phrase::PrintedCardNote)),
            warning: consent.warning.as_ref().map(|w| t.of(w)),
            fields_heading: t.p(Phrase::ConsentFieldsHeading),
            fields: consent
                .fields
                .iter()
                .map(|f| FieldLine {
                    label: t.of(&UserMessage {
                        id: f.label_id.into(),
                        en: f.label_en.into(),
                    }),
                    value: f.value.clone(),
                })
                .collect(),
            share: t.button(Phrase::ShareButton, consent.may_share, AppEvent::Share),
            decline: t.button(Phrase::DeclineButton, true, AppEvent::Decline),
        }
    }

    fn answer_screen(&self, t: &Texts, kind: DocumentKind) -> AnswerScreen {
        let now = self.clock.now_unix();
        let answer = self.answer.as_ref();
        let profile = self
            .consent
            .as_ref()
            .map_or(kind.full_profile(), |c| c.profile);
        let label = profile_label(profile);
        let desk = answer.map_or_else(String::new, |a| a.addressed_to.clone());
        let seconds = answer.map_or(0, |a| (a.valid_until - now).max(0) as u64);
        AnswerScreen {
            kind,
            profile,
            profile_label: t.of(&label),
            desk: t.of(&phrases::for_desk(&desk)),
            matrix: answer
                .filter(|_| !(self.covered || self.captured))
                .map(|a| QrMatrix {
                    size: a.matrix.size as u32,
                    modules: a.matrix.modules.clone(),
                }),
            countdown: t.of(&phrases::answer_valid_for(seconds)),
            accessibility_label: t.of(&phrases::answer_description(&label.id, &label.en, &desk)),
            hint: t.p(Phrase::AnswerHint),
            done: t.button(Phrase::DoneButton, true, AppEvent::Back),
        }
    }
}
