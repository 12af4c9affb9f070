package id.go.ikd.wallet

import android.content.pm.ApplicationInfo
import android.content.pm.PackageManager
import android.graphics.drawable.BitmapDrawable
import android.os.Looper
import android.security.keystore.KeyProperties
import android.view.View
import android.view.inputmethod.EditorInfo
import android.widget.Button
import android.widget.EditText
import android.widget.LinearLayout
import android.widget.ImageView
import android.widget.RadioButton
import android.widget.TextView
import com.google.zxing.BarcodeFormat
import com.google.zxing.BinaryBitmap
import com.google.zxing.DecodeHintType
import com.google.zxing.RGBLuminanceSource
import com.google.zxing.common.HybridBinarizer
import com.google.zxing.qrcode.QRCodeReader
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel
import com.google.zxing.qrcode.encoder.Encoder
import java.time.Duration
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import uniffi.ikd_ffi.ActionButton
import uniffi.ikd_ffi.ActivationScreen
import uniffi.ikd_ffi.ActivationStep
import uniffi.ikd_ffi.AppEvent
import uniffi.ikd_ffi.AppLanguage
import uniffi.ikd_ffi.AppView
import uniffi.ikd_ffi.Banner
import uniffi.ikd_ffi.BannerTone
import uniffi.ikd_ffi.ChangePinScreen
import uniffi.ikd_ffi.ChangePinStep
import uniffi.ikd_ffi.Choice
import uniffi.ikd_ffi.ConfirmResetScreen
import uniffi.ikd_ffi.DocumentCard
import uniffi.ikd_ffi.DocumentKind
import uniffi.ikd_ffi.DocumentProfile
import uniffi.ikd_ffi.DocumentScreen
import uniffi.ikd_ffi.FailedScreen
import uniffi.ikd_ffi.FieldLine
import uniffi.ikd_ffi.HomeScreen
import uniffi.ikd_ffi.Keyboard
import uniffi.ikd_ffi.LanguageScreen
import uniffi.ikd_ffi.MemberRow
import uniffi.ikd_ffi.MemberTable
import uniffi.ikd_ffi.PinPadView
import uniffi.ikd_ffi.QrMatrix
import uniffi.ikd_ffi.AnswerScreen
import uniffi.ikd_ffi.ConsentScreen
import uniffi.ikd_ffi.DeskScanScreen
import uniffi.ikd_ffi.ReactivationScreen
import uniffi.ikd_ffi.Screen
import uniffi.ikd_ffi.SettingsScreen
import uniffi.ikd_ffi.TextInput
import uniffi.ikd_ffi.Toggle
import uniffi.ikd_ffi.HistoryRow
import uniffi.ikd_ffi.HistoryScreen
import uniffi.ikd_ffi.ConfirmClearHistoryScreen
import uniffi.ikd_ffi.UnlockScreen

/**
 * Each screen drawn from a view made here (no flow runs): every text and accessibility label of
 * the view is on screen, taps send exactly the events the view names, disabled stays disabled.
 * Plus the platform's security settings (manifest, backup rules, the hardware key).
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35])
class ScreensTest {
    private val app get() = RuntimeEnvironment.getApplication() as IkdApplication
    private val sent = ArrayList<AppEvent>()
    private val renderer by lazy { Renderer(app) { sent.add(it) } }

    @Before
    fun keystore() = FakeAndroidKeyStore.install()

    private fun button(label: String, event: AppEvent, enabled: Boolean = true) =
        ActionButton(label = label, accessibilityLabel = "$label, tombol", enabled = enabled, event = event)

    private fun pad(filled: UInt = 0u, enabled: Boolean = true) = PinPadView(
        prompt = "Masukkan PIN", filled = filled, length = 6u, enabled = enabled,
        accessibilityLabel = "$filled dari 6 angka PIN", eraseLabel = "Hapus satu angka",
    )

    private var revision = 0uL

    private fun view(
        screen: Screen,
        title: String = "Judul layar",
        back: ActionButton? = null,
        banner: Banner? = null,
        busy: String? = null,
        hideContent: Boolean = false,
    ) = AppView(
        revision = ++revision, language = AppLanguage.INDONESIAN, title = title, screen = screen,
        banner = banner, busy = busy, back = back, scanner = null, hideContent = hideContent,
        fullBrightness = false, keepScreenOn = false, nextTickAt = null, effects = emptyList(),
    )

    private fun draw(view: AppView): View = renderer.draw(view)

    private fun View.textOf(tag: String) = byTag<TextView>(tag).text.toString()

    private fun texts(root: View) = allViews(root).filterIsInstance<TextView>().map { it.text.toString() }

    /** One view of every screen, as the flow could send them. */
    private fun everyScreen(): List<AppView> {
        val form = TextInput(
            label = "NIK", placeholder = "16 angka", value = "3174", keyboard = Keyboard.DIGITS, maxLength = 16u,
            error = null, accessibilityLabel = "NIK, 16 angka",
        )
        return listOf(
            view(Screen.ChooseLanguage(LanguageScreen("Pilih bahasa / Choose a language", listOf(
                Choice("Bahasa Indonesia", true, AppEvent.ChooseLanguage(AppLanguage.INDONESIAN)),
                Choice("English", false, AppEvent.ChooseLanguage(AppLanguage.ENGLISH)),
            )))),
            view(Screen.Activation(ActivationScreen(ActivationStep.NIK, "Langkah 2 dari 5", "Masukkan NIK Anda.", "Server: issuer.example", form, null, null, button("Lanjut", AppEvent.Submit))), back = button("Kembali", AppEvent.Back)),
            view(Screen.Activation(ActivationScreen(ActivationStep.NEW_PIN, "Langkah 4 dari 5", "Buat PIN 6 angka.", null, null, pad(2u), null, null))),
            view(Screen.Unlock(UnlockScreen(pad(), "Sisa percobaan: 10", null, null))),
            view(Screen.Home(home())),
            view(Screen.Document(document()), back = button("Kembali", AppEvent.Back)),
            view(Screen.DeskScan(deskScan()), back = button("Kembali", AppEvent.Back)),
            view(Screen.Consent(consent()), back = button("Kembali", AppEvent.Back)),
            view(Screen.Answer(answer(matrixOf("IKD"))), back = button("Kembali", AppEvent.Back)),
            view(Screen.ChangePin(ChangePinScreen(ChangePinStep.CURRENT_PIN, "Langkah 1 dari 3", pad()))),
            view(Screen.Settings(settings())),
            view(Screen.ConfirmReset(ConfirmResetScreen("Hapus semua data IKD di HP ini?", button("Hapus", AppEvent.ConfirmReset), button("Batal", AppEvent.Back)))),
            view(Screen.Reactivation(ReactivationScreen("Data IKD rusak. Aktivasi ulang di kantor Dukcapil.", button("Aktivasi ulang", AppEvent.ActivateAgain)))),
            view(Screen.Failed(FailedScreen("Perbarui aplikasi IKD.", button("Coba lagi", AppEvent.Retry)))),
            view(Screen.History(history()), back = button("Kembali", AppEvent.Back)),
            view(Screen.ConfirmClearHistory(ConfirmClearHistoryScreen("Hapus semua riwayat?", button("Hapus", AppEvent.ConfirmClearHistory), button("Batal", AppEvent.Back)))),
        )
    }

    private fun history() = HistoryScreen(
        entries = listOf(
            HistoryRow(
                "15-01-2027 16.20", "BANK CONTOH", "LOKET 1 · Keuangan", "KTP (NIK, nama, tanggal lahir)",
                listOf("NIK", "Nama", "Tanggal lahir"), null,
                "15-01-2027 16.20, BANK CONTOH, LOKET 1: KTP (NIK, nama, tanggal lahir).",
                button("Hapus entri ini", AppEvent.DeleteHistoryEntry(7L)),
            ),
        ),
        empty = null,
        clearAll = button("Hapus semua riwayat", AppEvent.ClearHistory),
    )

    private fun home() = HomeScreen(
        greeting = "Halo, Siti",
        cards = listOf(
            DocumentCard(DocumentKind.KTP, "KTP", "Siti Contoh", null, button("Buka KTP", AppEvent.OpenDocument(DocumentKind.KTP))),
            DocumentCard(DocumentKind.FAMILY_CARD, "Kartu Keluarga", "Siti Contoh", null, button("Buka KK", AppEvent.OpenDocument(DocumentKind.FAMILY_CARD))),
            DocumentCard(DocumentKind.VACCINE, "Vaksin", "Siti Contoh", null, button("Buka vaksin", AppEvent.OpenDocument(DocumentKind.VACCINE))),
            DocumentCard(DocumentKind.BPJS, "BPJS", "Belum tersedia", null, button("BPJS belum tersedia", AppEvent.OpenDocument(DocumentKind.BPJS), enabled = false)),
        ),
        settings = button("Pengaturan", AppEvent.OpenSettings),
        history = button("Riwayat", AppEvent.OpenHistory),
        lock = button("Kunci sekarang", AppEvent.LockNow),
    )

    private fun document() = DocumentScreen(
        kind = DocumentKind.FAMILY_CARD,
        holderName = "Siti Contoh",
        validUntil = "Berlaku sampai 15-01-2028",
        fields = listOf(FieldLine("Nomor KK", "3174010101900001"), FieldLine("Alamat", "Jl. Contoh 1")),
        members = MemberTable("Anggota keluarga", listOf("Nama", "Hubungan"), listOf(
            MemberRow(listOf("Siti Contoh", "Kepala keluarga"), "Siti Contoh, kepala keluarga."),
            MemberRow(listOf("Budi Contoh", "Anak"), "Budi Contoh, anak."),
        )),
        showAtDesk = button("Tunjukkan ke petugas", AppEvent.ShowAtDesk),
        showAtDeskHint = "Loket menampilkan QR permintaan dulu.",
    )

    private fun matrixOf(text: String): QrMatrix {
        val matrix = Encoder.encode(text, ErrorCorrectionLevel.M).matrix
        val modules = ArrayList<Boolean>()
        for (y in 0 until matrix.height) for (x in 0 until matrix.width) modules.add(matrix.get(x, y).toInt() == 1)
        return QrMatrix(matrix.width.toUInt(), modules)
    }

    private fun deskScan() = DeskScanScreen(
        kind = DocumentKind.KTP,
        instructions = "Minta petugas menampilkan QR permintaan loket, lalu pindai.",
        scan = button("Pindai QR loket", AppEvent.OpenScanner),
        input = TextInput(
            label = "Teks QR loket", placeholder = "Tempel teks QR di sini", value = "", keyboard = Keyboard.TEXT,
            maxLength = 1024u, error = null, accessibilityLabel = "Teks QR loket",
        ),
        next = button("Lanjut", AppEvent.Submit, enabled = false),
    )

    private fun consent(warning: String? = null) = ConsentScreen(
        kind = DocumentKind.KTP, profile = DocumentProfile.KTP_BASIC,
        question = "BANK CONTOH meminta KTP (NIK, nama, tanggal lahir)", whoHeading = "Yang meminta",
        institution = "BANK CONTOH", desk = "LOKET 1 · Keuangan", expires = "Permintaan berlaku 2 menit lagi",
        printedCardNote = null, warning = warning, fieldsHeading = "Data yang akan dibagikan",
        fields = listOf(FieldLine("NIK", "3174015708900001"), FieldLine("Nama", "SITI CONTOH RAHAYU")),
        share = button("Bagikan", AppEvent.Share, enabled = warning == null),
        decline = button("Tolak", AppEvent.Decline),
    )

    private fun answer(matrix: QrMatrix?) = AnswerScreen(
        kind = DocumentKind.KTP, profile = DocumentProfile.KTP_BASIC, profileLabel = "KTP dasar",
        desk = "Untuk: BANK CONTOH, LOKET 1", matrix = matrix, countdown = "QR berlaku 2 menit lagi",
        accessibilityLabel = "Kode QR jawaban, KTP dasar, untuk BANK CONTOH, LOKET 1",
        hint = "Tunjukkan ke petugas loket ini.", done = button("Selesai", AppEvent.Back),
    )

    private fun settings() = SettingsScreen(
        languageHeading = "Bahasa",
        languages = listOf(
            Choice("Bahasa Indonesia", true, AppEvent.ChooseLanguage(AppLanguage.INDONESIAN)),
            Choice("English", false, AppEvent.ChooseLanguage(AppLanguage.ENGLISH)),
        ),
        autoLockHeading = "Kunci otomatis",
        autoLock = listOf(30u, 60u, 120u, 300u).map { Choice("$it detik", it == 60u, AppEvent.SetAutoLock(it)) },
        biometric = Toggle("Buka dengan sidik jari", false, true, AppEvent.SetBiometric(true)),
        changePin = button("Ubah PIN", AppEvent.StartChangePin),
        refresh = button("Perbarui dokumen", AppEvent.RefreshDocuments),
        reset = button("Hapus IKD dari HP ini", AppEvent.ResetWallet),
    )

    @Test
    fun `the history reads each entry as one sentence, deletes that entry, and asks before deleting all`() {
        val root = draw(view(Screen.History(history()), back = button("Kembali", AppEvent.Back)))
        val entry = root.byTag<LinearLayout>("history_0")
        assertEquals("15-01-2027 16.20, BANK CONTOH, LOKET 1: KTP (NIK, nama, tanggal lahir).", entry.getChildAt(0).contentDescription)
        assertTrue(texts(root).contains("NIK, Nama, Tanggal lahir"))
        root.click("delete_history_7")
        root.click("clear_history")
        assertEquals(listOf(AppEvent.DeleteHistoryEntry(7L), AppEvent.ClearHistory), sent)
    }

    @Test
    fun `the settings draw the biometric switch in the flow's state and a tap sends the change`() {
        val root = draw(view(Screen.Settings(settings())))
        val switch = root.byTag<android.widget.Switch>("set_biometric")
        assertFalse(switch.isChecked)
        assertEquals("Buka dengan sidik jari", switch.text.toString())
        root.click("set_biometric")
        assertEquals(listOf(AppEvent.SetBiometric(true)), sent)
    }

    @Test
    fun `the language screen shows both choices in their own language and a tap sends the choice`() {
        val root = draw(everyScreen()[0])
        assertTrue(texts(root).contains("Pilih bahasa / Choose a language"))
        assertTrue(root.byTag<RadioButton>("lang_INDONESIAN").isChecked)
        assertFalse(root.byTag<RadioButton>("lang_ENGLISH").isChecked)
        root.click("lang_ENGLISH")
        assertEquals(listOf<AppEvent>(AppEvent.ChooseLanguage(AppLanguage.ENGLISH)), sent)
    }

    @Test
    fun `an activation step draws what the view has, sends every change of the field whole, and the done key submits`() {
        val screen = everyScreen()[1]
        val root = draw(screen)
        for (text in listOf("Judul layar", "Langkah 2 dari 5", "Masukkan NIK Anda.", "Server: issuer.example", "NIK")) {
            assertTrue("$text is shown", texts(root).contains(text))
        }
        val field = root.byTag<EditText>("input")
        assertEquals("the field shows the view's value", "3174", field.text.toString())
        assertEquals("16 angka", field.hint.toString())
        assertEquals("NIK, 16 angka", field.contentDescription.toString())
        field.setText("31740157")
        assertEquals(listOf<AppEvent>(AppEvent.TextChanged("31740157")), sent)
        field.onEditorAction(EditorInfo.IME_ACTION_DONE)
        root.click("submit")
        root.click("back")
        assertEquals(listOf(AppEvent.TextChanged("31740157"), AppEvent.Submit, AppEvent.Submit, AppEvent.Back), sent)

        // The flow cleans what is typed (digits only) and says what is wrong: the same field shows both.
        val cleaned = (screen.screen as Screen.Activation).v1.let { step ->
            step.copy(input = step.input!!.copy(value = "317401", error = "NIK harus 16 angka."), next = step.next!!.copy(enabled = false))
        }
        val again = draw(view(Screen.Activation(cleaned)))
        assertTrue("the field is kept across redraws of its step", again.byTag<EditText>("input") === field)
        assertEquals("317401", field.text.toString())
        assertEquals("NIK harus 16 angka.", again.textOf("input_error"))
        assertFalse("next is off when the view says so", again.byTag<Button>("submit").isEnabled)
        assertEquals("redrawing sends nothing", 4, sent.size)
    }

    @Test
    fun `the keypad draws the view's dots, sends digits and erase, takes no taps through overlays and opens no keyboard`() {
        val root = draw(view(Screen.Unlock(UnlockScreen(pad(filled = 2u), "Sisa percobaan: 9", null, null))))
        assertEquals("●●○○○○", root.textOf("pin_dots"))
        assertEquals("2 dari 6 angka PIN", root.byTag<TextView>("pin_dots").contentDescription)
        assertEquals("Sisa percobaan: 9", root.textOf("tries_left"))
        val keys = allViews(root).filter { (it.tag as? String)?.startsWith("key_") == true }
        assertEquals(11, keys.size)
        assertTrue("no taps through overlays on the keypad", keys.all { it.filterTouchesWhenObscured })
        assertTrue("no text field: the system keyboard never opens", allViews(root).none { it is EditText })
        assertEquals("Hapus satu angka", root.byTag<Button>("key_erase").contentDescription)
        root.typePin("70")
        root.click("key_erase")
        assertEquals(listOf(AppEvent.Digit(7u), AppEvent.Digit(0u), AppEvent.Erase), sent)
    }

    @Test
    fun `during a lockout the wait is shown and every key is off`() {
        val root = draw(view(Screen.Unlock(UnlockScreen(pad(enabled = false), "Sisa percobaan: 5", "Coba lagi dalam 59 detik", null))))
        assertEquals("Coba lagi dalam 59 detik", root.textOf("wait"))
        assertEquals(View.ACCESSIBILITY_LIVE_REGION_POLITE, root.byTag<TextView>("wait").accessibilityLiveRegion)
        val keys = allViews(root).filter { (it.tag as? String)?.startsWith("key_") == true }
        assertTrue(keys.none { it.isEnabled })
    }

    @Test
    fun `home shows the four cards, a missing document greyed, and sends the card's event`() {
        val root = draw(view(Screen.Home(home())))
        assertEquals("Halo, Siti", root.textOf("greeting"))
        for (kind in DocumentKind.entries) root.byTag<View>("doc_${kind.name}")
        assertEquals("Buka KTP, tombol", root.byTag<View>("doc_KTP").contentDescription)
        assertFalse("no document, no tap", root.byTag<View>("doc_BPJS").isEnabled)
        assertTrue(texts(root).contains("Belum tersedia"))
        root.click("doc_FAMILY_CARD")
        root.click("open_settings")
        root.click("lock_now")
        assertEquals(listOf(AppEvent.OpenDocument(DocumentKind.FAMILY_CARD), AppEvent.OpenSettings, AppEvent.LockNow), sent)
    }

    @Test
    fun `the KK is drawn as a table whose rows are read as one sentence, and show at a desk sends its event`() {
        val root = draw(view(Screen.Document(document())))
        for (text in listOf("Siti Contoh", "Nomor KK", "3174010101900001", "Anggota keluarga", "Nama", "Hubungan", "Budi Contoh", "Anak")) {
            assertTrue("$text is shown", texts(root).contains(text))
        }
        assertEquals("Budi Contoh, anak.", root.byTag<View>("member_1").contentDescription)
        assertEquals("Loket menampilkan QR permintaan dulu.", root.textOf("show_at_desk_hint"))
        root.click("show_at_desk")
        assertEquals(listOf<AppEvent>(AppEvent.ShowAtDesk), sent)
    }

    @Test
    fun `the desk scan screen opens the scanner, sends pasted text whole, and next waits for text`() {
        val root = draw(view(Screen.DeskScan(deskScan())))
        assertEquals("Minta petugas menampilkan QR permintaan loket, lalu pindai.", root.textOf("instructions"))
        assertTrue(!root.byTag<View>("submit").isEnabled)
        root.click("open_scanner")
        root.byTag<android.widget.EditText>("input").setText("6BFOXN")
        assertEquals(listOf(AppEvent.OpenScanner, AppEvent.TextChanged("6BFOXN")), sent)
    }

    @Test
    fun `the consent screen names who asks and each field, and sends share or decline`() {
        val root = draw(view(Screen.Consent(consent())))
        assertEquals("BANK CONTOH meminta KTP (NIK, nama, tanggal lahir)", root.textOf("consent_question"))
        assertEquals("BANK CONTOH", root.textOf("consent_institution"))
        assertEquals("LOKET 1 · Keuangan", root.textOf("consent_desk"))
        assertEquals("Permintaan berlaku 2 menit lagi", root.textOf("consent_expires"))
        assertEquals("3174015708900001", root.textOf("consent_field_0"))
        assertEquals("SITI CONTOH RAHAYU", root.textOf("consent_field_1"))
        assertTrue(texts(root).containsAll(listOf("NIK", "Nama", "Data yang akan dibagikan", "Yang meminta")))
        root.click("share")
        root.click("decline")
        assertEquals(listOf(AppEvent.Share, AppEvent.Decline), sent)
        val greedy = draw(view(Screen.Consent(consent(warning = "Loket ini meminta KTP lengkap. Jangan bagikan."))))
        assertEquals("Loket ini meminta KTP lengkap. Jangan bagikan.", greedy.textOf("consent_warning"))
        assertTrue("share is off", !greedy.byTag<View>("share").isEnabled)
    }

    @Test
    fun `the answer QR is drawn so that an independent reader decodes it, with its label, desk and countdown`() {
        val root = draw(view(Screen.Answer(answer(matrixOf("IKD-ANSWER-1")))))
        val image = root.byTag<ImageView>("qr")
        assertEquals("Kode QR jawaban, KTP dasar, untuk BANK CONTOH, LOKET 1", image.contentDescription)
        assertEquals("IKD-ANSWER-1", decode(image))
        assertEquals("Untuk: BANK CONTOH, LOKET 1", root.textOf("answer_desk"))
        assertEquals("QR berlaku 2 menit lagi", root.textOf("answer_countdown"))
        root.click("done")
        assertEquals(listOf<AppEvent>(AppEvent.Back), sent)
        val hidden = draw(view(Screen.Answer(answer(null))))
        assertTrue("no matrix, no image", allViews(hidden).none { it is ImageView })
    }

    @Test
    fun `settings send the choice tapped and each button's event`() {
        val root = draw(view(Screen.Settings(settings())))
        assertTrue(root.byTag<RadioButton>("autolock_60").isChecked)
        root.click("autolock_300")
        root.click("lang_ENGLISH")
        root.click("start_change_pin")
        root.click("refresh_documents")
        root.click("reset_wallet")
        assertEquals(
            listOf(AppEvent.SetAutoLock(300u), AppEvent.ChooseLanguage(AppLanguage.ENGLISH), AppEvent.StartChangePin, AppEvent.RefreshDocuments, AppEvent.ResetWallet),
            sent,
        )
    }

    @Test
    fun `reset, reactivation and failure screens show their text and send their buttons' events`() {
        val screens = everyScreen()
        val reset = draw(screens.first { it.screen is Screen.ConfirmReset })
        reset.click("confirm_reset")
        draw(screens.first { it.screen is Screen.Reactivation }).click("activate_again")
        val failed = draw(screens.first { it.screen is Screen.Failed })
        assertEquals("Perbarui aplikasi IKD.", failed.textOf("text"))
        failed.click("retry")
        assertEquals(listOf(AppEvent.ConfirmReset, AppEvent.ActivateAgain, AppEvent.Retry), sent)
    }

    @Test
    fun `a banner is announced and dismissed, a busy view says why, and a covered view shows nothing of the screen`() {
        val banner = Banner(BannerTone.ERROR, "PIN salah. Sisa percobaan: 9.", button("Tutup", AppEvent.DismissBanner))
        val root = draw(view(Screen.Unlock(UnlockScreen(pad(enabled = false), "Sisa percobaan: 9", null, null)), banner = banner, busy = "Memeriksa PIN…"))
        assertEquals("PIN salah. Sisa percobaan: 9.", root.textOf("banner"))
        assertEquals(View.ACCESSIBILITY_LIVE_REGION_POLITE, root.byTag<TextView>("banner").accessibilityLiveRegion)
        assertEquals("Memeriksa PIN…", root.textOf("busy"))
        root.click("dismiss_banner")
        assertEquals(listOf<AppEvent>(AppEvent.DismissBanner), sent)
        val covered = draw(view(Screen.Home(home()), hideContent = true))
        assertTrue("nothing of the screen under the cover", texts(covered).isEmpty())
        assertEquals("cover", covered.tag)
    }

    @Test
    fun `every control on every screen has a content description and every field a label`() {
        for (view in everyScreen()) {
            val root = draw(view)
            val screen = view.screen.javaClass.simpleName
            for (control in allViews(root)) {
                if (control.isClickable && control !is EditText) {
                    assertFalse("$screen: ${control.tag} has a content description", control.contentDescription.isNullOrBlank())
                }
                if (control is EditText) assertFalse("$screen: ${control.tag} is labelled", control.hint.isNullOrBlank())
            }
        }
    }

    @Test
    @Config(fontScale = 2f, qualifiers = "w320dp-h533dp")
    fun `at the largest font size on a small phone every screen scrolls and no text is cut`() {
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        assertTrue("FLAG_SECURE", activity.window.attributes.flags and android.view.WindowManager.LayoutParams.FLAG_SECURE != 0)
        for (view in everyScreen()) {
            activity.render(view)
            shadowOf(Looper.getMainLooper()).idleFor(Duration.ofMillis(50)) // a layout pass
            assertEquals(2f, activity.resources.configuration.fontScale)
            val screen = view.screen.javaClass.simpleName
            val root = activity.findViewById<android.view.ViewGroup>(android.R.id.content)!!.getChildAt(0)
            assertTrue("$screen scrolls", root is android.widget.ScrollView)
            val texts = allViews(root).filterIsInstance<TextView>().filter { it.visibility == View.VISIBLE && it.text.isNotEmpty() }
            assertTrue(texts.isNotEmpty())
            for (text in texts) {
                val layout = text.layout ?: throw AssertionError("$screen: ${text.tag ?: text.text} not laid out")
                assertTrue("$screen: ${text.tag ?: text.text} has no height", text.height > 0)
                assertTrue(
                    "$screen: ${text.tag ?: text.text} is cut (${text.height} < ${layout.height})",
                    text.height >= layout.height + text.compoundPaddingTop + text.compoundPaddingBottom,
                )
                assertEquals("$screen: ${text.tag} ellipsized", 0, (0 until layout.lineCount).sumOf { layout.getEllipsisCount(it) })
            }
        }
    }

    @Test
    fun `the manifest allows no backup and no cleartext and exports only the launcher`() {
        val pm = app.packageManager
        val info = pm.getApplicationInfo(app.packageName, 0)
        assertEquals(0, info.flags and ApplicationInfo.FLAG_ALLOW_BACKUP)
        assertEquals(0, info.flags and ApplicationInfo.FLAG_USES_CLEARTEXT_TRAFFIC)
        val activities = pm.getPackageInfo(app.packageName, PackageManager.GET_ACTIVITIES).activities!!
        assertEquals(listOf(MainActivity::class.java.name), activities.filter { it.exported }.map { it.name })
    }

    /** Per section of a compiled XML resource: the elements, each with its attributes. */
    private fun xmlSections(id: Int): Map<String, List<Pair<String, Map<String, String>>>> {
        val parser = app.resources.getXml(id)
        val sections = LinkedHashMap<String, MutableList<Pair<String, Map<String, String>>>>()
        var section = ""
        var depth = 0
        while (parser.next() != org.xmlpull.v1.XmlPullParser.END_DOCUMENT) {
            when (parser.eventType) {
                org.xmlpull.v1.XmlPullParser.START_TAG -> {
                    depth++
                    val attributes = (0 until parser.attributeCount).associate { parser.getAttributeName(it) to parser.getAttributeValue(it) }
                    if (depth == 1 || (depth == 2 && parser.name !in setOf("include", "exclude"))) section = parser.name
                    sections.getOrPut(section) { ArrayList() }.add(parser.name to attributes)
                }
                org.xmlpull.v1.XmlPullParser.END_TAG -> depth--
            }
        }
        return sections
    }

    @Test
    fun `backup and device transfer exclude every domain and the network config forbids cleartext`() {
        val everything = setOf("root", "file", "database", "sharedpref", "external")
        fun excluded(elements: List<Pair<String, Map<String, String>>>?): Set<String> {
            assertTrue("no include rule", elements!!.none { it.first == "include" })
            return elements.filter { it.first == "exclude" && it.second["path"] == "." }.map { it.second["domain"]!! }.toSet()
        }
        val extraction = xmlSections(R.xml.data_extraction_rules)
        assertEquals(everything, excluded(extraction["cloud-backup"]))
        assertEquals(everything, excluded(extraction["device-transfer"]))
        assertEquals(everything, excluded(xmlSections(R.xml.backup_rules)["full-backup-content"]))
        val network = xmlSections(R.xml.network_security_config)
        assertEquals(setOf("network-security-config", "base-config"), network.keys)
        assertEquals("false", network["base-config"]!!.first().second["cleartextTrafficPermitted"])
    }

    @Test
    fun `the hardware key is an HMAC key in StrongBox when present, in the TEE otherwise, with no screen lock needed`() {
        val keystore = AndroidKeystore()
        keystore.ensureKey("ikd-test")
        val specs = FakeAndroidKeyStore.specs
        assertEquals("StrongBox tried, then the TEE", listOf(true, false), specs.map { it.isStrongBoxBacked })
        for (spec in specs) {
            assertFalse("no user authentication: works without a screen lock", spec.isUserAuthenticationRequired)
            assertEquals(android.security.keystore.KeyProperties.PURPOSE_SIGN, spec.purposes)
        }
        val one = keystore.derive("ikd-test", byteArrayOf(1, 2, 3))
        assertEquals(32, one.size)
        assertArrayEquals("deterministic", one, keystore.derive("ikd-test", byteArrayOf(1, 2, 3)))
        keystore.ensureKey("ikd-test")
        assertEquals("an existing key is kept", 2, specs.size)
        FakeAndroidKeyStore.strongBoxPresent = true
        keystore.ensureKey("ikd-strongbox")
        assertEquals("a phone with StrongBox gets a StrongBox key at once", 3, specs.size)
        assertTrue(specs.last().isStrongBoxBacked)
        keystore.deleteKey("ikd-test")
        try {
            keystore.derive("ikd-test", byteArrayOf(1)); org.junit.Assert.fail("derived with a deleted key")
        } catch (e: uniffi.ikd_ffi.KeystoreFailure.KeyNotFound) {
        }
    }

    @Test
    fun `the PIN key is a limited key that keystore2 deletes after its last use`() {
        val keystore = AndroidKeystore()
        keystore.createLimitedKey("ikd-test-pin1", 3u)
        val spec = FakeAndroidKeyStore.specs.last()
        assertEquals("KeyMint's usage count", 3, spec.maxUsageCount)
        assertFalse("no user authentication: works without a screen lock", spec.isUserAuthenticationRequired)
        val one = keystore.derive("ikd-test-pin1", byteArrayOf(1))
        assertArrayEquals("deterministic", one, keystore.derive("ikd-test-pin1", byteArrayOf(1)))
        keystore.derive("ikd-test-pin1", byteArrayOf(1))
        try {
            keystore.derive("ikd-test-pin1", byteArrayOf(1)); org.junit.Assert.fail("a fourth use of a three-use key")
        } catch (e: uniffi.ikd_ffi.KeystoreFailure.KeyNotFound) {
            // The core reads a missing limited key as the limit reached.
        }
        // A new key under the same alias starts a fresh count; the unlimited seal key has none.
        keystore.createLimitedKey("ikd-test-pin1", 3u)
        assertEquals(32, keystore.derive("ikd-test-pin1", byteArrayOf(1)).size)
        keystore.ensureKey("ikd-test-seal")
        assertEquals(KeyProperties.UNRESTRICTED_USAGE_COUNT, FakeAndroidKeyStore.specs.last().maxUsageCount)
    }

    companion object {
        /** Reads the QR drawn in [image] with ZXing (an independent decoder); returns its text. */
        fun decodeBytes(image: ImageView): ByteArray {
            val bitmap = (image.drawable as BitmapDrawable).bitmap
            val pixels = IntArray(bitmap.width * bitmap.height)
            bitmap.getPixels(pixels, 0, bitmap.width, 0, 0, bitmap.width, bitmap.height)
            val result = QRCodeReader().decode(
                BinaryBitmap(HybridBinarizer(RGBLuminanceSource(bitmap.width, bitmap.height, pixels))),
                mapOf(DecodeHintType.PURE_BARCODE to true, DecodeHintType.POSSIBLE_FORMATS to listOf(BarcodeFormat.QR_CODE)),
            )
            @Suppress("UNCHECKED_CAST")
            val segments = result.resultMetadata?.get(com.google.zxing.ResultMetadataType.BYTE_SEGMENTS) as List<ByteArray>?
            return segments?.fold(ByteArray(0)) { all, part -> all + part } ?: result.text.toByteArray()
        }

        fun decode(image: ImageView): String = String(decodeBytes(image))

        /** Reads the QR in a PNG file with ZXing; returns its bytes. */
        fun decodePng(file: java.io.File): ByteArray {
            val image = javax.imageio.ImageIO.read(file)
            val pixels = image.getRGB(0, 0, image.width, image.height, null, 0, image.width)
            val result = QRCodeReader().decode(
                BinaryBitmap(HybridBinarizer(RGBLuminanceSource(image.width, image.height, pixels))),
                mapOf(DecodeHintType.PURE_BARCODE to true, DecodeHintType.POSSIBLE_FORMATS to listOf(BarcodeFormat.QR_CODE)),
            )
            @Suppress("UNCHECKED_CAST")
            val segments = result.resultMetadata?.get(com.google.zxing.ResultMetadataType.BYTE_SEGMENTS) as List<ByteArray>
            return segments.fold(ByteArray(0)) { all, part -> all + part }
        }
    }
}
