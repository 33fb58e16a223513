//! Criterion benchmarks of each pipeline stage (`load`, `lower`, `emit`, `render`) and of the
//! whole `generate`, on `spec/sphere.yaml` and on synthetic specs of 100, 1,000 and 10,000
//! schemas written by `bench/synth.py` (seed 1) into `bench/out/specs/`.
//!
//! ```text
//! cargo bench -p generator --bench pipeline                 # every spec
//! cargo bench -p generator --bench pipeline -- synth-1000/  # one spec
//! python3 bench/report.py                                   # shares and scaling
//! ```
//!
//! Under `cargo test --all-targets` criterion runs each benchmark once; then only the Sphere
//! spec and the 100-schema spec are used, so the test run stays fast. `BENCH_MAX_SCHEMAS`
//! caps the synthetic sizes in a real run too (e.g. `BENCH_MAX_SCHEMAS=1000`).

use std::cell::OnceCell;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use generator::emit::emit_all;
use generator::render::render_part;
use generator::{generate, load, lower, Options};

const SIZES: [usize; 3] = [100, 1_000, 10_000];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// Whether criterion measures (`cargo bench`) rather than runs each benchmark once (`cargo
/// test`): cargo passes `--bench` only to a real benchmark run.
fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The synthetic spec of `n` schemas, written by `bench/synth.py` on first use.
fn synthetic(n: usize) -> Option<PathBuf> {
    let dir = root().join("bench/out/specs");
    let path = dir.join(format!("synth-{n}.yaml"));
    if path.exists() {
        return Some(path);
    }
    std::fs::create_dir_all(&dir).expect("bench/out/specs");
    let status = Command::new("python3")
        .arg(root().join("bench/synth.py"))
        .args(["--schemas", &n.to_string(), "--seed", "1", "--out"])
        .arg(&path)
        .status();
    match status {
        Ok(s) if s.success() => Some(path),
        other => {
            eprintln!("skipping synth-{n}: bench/synth.py did not run ({other:?})");
            None
        }
    }
}

fn specs() -> Vec<(String, PathBuf)> {
    let max = std::env::var("BENCH_MAX_SCHEMAS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if measuring() { usize::MAX } else { 100 });
    let mut specs = vec![("sphere".to_owned(), root().join("spec/sphere.yaml"))];
    for n in SIZES.into_iter().filter(|&n| n <= max) {
        if let Some(path) = synthetic(n) {
            specs.push((format!("synth-{n}"), path));
        }
    }
    specs
}

fn options() -> Options {
    Options {
        crate_name: "bench-api".into(),
        crate_version: "0.1.0".into(),
        standalone: true,
    }
}

fn stages(c: &mut Criterion) {
    for (name, path) in specs() {
        let bytes = std::fs::read(&path).expect("spec");
        // Each stage's input, made on first use, so a filtered run (`-- synth-100/`) does not
        // pay for the other specs.
        let doc = OnceCell::new();
        let doc = || doc.get_or_init(|| load(&bytes).expect("loads"));
        let api = OnceCell::new();
        let api = || api.get_or_init(|| lower(doc()).expect("lowers"));
        let emitted = OnceCell::new();
        let emitted = || emitted.get_or_init(|| emit_all(api(), &options()));

        let mut group = c.benchmark_group(&name);
        // A 10,000-schema run takes seconds per iteration: ten samples of one iteration each.
        if bytes.len() > 2_000_000 {
            group
                .sample_size(10)
                .warm_up_time(Duration::from_millis(1))
                .measurement_time(Duration::from_secs(1))
                .sampling_mode(SamplingMode::Flat);
        } else {
            group.sample_size(20);
        }
        group.bench_function("load", |b| {
            b.iter_with_large_drop(|| load(black_box(&bytes)).expect("loads"))
        });
        group.bench_function("lower", |b| {
            let doc = doc();
            b.iter_with_large_drop(|| lower(black_box(doc)).expect("lowers"))
        });
        group.bench_function("emit", |b| {
            let api = api();
            b.iter_with_large_drop(|| emit_all(black_box(api), &options()))
        });
        group.bench_function("render", |b| {
            let sources = emitted();
            b.iter_batched(
                || sources.clone(),
                |sources| {
                    sources
                        .into_iter()
                        .flat_map(|(_, parts)| parts)
                        .map(|tokens| render_part(tokens).expect("renders"))
                        .collect::<Vec<_>>()
                },
                BatchSize::PerIteration,
            )
        });
        group.bench_function("generate", |b| {
            b.iter_with_large_drop(|| generate(black_box(&bytes), &path, &options()).expect("ok"))
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
