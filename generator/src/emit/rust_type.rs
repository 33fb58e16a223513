//! IR type references → Rust type tokens.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Primitive, TypeRef};

/// Where a type is written, which decides how a model is named.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// Inside `models.rs`: plain names.
    Models,
    /// Elsewhere in the crate: `crate::models::Name`.
    Crate,
}

/// The Rust type for `ty`.
pub fn rust_type(ty: &TypeRef, ctx: Ctx) -> TokenStream {
    match ty {
        TypeRef::Named(n) => match ctx {
            Ctx::Models => quote!(#n),
            Ctx::Crate => quote!(crate::models::#n),
        },
        TypeRef::Primitive(p) => primitive(*p),
        TypeRef::Array(t) => {
            let t = rust_type(t, ctx);
            quote!(Vec<#t>)
        }
        TypeRef::Map(t) => {
            let t = rust_type(t, ctx);
            quote!(std::collections::BTreeMap<String, #t>)
        }
        TypeRef::Tuple(ts) => {
            let ts = ts.iter().map(|t| rust_type(t, ctx));
            quote!((#(#ts,)*))
        }
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Object => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Boxed(t) => {
            let t = rust_type(t, ctx);
            quote!(Box<#t>)
        }
    }
}

fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String => quote!(String),
        Primitive::Bool => quote!(bool),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        Primitive::U32 => quote!(u32),
        Primitive::U64 => quote!(u64),
        Primitive::F32 => quote!(f32),
        Primitive::F64 => quote!(f64),
        Primitive::DateTime => quote!(crate::types::Timestamp),
        Primitive::Date => quote!(chrono::NaiveDate),
        Primitive::Uuid => quote!(uuid::Uuid),
        Primitive::Bytes => quote!(crate::types::Base64Bytes),
    }
}
