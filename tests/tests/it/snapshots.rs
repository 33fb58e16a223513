//! Snapshots of the generator's output for every fixture spec in `tests/fixtures/`. The same
//! output is checked in under `tests/fixtures-out/` as workspace crates, so a snapshot of code
//! that does not compile (or is not clippy- and rustdoc-clean) fails the build; review changes
//! with `cargo insta review`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    specs.sort();
    specs
}

#[test]
fn every_fixture_matches_its_snapshot() {
    let specs = fixtures();
    // Each fixture spec has its checked-in crate, and each crate its spec.
    let crates = stems(&support::root().join("tests/fixtures-out"), "");
    let spec_stems: BTreeSet<String> = specs.iter().filter_map(|p| stem(p)).collect();
    assert_eq!(
        spec_stems, crates,
        "tests/fixtures and tests/fixtures-out disagree"
    );
    for spec in specs {
        let stem = spec
            .file_stem()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        let options = generator::Options {
            crate_name: format!("fixture-{}", stem.replace('_', "-")),
            crate_version: "0.1.0".into(),
            standalone: false,
        };
        let bytes = std::fs::read(&spec).expect("readable spec");
        let rel = Path::new("tests/fixtures").join(spec.file_name().expect("file name"));
        // Multi-file fixtures read their parts from the fixture folder, not the test's cwd.
        let dir = spec.parent().expect("fixture folder");
        let files = generator::generate_in(&bytes, &rel, dir, &options, 2)
            .unwrap_or_else(|e| panic!("{} does not generate: {e}", spec.display()));
        let runtime = generator::emit::runtime::all();
        let mut text = String::new();
        for (path, contents) in &files {
            // Runtime files are the same in every crate and tested where they live
            // (`generator/runtime/`): the snapshot says which ones the crate got.
            let copied = runtime
                .iter()
                .any(|r| path.ends_with(r.path) && contents.ends_with(r.text));
            if copied {
                text.push_str(&format!(
                    "==> {} (runtime, copied verbatim)\n",
                    path.display()
                ));
            } else {
                text.push_str(&format!("==> {}\n{contents}\n", path.display()));
            }
        }
        insta::assert_snapshot!(format!("fixture_{stem}"), text);
    }
}

fn stem(path: &Path) -> Option<String> {
    Some(path.file_stem()?.to_string_lossy().into_owned())
}

/// Names in `dir` that end in `suffix`, without it (and without a file extension).
fn stems(dir: &Path, suffix: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| {
            let n = n.strip_suffix(suffix)?;
            Some(n.rsplit_once('.').map_or(n, |(s, _)| s).to_owned())
        })
        .collect()
}

/// insta reports a snapshot that no assertion reads only with `cargo insta test
/// --unreferenced=reject`; this does the same for ours: every `.snap` file belongs to a fixture
/// or a bad spec that still exists, and no unreviewed `.snap.new` is left lying around.
#[test]
fn no_snapshot_is_orphaned() {
    let root = support::root();
    let mut expected: BTreeSet<String> = fixtures()
        .iter()
        .filter_map(|p| stem(p))
        .map(|s| format!("it__snapshots__fixture_{s}.snap"))
        .collect();
    let bad_specs = root.join("tests/bad-specs");
    // Folders there hold the files multi-file bad specs include.
    for bad in stems(&bad_specs, "")
        .into_iter()
        .filter(|b| !bad_specs.join(b).is_dir())
    {
        expected.insert(format!("it__bad_specs__{bad}.snap"));
    }
    let dir = root.join("tests/tests/it/snapshots");
    let found: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let orphans: Vec<&String> = found.difference(&expected).collect();
    let missing: Vec<&String> = expected.difference(&found).collect();
    assert!(
        orphans.is_empty() && missing.is_empty(),
        "orphaned (delete them): {orphans:?}; missing (run the tests and review): {missing:?}"
    );
}
