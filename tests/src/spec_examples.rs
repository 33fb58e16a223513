//! Checks that every example embedded in an OpenAPI 3.0 document is valid against its schema.
//!
//! The document is read as YAML into a `serde_json::Value`. Examples are collected from media
//! types (inline `example`, inline `examples` and `examples` that `$ref` components/examples),
//! parameters, headers and schemas (`example` on any schema node). Each schema is turned into a
//! Draft 4 JSON Schema first: local `$ref`s are inlined, `nullable: true` becomes
//! `anyOf [null, schema]`, and OpenAPI-only keywords (`discriminator`, `example`, `xml`,
//! `readOnly`, `x-*`, ...) are dropped. `format: date-time` is checked as RFC 3339 and
//! `format: byte` as base64. A response carrying `x-unwrap` must have a value at that pointer in
//! each of its examples, and every components/examples entry must be used somewhere, so no
//! example escapes the check.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use serde_json::{Map, Value};

/// One example that does not match its schema (or could not be checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Human-readable name of the example, e.g. `components/examples/Foo`.
    pub example: String,
    /// JSON pointer, in the spec, of the place where the example is used.
    pub pointer: String,
    /// JSON pointer inside the example value of the offending part (empty for the root).
    pub instance_path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (at {}): {}: {}",
            self.example,
            self.pointer,
            if self.instance_path.is_empty() {
                "<root>"
            } else {
                &self.instance_path
            },
            self.message
        )
    }
}

/// The outcome of checking one document.
#[derive(Debug, Clone, Default)]
pub struct ExampleReport {
    /// One entry per example checked: `name (at pointer)`.
    pub checked: Vec<String>,
    /// Every failure found; empty when all examples are valid.
    pub failures: Vec<ExampleFailure>,
}

/// Why a spec could not be loaded at all.
#[derive(Debug)]
pub enum SpecError {
    /// The file could not be read.
    Io(std::io::Error),
    /// The text is not valid YAML (or not representable as JSON).
    Yaml(serde_yaml::Error),
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::Io(e) => write!(f, "cannot read spec: {e}"),
            SpecError::Yaml(e) => write!(f, "cannot parse spec: {e}"),
        }
    }
}

impl std::error::Error for SpecError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SpecError::Io(e) => Some(e),
            SpecError::Yaml(e) => Some(e),
        }
    }
}

/// Reads an OpenAPI YAML (or JSON) file and checks all of its examples.
pub fn check_spec_file(path: &Path) -> Result<ExampleReport, SpecError> {
    let text = std::fs::read_to_string(path).map_err(SpecError::Io)?;
    check_spec_str(&text)
}

/// Parses OpenAPI YAML (or JSON) text and checks all of its examples.
pub fn check_spec_str(text: &str) -> Result<ExampleReport, SpecError> {
    let doc: Value = serde_yaml::from_str(text).map_err(SpecError::Yaml)?;
    Ok(check_document(&doc))
}

/// Checks all examples of an already parsed OpenAPI document.
pub fn check_document(doc: &Value) -> ExampleReport {
    let mut checker = Checker {
        doc,
        report: ExampleReport::default(),
        used_examples: BTreeSet::new(),
    };
    checker.run();
    checker.report
}

/// Translates an OpenAPI 3.0 schema (which may be or contain local `$ref`s into `doc`) into a
/// self-contained Draft 4 JSON Schema.
pub fn to_json_schema(doc: &Value, schema: &Value) -> Result<Value, String> {
    translate(doc, schema, &mut Vec::new())
}

const OPERATIONS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords that exist only in OpenAPI (or are annotations) and must not reach the validator.
const OPENAPI_ONLY: [&str; 8] = [
    "nullable",
    "discriminator",
    "example",
    "xml",
    "externalDocs",
    "deprecated",
    "readOnly",
    "writeOnly",
];

struct Checker<'a> {
    doc: &'a Value,
    report: ExampleReport,
    used_examples: BTreeSet<String>,
}

impl<'a> Checker<'a> {
    fn run(&mut self) {
        let doc = self.doc;
        if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                let ptr = format!("/paths/{}", escape(path));
                self.path_item(item, &ptr);
            }
        }
        let components = doc.get("components");
        let section = |name: &str| {
            components
                .and_then(|c| c.get(name))
                .and_then(Value::as_object)
        };
        if let Some(params) = section("parameters") {
            for (name, p) in params {
                self.parameter_or_header(p, &format!("/components/parameters/{}", escape(name)));
            }
        }
        if let Some(headers) = section("headers") {
            for (name, h) in headers {
                self.parameter_or_header(h, &format!("/components/headers/{}", escape(name)));
            }
        }
        if let Some(bodies) = section("requestBodies") {
            for (name, b) in bodies {
                self.request_body(b, &format!("/components/requestBodies/{}", escape(name)));
            }
        }
        if let Some(responses) = section("responses") {
            for (name, r) in responses {
                self.response(r, &format!("/components/responses/{}", escape(name)));
            }
        }
        if let Some(schemas) = section("schemas") {
            for (name, s) in schemas {
                self.schema_examples(s, &format!("/components/schemas/{}", escape(name)));
            }
        }
        if let Some(examples) = section("examples") {
            for name in examples.keys() {
                let ptr = format!("/components/examples/{}", escape(name));
                if !self.used_examples.contains(&ptr) {
                    self.fail(
                        &format!("components/examples/{name}"),
                        &ptr,
                        "",
                        "not referenced from any media type, parameter or header, so never checked",
                    );
                }
            }
        }
    }

    fn path_item(&mut self, item: &Value, ptr: &str) {
        // A `$ref`'d path item is checked as the item it points to (one step: a path item
        // that is a `$ref` to another `$ref` is reported, not followed round a cycle).
        let doc = self.doc;
        let item = match item.get("$ref") {
            None => item,
            Some(reference) => match reference
                .as_str()
                .and_then(|r| resolve_pointer(doc, r))
                .filter(|target| target.get("$ref").is_none())
            {
                Some(target) => target,
                None => {
                    self.fail(
                        "path item",
                        ptr,
                        "",
                        "path item $ref does not resolve to a path item, so its examples are never checked",
                    );
                    return;
                }
            },
        };
        self.parameters(item.get("parameters"), &format!("{ptr}/parameters"));
        for op in OPERATIONS {
            let Some(operation) = item.get(op) else {
                continue;
            };
            let op_ptr = format!("{ptr}/{op}");
            self.parameters(operation.get("parameters"), &format!("{op_ptr}/parameters"));
            if let Some(body) = operation.get("requestBody") {
                self.request_body(body, &format!("{op_ptr}/requestBody"));
            }
            if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
                for (code, r) in responses {
                    self.response(r, &format!("{op_ptr}/responses/{}", escape(code)));
                }
            }
        }
    }

    fn parameters(&mut self, params: Option<&Value>, ptr: &str) {
        if let Some(list) = params.and_then(Value::as_array) {
            for (i, p) in list.iter().enumerate() {
                self.parameter_or_header(p, &format!("{ptr}/{i}"));
            }
        }
    }

    /// `$ref`'d parameters, bodies, responses and headers are checked where they are defined
    /// (under components), not at each use.
    fn parameter_or_header(&mut self, p: &Value, ptr: &str) {
        if p.get("$ref").is_some() {
            return;
        }
        self.examples_holder(p, ptr, None);
        self.content(p.get("content"), &format!("{ptr}/content"), None);
    }

    fn request_body(&mut self, body: &Value, ptr: &str) {
        if body.get("$ref").is_some() {
            return;
        }
        self.content(body.get("content"), &format!("{ptr}/content"), None);
    }

    fn response(&mut self, r: &Value, ptr: &str) {
        if r.get("$ref").is_some() {
            return;
        }
        if let Some(headers) = r.get("headers").and_then(Value::as_object) {
            for (name, h) in headers {
                self.parameter_or_header(h, &format!("{ptr}/headers/{}", escape(name)));
            }
        }
        let unwrap = r.get("x-unwrap").and_then(Value::as_str);
        self.content(r.get("content"), &format!("{ptr}/content"), unwrap);
    }

    fn content(&mut self, content: Option<&Value>, ptr: &str, unwrap: Option<&str>) {
        if let Some(media) = content.and_then(Value::as_object) {
            for (mime, m) in media {
                self.examples_holder(m, &format!("{ptr}/{}", escape(mime)), unwrap);
            }
        }
    }

    /// A media type, parameter or header: something with a `schema` and `example`/`examples`.
    fn examples_holder(&mut self, holder: &Value, ptr: &str, unwrap: Option<&str>) {
        let schema = holder.get("schema");
        if let Some(s) = schema {
            self.schema_examples(s, &format!("{ptr}/schema"));
        }
        let mut found: Vec<(String, String, Option<&Value>)> = Vec::new();
        if let Some(v) = holder.get("example") {
            found.push((format!("{ptr}/example"), format!("{ptr}/example"), Some(v)));
        }
        if let Some(examples) = holder.get("examples").and_then(Value::as_object) {
            for (key, ex) in examples {
                let at = format!("{ptr}/examples/{}", escape(key));
                let (name, resolved) = match ex.get("$ref").and_then(Value::as_str) {
                    Some(reference) => {
                        let target = reference.strip_prefix('#').unwrap_or(reference);
                        self.used_examples.insert(target.to_owned());
                        (
                            target.trim_start_matches('/').to_owned(),
                            resolve_pointer(self.doc, reference),
                        )
                    }
                    None => (at.clone(), Some(ex)),
                };
                match resolved {
                    None => self.fail(&name, &at, "", "example $ref does not resolve"),
                    Some(obj) => match obj.get("value") {
                        Some(v) => found.push((name, at, Some(v))),
                        None => found.push((name, at, None)),
                    },
                }
            }
        }
        for (name, at, value) in found {
            let Some(value) = value else {
                self.fail(&name, &at, "", "example has no inline `value` to check");
                continue;
            };
            let Some(schema) = schema else {
                self.fail(&name, &at, "", "example has no schema to check it against");
                continue;
            };
            self.validate(&name, &at, schema, value);
            if let Some(pointer) = unwrap {
                if value.pointer(pointer).is_none() {
                    self.fail(
                        &name,
                        &at,
                        pointer,
                        "response declares x-unwrap but the example has nothing at that pointer",
                    );
                }
            }
        }
    }

    /// Walks an inline schema tree and checks each schema-level `example`.
    /// `$ref`'d schemas are checked where they are defined.
    fn schema_examples(&mut self, schema: &Value, ptr: &str) {
        let Some(obj) = schema.as_object() else {
            return;
        };
        if obj.contains_key("$ref") {
            return;
        }
        if let Some(example) = obj.get("example") {
            let at = format!("{ptr}/example");
            self.validate(&at, &at, schema, example);
        }
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            for (name, s) in props {
                self.schema_examples(s, &format!("{ptr}/properties/{}", escape(name)));
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(s) = obj.get(key) {
                self.schema_examples(s, &format!("{ptr}/{key}"));
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(list) = obj.get(key).and_then(Value::as_array) {
                for (i, s) in list.iter().enumerate() {
                    self.schema_examples(s, &format!("{ptr}/{key}/{i}"));
                }
            }
        }
    }

    fn validate(&mut self, name: &str, at: &str, schema: &Value, value: &Value) {
        self.report.checked.push(format!("{name} (at {at})"));
        let errors = self.errors(schema, value);
        if errors.is_empty() {
            return;
        }
        // A failed `oneOf` only says "no variant matched". When a discriminator picks the
        // variant, report that variant's errors instead: they name the offending field.
        if let Some(variant) = discriminated_variant(self.doc, schema, value) {
            let detailed = self.errors(&serde_json::json!({ "$ref": variant }), value);
            if !detailed.is_empty() {
                for (path, message) in detailed {
                    let message = format!("{message} (variant {variant}, chosen by discriminator)");
                    self.fail(name, at, &path, &message);
                }
                return;
            }
        }
        for (path, message) in errors {
            self.fail(name, at, &path, &message);
        }
    }

    /// Validates `value` against the OpenAPI `schema`; returns `(instance path, message)` pairs.
    fn errors(&self, schema: &Value, value: &Value) -> Vec<(String, String)> {
        let json_schema = match to_json_schema(self.doc, schema) {
            Ok(s) => s,
            Err(e) => return vec![(String::new(), format!("schema cannot be translated: {e}"))],
        };
        let validator = match jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .with_format("byte", is_base64)
            .build(&json_schema)
        {
            Ok(v) => v,
            Err(e) => return vec![(String::new(), format!("schema does not compile: {e}"))],
        };
        // `masked` keeps whole example values out of the messages.
        validator
            .iter_errors(value)
            .map(|e| (e.instance_path().to_string(), e.masked().to_string()))
            .collect()
    }

    fn fail(&mut self, name: &str, at: &str, instance_path: &str, message: &str) {
        self.report.failures.push(ExampleFailure {
            example: name.to_owned(),
            pointer: at.to_owned(),
            instance_path: instance_path.to_owned(),
            message: message.to_owned(),
        });
    }
}

fn translate(doc: &Value, schema: &Value, refs: &mut Vec<String>) -> Result<Value, String> {
    let Some(obj) = schema.as_object() else {
        // `true`/`false` schemas and anything odd pass through untouched.
        return Ok(schema.clone());
    };
    if let Some(reference) = obj.get("$ref") {
        // OpenAPI 3.0 ignores siblings of `$ref`.
        let reference = reference
            .as_str()
            .ok_or_else(|| "$ref is not a string".to_owned())?;
        if refs.iter().any(|r| r == reference) {
            return Err(format!("cyclic $ref {reference}"));
        }
        let target = resolve_pointer(doc, reference)
            .ok_or_else(|| format!("$ref {reference} does not resolve"))?;
        refs.push(reference.to_owned());
        let out = translate(doc, target, refs);
        refs.pop();
        return out;
    }
    let mut out = Map::new();
    for (key, value) in obj {
        if OPENAPI_ONLY.contains(&key.as_str()) || key.starts_with("x-") {
            continue;
        }
        let translated = match key.as_str() {
            "properties" => {
                let mut props = Map::new();
                if let Some(map) = value.as_object() {
                    for (name, s) in map {
                        props.insert(name.clone(), translate(doc, s, refs)?);
                    }
                }
                Value::Object(props)
            }
            "items" | "not" | "additionalProperties" => translate(doc, value, refs)?,
            "allOf" | "anyOf" | "oneOf" => {
                let mut list = Vec::new();
                for s in value.as_array().map(Vec::as_slice).unwrap_or_default() {
                    list.push(translate(doc, s, refs)?);
                }
                Value::Array(list)
            }
            _ => value.clone(),
        };
        out.insert(key.clone(), translated);
    }
    let nullable = obj.get("nullable").and_then(Value::as_bool) == Some(true);
    // OpenAPI 3.0.3: `nullable` only has an effect next to an explicit `type`.
    if nullable && obj.contains_key("type") {
        return Ok(serde_json::json!({ "anyOf": [{ "type": "null" }, Value::Object(out)] }));
    }
    Ok(Value::Object(out))
}

/// The `$ref` of the `oneOf` variant that `schema`'s discriminator mapping selects for `value`.
fn discriminated_variant<'d>(doc: &'d Value, schema: &'d Value, value: &Value) -> Option<&'d str> {
    let mut schema = schema;
    let mut hops = 0;
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        hops += 1;
        if hops > 32 {
            return None;
        }
        schema = resolve_pointer(doc, reference)?;
    }
    let discriminator = schema.get("discriminator")?;
    let property = discriminator.get("propertyName")?.as_str()?;
    let tag = value.get(property)?.as_str()?;
    discriminator.get("mapping")?.get(tag)?.as_str()
}

/// Resolves a local reference (`#/a/b`) in `doc`.
fn resolve_pointer<'d>(doc: &'d Value, reference: &str) -> Option<&'d Value> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(doc);
    }
    doc.pointer(pointer)
}

/// Escapes one JSON pointer segment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Standard (RFC 4648 section 4) base64 with padding, as OpenAPI's `format: byte` requires.
pub fn is_base64(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.len() % 4 != 0 {
        return false;
    }
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    if padding > 2 {
        return false;
    }
    bytes[..bytes.len() - padding]
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small spec: one operation, one referenced example, one schema with an example.
    fn spec(example_value: &str, schema_example: &str) -> String {
        format!(
            r##"
openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /things:
    post:
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Thing'}}
            examples:
              one: {{$ref: '#/components/examples/One'}}
      responses:
        '200':
          description: ok
          x-unwrap: /data/thing
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {{type: object}}
              example: {{data: {{thing: {{}}}}}}
components:
  schemas:
    Kind:
      type: string
      enum: [a, b]
    Thing:
      type: object
      required: [name, kind]
      discriminator: {{propertyName: kind}}
      properties:
        name: {{type: string, x-sensitive: true}}
        kind: {{$ref: '#/components/schemas/Kind'}}
        note: {{type: string, nullable: true}}
        blob: {{type: string, format: byte}}
        when: {{type: string, format: date-time}}
        count: {{type: integer}}
      example: {schema_example}
  examples:
    One:
      value: {example_value}
"##
        )
    }

    const GOOD: &str = r#"{"name": "x", "kind": "a", "note": null, "blob": "aGk=", "when": "2024-08-22T16:13:01.227Z", "count": 3}"#;

    fn check(example_value: &str, schema_example: &str) -> ExampleReport {
        check_spec_str(&spec(example_value, schema_example)).expect("test spec parses")
    }

    #[test]
    fn valid_examples_pass_and_are_counted() {
        let report = check(GOOD, GOOD);
        assert!(report.failures.is_empty(), "{:#?}", report.failures);
        // The referenced example, the inline response example and the schema example.
        assert_eq!(report.checked.len(), 3, "{:#?}", report.checked);
    }

    #[test]
    fn path_items_that_are_refs_are_followed_not_skipped() {
        let moved = |target: &str, value: &str| {
            spec(value, GOOD).replace(
                "paths:\n  /things:\n",
                &format!("paths:\n  /things: {{$ref: '{target}'}}\nx-items:\n  things:\n"),
            )
        };
        let good = check_spec_str(&moved("#/x-items/things", GOOD)).expect("parses");
        assert!(good.failures.is_empty(), "{:#?}", good.failures);
        assert_eq!(good.checked.len(), 3, "{:#?}", good.checked);
        let bad = check_spec_str(&moved("#/x-items/things", r#"{"name": 5, "kind": "a"}"#))
            .expect("parses");
        assert_eq!(bad.failures.len(), 1, "{:#?}", bad.failures);
        let dangling = check_spec_str(&moved("#/x-items/nothing", GOOD)).expect("parses");
        assert!(
            dangling
                .failures
                .iter()
                .any(|f| f.message.contains("path item $ref")),
            "{:#?}",
            dangling.failures
        );
    }

    fn failures_for(bad: &str) -> Vec<ExampleFailure> {
        let report = check(bad, GOOD);
        assert!(!report.failures.is_empty(), "expected a failure for {bad}");
        report.failures
    }

    #[test]
    fn wrong_type_fails_with_pointer() {
        let failures = failures_for(r#"{"name": 5, "kind": "a"}"#);
        assert_eq!(failures.len(), 1, "{failures:#?}");
        let f = &failures[0];
        assert_eq!(f.example, "components/examples/One");
        assert_eq!(
            f.pointer,
            "/paths/~1things/post/requestBody/content/application~1json/examples/one"
        );
        assert_eq!(f.instance_path, "/name");
    }

    #[test]
    fn missing_required_key_fails() {
        let failures = failures_for(r#"{"name": "x"}"#);
        assert!(failures[0].message.contains("kind"), "{failures:#?}");
    }

    #[test]
    fn bad_enum_value_through_ref_fails() {
        let failures = failures_for(r#"{"name": "x", "kind": "c"}"#);
        assert_eq!(failures[0].instance_path, "/kind");
    }

    #[test]
    fn null_only_allowed_where_nullable() {
        failures_for(r#"{"name": null, "kind": "a"}"#);
        let report = check(r#"{"name": "x", "kind": "a", "note": null}"#, GOOD);
        assert!(report.failures.is_empty(), "{:#?}", report.failures);
    }

    #[test]
    fn formats_are_checked() {
        let failures = failures_for(r#"{"name": "x", "kind": "a", "blob": "not base64!"}"#);
        assert_eq!(failures[0].instance_path, "/blob");
        let failures = failures_for(r#"{"name": "x", "kind": "a", "when": "yesterday"}"#);
        assert_eq!(failures[0].instance_path, "/when");
    }

    #[test]
    fn integer_rejects_fraction() {
        failures_for(r#"{"name": "x", "kind": "a", "count": 1.5}"#);
    }

    #[test]
    fn broken_schema_example_fails() {
        let report = check(GOOD, r#"{"name": "x", "kind": "z"}"#);
        assert_eq!(report.failures.len(), 1, "{:#?}", report.failures);
        assert_eq!(
            report.failures[0].pointer,
            "/components/schemas/Thing/example"
        );
    }

    #[test]
    fn unreferenced_component_example_is_reported() {
        let text = spec(GOOD, GOOD).replace(
            "  examples:\n    One:",
            "  examples:\n    Orphan:\n      value: {}\n    One:",
        );
        let report = check_spec_str(&text).expect("test spec parses");
        assert_eq!(report.failures.len(), 1, "{:#?}", report.failures);
        assert_eq!(report.failures[0].example, "components/examples/Orphan");
    }

    #[test]
    fn x_unwrap_must_point_into_examples() {
        let text = spec(GOOD, GOOD).replace("x-unwrap: /data/thing", "x-unwrap: /data/other");
        let report = check_spec_str(&text).expect("test spec parses");
        assert_eq!(report.failures.len(), 1, "{:#?}", report.failures);
        assert_eq!(report.failures[0].instance_path, "/data/other");
    }

    #[test]
    fn discriminated_one_of_reports_the_chosen_variant() {
        let text = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}
      example: {kind: dog, barks: maybe}
    Cat:
      type: object
      required: [kind]
      properties: {kind: {type: string, enum: [cat]}, lives: {type: integer}}
    Dog:
      type: object
      required: [kind]
      properties: {kind: {type: string, enum: [dog]}, barks: {type: boolean}}
"##;
        let report = check_spec_str(text).expect("test spec parses");
        assert_eq!(report.failures.len(), 1, "{:#?}", report.failures);
        let f = &report.failures[0];
        assert_eq!(f.instance_path, "/barks");
        assert!(f.message.contains("#/components/schemas/Dog"), "{f}");
    }

    #[test]
    fn cyclic_ref_is_an_error_not_a_hang() {
        let doc = serde_json::json!({
            "components": {"schemas": {"A": {"$ref": "#/components/schemas/A"}}}
        });
        let err = to_json_schema(&doc, &serde_json::json!({"$ref": "#/components/schemas/A"}))
            .expect_err("cycle detected");
        assert!(err.contains("cyclic"), "{err}");
    }

    #[test]
    fn openapi_keywords_are_translated() {
        let doc = serde_json::json!({});
        let out = to_json_schema(
            &doc,
            &serde_json::json!({
                "type": "object",
                "nullable": true,
                "discriminator": {"propertyName": "t"},
                "x-sensitive": true,
                "example": {},
                "properties": {"example": {"type": "string"}}
            }),
        )
        .expect("translates");
        assert_eq!(
            out,
            serde_json::json!({"anyOf": [
                {"type": "null"},
                {"type": "object", "properties": {"example": {"type": "string"}}}
            ]})
        );
    }

    #[test]
    fn base64_rules() {
        assert!(is_base64(""));
        assert!(is_base64("aGk="));
        assert!(is_base64("aGVsbG8gd29ybGQ="));
        assert!(!is_base64("aGk"));
        assert!(!is_base64("a==="));
        assert!(!is_base64("a-b_"));
    }
}
