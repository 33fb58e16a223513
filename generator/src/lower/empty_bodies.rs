//! Request bodies that can only be an empty object and need not be sent: Stripe gives each
//! of its GET and DELETE operations an optional form body `{type: object, properties: {},
//! additionalProperties: false}`, which would otherwise cost every such method a pointless
//! `body` argument.
//!
//! The rule: the body is optional, and the schema of every media type it may be sent as
//! (after `$ref`s) is a non-nullable `type: object` with no properties, no combinators and
//! `additionalProperties: false`. Such a body admits only `{}`, which omitting the body says
//! as well. `type: object` without `additionalProperties: false` admits any object, so it
//! keeps its argument, as does a required body (the server wants one, even an empty one).

use openapiv3::{AdditionalProperties, ReferenceOr, RequestBody, Schema};

use super::operations::resolve_component;
use super::schema_view::View;
use super::Lowerer;
use crate::error::{push_pointer, Result};

/// Whether the request body is optional and can only be the empty object.
pub(super) fn is_empty_optional_body(
    cx: &Lowerer<'_>,
    body: &ReferenceOr<RequestBody>,
    pointer: &str,
) -> Result<bool> {
    let table = cx.doc.components.as_ref().map(|c| &c.request_bodies);
    let body: &RequestBody = resolve_component(body, "requestBodies", table, pointer)?;
    if body.required || body.content.is_empty() {
        return Ok(false);
    }
    for (media_type, content) in &body.content {
        let at = push_pointer(
            &push_pointer(&push_pointer(pointer, "content"), media_type),
            "schema",
        );
        let schema: Schema = match &content.schema {
            Some(ReferenceOr::Item(s)) => s.clone(),
            Some(ReferenceOr::Reference { reference }) => cx.deref_schema(reference, &at)?.1,
            None => return Ok(false),
        };
        if !admits_only_empty_object(&schema) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn admits_only_empty_object(schema: &Schema) -> bool {
    let v = View::of(schema);
    v.typ == Some("object")
        && !v.data.nullable
        && v.properties.is_empty()
        && v.one_of.is_empty()
        && v.all_of.is_empty()
        && v.any_of.is_empty()
        && !v.not
        && matches!(v.additional, Some(AdditionalProperties::Any(false)))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::lower::body_methods::tests::lowered;

    fn op(id: &str, body: serde_json::Value) -> serde_json::Value {
        json!({"operationId": id, "requestBody": body,
               "responses": {"204": {"description": "ok"}}})
    }

    fn form(schema: serde_json::Value) -> serde_json::Value {
        json!({"content": {"application/x-www-form-urlencoded": {"schema": schema}}})
    }

    /// Only an optional body whose every media type admits nothing but `{}` is dropped.
    #[test]
    fn only_optional_bodies_admitting_just_an_empty_object_are_dropped() {
        let empty = json!({"type": "object", "properties": {}, "additionalProperties": false});
        let mut required = form(empty.clone());
        required["required"] = json!(true);
        let mut with_json = form(empty.clone());
        with_json["content"]["application/json"] = json!({"schema": {"type": "object"}});
        let api = lowered(json!({
            "/a": {
                "get": op("stripeStyle", form(empty.clone())),
                "delete": op("required", required),
                "put": op("anyObject", form(json!({"type": "object", "properties": {}}))),
                "post": op("secondTypeIsOpen", with_json),
            },
            "/b": {
                "get": op("nullable", form(json!({"type": "object", "nullable": true,
                    "additionalProperties": false}))),
            },
        }));
        let bodies: Vec<(&str, bool)> = api
            .operations
            .iter()
            .map(|o| (o.name.as_str(), o.body.is_some()))
            .collect();
        assert_eq!(
            bodies,
            [
                ("stripe_style", false),
                ("any_object", true),
                ("second_type_is_open", true),
                ("second_type_is_open_form", true),
                ("required", true),
                ("nullable", true),
            ]
        );
    }
}
