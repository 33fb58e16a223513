//! Seeds, case counts and runners for the fuzz tests. Every run takes a fresh seed unless
//! `FUZZ_SEED` names one, prints it, and names it in any failure so the run can be replayed.

use std::time::{SystemTime, UNIX_EPOCH};

use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// `FUZZ_CASES`, or `default`. Zero or garbage is refused: a run of no cases passes while
/// proving nothing.
pub fn cases(default: u32) -> u32 {
    match std::env::var("FUZZ_CASES") {
        Err(_) => default,
        Ok(text) => match text.trim().parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => panic!("FUZZ_CASES={text:?}: give a whole number of cases above zero"),
        },
    }
}

/// `FUZZ_SEED`, or one from the clock and the process id (different on every run).
pub fn seed() -> u64 {
    match std::env::var("FUZZ_SEED") {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("FUZZ_SEED={text:?} is not a number")),
        Err(_) => {
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            // Scrambled so that seeds from close clocks differ in every bit.
            (nanos ^ u64::from(std::process::id()).rotate_left(32))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        }
    }
}

/// How to run this seed again.
pub fn replay(seed: u64) -> String {
    format!("seed {seed}; replay with FUZZ_SEED={seed}")
}

/// A runner for `cases` cases from `seed`, announcing the seed on stderr.
pub fn runner(cases: u32, seed: u64) -> TestRunner {
    eprintln!("fuzz: {cases} cases, {}", replay(seed));
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        // Shrinking a whole spec is slow and the failing input is printed anyway.
        max_shrink_iters: 64,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}
