//! `prefixItems` → tuples: closed ones (`items: false`) are Rust tuples, `(A, B)`; open ones
//! are a tuple struct of the typed positions and a `Vec` of the items after them.

use openapiv3::{ReferenceOr, Schema};

use super::schema_view::View;
use super::Lowerer;
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{TupleModel, TypeRef};
use crate::naming::TypeName;

impl Lowerer<'_> {
    /// The types of a tuple's positions, each named after its place when it needs a name.
    pub(super) fn tuple_positions(
        &mut self,
        hint: &TypeName,
        view: &View<'_>,
        pointer: &str,
    ) -> Result<Vec<TypeRef>> {
        let at = push_pointer(pointer, "prefixItems");
        let Some(raw) = view.prefix_items else {
            return Ok(Vec::new());
        };
        let members: Vec<ReferenceOr<Schema>> = serde_json::from_value(raw.clone())
            .map_err(|e| Error::at(at.as_str(), ErrorKind::Invalid(e.to_string())))?;
        let mut types = Vec::with_capacity(members.len());
        for (i, member) in members.into_iter().enumerate() {
            let member = match member {
                ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
                ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s)),
            };
            let ty = self.type_of(
                &member,
                &hint.child(&format!("item {i}")),
                &push_pointer(&at, &i.to_string()),
            )?;
            types.push(ty);
        }
        Ok(types)
    }

    /// An open tuple: the positions, then `items` (any JSON value when it is absent).
    pub(super) fn lower_tuple(
        &mut self,
        name: &TypeName,
        view: &View<'_>,
        pointer: &str,
    ) -> Result<TupleModel> {
        let prefix = self.tuple_positions(name, view, pointer)?;
        let rest = match view.items {
            Some(items) => {
                self.type_of(items, &name.child("rest"), &push_pointer(pointer, "items"))?
            }
            None => TypeRef::Any,
        };
        Ok(TupleModel { prefix, rest })
    }
}
