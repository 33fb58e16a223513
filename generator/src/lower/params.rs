//! Operation parameters: resolved, merged with the path item's, ordered, named, and gathered
//! into a parameters struct.

use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr};

use super::operations::{clone_box, resolve_component};
use super::{docs, Lowerer};
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{
    Field, Model, ModelKind, Param, ParamLocation, ParamStyle, PathSegment, Presence, StructModel,
    TypeRef,
};
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
