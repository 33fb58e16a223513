//! Lists the public types of the generated Sphere models (`generated/src/models.rs`, itself
//! generated from the spec and checked fresh by `cargo xtask test`), so the fuzz and secret
//! tests cover every model without a hand-kept list: `for_each_model!(m)` expands to
//! `m![Address, AddressInput, ...]`.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let models = manifest.join("../generated/src/models.rs");
    println!("cargo:rerun-if-changed={}", models.display());
    let text = std::fs::read_to_string(&models).unwrap_or_default();
    // Top-level items only: prettyplease prints them at column 0.
    let names: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            let rest = ["pub struct ", "pub enum ", "pub type "]
                .iter()
                .find_map(|p| l.strip_prefix(p))?;
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            Some(&rest[..end])
        })
        .collect();
    let mut out = String::from(
        "/// Calls `$m![...]` with every public type of `sphere_api::models`.\nmacro_rules! for_each_model {\n    ($m:ident) => {\n        $m![",
    );
    for name in &names {
        let _ = write!(out, "{name}, ");
    }
    out.push_str("]\n    };\n}\n");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(e) = std::fs::write(out_dir.join("models.rs"), out) {
        println!("cargo:warning=cannot write the model list: {e}");
    }
}
