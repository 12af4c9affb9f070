// The daily journeys through the generated Kotlin bindings of IkdApp and the real native library:
// activation against the real issuer on loopback, a wrong PIN, the lockout, a PIN change, a lock
// that wins over a running unlock, and a desk-first answer that the desk (`ikd verify`, another
// process) accepts once. The keystore is Kotlin; the flow is the app's, driven by its events.
package ikd

import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import uniffi.ikd_ffi.ActivationStep
import uniffi.ikd_ffi.AppEffect
import uniffi.ikd_ffi.AppEvent
import uniffi.ikd_ffi.AppLanguage
import uniffi.ikd_ffi.AppView
import uniffi.ikd_ffi.DocumentKind
import uniffi.ikd_ffi.DocumentProfile
import uniffi.ikd_ffi.HardwareKeystore
import uniffi.ikd_ffi.IkdApp
import uniffi.ikd_ffi.KeystoreFailure
import uniffi.ikd_ffi.Screen
import uniffi.ikd_ffi.SlowTask

/**
 * HMAC-SHA256 under random keys held in memory: what Android Keystore does in hardware. A limited
 * key keeps its uses left here too, out of the wallet's files, as KeyMint keeps its usage count.
 */
class MemoryKeystore : HardwareKeystore {
    private val keys = HashMap<String, ByteArray>()
    private val usesLeft = HashMap<String, UInt>()

    override fun ensureKey(alias: String) {
        synchronized(keys) { keys.getOrPut(alias) { java.security.SecureRandom().generateSeed(32) } }
    }

    override fun createLimitedKey(alias: String, maxUses: UInt) {
        synchronized(keys) {
            keys[alias] = java.security.SecureRandom().generateSeed(32)
            usesLeft[alias] = maxUses
        }
    }

    override fun derive(alias: String, input: ByteArray): ByteArray {
        val key = synchronized(keys) {
            val key = keys[alias] ?: throw KeystoreFailure.KeyNotFound()
            val left = usesLeft[alias]
            if (left != null) {
                if (left == 0u) throw KeystoreFailure.LimitReached()
                usesLeft[alias] = left - 1u
            }
            key
        }
        val mac = Mac.getInstance("HmacSHA256")
        mac.init(SecretKeySpec(key, "HmacSHA256"))
        return mac.doFinal(input)
    }

    override fun deleteKey(alias: String) {
        synchronized(keys) {
            keys.remove(alias)
            usesLeft.remove(alias)
        }
    }

    /** Uses left of the limited keys held (for the tests to look at). */
    fun limitedUsesLeft(): Map<String, UInt> = synchronized(keys) { HashMap(usesLeft) }

    /** Spends every use of every limited key, as guesses made around the app would. */
    fun spendAllUses() = synchronized(keys) { usesLeft.replaceAll { _, _ -> 0u } }
}

/** The tasks a view asks the shell to run. */
fun tasks(view: AppView): List<SlowTask> = view.effects.filterIsInstance<AppEffect.RunTask>().map { it.task }

/** Runs every task the view asks for, as a shell's worker thread would, until none is left. */
fun IkdApp.settle(first: AppView): AppView {
    var view = first
    while (true) view = runTask(tasks(view).firstOrNull() ?: return view)
}

/** Types [pin] on the pad shown, digit by digit; returns the last view before any task ran. */
fun IkdApp.press(pin: String): AppView = pin.fold(view()) { _, c -> dispatch(AppEvent.Digit((c - '0').toUByte())) }

/** Types [pin] and runs the task a complete pad starts. */
fun IkdApp.typePin(pin: String): AppView = settle(press(pin))

fun AppView.bannerText(): String = banner?.text ?: ""

class WalletJourneysTest {
    private val issuer = System.getenv("IKD_ISSUER_URL") ?: error("IKD_ISSUER_URL not set")
    private val issuerData = File(System.getenv("IKD_ISSUER_DATA") ?: error("IKD_ISSUER_DATA not set"))
    private val home = System.getenv("IKD_DESK_HOME") ?: error("IKD_DESK_HOME not set")
    private val ikd = System.getenv("IKD_BIN") ?: error("IKD_BIN not set")
    private val nik = "3174015708900001"
    private val pin = "246813"

    private fun enroll(): Pair<String, String> {
        val body = """{"nik":"$nik","email":"siti.contoh@example.id"}"""
        val request = HttpRequest.newBuilder(URI.create("$issuer/v1/officer/enrollments"))
            .header("Authorization", "Bearer " + System.getenv("IKD_OFFICER_TOKEN"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build()
        val response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
        assertEquals(201, response.statusCode())
        val json = response.body()
        val qr = Regex("\"activation_qr\":\"([^\"]+)\"").find(json)!!.groupValues[1]
        val id = Regex("\"enrollment_id\":\"([^\"]+)\"").find(json)!!.groupValues[1]
        val eml = File(issuerData, "outbox/$id.eml").readText()
        val code = Regex("Your IKD activation code: (\\S+)").find(eml)!!.groupValues[1]
        return Pair(qr, code)
    }

    private fun ikd(vararg args: String): Pair<Boolean, String> {
        val process = ProcessBuilder(ikd, *args, "--home", home).redirectErrorStream(true).start()
        val output = process.inputStream.bufferedReader().readText()
        return Pair(process.waitFor() == 0, output)
    }

    /** Walks activation from the first start as the citizen does; returns the last view. */
    private fun activate(app: IkdApp, qr: String, code: String): AppView {
        assertTrue(app.view().screen is Screen.ChooseLanguage)
        app.dispatch(AppEvent.ChooseLanguage(AppLanguage.INDONESIAN))
        app.dispatch(AppEvent.TextChanged(qr))
        app.dispatch(AppEvent.Submit)
        app.dispatch(AppEvent.TextChanged(nik))
        val codeStep = app.dispatch(AppEvent.Submit)
        assertTrue((codeStep.screen as Screen.Activation).v1.server!!.contains("127.0.0.1"))
        app.dispatch(AppEvent.TextChanged(code))
        app.dispatch(AppEvent.Submit)
        app.typePin(pin)
        return app.typePin(pin)
    }

    private fun activatedApp(
        folder: String = Files.createTempDirectory("ikd-kotlin").toString(),
        keystore: MemoryKeystore = MemoryKeystore(),
    ): IkdApp {
        val app = IkdApp.open(folder, keystore)
        val (qr, code) = enroll()
        val view = activate(app, qr, code)
        assertTrue("home after activation: ${view.bannerText()}", view.screen is Screen.Home)
        return app
    }

    @Test
    fun activationShowsFourDocumentsAndTheKtpHoldsTheNik() {
        val app = activatedApp()
        val home = (app.view().screen as Screen.Home).v1
        assertEquals(listOf(DocumentKind.KTP, DocumentKind.FAMILY_CARD, DocumentKind.VACCINE, DocumentKind.BPJS), home.cards.map { it.kind })
        assertTrue(home.cards.all { it.open.enabled })
        val ktp = (app.dispatch(AppEvent.OpenDocument(DocumentKind.KTP)).screen as Screen.Document).v1
        assertEquals("SITI CONTOH RAHAYU", ktp.holderName)
        assertTrue(ktp.fields.any { it.label == "NIK" && it.value == nik })
        val kk = (app.dispatch(AppEvent.Back).let { app.dispatch(AppEvent.OpenDocument(DocumentKind.FAMILY_CARD)) }.screen as Screen.Document).v1
        assertTrue("the KK as a member table", kk.members!!.rows.isNotEmpty())
    }

    @Test
    fun aWrongActivationCodeReturnsToTheCodeStepWithTheIssuersWords() {
        val app = IkdApp.open(Files.createTempDirectory("ikd-kotlin").toString(), MemoryKeystore())
        val (qr, _) = enroll()
        val view = activate(app, qr, "SALAH234")
        assertEquals(ActivationStep.CODE, (view.screen as Screen.Activation).v1.step)
        assertTrue(view.bannerText().isNotBlank())
    }

    @Test
    fun wrongPinsCountDownThenTheLockoutStopsThePad() {
        val app = activatedApp()
        app.dispatch(AppEvent.LockNow)
        for (left in 9 downTo 6) {
            val view = app.typePin("111112")
            val unlock = (view.screen as Screen.Unlock).v1
            assertEquals("Sisa percobaan: $left", unlock.triesLeft)
            assertTrue(view.bannerText().contains("PIN salah"))
            assertNull(unlock.wait)
        }
        val view = app.typePin("111112")
        val unlock = (view.screen as Screen.Unlock).v1
        assertTrue(unlock.wait!!, unlock.wait!!.startsWith("Coba lagi dalam"))
        assertFalse("the pad is off during the wait", unlock.pad.enabled)
        assertTrue("no task for digits during the wait", tasks(app.press(pin)).isEmpty())
        assertTrue(app.view().screen is Screen.Unlock)
    }

    @Test
    fun theRightPinGivesTheLimitedPinKeyItsFullCountBack() {
        val keystore = MemoryKeystore()
        val app = activatedApp(keystore = keystore)
        app.dispatch(AppEvent.LockNow)
        repeat(3) { app.typePin("111112") }
        val pinKey = keystore.limitedUsesLeft().entries.single()
        assertEquals("eleven uses, one for the wrapping, three guesses", 7u, pinKey.value)
        assertTrue(app.typePin(pin).screen is Screen.Home)
        val rotated = keystore.limitedUsesLeft().entries.single()
        assertFalse("a new key of the next generation", rotated.key == pinKey.key)
        assertEquals(10u, rotated.value)
    }

    @Test
    fun aKeystoreThatSaysTheLimitIsReachedEndsOnTheReactivationScreen() {
        val keystore = MemoryKeystore()
        val app = activatedApp(keystore = keystore)
        app.dispatch(AppEvent.LockNow)
        keystore.spendAllUses()
        val view = app.typePin(pin)
        assertTrue("${view.screen}", view.screen is Screen.Reactivation)
        assertTrue("the PIN key is gone", keystore.limitedUsesLeft().isEmpty())
    }

    @Test
    fun aPinChangeThenTheOldPinFailsAndTheNewOneOpens() {
        val app = activatedApp()
        app.dispatch(AppEvent.OpenSettings)
        app.dispatch(AppEvent.StartChangePin)
        app.typePin(pin)
        val sequence = app.typePin("123456")
        assertTrue("a sequence is refused at once", sequence.bannerText().contains("berurutan"))
        app.typePin("975318")
        val differ = app.typePin("975319")
        assertTrue(differ.bannerText().contains("tidak sama"))
        app.typePin("975318")
        val done = app.typePin("975318")
        assertTrue(done.screen is Screen.Settings)
        assertTrue(done.bannerText().contains("PIN sudah diganti"))
        app.dispatch(AppEvent.LockNow)
        assertTrue("the old PIN no longer opens", app.typePin(pin).screen is Screen.Unlock)
        assertTrue(app.typePin("975318").screen is Screen.Home)
    }

    @Test
    fun aLockWhileThePinIsCheckedWinsAndTheWalletStaysLocked() {
        val folder = Files.createTempDirectory("ikd-kotlin").toString()
        val app = activatedApp(folder)
        app.dispatch(AppEvent.LockNow)
        val pending = tasks(app.press(pin)).single()
        assertNotNull("a spinner while the PIN is checked", app.view().busy)
        val worker = Thread { app.runTask(pending) }
        worker.start()
        app.dispatch(AppEvent.WentToBackground) // the main thread is not blocked by the KDF
        worker.join()
        val view = app.dispatch(AppEvent.CameToForeground)
        assertTrue("locked: ${view.screen}", view.screen is Screen.Unlock)
        assertNull(view.busy)
        assertTrue("the same task again does nothing", app.runTask(pending).screen is Screen.Unlock)
    }

    @Test
    fun aDeskAsksFirstTheCitizenSeesWhoAndWhatAndTheDeskAcceptsTheAnswerOnce() {
        assertTrue(ikd("desk", "init").first)
        val certified = ikd("desk", "certify", "--institution", "BANK CONTOH", "--desk", "LOKET 1",
            "--sector", "finance", "--allow", "ktp-basic", "--allow", "age17")
        assertTrue(certified.second, certified.first)
        assertTrue(ikd("desk", "card", "--doc", "ktp-basic").first)
        val card = readQr(File(home, "desk/request.png"))

        val app = activatedApp()
        app.dispatch(AppEvent.OpenDocument(DocumentKind.KTP))
        assertTrue(app.dispatch(AppEvent.ShowAtDesk).screen is Screen.DeskScan)
        assertNotNull(app.dispatch(AppEvent.OpenScanner).scanner)
        val asked = app.dispatch(AppEvent.ScannedBytes(card))
        val consent = (asked.screen as? Screen.Consent)?.v1 ?: error("not consent: ${asked.bannerText()}")
        assertEquals("BANK CONTOH", consent.institution)
        assertEquals("LOKET 1 · Keuangan", consent.desk)
        assertEquals(DocumentProfile.KTP_BASIC, consent.profile)
        assertEquals(listOf("NIK", "Nama", "Tanggal lahir"), consent.fields.map { it.label })
        assertFalse("nothing is shown before consent", asked.fullBrightness)

        val shown = app.dispatch(AppEvent.Share)
        val answer = (shown.screen as Screen.Answer).v1
        assertEquals("Untuk: BANK CONTOH, LOKET 1", answer.desk)
        assertTrue(shown.fullBrightness && shown.keepScreenOn)
        val matrix = answer.matrix!!
        val png = File(Files.createTempDirectory("ikd-kotlin").toFile(), "answer.png")
        writePng(matrix.size.toInt(), matrix.modules, png)
        val first = ikd("verify", "--image", png.path)
        assertTrue("the desk accepts the answer as drawn: ${first.second}", first.first && first.second.contains("QR SAH"))
        val again = ikd("verify", "--image", png.path)
        assertFalse("and refuses it the second time: ${again.second}", again.first)
        assertTrue(app.dispatch(AppEvent.Back).screen is Screen.Document)
    }

    /** The QR in a PNG, read by zbarimg (an independent decoder), as its bytes. */
    private fun readQr(png: File): ByteArray {
        val process = ProcessBuilder("zbarimg", "--quiet", "--raw", "-Sbinary", png.path).start()
        val bytes = process.inputStream.readBytes()
        assertEquals(0, process.waitFor())
        return bytes
    }

    /** The modules as a PNG, 6 pixels each with the four-module quiet zone (javax.imageio). */
    private fun writePng(size: Int, modules: List<Boolean>, file: File) {
        val scale = 6
        val side = (size + 8) * scale
        val image = java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_BYTE_GRAY)
        for (y in 0 until side) for (x in 0 until side) {
            val row = y / scale - 4
            val column = x / scale - 4
            val dark = row in 0 until size && column in 0 until size && modules[row * size + column]
            image.raster.setSample(x, y, 0, if (dark) 0 else 255)
        }
        javax.imageio.ImageIO.write(image, "png", file)
    }
}
