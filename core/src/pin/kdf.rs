//! Argon2id over the PIN: parameters, their limits, and calibration on the device.

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::Zeroizing;

use crate::secret::SecretKey;

/// Version of the parameter header; bumped when the KDF construction changes.
pub const KDF_VERSION: u8 = 1;

/// Memory floor in KiB (OWASP's minimum for Argon2id: 19 MiB with t=2, p=1).
pub const MIN_MEMORY_KIB: u32 = 19 * 1024;
/// Iteration floor that goes with [`MIN_MEMORY_KIB`].
pub const MIN_ITERATIONS: u32 = 2;
/// Memory ceiling in KiB: iOS app extensions and low-end Android phones cannot spare more.
pub const MAX_MEMORY_KIB: u32 = 64 * 1024;
/// Iteration ceiling: beyond this an unlock takes seconds even on fast phones.
pub const MAX_ITERATIONS: u32 = 16;
/// What calibration aims for: about half a second per unlock.
pub const TARGET_DURATION: Duration = Duration::from_millis(500);

/// Argon2id parameters, stored in the PIN slot's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Header version ([`KDF_VERSION`]).
    pub version: u8,
    /// Memory cost in KiB.
    pub memory_kib: u32,
    /// Number of passes.
    pub iterations: u32,
    /// Lanes (always 1: phones are the target, and parallelism helps attackers more).
    pub parallelism: u32,
}

/// The parameters are outside the accepted range (a downgraded or damaged header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("KDF parameters outside the accepted range")]
pub struct KdfParamsError;

impl KdfParams {
    /// The weakest parameters ever accepted.
    pub const MINIMUM: KdfParams = KdfParams {
        version: KDF_VERSION,
        memory_kib: MIN_MEMORY_KIB,
        iterations: MIN_ITERATIONS,
        parallelism: 1,
    };

    /// Checks parameters read from storage; a header below the floor is refused, not used.
    pub fn validated(self) -> Result<Self, KdfParamsError> {
        let ok = self.version == KDF_VERSION
            && (MIN_MEMORY_KIB..=MAX_MEMORY_KIB).contains(&self.memory_kib)
            && (MIN_ITERATIONS..=MAX_ITERATIONS).contains(&self.iterations)
            && self.parallelism == 1;
        if ok { Ok(self) } else { Err(KdfParamsError) }
    }

    /// The header bytes bound into the PIN slot's associated data.
    pub fn to_header(self) -> [u8; 13] {
        let mut out = [0u8; 13];
        out[0] = self.version;
        out[1..5].copy_from_slice(&self.memory_kib.to_be_bytes());
        out[5..9].copy_from_slice(&self.iterations.to_be_bytes());
        out[9..13].copy_from_slice(&self.parallelism.to_be_bytes());
        out
    }
}

/// Runs Argon2id over `pin` with `salt`; 32 bytes of output.
pub fn derive(pin: &str, salt: &[u8], params: KdfParams) -> Result<SecretKey, KdfParamsError> {
    let params = params.validated()?;
    let argon_params = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(SecretKey::LEN),
    )
    .map_err(|_| KdfParamsError)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(pin.as_bytes(), salt, out.as_mut())
        .map_err(|_| KdfParamsError)?;
    Ok(SecretKey::from_bytes(*out))
}

/// Chooses parameters that take about `target` on this device, within the floor and ceiling.
///
/// Memory grows first (it is what makes GPU guessing expensive), then passes. One probe at the
/// floor is timed and the rest is extrapolated linearly: Argon2's cost is linear in both.
pub fn calibrate(target: Duration) -> KdfParams {
    let probe = KdfParams::MINIMUM;
    let started = Instant::now();
    // The probe uses a fixed dummy input: only its duration matters.
    let _ = derive("000000", &[0u8; 16], probe);
    let probe_time = started.elapsed().max(Duration::from_micros(1));
    calibrated_params(probe_time, target)
}

/// The pure part of [`calibrate`]: parameters for a device where the floor took `probe_time`.
pub fn calibrated_params(probe_time: Duration, target: Duration) -> KdfParams {
    let per_kib_pass = probe_time.as_secs_f64() / f64::from(MIN_MEMORY_KIB * MIN_ITERATIONS);
    let budget = target.as_secs_f64() / per_kib_pass; // KiB-passes we can afford
    let memory_kib = (budget / f64::from(MIN_ITERATIONS))
        .clamp(f64::from(MIN_MEMORY_KIB), f64::from(MAX_MEMORY_KIB)) as u32;
    let memory_kib = memory_kib - memory_kib % 1024; // whole MiB, readable in the header
    let iterations = (budget / f64::from(memory_kib))
        .floor()
        .clamp(f64::from(MIN_ITERATIONS), f64::from(MAX_ITERATIONS)) as u32;
    KdfParams {
        version: KDF_VERSION,
        memory_kib: memory_kib.max(MIN_MEMORY_KIB),
        iterations,
        parallelism: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivation_is_deterministic_and_depends_on_pin_and_salt() {
        let a = derive("135790", b"saltsaltsaltsalt", KdfParams::MINIMUM).unwrap();
        let b = derive("135790", b"saltsaltsaltsalt", KdfParams::MINIMUM).unwrap();
        let c = derive("135791", b"saltsaltsaltsalt", KdfParams::MINIMUM).unwrap();
        let d = derive("135790", b"saltsaltsaltsalX", KdfParams::MINIMUM).unwrap();
        assert_eq!(a.expose(), b.expose());
        assert_ne!(a.expose(), c.expose());
        assert_ne!(a.expose(), d.expose());
    }

    #[test]
    fn parameters_below_the_floor_or_above_the_ceiling_are_refused() {
        let weak = KdfParams {
            memory_kib: 8 * 1024,
            ..KdfParams::MINIMUM
        };
        let one_pass = KdfParams {
            iterations: 1,
            ..KdfParams::MINIMUM
        };
        let huge = KdfParams {
            memory_kib: 256 * 1024,
            ..KdfParams::MINIMUM
        };
        let parallel = KdfParams {
            parallelism: 4,
            ..KdfParams::MINIMUM
        };
        for params in [weak, one_pass, huge, parallel] {
            assert_eq!(params.validated(), Err(KdfParamsError));
            assert!(derive("135790", b"saltsaltsaltsalt", params).is_err());
        }
    }

    #[test]
    fn a_slow_device_gets_the_floor() {
        let params = calibrated_params(Duration::from_secs(2), TARGET_DURATION);
        assert_eq!(params, KdfParams::MINIMUM);
    }

    #[test]
    fn a_fast_device_gets_the_memory_ceiling_first_then_more_passes() {
        // Floor takes 20 ms: 0.5 s buys 25x the floor's work.
        let params = calibrated_params(Duration::from_millis(20), TARGET_DURATION);
        assert_eq!(params.memory_kib, MAX_MEMORY_KIB);
        assert!(params.iterations > MIN_ITERATIONS);
        assert!(params.validated().is_ok());
        let work = f64::from(params.memory_kib * params.iterations);
        let floor_work = f64::from(MIN_MEMORY_KIB * MIN_ITERATIONS);
        let predicted = 0.020 * work / floor_work;
        assert!((0.3..=0.55).contains(&predicted), "predicted {predicted}");
    }

    #[test]
    fn a_middling_device_gets_more_memory_but_two_passes() {
        let params = calibrated_params(Duration::from_millis(200), TARGET_DURATION);
        assert_eq!(params.iterations, MIN_ITERATIONS);
        assert!(params.memory_kib > MIN_MEMORY_KIB && params.memory_kib < MAX_MEMORY_KIB);
    }

    #[test]
    fn calibration_on_this_machine_stays_within_limits() {
        assert!(calibrate(TARGET_DURATION).validated().is_ok());
    }
}
