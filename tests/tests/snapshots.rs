//! Snapshots of the generator's output for every fixture spec in `tests/fixtures/`. The same
//! output is checked in under `tests/fixtures-out/` as workspace crates, so a snapshot of code
//! that does not compile (or is not clippy- and rustdoc-clean) fails the build; review changes
//! with `cargo insta review`.

use std::path::{Path, PathBuf};

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
    assert!(
        specs.len() >= 15,
        "expected at least 15 fixture specs, found {}",
        specs.len()
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
        let files = generator::generate(&bytes, &rel, &options)
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
