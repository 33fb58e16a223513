//! IR type references → Rust type tokens, and which dependencies they need.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, ModelKind, Primitive, TypeRef};

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
        Primitive::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        Primitive::Date => quote!(chrono::NaiveDate),
        Primitive::Uuid => quote!(uuid::Uuid),
        Primitive::Bytes => quote!(crate::types::Base64Bytes),
    }
}

/// Crates and support types the emitted code needs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Needs {
    /// `chrono` for dates and times.
    pub chrono: bool,
    /// `uuid`.
    pub uuid: bool,
    /// `base64` and the `Base64Bytes` type.
    pub base64: bool,
    /// The `Nullable` type.
    pub nullable: bool,
}

impl Needs {
    /// Scans every type the API mentions.
    pub fn of(api: &Api) -> Self {
        let mut prims = BTreeSet::new();
        let mut needs = Needs::default();
        let mut visit = |t: &TypeRef| collect(t, &mut prims);
        for m in &api.models {
            match &m.kind {
                ModelKind::Struct(s) => {
                    for f in &s.fields {
                        visit(&f.ty);
                        if f.presence == crate::ir::Presence::OptionalNullable {
                            needs.nullable = true;
                        }
                    }
                    s.additional.iter().for_each(&mut visit);
                }
                ModelKind::Union(u) => u.variants.iter().for_each(|v| visit(&v.ty)),
                ModelKind::Alias(t) | ModelKind::Newtype(t) => visit(t),
                ModelKind::Enum(_) => {}
            }
        }
        for op in &api.operations {
            op.params.iter().for_each(|p| visit(&p.ty));
        }
        needs.chrono = prims.contains(&Primitive::DateTime) || prims.contains(&Primitive::Date);
        needs.uuid = prims.contains(&Primitive::Uuid);
        needs.base64 = prims.contains(&Primitive::Bytes);
        needs
    }
}

fn collect(t: &TypeRef, out: &mut BTreeSet<Primitive>) {
    match t {
        TypeRef::Primitive(p) => {
            out.insert(*p);
        }
        TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => collect(t, out),
        _ => {}
    }
}
