//! Every example embedded in spec/sphere.yaml is valid against its schema.

use std::path::Path;

use integration_tests::spec_examples::check_spec_file;

/// Examples embedded in the spec: 9 under components/examples, the Customer schema example and
/// the `id` path parameter example. The check must see at least this many.
const EMBEDDED_EXAMPLES: usize = 11;

#[test]
fn spec_examples_match_their_schemas() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/sphere.yaml");
    let report = check_spec_file(&spec).expect("spec/sphere.yaml loads");
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(
        failures.is_empty(),
        "{} example failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        report.checked.len() >= EMBEDDED_EXAMPLES,
        "only {} examples checked, expected at least {EMBEDDED_EXAMPLES}:\n{}",
        report.checked.len(),
        report.checked.join("\n")
    );
}
