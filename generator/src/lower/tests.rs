//! Unit tests of `lower` on its own: boxing of recursive types, alias cycles, `$ref` chains and
//! reserved names. The documents are decoded without `load`, whose own cycle check would
//! reject most of them first: these pin what `lower` does when called on its own.

use openapiv3::OpenAPI;
use serde_json::{json, Value};

use super::lower;
use crate::ir::{Api, ModelKind, TypeRef};

fn doc(schemas: Value) -> OpenAPI {
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    });
    match serde_json::from_value(doc) {
        Ok(doc) => doc,
        Err(e) => panic!("test document does not decode: {e}"),
    }
}

fn lowered(schemas: Value) -> Api {
    match lower(&doc(schemas)) {
        Ok(api) => api,
        Err(e) => panic!("lowering failed: {e}"),
    }
}

fn error(schemas: Value) -> String {
    match lower(&doc(schemas)) {
        Ok(_) => panic!("lowering succeeded"),
        Err(e) => e.to_string(),
    }
}

fn kind<'a>(api: &'a Api, name: &str) -> &'a ModelKind {
    match api.models.iter().find(|m| m.name.as_str() == name) {
        Some(m) => &m.kind,
        None => panic!("no model {name}"),
    }
}

/// Field types of a struct model, as `name: type` in field order.
fn fields(api: &Api, name: &str) -> Vec<String> {
    match kind(api, name) {
        ModelKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| format!("{}: {}", f.name.as_str(), label(&f.ty)))
            .collect(),
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn variants(api: &Api, name: &str) -> Vec<String> {
    match kind(api, name) {
        ModelKind::Union(u) => u.variants().map(|v| label(&v.ty)).collect(),
        other => panic!("{name} is not a union: {other:?}"),
    }
}

fn label(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(n) => n.as_str().to_owned(),
        TypeRef::Boxed(t) => format!("Box<{}>", label(t)),
        TypeRef::Array(t) => format!("Vec<{}>", label(t)),
        TypeRef::Map(t) => format!("Map<{}>", label(t)),
        other => format!("{other:?}"),
    }
}

fn r(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

#[test]
fn struct_fields_closing_a_cycle_are_boxed_and_nothing_else() {
    let api = lowered(json!({
        "Node": {"type": "object", "properties": {
            "next": r("Node"),
            "children": {"type": "array", "items": r("Node")},
            "leaf": r("Leaf"),
        }},
        "Leaf": {"type": "object", "properties": {"n": {"type": "integer"}}},
        "A": {"type": "object", "properties": {"b": r("B")}},
        "B": {"type": "object", "properties": {"a": r("A"), "leaf": r("Leaf")}},
    }));
    assert_eq!(
        fields(&api, "Node"),
        ["next: Box<Node>", "children: Vec<Node>", "leaf: Leaf"]
    );
    assert_eq!(fields(&api, "A"), ["b: Box<B>"]);
    assert_eq!(fields(&api, "B"), ["a: Box<A>", "leaf: Leaf"]);
}

#[test]
fn union_variants_are_boxed_only_when_no_struct_breaks_the_cycle() {
    let api = lowered(json!({
        // Through a struct: the field is boxed, the variant is not.
        "Expr": {"oneOf": [r("Lit"), r("Neg")]},
        "Lit": {"type": "object", "properties": {"v": {"type": "integer"}}},
        "Neg": {"type": "object", "properties": {"inner": r("Expr")}},
        // Unions only: the variants closing the cycle are boxed.
        "P": {"oneOf": [r("Q"), {"type": "string"}]},
        "Q": {"oneOf": [r("P"), {"type": "integer"}]},
    }));
    assert_eq!(variants(&api, "Expr"), ["Lit", "Neg"]);
    assert_eq!(fields(&api, "Neg"), ["inner: Box<Expr>"]);
    assert_eq!(variants(&api, "P"), ["Box<Q>", "Primitive(String)"]);
    assert_eq!(variants(&api, "Q"), ["Box<P>", "Primitive(I64)"]);
}

#[test]
fn union_variants_closing_a_cycle_of_unions_alone_are_boxed() {
    let api = lowered(json!({
        "P": {"oneOf": [r("Q"), {"type": "string"}]},
        "Q": {"oneOf": [r("P"), r("Leaf")]},
        "Leaf": {"type": "object", "properties": {"p": {"type": "array", "items": r("P")}}},
    }));
    assert_eq!(variants(&api, "P"), ["Box<Q>", "Primitive(String)"]);
    assert_eq!(variants(&api, "Q"), ["Box<P>", "Leaf"]);
    assert_eq!(fields(&api, "Leaf"), ["p: Vec<P>"]);
}

#[test]
fn an_alias_reaching_itself_through_a_list_becomes_a_newtype() {
    let api = lowered(json!({
        "Tree": {"type": "array", "items": r("Tree")},
        "Forest": {"type": "array", "items": r("Tree")},
    }));
    assert!(matches!(
        kind(&api, "Tree"),
        ModelKind::Newtype(TypeRef::Array(_))
    ));
    assert!(matches!(
        kind(&api, "Forest"),
        ModelKind::Alias(TypeRef::Array(_))
    ));
}

#[test]
fn an_alias_loop_with_nothing_between_is_an_error() {
    let message = error(json!({
        "A": {"allOf": [r("B")]},
        "B": {"nullable": true, "allOf": [r("A")]},
        "C": {"allOf": [r("A")]},
    }));
    assert_eq!(
        message,
        "at /components/schemas/A: `$ref` cycle that never reaches a definition (each schema only is or merges the next): A → B → A"
    );
}

#[test]
fn a_bare_ref_chain_that_loops_is_an_error_naming_the_way_in() {
    let message = error(json!({"A": r("B"), "B": r("C"), "C": r("B")}));
    assert_eq!(
        message,
        "at /components/schemas/A: `$ref` cycle that never reaches a definition (each schema only is or merges the next): A → B → C → B"
    );
}

#[test]
fn a_bare_ref_chain_ending_nowhere_is_reported_at_its_start() {
    let message = error(json!({"A": r("B"), "B": r("Missing")}));
    assert_eq!(
        message,
        "at /components/schemas/A/$ref: `$ref` \"#/components/schemas/Missing\" points to nothing in this document"
    );
}

#[test]
fn spec_names_keep_off_the_names_the_client_code_uses() {
    let doc: OpenAPI = match serde_json::from_value(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/items/{body}/{parts}": {"get": {
            "operationId": "send",
            "parameters": [
                {"name": "body", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "parts", "in": "path", "required": true, "schema": {"type": "string"}},
            ],
            "responses": {"204": {"description": "done"}},
        }}},
    })) {
        Ok(doc) => doc,
        Err(e) => panic!("test document does not decode: {e}"),
    };
    let api = match lower(&doc) {
        Ok(api) => api,
        Err(e) => panic!("lowering failed: {e}"),
    };
    let op = &api.operations[0];
    assert_eq!(op.name.as_str(), "send2");
    let params: Vec<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(params, ["body2", "parts2"]);
}

/// One value (a 3.0 one-value `enum` of any scalar type) is a constant; two values are not.
/// A required field of a constant type, directly or through an alias, is filled in by
/// constructors (`fixed`).
#[test]
fn one_value_enums_are_constants_and_their_fields_fixed() {
    use crate::ir::ConstValue;
    let api = lowered(json!({
        "Kind": {"type": "string", "enum": ["list"]},
        "Also": {"$ref": "#/components/schemas/Kind"},
        "Pair": {"type": "string", "enum": ["a", "b"]},
        "Page": {
            "type": "object",
            "required": ["object", "alias", "ok", "n", "pair"],
            "properties": {
                "object": {"$ref": "#/components/schemas/Kind"},
                "alias": {"$ref": "#/components/schemas/Also"},
                "ok": {"type": "boolean", "enum": [false]},
                "n": {"type": "integer", "enum": [2, 2]},
                "pair": {"$ref": "#/components/schemas/Pair"},
                "later": {"type": "number", "enum": [0.5]}
            }
        }
    }));
    assert_eq!(
        kind(&api, "Kind"),
        &ModelKind::Const(ConstValue::String("list".into()))
    );
    assert_eq!(
        kind(&api, "PageOk"),
        &ModelKind::Const(ConstValue::Bool(false))
    );
    assert_eq!(
        kind(&api, "PageN"),
        &ModelKind::Const(ConstValue::Integer(2))
    );
    assert_eq!(
        kind(&api, "PageLater"),
        &ModelKind::Const(ConstValue::Number(0.5))
    );
    assert!(matches!(kind(&api, "Pair"), ModelKind::Enum(_)));
    let ModelKind::Struct(page) = kind(&api, "Page") else {
        panic!("Page is a struct");
    };
    let fixed: Vec<(&str, bool)> = page
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f.fixed))
        .collect();
    assert_eq!(
        fixed,
        [
            ("object", true),
            ("alias", true),
            ("ok", true),
            ("n", true),
            ("pair", false),
            ("later", true)
        ]
    );
}

#[test]
fn a_union_member_that_only_describes_a_reference_is_tagged_like_the_reference() {
    // What a 3.1 `{$ref, description}` member becomes once loaded.
    let described = |name: &str| json!({"allOf": [r(name)], "description": format!("A {name}.")});
    let tagged = |name: &str| {
        json!({"type": "object", "required": ["type"], "properties": {
            "type": {"type": "string", "enum": [name]},
        }})
    };
    let api = lowered(json!({
        "Block": {
            "oneOf": [described("Text"), described("Image")],
            "discriminator": {"propertyName": "type"},
        },
        "Text": tagged("Text"),
        "Image": tagged("Image"),
    }));
    assert_eq!(variants(&api, "Block"), ["Text", "Image"]);
    match kind(&api, "Block") {
        ModelKind::Union(crate::ir::Union::Tagged { property, variants }) => {
            assert_eq!(property, "type");
            let tags: Vec<&str> = variants.iter().map(|v| v.tag.as_str()).collect();
            assert_eq!(tags, ["Text", "Image"]);
        }
        other => panic!("Block is not a tagged union: {other:?}"),
    }
}

#[test]
fn every_json_lines_media_type_real_specs_use_is_a_stream_of_items() {
    use super::bodies::{media, Media};
    // `application/x-jsonl` is what Anthropic's batch results declare.
    for m in [
        "application/jsonl",
        "application/x-jsonl",
        "application/x-ndjson",
        "application/x-jsonlines",
        "application/jsonlines",
        "application/json-seq",
    ] {
        assert_eq!(media(m), Media::JsonLines, "{m}");
    }
}

/// A scalar inside a tuple inside a list still brings in its crate: `Vec<(Timestamp, f64)>`
/// needs chrono (the analysis once stopped at the list and generated a crate without it).
#[test]
fn scalars_in_tuples_nested_in_lists_count_as_needs() {
    let api = lowered(json!({
        "Series": {
            "type": "object",
            "required": ["points"],
            "properties": {"points": {"type": "array", "items": {
                "type": "array",
                "x-codegen-prefix-items": [
                    {"type": "string", "format": "date-time"},
                    {"type": "string", "format": "uuid"},
                ],
                "x-codegen-tuple-closed": true,
            }}}
        }
    }));
    assert!(
        api.needs.chrono,
        "a date-time in a tuple in a list needs chrono"
    );
    assert!(api.needs.uuid, "a uuid in a tuple in a list needs uuid");
}

/// A Rust tuple holds its positions by value: a position that closes a cycle is boxed, in a
/// closed tuple (a field `(i64, Node)` inside `Node`) as in an open tuple struct.
#[test]
fn tuple_positions_closing_a_cycle_are_boxed() {
    use crate::ir::{Primitive, TupleModel};
    let api = lowered(json!({
        "Node": {"type": "object", "properties": {"pair": {
            "type": "array",
            "x-codegen-prefix-items": [{"type": "integer", "format": "int64"}, r("Node")],
            "x-codegen-tuple-closed": true,
        }}},
        "Open": {"type": "array", "x-codegen-prefix-items": [r("Open")]},
    }));
    let ModelKind::Struct(node) = kind(&api, "Node") else {
        panic!("Node is a struct");
    };
    let boxed =
        |name: &str| TypeRef::Boxed(Box::new(TypeRef::Named(crate::naming::TypeName::new(name))));
    assert_eq!(
        node.fields.iter().map(|f| &f.ty).collect::<Vec<_>>(),
        [&TypeRef::Tuple(vec![
            TypeRef::Primitive(Primitive::I64),
            boxed("Node")
        ])]
    );
    assert_eq!(
        kind(&api, "Open"),
        &ModelKind::Tuple(TupleModel {
            prefix: vec![boxed("Open")],
            rest: TypeRef::Any,
        })
    );
}
