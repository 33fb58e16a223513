//! Project automation, run as `cargo xtask <command>`:
//!
//! - `codegen [--check]`: `spec/sphere.yaml` → `generated/`, and every fixture spec in
//!   `tests/fixtures/` → its crate in `tests/fixtures-out/`.
//! - `codegen --spec FILE --out DIR [--crate-name NAME] [--check]`: any OpenAPI 3.0 spec → a
//!   standalone crate.
//! - `review OLD NEW` / `review --base GIT_REF`: what a spec change does to HTTP clients and
//!   to the generated crate (see `review/`).
//! - `test`: lint the spec, check `generated/` is fresh, and run every Rust test and doctest,
//!   with Prism mocking the spec for the contract tests (`test.rs`).
//! - `ci`: everything CI runs: fmt, clippy, the models-only build and rustdoc of the generated
//!   crate, then `test` (`ci.rs`). `.ci/run` is this command.
//! - `fuzz [--cases N] [--seed N]`: long fuzz runs in a release build (`fuzz.rs`).
//!
//! Exit codes: 0 success; 1 a check failed or a spec was refused; 2 usage; 70 a generator bug
//! (`generator::error::EXIT_BUG`).

mod ci;
mod fuzz;
mod prism;
mod review;
mod run;
mod test;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use generator::output::{diff_dir, write_dir_pausing, Change};
use generator::{generate, Files, Options};

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check]
  cargo xtask codegen --spec FILE --out DIR [--crate-name NAME] [--check]
  cargo xtask review OLD NEW | --base GIT_REF [--format markdown|json|github] [--check-version]
  cargo xtask test
  cargo xtask ci
  cargo xtask fuzz [--cases N] [--seed N]";

/// What `--pause-before-swap-ms` prints on stderr when it starts waiting.
pub const PAUSE_MARKER: &str = "codegen: paused before swap";

/// The command that brings checked-in output up to date.
const FIX: &str = "cargo xtask codegen";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("review") => Ok(review::run(&project_root(), &args[1..])),
        Some("test") => test::run(&project_root()).map(|()| ExitCode::SUCCESS),
        Some("ci") => ci::run(&project_root()).map(|()| ExitCode::SUCCESS),
        Some("fuzz") => fuzz::run(&project_root(), &args[1..]).map(|()| ExitCode::SUCCESS),
        _ => {
            eprintln!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

struct Job {
    spec: PathBuf,
    out: PathBuf,
    options: Options,
}

fn codegen(args: &[String]) -> Result<ExitCode> {
    let mut check = false;
    let mut spec = None;
    let mut out = None;
    let mut crate_name = None;
    let mut pause = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => spec = Some(PathBuf::from(it.next().context("--spec needs a file")?)),
            "--out" => out = Some(PathBuf::from(it.next().context("--out needs a folder")?)),
            "--crate-name" => {
                crate_name = Some(it.next().context("--crate-name needs a name")?.clone())
            }
            // Hidden, for tests only (tests/tests/it/atomic_output.rs): once the new tree is
            // staged, print PAUSE_MARKER and wait this long before swapping it in.
            "--pause-before-swap-ms" => {
                let ms = it.next().context("--pause-before-swap-ms needs a number")?;
                pause = Some(Duration::from_millis(ms.parse().context("not a number")?));
            }
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    let jobs = match (spec, out) {
        (Some(spec), Some(out)) => {
            let name = match crate_name {
                Some(name) => generator::crate_name::checked(&name)
                    .map_err(|e| anyhow::anyhow!("--crate-name: {e}"))?
                    .to_owned(),
                None => default_crate_name(&out),
            };
            vec![Job {
                spec,
                out,
                options: Options {
                    crate_name: name,
                    crate_version: "0.1.0".into(),
                    standalone: true,
                },
            }]
        }
        (None, None) => project_jobs(&project_root())?,
        _ => bail!("--spec and --out go together\n{USAGE}"),
    };
    let mut stale = Vec::new();
    for job in &jobs {
        let bytes = std::fs::read(&job.spec)
            .with_context(|| format!("cannot read {}", job.spec.display()))?;
        // The library error already names the file, pointer and line; its exit code tells a
        // bad spec (1) from a generator bug (70).
        let files = match generate(&bytes, &job.spec, &job.options) {
            Ok(files) => files,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(e.exit_code()));
            }
        };
        if check {
            let changes = diff_dir(&job.out, &files)?;
            if !changes.is_empty() {
                print_diff(&job.out, &files, &changes);
                stale.push(job.out.display().to_string());
            }
        } else {
            let changes = write_dir_pausing(&job.out, &files, || {
                if let Some(pause) = pause {
                    eprintln!("{PAUSE_MARKER}");
                    std::thread::sleep(pause);
                }
            })?;
            for c in &changes {
                println!("{}: {c}", job.out.display());
            }
        }
    }
    if !stale.is_empty() {
        eprintln!(
            "\nerror: generated code is out of date in: {}\nrun `{FIX}` and commit the result",
            stale.join(", ")
        );
        return Ok(ExitCode::FAILURE);
    }
    if check {
        println!("generated code is up to date ({} crates)", jobs.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn default_crate_name(out: &Path) -> String {
    let stem = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    generator::crate_name::normalised(&stem)
}

/// The project's own outputs: the Sphere crate and one crate per fixture spec.
fn project_jobs(root: &Path) -> Result<Vec<Job>> {
    // The crate's version lives in codegen.toml (see `review::version`), not in the spec.
    let version = review::version::current(root).map_err(|e| anyhow::anyhow!(e))?;
    let mut jobs = vec![Job {
        spec: root.join("spec/sphere.yaml"),
        out: root.join("generated"),
        options: Options {
            crate_name: "sphere-api".into(),
            crate_version: version.to_string(),
            standalone: false,
        },
    }];
    let fixtures = root.join("tests/fixtures");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .with_context(|| format!("cannot read {}", fixtures.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    entries.sort();
    for spec in entries {
        let stem = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        jobs.push(Job {
            out: root.join("tests/fixtures-out").join(&stem),
            options: Options {
                crate_name: format!("fixture-{}", stem.replace('_', "-")),
                crate_version: "0.1.0".into(),
                standalone: false,
            },
            spec,
        });
    }
    Ok(jobs)
}

fn print_diff(dir: &Path, files: &Files, changes: &[Change]) {
    for change in changes {
        let (rel, new) = match change {
            Change::Added(p) | Change::Modified(p) => {
                (p, files.get(p).map(String::as_str).unwrap_or_default())
            }
            Change::Removed(p) => (p, ""),
        };
        let path = dir.join(rel);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        let diff = similar::TextDiff::from_lines(old.as_str(), new);
        let shown = path.display().to_string();
        print!(
            "{}",
            diff.unified_diff().context_radius(2).header(&shown, &shown)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same check CI runs: checked-in generated code matches the generator's output.
    #[test]
    fn generated_code_is_fresh() {
        let root = project_root();
        for job in project_jobs(&root).expect("jobs") {
            let bytes = std::fs::read(&job.spec).expect("spec");
            let files = generate(&bytes, &job.spec, &job.options).expect("generates");
            let changes = diff_dir(&job.out, &files).expect("diff");
            assert!(
                changes.is_empty(),
                "{} is stale ({changes:?}); run `{FIX}`",
                job.out.display()
            );
        }
    }

    #[test]
    fn generation_is_deterministic() {
        let root = project_root();
        let job = &project_jobs(&root).expect("jobs")[0];
        let bytes = std::fs::read(&job.spec).expect("spec");
        let a = generate(&bytes, &job.spec, &job.options).expect("first");
        let b = generate(&bytes, &job.spec, &job.options).expect("second");
        assert_eq!(a, b);
    }
}
