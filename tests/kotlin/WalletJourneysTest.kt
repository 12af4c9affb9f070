// The daily journeys through the generated Kotlin bindings and the real native library:
// activation against the real issuer on loopback, unlock, every document, two QR frames that a
// desk verifies, wrong PINs until the lockout, PIN change, lock. The keystore is Kotlin.
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
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import uniffi.ikd_ffi.AppLanguage
import uniffi.ikd_ffi.AppSettings
import uniffi.ikd_ffi.DocumentProfile
import uniffi.ikd_ffi.HardwareKeystore
import uniffi.ikd_ffi.IkdWallet
import uniffi.ikd_ffi.KeystoreFailure
import uniffi.ikd_ffi.PinPad
import uniffi.ikd_ffi.autoLockChoices
import uniffi.ikd_ffi.errorText
import uniffi.ikd_ffi.WalletException
import uniffi.ikd_ffi.WalletState

/** A PIN pad with [digits] typed on it, as a screen's keypad would. */
fun pad(digits: String): PinPad = PinPad().also { pad -> digits.forEach { pad.press((it - '0').toUByte()) } }

/** HMAC-SHA256 under random keys held in memory: what Android Keystore does in hardware. */
class MemoryKeystore : HardwareKeystore {
    private val keys = HashMap<String, ByteArray>()

    override fun ensureKey(alias: String) {
        synchronized(keys) { keys.getOrPut(alias) { java.security.SecureRandom().generateSeed(32) } }
    }

    override fun derive(alias: String, input: ByteArray): ByteArray {
        val key = synchronized(keys) { keys[alias] } ?: throw KeystoreFailure.KeyNotFound()
        val mac = Mac.getInstance("HmacSHA256")
        mac.init(SecretKeySpec(key, "HmacSHA256"))
        return mac.doFinal(input)
    }

    override fun deleteKey(alias: String) {
        synchronized(keys) { keys.remove(alias) }
    }
}

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

    private fun activatedWallet(
        folder: String = Files.createTempDirectory("ikd-kotlin").toString(),
    ): IkdWallet {
        val wallet = IkdWallet.open(folder, MemoryKeystore())
        assertEquals(WalletState.NotActivated, wallet.state())
        val (qr, code) = enroll()
        wallet.activate(qr, nik, code, pad(pin), pad(pin))
        return wallet
    }

    private fun deskAccepts(payload: ByteArray): Boolean {
        val hex = payload.joinToString("") { "%02x".format(it) }
        val process = ProcessBuilder(ikd, "verify", "--payload-hex", hex, "--home", home)
            .redirectErrorStream(true).start()
        val output = process.inputStream.bufferedReader().readText()
        return process.waitFor() == 0 && output.contains("QR SAH")
    }

    @Test
    fun activateUnlockAndReadEveryDocument() {
        val wallet = activatedWallet()
        assertEquals(WalletState.Unlocked, wallet.state())
        wallet.lock()
        assertEquals(WalletState.Locked, wallet.state())
        wallet.unlock(pad(pin))
        val documents = wallet.documents()
        assertEquals(7, documents.size)
        val ktp = documents.first { it.profile == DocumentProfile.KTP_FULL }
        assertEquals("SITI CONTOH RAHAYU", ktp.holderName)
        assertTrue(ktp.fields.any { it.labelId == "NIK" && it.value == nik })
        for (profile in listOf(DocumentProfile.FAMILY_CARD, DocumentProfile.VACCINE, DocumentProfile.BPJS)) {
            assertTrue("$profile present", documents.any { it.profile == profile })
        }
    }

    @Test
    fun twoQrFramesDifferAndBothVerifyAtTheDesk() {
        val wallet = activatedWallet()
        val now = System.currentTimeMillis() / 1000
        val first = wallet.qrFrame(DocumentProfile.KTP_BASIC, now)
        val second = wallet.qrFrame(DocumentProfile.KTP_BASIC, now + 30)
        assertNotEquals(first.payload.toList(), second.payload.toList())
        assertEquals((first.size * first.size).toInt(), first.modules.size)
        assertTrue(first.version <= 13u.toUByte())
        assertTrue(first.refreshAt > now && first.validUntil >= now + 60)
        assertTrue(deskAccepts(first.payload))
    }

    @Test
    fun wrongPinsCountDownThenLockOut() {
        val wallet = activatedWallet()
        wallet.lock()
        for (left in 9 downTo 6) {
            try {
                wallet.unlock(pad("111112")); fail("a wrong PIN unlocked")
            } catch (e: WalletException.WrongPin) {
                assertEquals(left.toUInt(), e.attemptsLeft)
                assertEquals(0uL, e.waitSeconds)
            }
        }
        try {
            wallet.unlock(pad("111112")); fail("a wrong PIN unlocked")
        } catch (e: WalletException.WrongPin) {
            assertEquals(60uL, e.waitSeconds)
        }
        try {
            wallet.unlock(pad(pin)); fail("unlocked during the wait")
        } catch (e: WalletException.LockedOut) {
            assertTrue(e.waitSeconds in 1uL..60uL)
        }
        assertEquals(5u, wallet.lockout().attemptsLeft)
    }

    @Test
    fun changePinThenTheOldOneFailsAndLockWipesTheSession() {
        val wallet = activatedWallet()
        try {
            wallet.changePin(pad(pin), pad("123456"), pad("123456")); fail("a sequence was accepted")
        } catch (e: WalletException.PinRejected) {
            assertEquals(uniffi.ikd_ffi.PinRule.NOT_A_SEQUENCE, e.rule)
        }
        wallet.changePin(pad(pin), pad("975318"), pad("975318"))
        wallet.lock()
        try {
            wallet.documents(); fail("documents readable while locked")
        } catch (e: WalletException.Locked) {
        }
        try {
            wallet.unlock(pad(pin)); fail("the old PIN still works")
        } catch (e: WalletException.WrongPin) {
        }
        wallet.unlock(pad("975318"))
        assertEquals(7, wallet.documents().size)
    }

    @Test
    fun aConfirmationThatDiffersIsRefusedBeforeAnyTryIsCounted() {
        val wallet = activatedWallet()
        val old = pad(pin)
        try {
            wallet.changePin(old, pad("975318"), pad("975319")); fail("different PINs were accepted")
        } catch (e: WalletException.PinsDiffer) {
            assertTrue(errorText(e).id.contains("tidak sama"))
            assertTrue(errorText(e).en.contains("same new PIN twice"))
        }
        assertEquals("the pad is cleared after use", 0u, old.count())
        assertEquals(10u, wallet.lockout().attemptsLeft)
        try {
            wallet.checkNewPin(pad("170890"), null); fail("the birth date in the NIK was accepted")
        } catch (e: WalletException.PinRejected) {
            assertEquals(uniffi.ikd_ffi.PinRule.NOT_BIRTH_DATE, e.rule)
        }
    }

    @Test
    fun settingsAreKeptAcrossOpensAndTheAutoLockSnapsToAChoice() {
        val folder = Files.createTempDirectory("ikd-kotlin").toString()
        val wallet = activatedWallet(folder)
        assertEquals(AppSettings(AppLanguage.INDONESIAN, 120u), wallet.settings())
        val saved = wallet.setSettings(AppSettings(AppLanguage.ENGLISH, 100u))
        assertEquals(AppSettings(AppLanguage.ENGLISH, 60u), saved)
        assertTrue(saved.autoLockSeconds in autoLockChoices())
        assertTrue(wallet.idleSecondsLeft() in 1uL..60uL)
        wallet.keepAlive()
        wallet.lock()
        assertEquals(0uL, wallet.idleSecondsLeft())
        assertEquals(saved, IkdWallet.open(folder, MemoryKeystore()).settings())
    }

    @Test
    fun theActivationFormIsCheckedOfflineAndDocumentsRefreshOnline() {
        val wallet = IkdWallet.open(Files.createTempDirectory("ikd-kotlin").toString(), MemoryKeystore())
        val (qr, code) = enroll()
        assertEquals("127.0.0.1", wallet.checkActivation(qr, nik).serverHost)
        try {
            wallet.checkActivation(qr, "317401570890000"); fail("a 15-digit NIK was accepted")
        } catch (e: WalletException.InvalidNik) {
        }
        try {
            wallet.checkActivation("not a QR", nik); fail("a bad QR was accepted")
        } catch (e: WalletException.InvalidActivationQr) {
        }
        wallet.activate(qr, nik, code, pad(pin), pad(pin))
        wallet.refreshDocuments()
        assertEquals(7, wallet.documents().size)
    }
}
