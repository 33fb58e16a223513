//! `webhooks` (3.1) and operations' `callbacks` → [`Webhook`]s: for each, its name, method
//! and payload type, which the emitted `webhooks` module lists with a parse function.

use indexmap::IndexMap;
use openapiv3::{Operation, PathItem, ReferenceOr};

use super::bodies::is_json;
use super::operations::{clone_box, resolve_component};
use super::{docs, Lowerer};
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{CallbackOf, Webhook};
use crate::load::WEBHOOKS;
use crate::naming::{FieldName, Scope, TypeName, VariantName};

/// Every webhook, sorted by name, then every callback in path and operation order.
pub(super) fn lower_webhooks(cx: &mut Lowerer<'_>) -> Result<Vec<Webhook>> {
    let mut modules = Scope::default();
    let mut variants = Scope::default();
    let mut out = Vec::new();
    if let Some(raw) = cx.doc.extensions.get(WEBHOOKS) {
        let hooks: IndexMap<String, PathItem> = serde_path_to_error::deserialize(raw.clone())
            .map_err(|e| {
                use serde_path_to_error::Segment;
                let mut pointer = "/webhooks".to_owned();
                for segment in e.path().iter() {
                    pointer = match segment {
                        Segment::Seq { index } => push_pointer(&pointer, &index.to_string()),
                        Segment::Map { key } => push_pointer(&pointer, key),
                        Segment::Enum { variant } => push_pointer(&pointer, variant),
                        Segment::Unknown => pointer,
                    };
                }
                Error::at(pointer, ErrorKind::Invalid(e.into_inner().to_string()))
            })?;
        let mut names: Vec<&String> = hooks.keys().collect();
        names.sort();
        for name in names {
            let pointer = push_pointer("/webhooks", name);
            let item = &hooks[name];
            let several = item.iter().count() > 1;
            for (i, (method, op)) in item.iter().enumerate() {
                let label = if several {
                    format!("{name} {method}")
                } else {
                    name.clone()
                };
                let hook = lower_one(
                    cx,
                    name,
                    &label,
                    method,
                    op,
                    &push_pointer(&pointer, method),
                    None,
                )?;
                out.push(Webhook {
                    module: modules.claim(hook.module),
                    variant: variants.claim(hook.variant),
                    dispatched: i == 0,
                    ..hook
                });
            }
        }
    }
    let doc = cx.doc;
    for (path, item) in doc.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let path_pointer = push_pointer("/paths", path);
        for (method, op) in item.iter() {
            let operation = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {path}", method.to_ascii_uppercase()));
            for (name, callback) in &op.callbacks {
                let callback_pointer = push_pointer(
                    &push_pointer(&push_pointer(&path_pointer, method), "callbacks"),
                    name,
                );
                for (expression, target) in callback {
                    let target_pointer = push_pointer(&callback_pointer, expression);
                    for (hook_method, hook_op) in target.iter() {
                        let label = format!("{operation} {name}");
                        let of = CallbackOf {
                            operation: operation.clone(),
                            expression: expression.clone(),
                        };
                        let hook = lower_one(
                            cx,
                            name,
                            &label,
                            hook_method,
                            hook_op,
                            &push_pointer(&target_pointer, hook_method),
                            Some(of),
                        )?;
                        out.push(Webhook {
                            module: modules.claim(hook.module),
                            variant: variants.claim(hook.variant),
                            ..hook
                        });
                    }
                }
            }
        }
    }
    Ok(out)
}

/// One webhook or callback: `label` gives its Rust names; the payload is its JSON body.
fn lower_one(
    cx: &mut Lowerer<'_>,
    name: &str,
    label: &str,
    method: &str,
    op: &Operation,
    pointer: &str,
    callback: Option<CallbackOf>,
) -> Result<Webhook> {
    let payload = match &op.request_body {
        Some(body) => {
            let body_pointer = push_pointer(pointer, "requestBody");
            let table = cx.doc.components.as_ref().map(|c| &c.request_bodies);
            let body = resolve_component(body, "requestBodies", table, &body_pointer)?;
            match body.content.iter().find(|(media, _)| is_json(media)) {
                Some((media, content)) => {
                    let schema_pointer = push_pointer(
                        &push_pointer(&push_pointer(&body_pointer, "content"), media),
                        "schema",
                    );
                    match &content.schema {
                        Some(s) => Some(cx.type_of(
                            &clone_box(s),
                            &TypeName::new(&format!("{label} payload")),
                            &schema_pointer,
                        )?),
                        None => Some(crate::ir::TypeRef::Any),
                    }
                }
                None => None,
            }
        }
        None => None,
    };
    Ok(Webhook {
        name: name.to_owned(),
        module: FieldName::new(label),
        variant: VariantName::new(label),
        method: method.to_ascii_uppercase(),
        payload,
        docs: docs(op.summary.as_ref(), op.description.as_ref(), pointer),
        callback,
        dispatched: false,
    })
}
