// The app: framework views only (no AndroidX, no Compose), Kotlin, minSdk 26, the Rust core as
// libikd_ffi.so for three ABIs (cargo-ndk), Kotlin bindings generated at build time from the
// library with the workspace's own uniffi-bindgen. See docs/android.md.
import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
}

val repoRoot: File = rootProject.projectDir.parentFile
val abis = listOf("arm64-v8a", "armeabi-v7a", "x86_64")
val rustTriples = listOf("aarch64-linux-android", "armv7-linux-androideabi", "x86_64-linux-android")
val jniLibsDir = layout.buildDirectory.dir("rust/jniLibs")
val bindingsDir = layout.buildDirectory.dir("generated/uniffi/kotlin")
val cargoTarget = System.getenv("CARGO_TARGET_DIR")?.let(::File) ?: File(repoRoot, "target")
val hostLibrary = File(
    cargoTarget,
    "debug/" + when {
        System.getProperty("os.name").startsWith("Mac") -> "libikd_ffi.dylib"
        System.getProperty("os.name").startsWith("Windows") -> "ikd_ffi.dll"
        else -> "libikd_ffi.so"
    },
)

// libikd_ffi.so for each ABI, release profile, 16 KB pages (Android 15+ devices need them).
val cargoNdk by tasks.registering(Exec::class) {
    group = "rust"
    description = "Builds libikd_ffi.so for ${abis.joinToString()} with cargo-ndk"
    workingDir = repoRoot
    inputs.files(
        fileTree(repoRoot) {
            include("Cargo.toml", "Cargo.lock", "*/Cargo.toml", "*/src/**")
            exclude("target/**", "android/**", "ios/**", "fuzz/**")
        },
    )
    outputs.dir(jniLibsDir)
    for (triple in rustTriples) {
        environment(
            "CARGO_TARGET_${triple.uppercase().replace('-', '_')}_RUSTFLAGS",
            "-C link-arg=-Wl,-z,max-page-size=16384",
        )
    }
    commandLine(
        listOf("cargo", "ndk", "--platform", "26") +
            abis.flatMap { listOf("-t", it) } +
            listOf("-o", jniLibsDir.get().asFile.path, "build", "--release", "--locked", "-p", "ikd-ffi"),
    )
}

// The bindings match the library exactly: generated from a host build of the same crate (the
// Android libraries are stripped; the API is the same on every target).
val hostLibraryBuild by tasks.registering(Exec::class) {
    group = "rust"
    description = "Builds the host libikd_ffi (debug) that the bindings are generated from"
    workingDir = repoRoot
    commandLine("cargo", "build", "--locked", "-p", "ikd-ffi", "--lib")
}

val uniffiBindings by tasks.registering(Exec::class) {
    group = "rust"
    description = "Generates the Kotlin bindings from the built library"
    dependsOn(hostLibraryBuild)
    workingDir = repoRoot
    outputs.dir(bindingsDir)
    doFirst { delete(bindingsDir) }
    commandLine(
        "cargo", "run", "--locked", "-q", "-p", "ikd-ffi", "--features", "cli", "--bin", "uniffi-bindgen", "--",
        "generate", "--no-format", "--library", hostLibrary.path, "--language", "kotlin",
        "--out-dir", bindingsDir.get().asFile.path,
    )
}

android {
    namespace = "id.go.ikd.wallet"
    compileSdk = 35
    ndkVersion = "27.2.12479018"

    defaultConfig {
        applicationId = "id.go.ikd.wallet"
        minSdk = 26
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        ndk { abiFilters += abis }
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            isShrinkResources = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    sourceSets["main"].java.srcDirs("src/main/kotlin", bindingsDir)
    sourceSets["main"].jniLibs.srcDir(jniLibsDir)
    sourceSets["test"].java.srcDirs("src/test/kotlin")

    // Native libraries stored uncompressed and page-aligned in the APK (loaded in place).
    packaging { jniLibs { useLegacyPackaging = false } }

    buildFeatures { buildConfig = false }

    testOptions {
        unitTests {
            isIncludeAndroidResources = true
            all {
                // The JVM tests load the host build of the library; they need the issuer that
                // tests/android/run.sh starts (IKD_ISSUER_URL and friends, see docs/android.md).
                it.systemProperty("jna.library.path", File(cargoTarget, "debug").path)
                it.systemProperty("robolectric.enabledSdks", "35")
                it.dependsOn(uniffiBindings)
            }
        }
    }
}

kotlin {
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_17)
    }
}

tasks.named("preBuild") { dependsOn(cargoNdk, uniffiBindings) }

dependencies {
    // uniffi's Kotlin calls the library through JNA; the aar carries JNA's own native part.
    implementation("net.java.dev.jna:jna:5.17.0@aar")

    testImplementation("junit:junit:4.13.2")
    testImplementation("org.robolectric:robolectric:4.16.1")
    testImplementation("com.google.zxing:core:3.5.3")
    // The JVM tests need JNA's desktop natives, which the aar does not have.
    testRuntimeOnly("net.java.dev.jna:jna-jpms:5.17.0")
}
