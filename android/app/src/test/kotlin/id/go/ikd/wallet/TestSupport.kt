package id.go.ikd.wallet

import android.app.Activity
import android.os.Looper
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.StrongBoxUnavailableException
import android.view.View
import android.view.ViewGroup
import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.security.Key
import java.security.KeyStoreSpi
import java.security.Provider
import java.security.SecureRandom
import java.security.Security
import java.security.cert.Certificate
import java.security.spec.AlgorithmParameterSpec
import java.util.Collections
import java.util.Date
import java.util.Enumeration
import java.util.concurrent.ConcurrentHashMap
import javax.crypto.KeyGeneratorSpi
import javax.crypto.SecretKey
import javax.crypto.spec.SecretKeySpec
import org.junit.Assert.assertEquals
import org.junit.Assert.fail
import org.robolectric.Shadows.shadowOf

/**
 * AndroidKeyStore does not exist on the JVM: this stands in for it under the same provider name,
 * so the app's AndroidKeystore runs unchanged. HMAC keys live in memory; the generation specs are
 * kept for the tests to inspect. StrongBox is absent unless a test says otherwise (the generator
 * then throws StrongBoxUnavailableException, as a phone without StrongBox does).
 */
class FakeAndroidKeyStore : Provider("AndroidKeyStore", "1.0", "test stand-in for AndroidKeyStore") {
    init {
        put("KeyStore.AndroidKeyStore", Store::class.java.name)
        put("KeyGenerator.HmacSHA256", Generator::class.java.name)
    }

    companion object {
        val keys = ConcurrentHashMap<String, SecretKey>()

        /** Uses left of each limited key (setMaxUsageCount): the count keystore2 keeps, out of the app's files. */
        val usesLeft = ConcurrentHashMap<String, Int>()
        val specs: MutableList<KeyGenParameterSpec> = Collections.synchronizedList(ArrayList())

        @Volatile
        var strongBoxPresent = false

        fun install() {
            Security.removeProvider("AndroidKeyStore")
            Security.insertProviderAt(FakeAndroidKeyStore(), 1)
            keys.clear()
            usesLeft.clear()
            specs.clear()
            strongBoxPresent = false
        }
    }

    class Store : KeyStoreSpi() {
        // Each lookup is one use (AndroidKeystore.derive looks the key up once per HMAC). Like
        // keystore2, the key is deleted after its last allowed use.
        override fun engineGetKey(alias: String, password: CharArray?): Key? {
            val key = keys[alias] ?: return null
            val left = usesLeft[alias] ?: return key
            if (left <= 1) {
                keys.remove(alias)
                usesLeft.remove(alias)
            } else {
                usesLeft[alias] = left - 1
            }
            return key
        }
        override fun engineGetCertificateChain(alias: String): Array<Certificate>? = null
        override fun engineGetCertificate(alias: String): Certificate? = null
        override fun engineGetCreationDate(alias: String): Date? = if (keys.containsKey(alias)) Date() else null
        override fun engineSetKeyEntry(alias: String, key: Key, password: CharArray?, chain: Array<out Certificate>?) =
            throw UnsupportedOperationException("keys are generated inside the keystore")
        override fun engineSetKeyEntry(alias: String, key: ByteArray, chain: Array<out Certificate>?) =
            throw UnsupportedOperationException("keys are generated inside the keystore")
        override fun engineSetCertificateEntry(alias: String, cert: Certificate) = throw UnsupportedOperationException()
        override fun engineDeleteEntry(alias: String) {
            keys.remove(alias)
            usesLeft.remove(alias)
        }
        override fun engineAliases(): Enumeration<String> = Collections.enumeration(keys.keys.toList())
        override fun engineContainsAlias(alias: String) = keys.containsKey(alias)
        override fun engineSize() = keys.size
        override fun engineIsKeyEntry(alias: String) = keys.containsKey(alias)
        override fun engineIsCertificateEntry(alias: String) = false
        override fun engineGetCertificateAlias(cert: Certificate): String? = null
        override fun engineStore(stream: java.io.OutputStream?, password: CharArray?) = throw UnsupportedOperationException()
        override fun engineLoad(stream: java.io.InputStream?, password: CharArray?) {}
    }

    class Generator : KeyGeneratorSpi() {
        private var spec: KeyGenParameterSpec? = null

        override fun engineInit(random: SecureRandom?) = throw UnsupportedOperationException("needs a KeyGenParameterSpec")
        override fun engineInit(params: AlgorithmParameterSpec?, random: SecureRandom?) {
            spec = params as KeyGenParameterSpec
        }
        override fun engineInit(keysize: Int, random: SecureRandom?) = throw UnsupportedOperationException("needs a KeyGenParameterSpec")

        override fun engineGenerateKey(): SecretKey {
            val spec = spec ?: throw IllegalStateException("not initialised")
            specs.add(spec)
            if (spec.isStrongBoxBacked && !strongBoxPresent) throw StrongBoxUnavailableException()
            val key = SecretKeySpec(SecureRandom().generateSeed(32), "HmacSHA256")
            keys[spec.keystoreAlias] = key
            // KeyProperties.UNRESTRICTED_USAGE_COUNT (-1) when no limit was asked for.
            if (spec.maxUsageCount > 0) usesLeft[spec.keystoreAlias] = spec.maxUsageCount else usesLeft.remove(spec.keystoreAlias)
            return key
        }
    }
}

/** The real issuer on loopback, started by tests/android/run.sh (as for the Kotlin bindings). */
object Issuer {
    const val NIK = "3174015708900001"
    const val PIN = "246813"
    const val WRONG_PIN = "111112"

    private fun env(name: String) = System.getenv(name)
        ?: error("$name is not set: run the tests with tests/android/run.sh (it starts the issuer)")

    val url get() = env("IKD_ISSUER_URL")

    /** Enrolls the test citizen as an officer would; returns the activation QR and the e-mailed code. */
    fun enroll(): Pair<String, String> {
        val body = """{"nik":"$NIK","email":"siti.contoh@example.id"}"""
        val request = HttpRequest.newBuilder(URI.create("$url/v1/officer/enrollments"))
            .header("Authorization", "Bearer " + env("IKD_OFFICER_TOKEN"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build()
        val response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
        assertEquals(201, response.statusCode())
        val json = response.body()
        val qr = Regex("\"activation_qr\":\"([^\"]+)\"").find(json)!!.groupValues[1]
        val id = Regex("\"enrollment_id\":\"([^\"]+)\"").find(json)!!.groupValues[1]
        val eml = File(env("IKD_ISSUER_DATA"), "outbox/$id.eml").readText()
        val code = Regex("Your IKD activation code: (\\S+)").find(eml)!!.groupValues[1]
        return Pair(qr, code)
    }

    private fun ikd(vararg args: String): String {
        val process = ProcessBuilder(env("IKD_BIN"), *args, "--home", env("IKD_DESK_HOME"))
            .redirectErrorStream(true).start()
        val output = process.inputStream.bufferedReader().readText()
        check(process.waitFor() == 0) { "ikd ${args.joinToString(" ")}: $output" }
        return output
    }

    /**
     * A bank's desk as `ikd desk` makes one: its own key, a certificate from the issuer's verifier
     * authority for KTP basic and proof of age, and its printed card asking for KTP basic. Returns
     * the card's bytes, read from the card's picture with ZXing.
     */
    fun deskCard(): ByteArray {
        ikd("desk", "init")
        ikd("desk", "certify", "--institution", "BANK CONTOH", "--desk", "LOKET 1", "--sector", "finance",
            "--allow", "ktp-basic", "--allow", "age17")
        ikd("desk", "card", "--doc", "ktp-basic")
        return ScreensTest.decodePng(File(env("IKD_DESK_HOME"), "desk/request.png"))
    }

    /** What the desk says about an answer it scanned: `ikd verify`, the real verifier, in a new process. */
    fun deskAccepts(payload: ByteArray): Boolean {
        val hex = payload.joinToString("") { "%02x".format(it) }
        val process = ProcessBuilder(env("IKD_BIN"), "verify", "--payload-hex", hex, "--home", env("IKD_DESK_HOME"))
            .redirectErrorStream(true).start()
        val output = process.inputStream.bufferedReader().readText()
        return process.waitFor() == 0 && output.contains("QR SAH")
    }
}

/** Runs the main looper until `done` holds (background work posts its results there). */
fun waitUntil(what: String, timeoutMs: Long = 60_000, done: () -> Boolean) {
    val end = System.currentTimeMillis() + timeoutMs
    while (true) {
        shadowOf(Looper.getMainLooper()).idle()
        if (done()) return
        if (System.currentTimeMillis() > end) fail("timed out waiting for: $what")
        Thread.sleep(20)
    }
}

fun <T : View> View.byTag(tag: String): T {
    @Suppress("UNCHECKED_CAST")
    return findViewWithTag<View>(tag) as T? ?: error("no view tagged $tag in ${allViews(this).mapNotNull { it.tag }}")
}

fun <T : View> Activity.byTag(tag: String): T = window.decorView.byTag(tag)

/** Taps a control as a finger would: only an enabled one takes it. */
fun View.click(tag: String) {
    val view = byTag<View>(tag)
    check(view.isEnabled) { "$tag is disabled" }
    check(view.performClick()) { "$tag did not take the click" }
    shadowOf(Looper.getMainLooper()).idle()
}

fun Activity.click(tag: String) = window.decorView.click(tag)

/** Types a PIN on the app's own keypad, key by key. */
fun View.typePin(pin: String) {
    for (c in pin) click("key_$c")
}

fun Activity.typePin(pin: String) {
    for (c in pin) click("key_$c")
}

fun allViews(root: View): List<View> =
    if (root is ViewGroup) listOf(root) + (0 until root.childCount).flatMap { allViews(root.getChildAt(it)) } else listOf(root)
