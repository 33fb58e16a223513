//! Operation parameters: resolved, merged with the path item's, ordered, named, and gathered
//! into a parameters struct.

use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr};

use super::bodies::form_encoding;
use super::operations::{clone_box, resolve_component};
use super::{docs, Lowerer};
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{
    Field, Model, ModelKind, Param, ParamLocation, ParamStyle, PathSegment, Presence,
    QueryStringContent, StructModel, TypeRef,
};
use crate::load::{COOKIE_STYLE_EXTENSION, QUERYSTRING_EXTENSION};
use crate::naming::{reserved, FieldName, Scope, TypeName};

fn resolve_param<'d>(
    cx: &Lowerer<'d>,
    p: &'d ReferenceOr<Parameter>,
    pointer: &str,
) -> Result<&'d Parameter> {
    let table = cx.doc.components.as_ref().map(|c| &c.parameters);
    resolve_component(p, "parameters", table, pointer)
}

/// Path-item parameters, overridden by operation parameters of the same name and location.
pub(super) fn merge_params<'d>(
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
        Parameter::Query { .. } if is_querystring(p) => "querystring",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// Splits the template into segments and orders parameters: path ones in template order.
pub(super) fn order_params(
    cx: &mut Lowerer<'_>,
    path: &str,
    params: Vec<(String, &Parameter)>,
    type_base: &TypeName,
    pointer: &str,
) -> Result<(Vec<PathSegment>, Vec<Param>)> {
    let mut scope = Scope::with_reserved(reserved::METHOD_LOCALS);
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
    check_cookie_style(cx, p, &ty, pointer)?;
    let mut query_string_rules = Vec::new();
    let location = match p {
        Parameter::Query { .. } if is_querystring(p) => {
            let content = querystring_content(&data.format, pointer)?;
            if let (QueryStringContent::Form, ParameterSchemaOrContent::Content(media)) =
                (content, &data.format)
            {
                let encoding = media.first().map(|(_, m)| &m.encoding);
                query_string_rules = encoding.map(form_encoding).unwrap_or_default();
            }
            ParamLocation::QueryString(content)
        }
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
    let mut param_docs = docs(None, data.description.as_ref(), pointer);
    if let (ParamLocation::QueryString(content), None) = (location, &data.description) {
        param_docs.summary = Some(
            match content {
                QueryStringContent::Form => "The whole query string, form-encoded.",
                QueryStringContent::Json => "The whole query string, as percent-encoded JSON.",
            }
            .to_owned(),
        );
    }
    Ok(Param {
        name: scope.claim(FieldName::new(&data.name)),
        wire: data.name.clone(),
        location,
        ty,
        required: data.required || location == ParamLocation::Path,
        sensitive,
        docs: param_docs,
        query_string_rules,
    })
}

/// `style: cookie` (3.2) is `name=value` with no percent-encoding, which is how the runtime
/// writes every cookie parameter; only one pair per item of an array or object (`explode:
/// true`, the default) is beyond it.
fn check_cookie_style(cx: &Lowerer<'_>, p: &Parameter, ty: &TypeRef, pointer: &str) -> Result<()> {
    let data = p.parameter_data_ref();
    let marked = data
        .extensions
        .get(COOKIE_STYLE_EXTENSION)
        .is_some_and(|v| v == true);
    let single = match ty {
        TypeRef::Primitive(_) => true,
        TypeRef::Named(name) => matches!(
            cx.models.get(name).map(|m| &m.kind),
            Some(ModelKind::Enum(_))
        ),
        _ => false,
    };
    if !marked || single || data.explode == Some(false) {
        return Ok(());
    }
    Err(Error::at(
        push_pointer(pointer, "style"),
        ErrorKind::Unsupported(format!(
            "`style: cookie` with `explode: true` on `{}`, which is not a single value: the generated client writes a cookie parameter as one `name=value` pair, not one pair per item; give `explode: false` to send the items joined with commas",
            data.name
        )),
    ))
}

/// Whether `load` marked this query parameter as OpenAPI 3.2's `in: querystring`.
fn is_querystring(p: &Parameter) -> bool {
    p.parameter_data_ref()
        .extensions
        .get(QUERYSTRING_EXTENSION)
        .is_some_and(|v| v == true)
}

/// The spec allows one `in: querystring` parameter per operation, and none beside `in: query`
/// ones: it is the whole query string.
pub(super) fn check_querystring(params: &[(String, &Parameter)]) -> Result<()> {
    let mut whole = params.iter().filter(|(_, p)| is_querystring(p));
    let Some((at, first)) = whole.next() else {
        return Ok(());
    };
    let name = &first.parameter_data_ref().name;
    if let Some((second, _)) = whole.next() {
        return Err(Error::at(
            second.as_str(),
            ErrorKind::Invalid(format!(
                "a second `in: querystring` parameter; `{name}` (at {at}) already is the whole query string"
            )),
        ));
    }
    let query = params
        .iter()
        .find(|(_, p)| matches!(p, Parameter::Query { .. }) && !is_querystring(p));
    if let Some((other, p)) = query {
        return Err(Error::at(
            at.as_str(),
            ErrorKind::Invalid(format!(
                "`in: querystring` parameter `{name}` is the whole query string, so the operation cannot also have the `in: query` parameter `{}` (at {other}); describe it as a property of `{name}`'s schema instead",
                p.parameter_data_ref().name
            )),
        ));
    }
    Ok(())
}

/// How an `in: querystring` parameter is encoded: its one `content` media type.
fn querystring_content(
    format: &ParameterSchemaOrContent,
    pointer: &str,
) -> Result<QueryStringContent> {
    let ParameterSchemaOrContent::Content(content) = format else {
        return Err(Error::at(
            push_pointer(pointer, "schema"),
            ErrorKind::Invalid(
                "an `in: querystring` parameter must use `content` (one media type saying how the whole query string is encoded), not `schema`".into(),
            ),
        ));
    };
    let Some((media, _)) = content.first() else {
        return Err(Error::at(
            push_pointer(pointer, "content"),
            ErrorKind::Invalid("an `in: querystring` parameter needs one `content` entry".into()),
        ));
    };
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => Ok(QueryStringContent::Form),
        "application/json" => Ok(QueryStringContent::Json),
        _ if essence.ends_with("+json") => Ok(QueryStringContent::Json),
        _ => Err(Error::at(
            push_pointer(&push_pointer(pointer, "content"), media),
            ErrorKind::Unsupported(format!(
                "an `in: querystring` parameter encoded as {media:?}: the generated client writes the query string as `application/x-www-form-urlencoded` or `application/json` only"
            )),
        )),
    }
}

/// A struct holding the query, header and cookie parameters, so methods take one value for
/// them however many there are.
pub(super) fn params_model(
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
            fixed: false,
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
