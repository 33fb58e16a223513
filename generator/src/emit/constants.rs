//! Constant types: a `const` schema, or an `enum` of one value, becomes a unit struct that
//! writes its value and refuses any other when decoding.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::lines_to_attrs;
use crate::ir::{ConstValue, Model};

/// The unit struct for a constant, with `VALUE`, `Display` and serde impls.
pub(super) fn emit_const(model: &Model, value: &ConstValue, docs: TokenStream) -> TokenStream {
    let name = &model.name;
    let (ty, literal, constant) = match value {
        ConstValue::String(s) => (quote!(&'static str), quote!(#s), quote!(Str)),
        ConstValue::Integer(i) => {
            let abs = Literal::u64_unsuffixed(i.unsigned_abs());
            let lit = if *i < 0 { quote!(-#abs) } else { quote!(#abs) };
            (quote!(i64), lit, quote!(Int))
        }
        ConstValue::Number(x) => {
            let abs = Literal::f64_unsuffixed(x.abs());
            let lit = if *x < 0.0 {
                quote!(-#abs)
            } else {
                quote!(#abs)
            };
            (quote!(f64), lit, quote!(Float))
        }
        ConstValue::Bool(b) => (quote!(bool), quote!(#b), quote!(Bool)),
    };
    let how = lines_to_attrs(&[
        String::new(),
        format!("A constant: its one value is [`{name}::VALUE`], which `{name}` (or `Default`)"),
        "stands for; decoding any other value is an error.".to_owned(),
    ]);
    let display = match value {
        ConstValue::String(_) => quote!(f.write_str(Self::VALUE)),
        _ => quote!(write!(f, "{}", Self::VALUE)),
    };
    quote! {
        #docs
        #how
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name;

        impl #name {
            /// The value, as sent on the wire.
            pub const VALUE: #ty = #literal;
            const CONSTANT: crate::types::Constant = crate::types::Constant::#constant(Self::VALUE);
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #display
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&Self::CONSTANT, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Self::CONSTANT.decode(deserializer).map(|()| Self)
            }
        }
    }
}
