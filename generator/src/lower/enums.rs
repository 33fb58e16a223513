//! String enums → open Rust enums; other enums keep their base type. A `const` (which `load`
//! writes as a one-value `enum`) or any one-value enum of a scalar becomes a constant type.

use std::collections::BTreeSet;

use serde_json::Value;

use super::schema_view::View;
use super::Lowerer;
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{ConstValue, EnumModel, EnumVariant, ModelKind};
use crate::naming::{Scope, TypeName, VariantName};

impl Lowerer<'_> {
    pub(super) fn lower_enum(
        &mut self,
        name: &TypeName,
        view: &View<'_>,
        pointer: &str,
    ) -> Result<ModelKind> {
        // An enum on an array or object (`enum: [[abuse], [bounce]]`) restricts whole
        // values; the value keeps its array or object type.
        if matches!(view.typ, Some("array" | "object")) {
            return Ok(ModelKind::Alias(self.type_of_view(name, view, pointer)?));
        }
        let values: Vec<&Value> = view.enumeration.iter().filter(|v| !v.is_null()).collect();
        let kinds: BTreeSet<&str> = values
            .iter()
            .map(|v| match v {
                Value::String(_) => "string",
                Value::Number(_) => "number",
                Value::Bool(_) => "boolean",
                _ => "other",
            })
            .collect();
        let enum_pointer = push_pointer(pointer, "enum");
        // Closed both ways, unlike open enums: a constant says what the value is (an object
        // kind, a union's tag), so another value is another kind of thing, and refusing it
        // is what lets an untagged union pick the member whose constant matches.
        if let Some(value) = single_value(view) {
            return Ok(ModelKind::Const(value));
        }
        if kinds.contains("other") {
            return Err(Error::at(
                enum_pointer,
                ErrorKind::Unsupported("enum values must be strings, numbers or booleans".into()),
            ));
        }
        let as_strings = view.typ == Some("string")
            || (view.typ.is_none() && kinds.len() == 1 && kinds.contains("string"));
        if !as_strings {
            if kinds.len() > 1 {
                let list: Vec<&str> = kinds.into_iter().collect();
                return Err(Error::at(
                    enum_pointer,
                    ErrorKind::Unsupported(format!(
                        "enum mixes {} values; use one type per enum",
                        list.join(", ")
                    )),
                ));
            }
            // Numeric and boolean enums keep their base type; the values are listed in docs.
            return Ok(ModelKind::Alias(self.type_of_view(name, view, pointer)?));
        }
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for value in values {
            let wire = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if !seen.insert(wire.clone()) {
                continue;
            }
            variants.push(EnumVariant {
                name: scope.claim(VariantName::new(&wire)),
                wire,
            });
        }
        Ok(ModelKind::Enum(EnumModel {
            variants,
            unknown: VariantName::new("Unknown"),
        }))
    }
}

/// The value of a schema that admits one scalar (besides `null`): a `const`, or an `enum` of
/// one value (listed once or more). Integers beyond `i64` and numbers with a fraction are
/// numbers; a numeric value under `type: string` stays a string, as a string enum would.
pub(super) fn single_value(view: &View<'_>) -> Option<ConstValue> {
    let mut values = view.enumeration.iter().filter(|v| !v.is_null());
    let first = values.next()?;
    if values.any(|v| v != first) || matches!(view.typ, Some("array" | "object")) {
        return None;
    }
    Some(match first {
        Value::String(s) => ConstValue::String(s.clone()),
        Value::Number(n) if view.typ == Some("string") => ConstValue::String(n.to_string()),
        Value::Bool(b) if view.typ == Some("string") => ConstValue::String(b.to_string()),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) if view.typ != Some("number") || n.is_i64() => ConstValue::Integer(i),
            (_, Some(x)) => ConstValue::Number(x),
            _ => return None,
        },
        Value::Bool(b) => ConstValue::Bool(*b),
        _ => return None,
    })
}
