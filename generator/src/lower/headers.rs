//! Response headers: the headers an operation's success responses declare (`headers`, inline
//! or `$ref` to `components/headers`), merged into one struct per operation.

use indexmap::IndexMap;
use openapiv3::{ParameterSchemaOrContent, ReferenceOr, Response as OaResponse, StatusCode};

use super::bodies::is_json;
use super::operations::{clone_box, resolve_component};
use super::{docs, Lowerer};
use crate::error::{push_pointer, Result};
use crate::ir::{ModelKind, Primitive, ResponseHeader, ResponseHeaders, TypeRef};
use crate::naming::{FieldName, Scope, TypeName};

/// The headers struct of `op`, if its success responses declare headers, and the types it
/// mentions (response types, for the `readOnly`/`writeOnly` split).
pub(super) fn lower_response_headers(
    cx: &mut Lowerer<'_>,
    op: &openapiv3::Operation,
    type_base: &TypeName,
    pointer: &str,
) -> Result<(Option<ResponseHeaders>, Vec<TypeRef>)> {
    let responses_pointer = push_pointer(pointer, "responses");
    let mut successes: Vec<(String, &ReferenceOr<OaResponse>)> = op
        .responses
        .responses
        .iter()
        .filter_map(|(code, r)| match code {
            StatusCode::Code(c @ 200..=299) => Some((c.to_string(), r)),
            StatusCode::Range(2) => Some(("2XX".to_owned(), r)),
            _ => None,
        })
        .collect();
    // `default` describes success only when no 2xx response is declared, as for bodies.
    if successes.is_empty() {
        successes.extend(
            op.responses
                .default
                .iter()
                .map(|d| ("default".to_owned(), d)),
        );
    }
    let table = cx.doc.components.as_ref().map(|c| &c.responses);
    let header_table = cx.doc.components.as_ref().map(|c| &c.headers);
    // Per header (by lower-cased name): where it was first declared, and in how many
    // success responses it is required.
    let mut found: IndexMap<String, (String, &openapiv3::Header, String, usize)> = IndexMap::new();
    for (key, r) in &successes {
        let at = push_pointer(&responses_pointer, key);
        let r: &OaResponse = resolve_component(r, "responses", table, &at)?;
        // Names are case-insensitive: `X-Id` and `x-id` in one response are one header, which
        // must count once towards being required in every success response.
        let mut here = std::collections::BTreeSet::new();
        for (wire, h) in &r.headers {
            // OpenAPI: a response header named `Content-Type` is ignored.
            if wire.eq_ignore_ascii_case("content-type") || !here.insert(wire.to_ascii_lowercase())
            {
                continue;
            }
            let h_at = push_pointer(&push_pointer(&at, "headers"), wire);
            let header = resolve_component(h, "headers", header_table, &h_at)?;
            let entry = found
                .entry(wire.to_ascii_lowercase())
                .or_insert_with(|| (wire.clone(), header, h_at, 0));
            entry.3 += usize::from(header.required);
        }
    }
    if found.is_empty() {
        return Ok((None, Vec::new()));
    }
    let name = cx.types.claim(type_base.child("headers"));
    let mut fields = Scope::default();
    let mut headers = Vec::new();
    for (wire, header, at, required_in) in found.into_values() {
        let hint = name.child(&wire);
        let (ty, json) = header_type(cx, header, &hint, &at)?;
        let sensitive = match &header.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => {
                super::schema_view::View::of(s).sensitive()
            }
            _ => false,
        };
        headers.push(ResponseHeader {
            name: fields.claim(FieldName::new(&wire)),
            wire,
            ty,
            // A header some success response may lack can be missing.
            required: required_in == successes.len(),
            json,
            sensitive,
            docs: docs(None, header.description.as_ref(), &at),
        });
    }
    let types = headers.iter().map(|h| h.ty.clone()).collect();
    Ok((Some(ResponseHeaders { name, headers }), types))
}

/// The type a header decodes into, and whether its text is JSON.
fn header_type(
    cx: &mut Lowerer<'_>,
    header: &openapiv3::Header,
    hint: &TypeName,
    at: &str,
) -> Result<(TypeRef, bool)> {
    match &header.format {
        ParameterSchemaOrContent::Schema(s) => {
            let ty = cx.type_of(&clone_box(s), hint, &push_pointer(at, "schema"))?;
            // `style: simple` writes scalars and lists of them; anything else (an object's
            // `key,value` pairs) is handed over as the text received.
            Ok(match simple(cx, &ty) {
                true => (ty, false),
                false => (TypeRef::Primitive(Primitive::String), false),
            })
        }
        ParameterSchemaOrContent::Content(content) => match content.first() {
            Some((media, m)) if is_json(media) => {
                let pointer =
                    push_pointer(&push_pointer(&push_pointer(at, "content"), media), "schema");
                let ty = match &m.schema {
                    Some(s) => cx.type_of(&clone_box(s), hint, &pointer)?,
                    None => TypeRef::Any,
                };
                Ok((ty, true))
            }
            _ => Ok((TypeRef::Primitive(Primitive::String), false)),
        },
    }
}

/// Whether `style: simple` can carry `ty`: a scalar, an enum or a list of them.
fn simple(cx: &Lowerer<'_>, ty: &TypeRef) -> bool {
    fn scalar(cx: &Lowerer<'_>, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::Primitive(_) => true,
            TypeRef::Named(n) if depth < 8 => match cx.models.get(n).map(|m| &m.kind) {
                Some(ModelKind::Enum(_)) => true,
                Some(ModelKind::Alias(t) | ModelKind::Newtype(t)) => scalar(cx, t, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }
    match ty {
        TypeRef::Array(item) => scalar(cx, item, 0),
        _ => scalar(cx, ty, 0),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::body_methods::tests::lowered;

    /// A header written twice in one response (names differ only in case) is one header: it
    /// is not required when another success response lacks it.
    #[test]
    fn a_header_repeated_in_one_response_counts_once() {
        let header = json!({"required": true, "schema": {"type": "string"}});
        let api = lowered(json!({
            "/a": {"get": {
                "operationId": "get",
                "responses": {
                    "200": {"description": "ok", "headers": {"X-Id": header, "x-id": header}},
                    "201": {"description": "ok"},
                },
            }},
        }));
        let Some(headers) = &api.operations[0].response_headers else {
            panic!("no headers struct");
        };
        let fields: Vec<(&str, bool)> = headers
            .headers
            .iter()
            .map(|h| (h.wire.as_str(), h.required))
            .collect();
        assert_eq!(fields, [("X-Id", false)]);
    }

    /// A header is required only when every success response requires it; `Content-Type`
    /// and headers of error responses are left out.
    #[test]
    fn success_headers_merge_into_one_struct() {
        let header = |required: bool| json!({"required": required, "schema": {"type": "integer"}});
        let api = lowered(json!({
            "/a": {"get": {
                "operationId": "get",
                "responses": {
                    "200": {"description": "ok", "headers": {
                        "X-Both": header(true), "X-One": header(true),
                        "Content-Type": header(true),
                    }},
                    "201": {"description": "ok", "headers": {
                        "x-both": header(true), "X-Two": header(false),
                    }},
                    "429": {"description": "slow", "headers": {"Retry-After": header(true)}},
                },
            }},
        }));
        let Some(headers) = &api.operations[0].response_headers else {
            panic!("no headers struct");
        };
        assert_eq!(headers.name.as_str(), "GetHeaders");
        let fields: Vec<(&str, &str, bool)> = headers
            .headers
            .iter()
            .map(|h| (h.name.as_str(), h.wire.as_str(), h.required))
            .collect();
        assert_eq!(
            fields,
            [
                ("x_both", "X-Both", true),
                ("x_one", "X-One", false),
                ("x_two", "X-Two", false),
            ]
        );
    }
}
