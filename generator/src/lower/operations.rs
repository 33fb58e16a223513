//! Lowers paths into operations, and the servers: what the client is built from. Parameters,
//! bodies, responses and security schemes each have a module of their own.

use indexmap::IndexMap;
use openapiv3::ReferenceOr;

use super::bodies::{lower_body, lower_extra_bodies};
use super::body_methods::{add_body_methods, ExtraBodies};
use super::empty_bodies::is_empty_optional_body;
use super::headers::lower_response_headers;
use super::negotiate::{add_stream_twins, stream_alternative, PendingTwin};
use super::operations32;
use super::params::{check_querystring, merge_params, order_params, params_model};
use super::responses::{accept, lower_responses};
use super::security::{lower_schemes, security_schemes};
use super::{docs, Lowerer};
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{BodyKind, Method, Operation, PartKind, SecurityScheme, Server, TypeRef};
use crate::naming::{reserved, FieldName, Scope, TypeName, VariantName};
use crate::pointer::unescape;

/// What lowering the non-schema parts yields: operations, servers, schemes, the default
/// security, and the types sent in requests.
pub(crate) type Lowered = (
    Vec<Operation>,
    Vec<Server>,
    Vec<SecurityScheme>,
    Vec<SecurityScheme>,
    Vec<TypeRef>,
    Vec<TypeRef>,
);

pub(crate) fn lower_operations(cx: &mut Lowerer<'_>) -> Result<Lowered> {
    let doc = cx.doc;
    let servers = lower_servers(doc);
    let schemes = lower_schemes(doc)?;
    let default_security = match &doc.security {
        Some(reqs) => security_schemes(reqs, &schemes, "/security")?,
        None => Vec::new(),
    };
    let mut fn_scope = Scope::with_reserved(reserved::CLIENT_METHODS);
    let mut operations = Vec::new();
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    let mut seen_ids: IndexMap<String, String> = IndexMap::new();
    let mut extra_bodies = Vec::new();
    let mut twins = Vec::new();
    for (path, item) in &doc.paths.paths {
        let path_pointer = push_pointer("/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                return Err(Error::at(
                    push_pointer(&path_pointer, "$ref"),
                    ErrorKind::Unsupported(format!("path item `$ref` {reference:?}")),
                ))
            }
        };
        let methods = [
            (Method::Get, "get", &item.get),
            (Method::Put, "put", &item.put),
            (Method::Post, "post", &item.post),
            (Method::Delete, "delete", &item.delete),
            (Method::Options, "options", &item.options),
            (Method::Head, "head", &item.head),
            (Method::Patch, "patch", &item.patch),
            (Method::Trace, "trace", &item.trace),
        ];
        let fixed = methods.into_iter().filter_map(|(method, key, op)| {
            let op = std::borrow::Cow::Borrowed(op.as_ref()?);
            Some(Ok((
                method,
                key.to_owned(),
                push_pointer(&path_pointer, key),
                op,
            )))
        });
        for found in fixed.chain(operations32::carried(item, path)) {
            let (method, key, pointer, op) = found?;
            let op = op.as_ref();
            if let Some(id) = &op.operation_id {
                if let Some(first) = seen_ids.insert(id.clone(), pointer.clone()) {
                    return Err(Error::at(
                        push_pointer(&pointer, "operationId"),
                        ErrorKind::Invalid(format!(
                            "operationId {id:?} is already used at {first}"
                        )),
                    ));
                }
            }
            let raw_name = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{key} {path}"));
            let name = fn_scope.claim(FieldName::new(&raw_name));
            let type_base = TypeName::new(name.as_str());

            let params = merge_params(cx, &item.parameters, &op.parameters, &pointer)?;
            check_querystring(&params)?;
            let (segments, params) = order_params(cx, path, params, &type_base, &pointer)?;
            let params_type = params_model(cx, &params, &type_base, &pointer);
            request_roots.extend(params.iter().map(|p| p.ty.clone()));

            // An optional body that can only be `{}` is left out (see `empty_bodies`).
            let request_body = match &op.request_body {
                Some(b)
                    if is_empty_optional_body(cx, b, &push_pointer(&pointer, "requestBody"))? =>
                {
                    None
                }
                other => other.as_ref(),
            };
            let body = match request_body {
                Some(b) => lower_body(cx, b, &type_base, &push_pointer(&pointer, "requestBody"))?,
                None => None,
            };
            let extras = match request_body {
                Some(b) => {
                    let at = push_pointer(&pointer, "requestBody");
                    lower_extra_bodies(cx, b, &raw_name, &type_base, &at)?
                }
                None => Vec::new(),
            };
            match body.as_ref().map(|b| &b.kind) {
                Some(BodyKind::Json { ty, .. }) => request_roots.push(ty.clone()),
                Some(BodyKind::Form(form)) => request_roots.push(form.ty.clone()),
                Some(BodyKind::Multipart(m)) => {
                    request_roots.extend(m.parts.iter().filter_map(|p| match &p.kind {
                        PartKind::Text(ty) | PartKind::Json(ty) => Some(ty.clone()),
                        PartKind::File => None,
                    }))
                }
                _ => {}
            }
            let (success, errors, types) = lower_responses(cx, op, &type_base, &pointer)?;
            response_roots.extend(types);
            let stream = stream_alternative(cx, op, &success, &type_base, &pointer)?.map(
                |(content_type, success)| PendingTwin {
                    plain: name.clone(),
                    raw_name: raw_name.clone(),
                    content_type,
                    success,
                },
            );
            let (response_headers, header_types) =
                lower_response_headers(cx, op, &type_base, &pointer)?;
            response_roots.extend(header_types);
            let security = match &op.security {
                Some(reqs) => {
                    security_schemes(reqs, &schemes, &push_pointer(&pointer, "security"))?
                }
                None => default_security.clone(),
            };
            let accept = accept(cx, op, &success, &pointer)?;
            operations.push(Operation {
                name,
                operation_id: op.operation_id.clone(),
                method,
                path: path.clone(),
                segments,
                params,
                body,
                success,
                errors,
                security: security.into_iter().map(|s| s.name).collect(),
                docs: docs(op.summary.as_ref(), op.description.as_ref(), &pointer),
                params_type,
                response_headers,
                body_methods: Vec::new(),
                stream_twin: None,
                accept,
            });
            twins.extend(stream);
            if !extras.is_empty() {
                extra_bodies.push(ExtraBodies {
                    index: operations.len() - 1,
                    raw_name,
                    bodies: extras,
                });
            }
        }
    }
    add_body_methods(
        &mut operations,
        extra_bodies,
        &mut fn_scope,
        &mut request_roots,
    );
    add_stream_twins(&mut operations, twins, &mut fn_scope, &mut response_roots);
    Ok((
        operations,
        servers,
        schemes,
        default_security,
        request_roots,
        response_roots,
    ))
}

fn lower_servers(doc: &openapiv3::OpenAPI) -> Vec<Server> {
    let mut scope = Scope::default();
    doc.servers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut url = s.url.clone();
            for (name, var) in s.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &var.default);
            }
            let label = s
                .description
                .as_deref()
                .and_then(|d| d.split_whitespace().next())
                .map(str::to_owned)
                .unwrap_or_else(|| format!("server {}", i + 1));
            Server {
                name: scope.claim(VariantName::new(&label)),
                url,
                description: s.description.clone(),
            }
        })
        .collect()
}

/// The item itself, or the component a `$ref` names (`#/components/<kind>/<name>`). One hop:
/// a component that is itself a `$ref` is rare and reported as unsupported.
pub(super) fn resolve_component<'d, T>(
    item: &'d ReferenceOr<T>,
    kind: &'static str,
    table: Option<&'d IndexMap<String, ReferenceOr<T>>>,
    pointer: &str,
) -> Result<&'d T> {
    let reference = match item {
        ReferenceOr::Item(item) => return Ok(item),
        ReferenceOr::Reference { reference } => reference,
    };
    let at = push_pointer(pointer, "$ref");
    let name = local_component(reference, kind, &at)?;
    match table.and_then(|t| t.get(&name)) {
        Some(ReferenceOr::Item(item)) => Ok(item),
        Some(ReferenceOr::Reference { .. }) => Err(Error::at(
            at,
            ErrorKind::Unsupported(format!(
                "a `$ref` to components/{kind}/{name}, which is itself a `$ref`"
            )),
        )),
        None => Err(Error::at(at, ErrorKind::DanglingRef(reference.clone()))),
    }
}

/// `#/components/<kind>/<name>` → `name`.
fn local_component(reference: &str, kind: &'static str, at: &str) -> Result<String> {
    let Some(local) = reference.strip_prefix('#') else {
        return Err(Error::at(at, ErrorKind::ExternalRef(reference.to_owned())));
    };
    match local.strip_prefix(&format!("/components/{kind}/")) {
        Some(name) => Ok(unescape(name)),
        None => Err(Error::at(
            at,
            ErrorKind::WrongRef(
                reference.to_owned(),
                match kind {
                    "parameters" => "parameter",
                    "requestBodies" => "request body",
                    _ => "response",
                },
            ),
        )),
    }
}

pub(super) fn clone_box(s: &ReferenceOr<openapiv3::Schema>) -> ReferenceOr<Box<openapiv3::Schema>> {
    match s {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s.clone())),
    }
}
