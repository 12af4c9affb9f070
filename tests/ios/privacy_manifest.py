#!/usr/bin/env python3
"""Checks ios/App/Resources/PrivacyInfo.xcprivacy against the code that the app links.

Apple refuses an upload whose code calls a "required reason" API that the manifest does not
declare. Both directions are checked here: every category the code uses is declared with a
reason Apple defines for it, and nothing is declared that the code does not use. The uses are
found in the Swift sources (ios/Sources, ios/App) and in the C and Rust code of the native
library (SQLite, bundled by rusqlite; Rust's std file metadata). Usage-description keys of
Info.plist (camera, Face ID) are checked the same way, in ios/project.yml.
Prints "privacy manifest: N checks passed" or the problems, and exits 1 on any problem.
"""
import pathlib
import plistlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "ios/App/Resources/PrivacyInfo.xcprivacy"

# The reason codes Apple defines per category (developer.apple.com, "Describing use of required
# reason API").
REASONS = {
    "NSPrivacyAccessedAPICategoryFileTimestamp": {"DDA9.1", "C617.1", "3B52.1", "0A2A.1"},
    "NSPrivacyAccessedAPICategorySystemBootTime": {"35F9.1", "8FFB.1", "3D61.1"},
    "NSPrivacyAccessedAPICategoryDiskSpace": {"85F4.1", "E174.1", "7D9E.1", "B728.1"},
    "NSPrivacyAccessedAPICategoryActiveKeyboards": {"3EC4.1", "54BD.1"},
    "NSPrivacyAccessedAPICategoryUserDefaults": {"CA92.1", "1C8F.1", "C56D.1", "AC6B.1"},
}

# Swift spellings of the APIs of each category.
SWIFT_APIS = {
    "NSPrivacyAccessedAPICategoryFileTimestamp": r"creationDate|modificationDate|fileModificationDate|contentModificationDateKey|creationDateKey|attributesOfItem|getattrlist|\bstat\(|\bfstat\(|\blstat\(",
    "NSPrivacyAccessedAPICategorySystemBootTime": r"systemUptime|mach_absolute_time",
    "NSPrivacyAccessedAPICategoryDiskSpace": r"volumeAvailableCapacity|systemFreeSize|systemSize|\bstatfs\(|\bstatvfs\(|\bfstatfs\(",
    "NSPrivacyAccessedAPICategoryActiveKeyboards": r"activeInputModes",
    "NSPrivacyAccessedAPICategoryUserDefaults": r"\bUserDefaults\b|NSUserDefaults",
}

# Info.plist keys that a use of an API makes mandatory (the app is killed without them).
USAGE_KEYS = {
    "NSCameraUsageDescription": r"AVCaptureDevice",
    "NSFaceIDUsageDescription": r"\bLAContext\b|biometryCurrentSet|biometryAny",
}


def swift_sources():
    for folder in ("ios/Sources", "ios/App"):
        yield from sorted((ROOT / folder).rglob("*.swift"))


def native_uses():
    """Categories used by the C and Rust code of the native library, with the evidence."""
    uses = {}
    cargo = (ROOT / "Cargo.toml").read_text()
    if re.search(r'rusqlite\s*=\s*\{[^}]*"bundled"', cargo):
        # SQLite's unix VFS: fstat for file sizes, and fstatfs in unixOpen on Apple platforms.
        uses["NSPrivacyAccessedAPICategoryFileTimestamp"] = "SQLite (rusqlite, bundled): fstat"
        uses["NSPrivacyAccessedAPICategoryDiskSpace"] = "SQLite (rusqlite, bundled): fstatfs in unixOpen"
    for crate in ("core/src", "bindings/src"):
        for path in sorted((ROOT / crate).rglob("*.rs")):
            if re.search(r"\.metadata\(\)|fs::metadata\(", path.read_text()):
                uses.setdefault("NSPrivacyAccessedAPICategoryFileTimestamp",
                                f"{path.relative_to(ROOT)}: std file metadata (stat)")
    return uses


def main():
    problems = []
    checks = 0
    manifest = plistlib.loads(MANIFEST.read_bytes())

    checks += 1
    if manifest.get("NSPrivacyTracking") is not False or manifest.get("NSPrivacyTrackingDomains"):
        problems.append("the wallet does no tracking: NSPrivacyTracking false, no tracking domains")

    declared = {}
    for entry in manifest.get("NSPrivacyAccessedAPITypes", []):
        category = entry.get("NSPrivacyAccessedAPIType")
        reasons = entry.get("NSPrivacyAccessedAPITypeReasons", [])
        checks += 1
        if category not in REASONS:
            problems.append(f"unknown category {category}")
            continue
        if not reasons or not set(reasons) <= REASONS[category]:
            problems.append(f"{category}: reasons {reasons} are not Apple's for it")
        declared[category] = reasons

    used = native_uses()
    for path in swift_sources():
        text = path.read_text()
        for category, pattern in SWIFT_APIS.items():
            if re.search(pattern, text):
                used.setdefault(category, f"{path.relative_to(ROOT)}")

    for category, evidence in sorted(used.items()):
        checks += 1
        if category not in declared:
            problems.append(f"{category} is used ({evidence}) but not declared")
    for category in sorted(declared):
        checks += 1
        if category not in used:
            problems.append(f"{category} is declared but nothing linked uses it")

    project = (ROOT / "ios/project.yml").read_text()
    swift = "\n".join(p.read_text() for p in swift_sources())
    for key, pattern in USAGE_KEYS.items():
        checks += 1
        if re.search(pattern, swift) and not re.search(rf"^\s*{key}:", project, re.M):
            problems.append(f"the code uses {pattern} but ios/project.yml has no {key}")

    collected = {d.get("NSPrivacyCollectedDataType") for d in manifest.get("NSPrivacyCollectedDataTypes", [])}
    checks += 1
    # Activation sends the NIK (a user ID) and the device key's public half (a device ID).
    for needed in ("NSPrivacyCollectedDataTypeUserID", "NSPrivacyCollectedDataTypeDeviceID"):
        if needed not in collected:
            problems.append(f"{needed} is sent to the issuer at activation but not declared")
    for entry in manifest.get("NSPrivacyCollectedDataTypes", []):
        checks += 1
        if entry.get("NSPrivacyCollectedDataTypeTracking") is not False:
            problems.append(f"{entry.get('NSPrivacyCollectedDataType')}: never used for tracking")

    if problems:
        for problem in problems:
            print("privacy manifest:", problem)
        sys.exit(1)
    print(f"privacy manifest: {checks} checks passed")


if __name__ == "__main__":
    main()
