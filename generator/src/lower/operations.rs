//! Lowers paths, servers and security schemes: the parts of the spec the client is built from.

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, MediaType, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr,
    RequestBody, Response as OaResponse, SecurityRequirement, StatusCode,
};
use serde_json::Value;

use super::{docs, Lowerer};
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{
    AuthKind, Body, BodyKind, Envelope, ErrorCase, Field, Method, Model, ModelKind, Operation,
    Param, ParamLocation, ParamStyle, PathSegment, Presence, SecurityScheme, Server, StatusMatch,
    StructModel, Success, TypeRef,
};
use crate::naming::{FieldName, Scope, TypeName, VariantName};

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

/// Argument names of every generated method, which parameters must not take.
const RESERVED_ARGS: &[&str] = &[
    "self",
    "body",
    "params",
    "request",
    "response",
    "url",
    "client",
    // Locals of the generated method bodies, which an argument would shadow.
    "path",
    "parts",
    "status",
    "retry_after",
    "bytes",
    "envelope",
];

/// `Client`'s own methods, which operations must not be named after.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "for_server",
    "send",
    "default",
    "clone",
    "fmt",
];

pub(crate) fn lower_operations(cx: &mut Lowerer<'_>) -> Result<Lowered> {
    let doc = cx.doc;
    let servers = lower_servers(doc);
    let schemes = lower_schemes(doc)?;
    let default_security = match &doc.security {
        Some(reqs) => security_schemes(reqs, &schemes, "/security")?,
        None => Vec::new(),
    };
    let mut fn_scope = Scope::with_reserved(CLIENT_METHODS);
    let mut operations = Vec::new();
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    let mut seen_ids: IndexMap<String, String> = IndexMap::new();
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
        for (method, key, op) in methods {
            let Some(op) = op else { continue };
            let pointer = push_pointer(&path_pointer, key);
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
            let (segments, params) = order_params(cx, path, params, &type_base, &pointer)?;
            let params_type = params_model(cx, &params, &type_base, &pointer);
            request_roots.extend(params.iter().map(|p| p.ty.clone()));

            let body = match &op.request_body {
                Some(b) => lower_body(cx, b, &type_base, &push_pointer(&pointer, "requestBody"))?,
                None => None,
            };
            if let Some(BodyKind::Json { ty, .. }) = body.as_ref().map(|b| &b.kind) {
                request_roots.push(ty.clone());
            }
            let (success, errors, types) = lower_responses(cx, op, &type_base, &pointer)?;
            response_roots.extend(types);
            let security = match &op.security {
                Some(reqs) => {
                    security_schemes(reqs, &schemes, &push_pointer(&pointer, "security"))?
                }
                None => default_security.clone(),
            };
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
            });
        }
    }
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

fn lower_schemes(doc: &openapiv3::OpenAPI) -> Result<Vec<SecurityScheme>> {
    let Some(components) = &doc.components else {
        return Ok(Vec::new());
    };
    let mut entries: Vec<(&String, &ReferenceOr<openapiv3::SecurityScheme>)> =
        components.security_schemes.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let mut scope = Scope::default();
    let mut out = Vec::new();
    for (wire, scheme) in entries {
        let pointer = push_pointer("/components/securitySchemes", wire);
        let ReferenceOr::Item(scheme) = scheme else {
            return Err(Error::at(
                pointer,
                ErrorKind::Unsupported("a `$ref` as a security scheme".into()),
            ));
        };
        use openapiv3::SecurityScheme as S;
        let (kind, description) = match scheme {
            S::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (AuthKind::Bearer, description),
                "basic" => (AuthKind::Basic, description),
                // Other HTTP schemes take a ready-made `Authorization` value.
                _ => (AuthKind::ApiKeyHeader("Authorization".into()), description),
            },
            S::APIKey {
                location,
                name,
                description,
                ..
            } => (
                match location {
                    APIKeyLocation::Header => AuthKind::ApiKeyHeader(name.clone()),
                    APIKeyLocation::Query => AuthKind::ApiKeyQuery(name.clone()),
                    APIKeyLocation::Cookie => AuthKind::ApiKeyCookie(name.clone()),
                },
                description,
            ),
            // OAuth2 and OpenID Connect end in a bearer token; obtaining it is the caller's job.
            S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
                (AuthKind::Bearer, description)
            }
        };
        out.push(SecurityScheme {
            name: scope.claim(VariantName::new(wire)),
            wire: wire.clone(),
            kind,
            docs: docs(None, description.as_ref(), &pointer),
        });
    }
    Ok(out)
}

/// The schemes of the first alternative of a security requirement list.
fn security_schemes(
    reqs: &[SecurityRequirement],
    schemes: &[SecurityScheme],
    pointer: &str,
) -> Result<Vec<SecurityScheme>> {
    let Some(first) = reqs.first() else {
        return Ok(Vec::new());
    };
    first
        .keys()
        .map(|name| {
            schemes
                .iter()
                .find(|s| &s.wire == name)
                .cloned()
                .ok_or_else(|| {
                    Error::at(
                        push_pointer(pointer, "0"),
                        ErrorKind::Invalid(format!(
                            "security scheme {name:?} is not defined in components/securitySchemes"
                        )),
                    )
                })
        })
        .collect()
}

/// The item itself, or the component a `$ref` names (`#/components/<kind>/<name>`). One hop:
/// a component that is itself a `$ref` is rare and reported as unsupported.
fn resolve_component<'d, T>(
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

fn resolve_param<'d>(
    cx: &Lowerer<'d>,
    p: &'d ReferenceOr<Parameter>,
    pointer: &str,
) -> Result<&'d Parameter> {
    let table = cx.doc.components.as_ref().map(|c| &c.parameters);
    resolve_component(p, "parameters", table, pointer)
}

/// `#/components/<kind>/<name>` → `name`.
fn local_component(reference: &str, kind: &'static str, at: &str) -> Result<String> {
    let Some(local) = reference.strip_prefix('#') else {
        return Err(Error::at(at, ErrorKind::ExternalRef(reference.to_owned())));
    };
    match local.strip_prefix(&format!("/components/{kind}/")) {
        Some(name) => Ok(name.replace("~1", "/").replace("~0", "~")),
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

/// Path-item parameters, overridden by operation parameters of the same name and location.
fn merge_params<'d>(
    cx: &Lowerer<'d>,
    shared: &'d [ReferenceOr<Parameter>],
    own: &'d [ReferenceOr<Parameter>],
    pointer: &str,
) -> Result<Vec<(String, &'d Parameter)>> {
    let mut out: IndexMap<(String, &'static str), (String, &'d Parameter)> = IndexMap::new();
    for (i, p) in shared.iter().enumerate() {
        let at = push_pointer(
            &push_pointer(
                pointer.rsplit_once('/').map_or(pointer, |x| x.0),
                "parameters",
            ),
            &i.to_string(),
        );
        let p = resolve_param(cx, p, &at)?;
        out.insert(
            (p.parameter_data_ref().name.clone(), location_key(p)),
            (at, p),
        );
    }
    for (i, p) in own.iter().enumerate() {
        let at = push_pointer(&push_pointer(pointer, "parameters"), &i.to_string());
        let p = resolve_param(cx, p, &at)?;
        out.insert(
            (p.parameter_data_ref().name.clone(), location_key(p)),
            (at, p),
        );
    }
    Ok(out.into_values().collect())
}

fn location_key(p: &Parameter) -> &'static str {
    match p {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// Splits the template into segments and orders parameters: path ones in template order.
fn order_params(
    cx: &mut Lowerer<'_>,
    path: &str,
    params: Vec<(String, &Parameter)>,
    type_base: &TypeName,
    pointer: &str,
) -> Result<(Vec<PathSegment>, Vec<Param>)> {
    let mut scope = Scope::with_reserved(RESERVED_ARGS);
    let mut segments = Vec::new();
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            return Err(Error::at(
                pointer,
                ErrorKind::Invalid(format!("unbalanced `{{` in path template {path:?}")),
            ));
        };
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_owned()));
        }
        let var = &rest[open + 1..close];
        let Some((at, p)) = params.iter().find(|(_, p)| {
            matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == var
        }) else {
            return Err(Error::at(
                pointer,
                ErrorKind::Invalid(format!("path template parameter `{{{var}}}` is not declared as an `in: path` parameter")),
            ));
        };
        let param = lower_param(cx, p, at, &mut scope, type_base)?;
        segments.push(PathSegment::Param {
            name: param.name.clone(),
            wire: param.wire.clone(),
        });
        out.push(param);
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_owned()));
    }
    let mut rest_scope = Scope::default();
    for (at, p) in &params {
        if !matches!(p, Parameter::Path { .. }) {
            out.push(lower_param(cx, p, at, &mut rest_scope, type_base)?);
        }
    }
    Ok((segments, out))
}

fn lower_param(
    cx: &mut Lowerer<'_>,
    p: &Parameter,
    pointer: &str,
    scope: &mut Scope,
    type_base: &TypeName,
) -> Result<Param> {
    let data = p.parameter_data_ref();
    let hint = type_base.child(&data.name);
    let (ty, sensitive) = match &data.format {
        ParameterSchemaOrContent::Schema(s) => {
            let schema_pointer = push_pointer(pointer, "schema");
            let sensitive = match s {
                ReferenceOr::Item(s) => super::schema_view::View::of(s).sensitive(),
                ReferenceOr::Reference { .. } => false,
            };
            (
                cx.type_of(&clone_box(s), &hint, &schema_pointer)?,
                sensitive,
            )
        }
        ParameterSchemaOrContent::Content(content) => {
            match content.first().and_then(|(_, m)| m.schema.as_ref()) {
                Some(s) => (
                    cx.type_of(&clone_box(s), &hint, &push_pointer(pointer, "content"))?,
                    false,
                ),
                None => (TypeRef::Primitive(crate::ir::Primitive::String), false),
            }
        }
    };
    let location = match p {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { style, .. } => ParamLocation::Query(match style {
            QueryStyle::Form => ParamStyle::Form {
                explode: data.explode.unwrap_or(true),
            },
            QueryStyle::DeepObject => ParamStyle::DeepObject,
            QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
            QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
        }),
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    };
    Ok(Param {
        name: scope.claim(FieldName::new(&data.name)),
        wire: data.name.clone(),
        location,
        ty,
        required: data.required || location == ParamLocation::Path,
        sensitive,
        docs: docs(None, data.description.as_ref(), pointer),
    })
}

fn clone_box(s: &ReferenceOr<openapiv3::Schema>) -> ReferenceOr<Box<openapiv3::Schema>> {
    match s {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s.clone())),
    }
}

/// A struct holding the query, header and cookie parameters, so methods take one value for
/// them however many there are.
fn params_model(
    cx: &mut Lowerer<'_>,
    params: &[Param],
    type_base: &TypeName,
    pointer: &str,
) -> Option<TypeName> {
    let fields: Vec<Field> = params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| Field {
            name: p.name.clone(),
            wire: p.wire.clone(),
            ty: p.ty.clone(),
            presence: if p.required {
                Presence::Required
            } else {
                Presence::Optional
            },
            docs: p.docs.clone(),
            sensitive: p.sensitive,
        })
        .collect();
    if fields.is_empty() {
        return None;
    }
    let name = cx.types.claim(type_base.child("params"));
    let mut d = docs(None, None, pointer);
    d.summary = Some(format!(
        "Query, header and cookie parameters of [`Client::{}`](crate::client::Client::{}).",
        type_base_fn(type_base),
        type_base_fn(type_base)
    ));
    cx.models.insert(
        name.clone(),
        Model {
            name: name.clone(),
            docs: d,
            kind: ModelKind::Struct(StructModel {
                fields,
                additional: None,
                is_request: true,
            }),
        },
    );
    Some(name)
}

fn type_base_fn(t: &TypeName) -> String {
    FieldName::new(t.as_str()).to_string()
}

fn is_json(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "*/*" || m == "application/*"
}

/// Prefers a JSON media type; otherwise the first one.
fn pick_content(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .find(|(k, _)| is_json(k))
        .or_else(|| content.first())
}

fn lower_body(
    cx: &mut Lowerer<'_>,
    body: &ReferenceOr<RequestBody>,
    type_base: &TypeName,
    pointer: &str,
) -> Result<Option<Body>> {
    let table = cx.doc.components.as_ref().map(|c| &c.request_bodies);
    let body: &RequestBody = resolve_component(body, "requestBodies", table, pointer)?;
    let Some((media, content)) = pick_content(&body.content) else {
        return Ok(None);
    };
    let content_pointer = push_pointer(&push_pointer(pointer, "content"), media);
    let ty = match (&content.schema, is_json(media)) {
        (Some(s), true) => Some(cx.type_of(
            &clone_box(s),
            &type_base.child("body"),
            &push_pointer(&content_pointer, "schema"),
        )?),
        (None, true) => Some(TypeRef::Any),
        _ => None,
    };
    let kind = match ty {
        // Where its secrets are is found once every model exists (`analyze`).
        Some(ty) => BodyKind::Json {
            ty,
            secret_paths: Vec::new(),
        },
        None => BodyKind::Bytes,
    };
    let content_type = if media.contains('*') {
        "application/json".to_owned()
    } else {
        media.clone()
    };
    Ok(Some(Body {
        content_type,
        kind,
        required: body.required,
    }))
}

/// The success outcome and the error cases of an operation.
fn lower_responses(
    cx: &mut Lowerer<'_>,
    op: &openapiv3::Operation,
    type_base: &TypeName,
    pointer: &str,
) -> Result<(Success, Vec<ErrorCase>, Vec<TypeRef>)> {
    let responses_pointer = push_pointer(pointer, "responses");
    let mut entries: Vec<(StatusMatch, String, &ReferenceOr<OaResponse>)> = op
        .responses
        .responses
        .iter()
        .map(|(code, r)| match code {
            StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string(), r),
            StatusCode::Range(c) => (StatusMatch::Range(*c), format!("{c}XX"), r),
        })
        .collect();
    if let Some(d) = &op.responses.default {
        entries.push((StatusMatch::Default, "default".to_owned(), d));
    }
    entries.sort_by_key(|e| e.0);
    let is_2xx = |s: StatusMatch| matches!(s, StatusMatch::Code(200..=299) | StatusMatch::Range(2));
    // `default` describes success only when no 2xx response is declared.
    let default_is_success = !entries.iter().any(|e| is_2xx(e.0));
    let mut successes: Vec<(StatusMatch, Option<TypeRef>, Option<Envelope>)> = Vec::new();
    let mut errors: Vec<ErrorCase> = Vec::new();
    let mut ranges: Vec<ErrorCase> = Vec::new();
    let mut default_error = None;
    let mut types = Vec::new();
    for (status, key, r) in entries {
        let at = push_pointer(&responses_pointer, &key);
        let table = cx.doc.components.as_ref().map(|c| &c.responses);
        let r: &OaResponse = resolve_component(r, "responses", table, &at)?;
        let ty = match pick_content(&r.content) {
            Some((media, m)) if is_json(media) => match &m.schema {
                Some(s) => {
                    let hint = type_base.child(&format!("response {key}"));
                    let schema_pointer = push_pointer(
                        &push_pointer(&push_pointer(&at, "content"), media),
                        "schema",
                    );
                    Some(cx.type_of(&clone_box(s), &hint, &schema_pointer)?)
                }
                None => Some(TypeRef::Any),
            },
            _ => None,
        };
        let envelope =
            match (r.extensions.get("x-unwrap"), &ty) {
                (Some(Value::String(target)), Some(ty)) => Some(resolve_unwrap(
                    cx,
                    ty,
                    target,
                    &push_pointer(&at, "x-unwrap"),
                )?),
                (Some(_), _) => return Err(Error::at(
                    push_pointer(&at, "x-unwrap"),
                    ErrorKind::Invalid(
                        "`x-unwrap` must be a JSON pointer string on a response with a JSON body"
                            .into(),
                    ),
                )),
                (None, _) => None,
            };
        types.extend(ty.clone());
        match status {
            _ if is_2xx(status) || (status == StatusMatch::Default && default_is_success) => {
                successes.push((status, ty, envelope))
            }
            // Exact codes that decode the same body share one case.
            StatusMatch::Code(_) => match errors.iter_mut().find(|e| e.body == ty) {
                Some(case) => case.statuses.push(status),
                None => errors.push(ErrorCase {
                    statuses: vec![status],
                    body: ty,
                }),
            },
            StatusMatch::Range(_) => ranges.push(ErrorCase {
                statuses: vec![status],
                body: ty,
            }),
            StatusMatch::Default => {
                default_error = Some(ErrorCase {
                    statuses: vec![status],
                    body: ty,
                })
            }
        }
    }
    // The first success response with a JSON body decides what a call returns.
    let chosen = successes
        .iter()
        .find(|(_, ty, _)| ty.is_some())
        .or_else(|| successes.first());
    let success = match chosen {
        Some((_, Some(_), Some(envelope))) => Success::Enveloped(envelope.clone()),
        Some((_, Some(ty), None)) => Success::Json(ty.clone()),
        Some((StatusMatch::Code(204), None, _)) | None => Success::Empty,
        Some((_, None, _)) => Success::Bytes,
    };
    errors.extend(ranges);
    errors.extend(default_error);
    Ok((success, errors, types))
}

/// Follows an `x-unwrap` pointer through required, non-null fields of generated structs.
fn resolve_unwrap(cx: &Lowerer<'_>, ty: &TypeRef, target: &str, pointer: &str) -> Result<Envelope> {
    let mut current = ty.clone();
    let mut path = Vec::new();
    for raw in target.split('/').skip(1) {
        let key = raw.replace("~1", "/").replace("~0", "~");
        let model = match &current {
            TypeRef::Named(n) => resolve_alias(cx, n),
            _ => None,
        };
        let Some(ModelKind::Struct(s)) = model.map(|m| &m.kind) else {
            return Err(Error::at(
                pointer,
                ErrorKind::Invalid(format!(
                    "`x-unwrap` {target:?}: `{key}` is not inside an object"
                )),
            ));
        };
        let Some(field) = s.fields.iter().find(|f| f.wire == key) else {
            return Err(Error::at(
                pointer,
                ErrorKind::Invalid(format!(
                    "`x-unwrap` {target:?}: the object has no property `{key}`"
                )),
            ));
        };
        if field.presence != Presence::Required {
            return Err(Error::at(
                pointer,
                ErrorKind::Invalid(format!(
                    "`x-unwrap` {target:?}: `{key}` must be required and not nullable"
                )),
            ));
        }
        path.push(field.name.clone());
        current = field.ty.clone();
    }
    Ok(Envelope {
        ty: ty.clone(),
        path,
        resource: current,
    })
}

fn resolve_alias<'m>(cx: &'m Lowerer<'_>, name: &TypeName) -> Option<&'m Model> {
    let mut model = cx.models.get(name)?;
    for _ in 0..cx.models.len() {
        match &model.kind {
            ModelKind::Alias(TypeRef::Named(next)) => model = cx.models.get(next)?,
            _ => return Some(model),
        }
    }
    None
}
