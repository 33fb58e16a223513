//! Every example embedded in spec/sphere.yaml is valid against its schema.

use integration_tests::spec_examples::check_spec_file;

/// Examples embedded in the spec: 9 under components/examples, the Customer schema example and
/// the `id` path parameter example. The check must see exactly these.
const EMBEDDED_EXAMPLES: usize = 11;

#[test]
fn spec_examples_match_their_schemas() {
    let spec = crate::support::root().join("spec/sphere.yaml");
    let report = check_spec_file(&spec).expect("spec/sphere.yaml loads");
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(
        failures.is_empty(),
        "{} example failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        report.checked.len(),
        EMBEDDED_EXAMPLES,
        "examples checked:\n{}",
        report.checked.join("\n")
    );
}
