//! Extra methods for request media types: an operation whose body may be sent as several
//! media types keeps its method for the default one (JSON when offered) and gets one more
//! method per other media type (`create_pet_form`, `create_pet_multipart`), named once every
//! operation has its own name so that a spec's own names always win.

use crate::ir::{Body, BodyKind, BodyMethod, Operation, PartKind, TypeRef};
use crate::naming::{FieldName, Scope};

/// An operation's other media types, waiting for their methods' names.
pub(super) struct ExtraBodies {
    /// The operation's place in the list.
    pub(super) index: usize,
    /// The name its method was made from (its `operationId`, or method and path).
    pub(super) raw_name: String,
    /// Each other media type's name suffix and body.
    pub(super) bodies: Vec<(String, Body)>,
}

/// Adds a method per extra media type right after its operation's own, and records every
/// method of such an operation in each of them; the types the new bodies send join
/// `request_roots`.
pub(super) fn add_body_methods(
    operations: &mut Vec<Operation>,
    pending: Vec<ExtraBodies>,
    fn_scope: &mut Scope,
    request_roots: &mut Vec<TypeRef>,
) {
    // Names are claimed in spec order; methods are inserted from the back so that the
    // recorded places stay right.
    let mut groups = Vec::new();
    for extra in pending {
        let Some(op) = operations.get(extra.index) else {
            continue;
        };
        let mut methods: Vec<BodyMethod> = op
            .body
            .iter()
            .map(|b| BodyMethod {
                method: op.name.clone(),
                content_type: b.content_type.clone(),
            })
            .collect();
        let mut added = Vec::new();
        for (suffix, body) in extra.bodies {
            let name = fn_scope.claim(FieldName::new(&format!("{} {suffix}", extra.raw_name)));
            request_roots.extend(sent_types(&body));
            methods.push(BodyMethod {
                method: name.clone(),
                content_type: body.content_type.clone(),
            });
            let mut method = op.clone();
            method.name = name;
            method.body = Some(body);
            added.push(method);
        }
        groups.push((extra.index, methods, added));
    }
    for (index, methods, added) in groups.into_iter().rev() {
        let Some(op) = operations.get_mut(index) else {
            continue;
        };
        op.body_methods = methods.clone();
        for (k, mut method) in added.into_iter().enumerate() {
            method.body_methods = methods.clone();
            operations.insert(index + 1 + k, method);
        }
    }
}

/// The types a body sends, which lose their `readOnly` properties.
fn sent_types(body: &Body) -> Vec<TypeRef> {
    match &body.kind {
        BodyKind::Json { ty, .. } => vec![ty.clone()],
        BodyKind::Form(form) => vec![form.ty.clone()],
        BodyKind::Multipart(m) => m
            .parts
            .iter()
            .filter_map(|p| match &p.kind {
                PartKind::Text(ty) | PartKind::Json(ty) => Some(ty.clone()),
                PartKind::File => None,
            })
            .collect(),
        BodyKind::Bytes | BodyKind::Text => Vec::new(),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use serde_json::json;

    use crate::ir::{Api, BodyKind};

    pub(in crate::lower) fn lowered(paths: serde_json::Value) -> Api {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
        });
        let doc: openapiv3::OpenAPI = match serde_json::from_value(doc) {
            Ok(doc) => doc,
            Err(e) => panic!("test document does not decode: {e}"),
        };
        match crate::lower(&doc) {
            Ok(api) => api,
            Err(e) => panic!("lowering failed: {e}"),
        }
    }

    fn object() -> serde_json::Value {
        json!({"schema": {"type": "object", "properties": {"a": {"type": "string"}}}})
    }

    /// JSON is the plain method's; the others follow it in spec order, patterns and repeats
    /// of a media type are left out, and a second binary type is named by its own words.
    #[test]
    fn each_other_media_type_gets_a_method_after_its_operation() {
        let api = lowered(json!({
            "/a": {"post": {
                "operationId": "post",
                "requestBody": {"content": {
                    "application/x-www-form-urlencoded": object(),
                    "application/octet-stream": {},
                    "application/json": object(),
                    "application/json; charset=utf-8": object(),
                    "image/*": {},
                    "image/png": {},
                }},
                "responses": {"204": {"description": "ok"}},
            }},
            "/b": {"get": {
                "operationId": "postForm",
                "responses": {"204": {"description": "ok"}},
            }},
        }));
        let names: Vec<(&str, &str)> = api
            .operations
            .iter()
            .map(|op| {
                let ct = op.body.as_ref().map_or("", |b| b.content_type.as_str());
                (op.name.as_str(), ct)
            })
            .collect();
        assert_eq!(
            names,
            [
                ("post", "application/json"),
                ("post_form2", "application/x-www-form-urlencoded"),
                ("post_bytes", "application/octet-stream"),
                ("post_png", "image/png"),
                ("post_form", ""),
            ]
        );
        let methods: Vec<&str> = api.operations[2]
            .body_methods
            .iter()
            .map(|m| m.method.as_str())
            .collect();
        assert_eq!(methods, ["post", "post_form2", "post_bytes", "post_png"]);
        assert!(!api.operations[0].is_extra_body_method());
        assert!(api.operations[1].is_extra_body_method());
        assert!(api.operations[4].body_methods.is_empty());
        assert!(matches!(
            api.operations[1].body.as_ref().map(|b| &b.kind),
            Some(BodyKind::Form(_))
        ));
    }
}
