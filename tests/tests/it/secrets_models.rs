//! Secrets never leak through `Debug`: every `x-sensitive` field of every generated Sphere
//! model is filled with a canary string, and no canary may appear in any `Debug` output.
//!
//! The sensitive fields are found in the spec itself (every property marked `x-sensitive:
//! true` or `format: password`, or referring to a schema so marked), so a field added to the
//! spec later is covered without touching this test. The generator's IR maps each one to the
//! generated fields that carry it (an `allOf` copies a property into several types); the test
//! then builds, for each such type, JSON with every field set, decodes it with the real crate,
//! checks the canaries really are in the value (they re-encode), and checks `{:?}` / `{:#?}`.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use generator::ir::{Api, ConstValue, Model, ModelKind, Presence, Primitive, TypeRef, Union};
use serde_json::{json, Map, Value};
use sphere_api::models::*;

/// Decodes JSON as one model; returns its `Debug` (plain and pretty) and its re-encoding.
type Probe = fn(&Value) -> Result<(String, Value), String>;

fn probe<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(
    value: &Value,
) -> Result<(String, Value), String> {
    let t: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    let debug = format!("{t:?}\n{t:#?}");
    let back = serde_json::to_value(&t).map_err(|e| e.to_string())?;
    Ok((debug, back))
}

macro_rules! probes {
    ($($ty:ident),* $(,)?) => {
        BTreeMap::from([$((stringify!($ty), probe::<$ty> as Probe)),*])
    };
}

// `for_each_model!`, from the build script: every public type in the generated models.
include!(concat!(env!("OUT_DIR"), "/models.rs"));

/// A probe for every generated model (only those that can hold a secret are used).
fn probes() -> BTreeMap<&'static str, Probe> {
    for_each_model!(probes)
}

fn spec() -> (Value, Api) {
    let path = support::root().join("spec/sphere.yaml");
    let bytes = std::fs::read(&path).expect("spec");
    let raw: Value = serde_yaml::from_slice(&bytes).expect("spec parses");
    let doc = generator::load(&bytes).expect("loads");
    let api = generator::lower(&doc).expect("lowers");
    (raw, api)
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn marked(schema: &Value) -> bool {
    schema.get("x-sensitive") == Some(&Value::Bool(true))
        || schema.get("format") == Some(&json!("password"))
}

/// Pointers of every property declaration the spec marks sensitive.
fn sensitive_properties(raw: &Value) -> BTreeSet<String> {
    let sensitive_components: BTreeSet<String> = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter(|(_, s)| marked(s))
                .map(|(k, _)| format!("#/components/schemas/{}", escape(k)))
                .collect()
        })
        .unwrap_or_default();
    let mut out = BTreeSet::new();
    let mut stack = vec![(String::new(), raw)];
    while let Some((pointer, node)) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    for (name, schema) in props {
                        let via_ref = schema
                            .get("$ref")
                            .and_then(Value::as_str)
                            .is_some_and(|r| sensitive_components.contains(r));
                        if marked(schema) || via_ref {
                            out.insert(format!("{pointer}/properties/{}", escape(name)));
                        }
                    }
                }
                for (k, v) in map {
                    if k != "example" && k != "examples" {
                        stack.push((format!("{pointer}/{}", escape(k)), v));
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    stack.push((format!("{pointer}/{i}"), v));
                }
            }
            _ => {}
        }
    }
    out
}

/// Builds JSON for a type with every field set; sensitive ones get fresh canaries.
struct Filler<'a> {
    models: BTreeMap<&'a str, &'a Model>,
    sensitive: &'a BTreeSet<String>,
    canaries: Vec<String>,
}

impl Filler<'_> {
    fn canary(&mut self) -> String {
        let c = format!("CANARY{:04}Z", self.canaries.len());
        self.canaries.push(c.clone());
        c
    }

    fn value(&mut self, ty: &TypeRef, secret: bool, depth: usize) -> Value {
        match ty {
            TypeRef::Primitive(p) => match p {
                Primitive::String if secret => Value::String(self.canary()),
                Primitive::Bytes if secret => {
                    let c = self.canary();
                    Value::String(base64::engine::general_purpose::STANDARD.encode(c))
                }
                Primitive::String => json!("plain"),
                Primitive::Bytes => json!("cGxhaW4="),
                Primitive::Bool => json!(true),
                Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64 => json!(7),
                Primitive::F32 | Primitive::F64 => json!(1.5),
                Primitive::DateTime => json!("2024-01-02T03:04:05Z"),
                Primitive::Date => json!("2024-01-02"),
                Primitive::Uuid => json!("00000000-0000-0000-0000-000000000000"),
            },
            TypeRef::Array(t) => json!([self.value(t, secret, depth + 1)]),
            TypeRef::Map(t) => json!({ "k": self.value(t, secret, depth + 1) }),
            TypeRef::Boxed(t) => self.value(t, secret, depth + 1),
            TypeRef::Any | TypeRef::Object => {
                if secret {
                    json!({ "v": self.canary() })
                } else {
                    json!({ "v": 1 })
                }
            }
            TypeRef::Named(n) => self.named(n.as_str(), secret, depth),
            TypeRef::Tuple(ts) => ts
                .iter()
                .map(|t| self.value(t, secret, depth + 1))
                .collect(),
        }
    }

    fn named(&mut self, name: &str, secret: bool, depth: usize) -> Value {
        let Some(model) = self.models.get(name).copied() else {
            panic!("{name} is not a model");
        };
        match &model.kind {
            ModelKind::Alias(t) | ModelKind::Newtype(t) => self.value(t, secret, depth + 1),
            ModelKind::Enum(e) => json!(e.variants.first().map_or("x", |v| v.wire.as_str())),
            // A constant decodes its own value only.
            ModelKind::Const(c) => match c {
                ConstValue::String(s) => json!(s),
                ConstValue::Integer(i) => json!(i),
                ConstValue::Number(x) => json!(x),
                ConstValue::Bool(b) => json!(b),
            },
            ModelKind::Tuple(t) => t
                .prefix
                .iter()
                .chain([&t.rest])
                .map(|ty| self.value(ty, secret, depth + 1))
                .collect(),
            ModelKind::Union(Union::Tagged { property, variants }) => {
                let v = variants.first().expect("a union has variants");
                let mut value = self.value(&v.variant.ty, secret, depth + 1);
                if let Value::Object(m) = &mut value {
                    m.insert(property.clone(), json!(v.tag));
                }
                value
            }
            ModelKind::Union(Union::Untagged { variants }) => {
                let v = variants.first().expect("a union has variants");
                self.value(&v.ty, secret, depth + 1)
            }
            ModelKind::Struct(s) => {
                let mut m = Map::new();
                for f in &s.fields {
                    if depth > 8 && f.presence != Presence::Required {
                        continue;
                    }
                    let secret = secret || self.sensitive.contains(&f.docs.origin);
                    m.insert(f.wire.clone(), self.value(&f.ty, secret, depth + 1));
                }
                Value::Object(m)
            }
        }
    }
}

/// Named types reachable from `ty`.
fn reaches(models: &BTreeMap<&str, &Model>, name: &str, target: &BTreeSet<String>) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![name.to_owned()];
    while let Some(n) = stack.pop() {
        if target.contains(&n) {
            return true;
        }
        if !seen.insert(n.clone()) {
            continue;
        }
        let Some(m) = models.get(n.as_str()) else {
            continue;
        };
        let tys: Vec<&TypeRef> = match &m.kind {
            ModelKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            ModelKind::Union(u) => u.variants().map(|v| &v.ty).collect(),
            ModelKind::Alias(t) | ModelKind::Newtype(t) => vec![t],
            ModelKind::Tuple(t) => t.prefix.iter().chain([&t.rest]).collect(),
            ModelKind::Enum(_) | ModelKind::Const(_) => vec![],
        };
        for t in tys {
            stack.extend(t.all_named().into_iter().map(|n| n.as_str().to_owned()));
        }
    }
    false
}

#[test]
fn no_canary_in_any_debug_output() {
    let (raw, api) = spec();
    let sensitive = sensitive_properties(&raw);
    // Every `x-sensitive: true` line of the spec marks one property (none marks a whole
    // component schema, and the spec has no `format: password`): the walk must find each.
    let text = std::fs::read_to_string(support::root().join("spec/sphere.yaml")).expect("spec");
    let marks = text
        .lines()
        .filter(|l| l.trim() == "x-sensitive: true")
        .count()
        + text
            .lines()
            .filter(|l| l.trim() == "format: password")
            .count();
    assert_eq!(sensitive.len(), marks, "{sensitive:#?}");
    let models: BTreeMap<&str, &Model> = api.models.iter().map(|m| (m.name.as_str(), m)).collect();

    // Every sensitive property reaches a generated field, which the generator marks too.
    let mut holders = BTreeSet::new();
    for pointer in &sensitive {
        let fields: Vec<(&str, bool)> = api
            .models
            .iter()
            .filter_map(|m| match &m.kind {
                ModelKind::Struct(s) => Some((m, s)),
                _ => None,
            })
            .flat_map(|(m, s)| s.fields.iter().map(move |f| (m, f)))
            .filter(|(_, f)| &f.docs.origin == pointer)
            .map(|(m, f)| {
                holders.insert(m.name.as_str().to_owned());
                (m.name.as_str(), f.sensitive)
            })
            .collect();
        assert!(
            !fields.is_empty(),
            "{pointer} is x-sensitive but no generated field comes from it"
        );
        for (model, marked) in fields {
            assert!(
                marked,
                "{model}: field from {pointer} is not marked sensitive"
            );
        }
    }

    // Every model that holds a secret, directly or inside, is probed.
    let probes = probes();
    let exposed: Vec<&str> = models
        .keys()
        .copied()
        .filter(|n| reaches(&models, n, &holders))
        .collect();
    for name in &exposed {
        assert!(
            probes.contains_key(name),
            "{name} can hold a secret but has no probe (tests/build.rs lists the models)"
        );
    }

    // Each holder reaches itself, so every holder is probed, and so is every type around one.
    for holder in &holders {
        assert!(exposed.contains(&holder.as_str()), "{holder} is not probed");
    }
    let expected = exposed.len();
    let mut checked = 0;
    for name in exposed {
        let mut filler = Filler {
            models: models.clone(),
            sensitive: &sensitive,
            canaries: Vec::new(),
        };
        let value = filler.named(name, false, 0);
        let (debug, back) =
            probes[name](&value).unwrap_or_else(|e| panic!("{name}: {e} decoding {value}"));
        let encoded = back.to_string();
        assert!(
            !filler.canaries.is_empty(),
            "{name}: no sensitive field filled"
        );
        for canary in &filler.canaries {
            let b64 = base64::engine::general_purpose::STANDARD.encode(canary);
            assert!(
                encoded.contains(canary.as_str()) || encoded.contains(&b64),
                "{name}: canary {canary} did not survive decoding, so the check would be empty"
            );
            assert!(
                !debug.contains(canary.as_str()),
                "{name} leaks {canary} in Debug:\n{debug}"
            );
            assert!(
                !debug.contains(&b64),
                "{name} leaks base64 of {canary} in Debug:\n{debug}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, expected);
    eprintln!(
        "{} sensitive properties, held by {} types, probed through {checked} types",
        sensitive.len(),
        holders.len()
    );
}
