//! String enums → open Rust enums; other enums keep their base type.

use std::collections::BTreeSet;

use serde_json::Value;

use super::schema_view::View;
use super::Lowerer;
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{EnumModel, EnumVariant, ModelKind};
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
