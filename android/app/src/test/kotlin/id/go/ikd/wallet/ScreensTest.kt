package id.go.ikd.wallet

import android.content.pm.ApplicationInfo
import android.content.pm.PackageManager
import android.os.Looper
import android.view.View
import android.view.WindowManager
import android.widget.Button
import android.widget.EditText
import android.widget.TextView
import com.google.zxing.BarcodeFormat
import com.google.zxing.BinaryBitmap
import com.google.zxing.DecodeHintType
import com.google.zxing.RGBLuminanceSource
import com.google.zxing.ResultMetadataType
import com.google.zxing.common.HybridBinarizer
import com.google.zxing.qrcode.QRCodeReader
import java.time.Duration
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf
import org.robolectric.android.controller.ActivityController
import org.robolectric.annotation.Config
import org.robolectric.shadows.ShadowDialog
import uniffi.ikd_ffi.AppLanguage
import uniffi.ikd_ffi.WalletState

/**
 * The app's screens on the real Android framework (Robolectric, API 35), the real native library
 * (JNA) and the real issuer on loopback. Only AndroidKeyStore is a stand-in (FakeAndroidKeyStore).
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35])
class ScreensTest {
    private val app get() = RuntimeEnvironment.getApplication() as IkdApplication

    @Before
    fun keystore() = FakeAndroidKeyStore.install()

    private fun activateInCore() {
        val (qr, code) = Issuer.enroll()
        app.wallet.activate(qr, Issuer.NIK, code, padOf(Issuer.PIN), padOf(Issuer.PIN))
    }

    private fun launch(): ActivityController<MainActivity> = Robolectric.buildActivity(MainActivity::class.java).setup()

    private fun secure(flags: Int) = flags and WindowManager.LayoutParams.FLAG_SECURE != 0

    private fun MainActivity.assertSecure() =
        assertTrue("FLAG_SECURE on the window of ${current?.javaClass?.simpleName}", secure(window.attributes.flags))

    private fun MainActivity.textOf(tag: String) = byTag<TextView>(tag).text.toString()

    private fun MainActivity.unlockWithKeypad(pin: String) {
        typePin(pin)
        waitUntil("the PIN is checked") { current !is PinScreen || byTag<Button>("key_1").isEnabled }
    }

    @Test
    fun `the first screen of a new phone is activation, on a window nobody can capture`() {
        val activity = launch().get()
        assertTrue(activity.current is ActivationScreen)
        activity.assertSecure()
        assertEquals("Aktivasi IKD", allViews(activity.window.decorView).filterIsInstance<TextView>().first().text.toString())
    }

    @Test
    fun `a citizen activates through the real issuer with the officer's QR, the NIK, the code and a PIN typed twice`() {
        val (qr, code) = Issuer.enroll()
        val activity = launch().get()
        activity.byTag<EditText>("qr_text").setText(qr)
        activity.byTag<EditText>("nik").setText(Issuer.NIK)
        activity.click("continue")
        val host = java.net.URI(Issuer.url).host
        assertTrue(activity.textOf("server"), activity.textOf("server").contains(host))
        activity.byTag<EditText>("code").setText(code)
        activity.typePin("123456")
        assertTrue("the core's rule is shown", activity.byTag<TextView>("status").visibility == View.VISIBLE)
        assertEquals("a rejected PIN leaves the pad empty", "○○○○○○", activity.textOf("pin_dots"))
        activity.typePin(Issuer.PIN)
        activity.typePin(Issuer.PIN)
        waitUntil("activation finishes") { activity.current is HomeScreen }
        assertEquals(WalletState.Unlocked, app.wallet.state())
        activity.assertSecure()
        activity.byTag<View>("doc_KTP_FULL")
    }

    @Test
    fun `a wrong activation code is refused by the issuer, explained, and the citizen can try again`() {
        val (qr, _) = Issuer.enroll()
        val activity = launch().get()
        activity.byTag<EditText>("qr_text").setText(qr)
        activity.byTag<EditText>("nik").setText(Issuer.NIK)
        activity.click("continue")
        activity.byTag<EditText>("code").setText("SALAH-123")
        activity.typePin(Issuer.PIN)
        assertEquals("the PIN passed the core's rules", "Ulangi PIN yang sama", activity.textOf("step"))
        activity.typePin(Issuer.PIN)
        assertEquals(activity.text(R.string.activation_working), activity.textOf("step"))
        waitUntil("the issuer answers") { activity.byTag<TextView>("step").text.startsWith("Buat PIN") }
        val status = activity.byTag<TextView>("status")
        assertEquals(View.VISIBLE, status.visibility)
        assertTrue(status.text.isNotBlank())
        for (other in listOf(uniffi.ikd_ffi.WalletException.Internal(), uniffi.ikd_ffi.WalletException.NetworkUnavailable())) {
            assertNotEquals("a refusal, not ${other.javaClass.simpleName}", activity.explain(other), status.text.toString())
        }
        assertEquals(WalletState.NotActivated, app.wallet.state())
        assertEquals("the pad starts empty again", "○○○○○○", activity.textOf("pin_dots"))
        assertTrue(activity.current is ActivationScreen)
    }

    @Test
    fun `an activation QR that is not one is refused offline with the core's words`() {
        val activity = launch().get()
        activity.byTag<EditText>("qr_text").setText("https://example.com/not-an-activation-qr")
        activity.byTag<EditText>("nik").setText(Issuer.NIK)
        activity.click("continue")
        assertTrue(activity.current is ActivationScreen)
        val status = activity.byTag<TextView>("status")
        assertEquals(View.VISIBLE, status.visibility)
        assertEquals(activity.explain(uniffi.ikd_ffi.WalletException.InvalidActivationQr()), status.text.toString())
    }

    @Test
    fun `the right PIN typed on the app's keypad opens the documents`() {
        activateInCore()
        app.wallet.lock()
        val activity = launch().get()
        assertTrue(activity.current is PinScreen)
        activity.assertSecure()
        assertTrue("no text field: the system keyboard never opens", allViews(activity.window.decorView).none { it is EditText })
        val keys = allViews(activity.window.decorView).filter { (it.tag as? String)?.startsWith("key_") == true }
        assertEquals(11, keys.size)
        assertTrue("no taps through overlays on the keypad", keys.all { it.filterTouchesWhenObscured })
        activity.unlockWithKeypad(Issuer.PIN)
        assertTrue(activity.current is HomeScreen)
        activity.assertSecure()
        for (profile in listOf("KTP_FULL", "FAMILY_CARD", "VACCINE", "BPJS")) activity.byTag<View>("doc_$profile")
    }

    @Test
    fun `a wrong PIN shows the attempts left and five wrong PINs show a lockout countdown that ticks`() {
        activateInCore()
        app.wallet.lock()
        val activity = launch().get()
        assertEquals("Sisa percobaan: 10", activity.textOf("attempts"))
        activity.unlockWithKeypad(Issuer.WRONG_PIN)
        assertEquals("Sisa percobaan: 9", activity.textOf("attempts"))
        assertEquals(View.VISIBLE, activity.byTag<TextView>("status").visibility)
        assertEquals(
            "the core's words for a wrong PIN",
            activity.explain(uniffi.ikd_ffi.WalletException.WrongPin(9u, 0uL)),
            activity.textOf("status"),
        )
        assertEquals(View.GONE, activity.byTag<TextView>("countdown").visibility)
        repeat(3) { activity.unlockWithKeypad(Issuer.WRONG_PIN) }
        assertEquals("Sisa percobaan: 6", activity.textOf("attempts"))
        activity.typePin(Issuer.WRONG_PIN)
        waitUntil("the fifth wrong PIN is counted") { activity.textOf("attempts") == "Sisa percobaan: 5" }
        val countdown = activity.byTag<TextView>("countdown")
        assertEquals(View.VISIBLE, countdown.visibility)
        assertTrue(countdown.text.toString(), countdown.text.startsWith("Coba lagi dalam"))
        assertFalse("the keypad is off during the wait", activity.byTag<Button>("key_1").isEnabled)
        val first = countdown.text.toString()
        Thread.sleep(1100) // the core's clock is the wall clock
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofSeconds(1))
        assertNotEquals("the countdown ticks", first, countdown.text.toString())
        assertEquals(WalletState.Locked, app.wallet.state())
        activity.assertSecure()
    }

    @Test
    fun `the QR screen draws a frame that an independent decoder reads and the desk accepts, at full brightness, and rotates on the core's schedule`() {
        activateInCore()
        val activity = launch().get()
        activity.click("doc_KTP_BASIC")
        assertTrue(activity.current is DocumentScreen)
        activity.assertSecure()
        activity.click("show_qr")
        val screen = activity.current as QrScreen
        activity.assertSecure()
        val frame = screen.frame!!
        val bitmap = screen.bitmap!!
        val pixels = IntArray(bitmap.width * bitmap.height)
        bitmap.getPixels(pixels, 0, bitmap.width, 0, 0, bitmap.width, bitmap.height)
        val result = QRCodeReader().decode(
            BinaryBitmap(HybridBinarizer(RGBLuminanceSource(bitmap.width, bitmap.height, pixels))),
            mapOf(DecodeHintType.PURE_BARCODE to true, DecodeHintType.POSSIBLE_FORMATS to listOf(BarcodeFormat.QR_CODE)),
        )
        @Suppress("UNCHECKED_CAST")
        val segments = result.resultMetadata[ResultMetadataType.BYTE_SEGMENTS] as List<ByteArray>
        val decoded = segments.fold(ByteArray(0)) { all, part -> all + part }
        assertArrayEquals("the drawn QR carries the core's payload", frame.payload, decoded)
        assertTrue("a desk accepts the frame", Issuer.deskAccepts(frame.payload))
        assertEquals(WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_FULL, activity.window.attributes.screenBrightness)
        assertTrue(activity.textOf("qr_desk").contains(frame.verifierName))
        assertTrue(activity.textOf("qr_countdown"), activity.textOf("qr_countdown").startsWith("QR baru dalam"))

        // The core says when the next frame is due; the screen draws it then (real time).
        Thread.sleep((frame.refreshAt * 1000 - System.currentTimeMillis()).coerceAtLeast(0) + 200)
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofSeconds(1))
        val next = screen.frame!!
        assertNotEquals("a new frame", frame.payload.toList(), next.payload.toList())
        assertTrue("the next frame is drawn", screen.bitmap !== bitmap)
        assertTrue("a desk accepts the next frame", Issuer.deskAccepts(next.payload))

        activity.click("back")
        assertEquals(WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE, activity.window.attributes.screenBrightness)
    }

    @Test
    fun `changing the PIN on the keypad enforces the core's rules and the new PIN then unlocks`() {
        activateInCore()
        val activity = launch().get()
        activity.click("change_pin")
        activity.assertSecure()
        assertTrue("no text field: the system keyboard never opens", allViews(activity.window.decorView).none { it is EditText })
        activity.typePin(Issuer.PIN)
        activity.typePin("123456")
        assertEquals(View.VISIBLE, activity.byTag<TextView>("status").visibility)
        assertEquals("Buat PIN baru", activity.textOf("step"))
        activity.typePin("975318")
        assertEquals("Ulangi PIN baru", activity.textOf("step"))
        activity.typePin("975318")
        waitUntil("the PIN is changed") { activity.current is HomeScreen }
        assertTrue(activity.textOf("status").startsWith("PIN sudah diubah"))
        activity.click("lock")
        assertTrue(activity.current is PinScreen)
        activity.unlockWithKeypad(Issuer.PIN)
        assertTrue("the old PIN no longer opens", activity.current is PinScreen)
        activity.unlockWithKeypad("975318")
        assertTrue(activity.current is HomeScreen)
    }

    @Test
    fun `going to the background locks the wallet and coming back asks for the PIN`() {
        activateInCore()
        val controller = launch()
        assertTrue(controller.get().current is HomeScreen)
        controller.pause().stop()
        assertEquals(WalletState.Locked, app.wallet.state())
        controller.restart().start().resume()
        assertTrue(controller.get().current is PinScreen)
        controller.get().assertSecure()
    }

    @Test
    fun `an unlock that finishes after the app went to the background leaves the wallet locked`() {
        activateInCore()
        app.wallet.lock()
        val controller = launch()
        val activity = controller.get()
        activity.typePin(Issuer.PIN) // the KDF runs on the worker thread...
        assertFalse("checking", activity.byTag<Button>("key_1").isEnabled)
        controller.pause().stop() // ...while the user leaves
        waitUntil("the unlock finishes") { activity.current !is PinScreen || activity.byTag<Button>("key_1").isEnabled }
        assertEquals(WalletState.Locked, app.wallet.state())
        controller.restart().start().resume()
        assertTrue(activity.current is PinScreen)
    }

    @Test
    fun `an open wallet left untouched for the auto-lock time locks itself and shows the PIN pad`() {
        activateInCore()
        app.wallet.setSettings(app.wallet.settings().copy(autoLockSeconds = uniffi.ikd_ffi.autoLockChoices().min()))
        val activity = launch().get()
        assertTrue(activity.current is HomeScreen)
        val left = app.wallet.idleSecondsLeft()
        assertTrue("the core's idle time: $left", left in 1uL..30uL)
        Thread.sleep(left.toLong() * 1000 + 500) // the core's monotonic clock is real
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofSeconds(left.toLong() + 1))
        assertEquals(WalletState.Locked, app.wallet.state())
        assertTrue(activity.current is PinScreen)
    }

    @Test
    fun `updating the documents asks the real issuer and says when it is done`() {
        activateInCore()
        val activity = launch().get()
        activity.click("refresh")
        waitUntil("the refresh finishes") { activity.textOf("status") != activity.text(R.string.working) }
        assertEquals(activity.text(R.string.home_refreshed), activity.textOf("status"))
        activity.byTag<View>("doc_KTP_FULL")
    }

    @Test
    fun `switching the language to English changes the screens and the core's messages and is remembered`() {
        activateInCore()
        val activity = launch().get()
        activity.click("settings")
        activity.assertSecure()
        assertEquals("Pengaturan", allViews(activity.window.decorView).filterIsInstance<TextView>().first().text.toString())
        activity.click("lang_en")
        assertEquals(AppLanguage.ENGLISH, app.wallet.settings().language)
        assertEquals("Settings", allViews(activity.window.decorView).filterIsInstance<TextView>().first().text.toString())
        activity.click("back")
        assertEquals("My documents", allViews(activity.window.decorView).filterIsInstance<TextView>().first().text.toString())
        app.wallet.lock()
        val again = launch().get()
        assertEquals("Attempts left: 10", again.textOf("attempts"))
        again.unlockWithKeypad(Issuer.WRONG_PIN)
        assertEquals(
            "the core's English words",
            uniffi.ikd_ffi.errorText(uniffi.ikd_ffi.WalletException.WrongPin(9u, 0uL)).en,
            again.textOf("status"),
        )
    }

    @Test
    fun `the auto-lock choices are the core's and a choice is stored`() {
        activateInCore()
        val activity = launch().get()
        activity.click("settings")
        val choices = uniffi.ikd_ffi.autoLockChoices()
        for (seconds in choices) activity.byTag<View>("autolock_$seconds")
        val other = choices.first { it != app.wallet.settings().autoLockSeconds }
        activity.click("autolock_$other")
        assertEquals(other, app.wallet.settings().autoLockSeconds)
    }

    @Test
    fun `dialogs are secure windows too`() {
        shadowOf(RuntimeEnvironment.getApplication()).checkActivities(true)
        val activity = launch().get()
        activity.click("scan") // no scanner app here: the app explains in a dialog
        val dialog = ShadowDialog.getLatestDialog()
        assertTrue(dialog.isShowing)
        assertTrue("FLAG_SECURE on the dialog's window", secure(dialog.window!!.attributes.flags))
    }

    @Test
    fun `a damaged wallet explains itself in the core's words and starts over after a confirmed reset`() {
        val folder = java.io.File(app.noBackupFilesDir, "wallet").apply { mkdirs() }
        java.io.File(folder, "wallet.sqlite3").writeBytes(ByteArray(8192) { 0x5a })
        val activity = launch().get()
        assertTrue(activity.current is ReactivationScreen)
        activity.assertSecure()
        val expected = activity.explain(uniffi.ikd_ffi.WalletException.NeedsReactivation(uniffi.ikd_ffi.ReactivationCause.DAMAGED))
        assertEquals(expected, activity.textOf("reason"))
        activity.click("start")
        val dialog = ShadowDialog.getLatestDialog() as android.app.AlertDialog
        assertTrue("FLAG_SECURE on the confirmation", secure(dialog.window!!.attributes.flags))
        assertTrue(dialog.getButton(android.app.AlertDialog.BUTTON_POSITIVE).performClick())
        shadowOf(Looper.getMainLooper()).idle()
        assertEquals(WalletState.NotActivated, app.wallet.state())
        assertTrue(activity.current is ActivationScreen)
    }

    @Test
    fun `every control on every screen has a content description`() {
        activateInCore()
        val activity = launch().get()
        val seen = ArrayList<String>()
        fun check() {
            val screen = activity.current!!.javaClass.simpleName
            seen.add(screen)
            for (view in allViews(activity.window.decorView)) {
                if (view.isClickable && view.visibility == View.VISIBLE && view !is EditText) {
                    assertTrue("$screen: ${view.tag} has a content description", !view.contentDescription.isNullOrBlank())
                }
                if (view is EditText) assertTrue("$screen: ${view.tag} is labelled", !view.hint.isNullOrBlank())
            }
        }
        check()
        activity.click("doc_KTP_FULL"); check()
        activity.click("show_qr"); check()
        activity.click("back"); activity.click("back")
        activity.click("settings"); check(); activity.click("back")
        activity.click("change_pin"); check(); activity.click("back")
        activity.click("lock"); check()
        assertEquals(listOf("HomeScreen", "DocumentScreen", "QrScreen", "SettingsScreen", "ChangePinScreen", "PinScreen"), seen)
    }

    @Test
    @Config(fontScale = 2f, qualifiers = "w320dp-h533dp")
    fun `at the largest font size on a small phone every screen scrolls and no text is cut`() {
        val seen = ArrayList<String>()
        fun check(activity: MainActivity) {
            shadowOf(Looper.getMainLooper()).idleFor(Duration.ofMillis(50)) // a layout pass
            assertEquals(2f, activity.resources.configuration.fontScale)
            val screen = activity.current!!.javaClass.simpleName
            seen.add(screen)
            val root = activity.findViewById<android.view.ViewGroup>(android.R.id.content)!!.getChildAt(0)
            assertTrue("$screen scrolls", root is android.widget.ScrollView)
            val texts = allViews(root).filterIsInstance<TextView>().filter { it.visibility == View.VISIBLE && it.text.isNotEmpty() }
            assertTrue(texts.isNotEmpty())
            for (view in texts) {
                val layout = view.layout ?: throw AssertionError("$screen: ${view.tag ?: view.text} not laid out")
                assertTrue("$screen: ${view.tag ?: view.text} has no height", view.height > 0)
                assertTrue(
                    "$screen: ${view.tag ?: view.text} is cut (${view.height} < ${layout.height})",
                    view.height >= layout.height + view.compoundPaddingTop + view.compoundPaddingBottom,
                )
                assertEquals("$screen: ${view.tag} ellipsized", 0, (0 until layout.lineCount).sumOf { layout.getEllipsisCount(it) })
            }
        }
        check(launch().get())
        activateInCore()
        val activity = launch().get()
        check(activity)
        activity.click("doc_KTP_FULL"); check(activity)
        activity.click("show_qr"); check(activity)
        activity.click("back"); activity.click("back")
        activity.click("settings"); check(activity); activity.click("back")
        activity.click("change_pin"); check(activity); activity.click("back")
        activity.click("lock"); check(activity)
        assertEquals(
            listOf("ActivationScreen", "HomeScreen", "DocumentScreen", "QrScreen", "SettingsScreen", "ChangePinScreen", "PinScreen"),
            seen,
        )
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
}
