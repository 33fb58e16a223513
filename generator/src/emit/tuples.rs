//! Open tuples: `prefixItems` followed by more items becomes a tuple struct, the typed
//! positions first and the items after them in a `Vec`, read and written as one JSON array.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::lines_to_attrs;
use super::rust_type::{rust_type, Ctx};
use crate::ir::{Model, TupleModel};

/// The tuple struct and its serde impls.
pub(super) fn emit_tuple(model: &Model, t: &TupleModel, docs: TokenStream) -> TokenStream {
    let name = &model.name;
    let count = t.prefix.len();
    let count_lit = Literal::usize_unsuffixed(count);
    let positions: Vec<TokenStream> = t.prefix.iter().map(|p| rust_type(p, Ctx::Models)).collect();
    let rest = rust_type(&t.rest, Ctx::Models);
    let indexes: Vec<Literal> = (0..=count).map(Literal::usize_unsuffixed).collect();
    let (fixed, last) = indexes.split_at(count);
    let locals: Vec<_> = (0..count).map(|i| format_ident!("item_{}", i)).collect();
    let positions_doc = match count {
        1 => "its first item is `.0`".to_owned(),
        2 => "its first two items are `.0` and `.1`".to_owned(),
        n => format!("its first {n} items are `.0` to `.{}`", n.saturating_sub(1)),
    };
    let how = lines_to_attrs(&[
        String::new(),
        format!("A JSON array: {positions_doc}, and every item after them is in"),
        format!("`.{count}`. Decoding needs every one of the first {count}."),
    ]);
    // Named after the type, so it cannot shadow it.
    let visitor = format_ident!("{}Visitor", name.as_str());
    let expecting = format!("an array of at least {count} items");
    quote! {
        #docs
        #how
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name(#(pub #positions,)* pub Vec<#rest>);

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeSeq;
                let mut seq = serializer.serialize_seq(Some(#count_lit + self.#(#last)*.len()))?;
                #(seq.serialize_element(&self.#fixed)?;)*
                for item in &self.#(#last)* {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct #visitor;
                impl<'de> serde::de::Visitor<'de> for #visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<#name, A::Error> {
                        #(
                            let #locals = seq
                                .next_element()?
                                .ok_or_else(|| serde::de::Error::invalid_length(#fixed, &self))?;
                        )*
                        let mut rest = Vec::new();
                        while let Some(item) = seq.next_element()? {
                            rest.push(item);
                        }
                        Ok(#name(#(#locals,)* rest))
                    }
                }
                deserializer.deserialize_seq(#visitor)
            }
        }
    }
}
