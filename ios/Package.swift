// swift-tools-version:6.0
// IKD Wallet for iOS: the FFI to the Rust core, the kit (generated bindings, Secure Enclave
// keystore, the app's model) and the SwiftUI screens. The app target itself is in project.yml.
//
// The FFI module `IkdFFI` comes from a different place on each platform; nothing else differs:
// - Apple: `IkdFFI.xcframework`, built by `scripts/build-xcframework.sh` (static libraries for
//   device and simulator, the C header and its module map).
// - Linux (the tests in tests/ios/run.sh): the same header and module map as a system-library
//   target in Sources/IkdFFI, linked against the host's libikd_ffi.so from IKD_FFI_LIB_DIR.
// Both scripts generate the Swift side of the bindings into Sources/IkdWalletKit/Generated.
// The generated files are not in git (see .gitignore): they always match the library built.
import PackageDescription

#if os(Linux)
let libDir = Context.environment["IKD_FFI_LIB_DIR"] ?? "../target/debug"
let ffi: Target = .systemLibrary(name: "IkdFFI", path: "Sources/IkdFFI")
let ffiLinking: [LinkerSetting] = [
    .linkedLibrary("ikd_ffi"),
    .unsafeFlags(["-L", libDir, "-Xlinker", "-rpath", "-Xlinker", libDir]),
]
#else
let ffi: Target = .binaryTarget(name: "IkdFFI", path: "IkdFFI.xcframework")
// getrandom may use SecRandomCopyBytes on Apple platforms.
let ffiLinking: [LinkerSetting] = [.linkedFramework("Security")]
#endif

let package = Package(
    name: "IkdWallet",
    defaultLocalization: "id",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "IkdWalletKit", targets: ["IkdWalletKit"]),
        .library(name: "IkdWalletUI", targets: ["IkdWalletUI"]),
    ],
    targets: [
        ffi,
        .target(
            name: "IkdWalletKit",
            dependencies: ["IkdFFI"],
            path: "Sources/IkdWalletKit",
            linkerSettings: ffiLinking
        ),
        // SwiftUI screens: every file is inside `#if canImport(SwiftUI)`, so on Linux this
        // target is empty (its code is parsed, not type-checked).
        .target(
            name: "IkdWalletUI",
            dependencies: ["IkdWalletKit"],
            path: "Sources/IkdWalletUI"
        ),
        .testTarget(
            name: "IkdWalletKitTests",
            dependencies: ["IkdWalletKit"],
            path: "Tests/IkdWalletKitTests"
        ),
    ]
)
