//! Models → `models.rs`: structs, open enums, unions and aliases with their serde attributes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, lines_to_attrs};
use super::rust_type::{rust_type, Ctx};
use crate::ir::{
    EnumModel, Field, Model, ModelKind, Presence, StructModel, TypeRef, Union, UnionVariant,
};

/// A run of consecutive models; the first run carries the module's doc. Rendering runs one at
/// a time and concatenating the text gives the same file as rendering it whole.
pub fn emit_models_part(models: &[Model], first: bool) -> TokenStream {
    let items = models.iter().map(emit_model);
    let doc = first.then(
        || quote!(#![doc = " Types for every schema in the spec, request and response alike."]),
    );
    quote! {
        #doc
        #(#items)*
    }
}

fn emit_model(model: &Model) -> TokenStream {
    let fallback = format!("The `{}` schema.", model.name);
    let docs = doc_attrs(&model.docs, &fallback);
    match &model.kind {
        ModelKind::Struct(s) => emit_struct(model, s, docs),
        ModelKind::Enum(e) => emit_enum(model, e, docs),
        ModelKind::Union(u) => emit_union(model, u, docs),
        ModelKind::Const(value) => super::constants::emit_const(model, value, docs),
        ModelKind::Tuple(t) => super::tuples::emit_tuple(model, t, docs),
        ModelKind::Alias(t) => {
            let name = &model.name;
            let t = rust_type(t, Ctx::Models);
            quote! {
                #docs
                pub type #name = #t;
            }
        }
        ModelKind::Newtype(t) => {
            let name = &model.name;
            let inner = rust_type(t, Ctx::Models);
            quote! {
                #docs
                #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #inner);
            }
        }
    }
}

/// serde's `rename_all = "camelCase"` applied to a Rust field name.
fn serde_camel(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for (i, c) in field.chars().enumerate() {
        if c == '_' {
            if i > 0 {
                upper = true;
            }
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn field_type(f: &Field) -> TokenStream {
    let t = rust_type(&f.ty, Ctx::Models);
    match f.presence {
        Presence::Required => t,
        // `serde_json::Value` holds `null` itself; `Option<Value>` would turn it into `None`.
        Presence::RequiredNullable if f.ty == TypeRef::Any => t,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#t>),
        Presence::OptionalNullable => quote!(crate::types::Nullable<#t>),
    }
}

fn emit_struct(model: &Model, s: &StructModel, docs: TokenStream) -> TokenStream {
    let name = &model.name;
    // One `rename_all` instead of a rename per field, where it covers every field.
    let camel = !s.fields.is_empty()
        && s.fields
            .iter()
            .all(|f| serde_camel(f.name.as_str()) == f.wire)
        && s.fields.iter().any(|f| f.name.serde_name() != f.wire);
    let rename_all = camel.then(|| quote!(#[serde(rename_all = "camelCase")]));
    let fields = s.fields.iter().map(|f| {
        let fname = &f.name;
        let ty = field_type(f);
        let docs = doc_attrs(&f.docs, &format!("The `{}` property.", f.wire));
        let wire = &f.wire;
        let mut serde_args = Vec::new();
        if !camel && f.name.serde_name() != f.wire {
            serde_args.push(quote!(rename = #wire));
        }
        match f.presence {
            Presence::Required => {}
            Presence::RequiredNullable => serde_args.push(quote!(default)),
            Presence::Optional => {
                serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"))
            }
            Presence::OptionalNullable => serde_args.push(quote!(
                default,
                skip_serializing_if = "crate::types::Nullable::is_absent"
            )),
        }
        let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        quote! {
            #docs
            #serde_attr
            pub #fname: #ty,
        }
    });
    let additional = s.additional.as_ref().map(|t| {
        let t = rust_type(t, Ctx::Models);
        quote! {
            /// Properties beyond the named ones.
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #t>,
        }
    });
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    // A required constant is no argument: its only value is its type's default.
    let has_required = s
        .fields
        .iter()
        .any(|f| f.presence == Presence::Required && !f.fixed);
    // The one derive order of every generated type: Clone, Debug, Default, comparisons,
    // then serde.
    let debug_derive = (!sensitive).then(|| quote!(Debug,));
    let default_derive = (!has_required).then(|| quote!(Default,));
    let derives = quote!(Clone, #debug_derive #default_derive PartialEq, serde::Serialize, serde::Deserialize);
    let debug = sensitive.then(|| emit_redacting_debug(model, s));
    let builder = s.is_request.then(|| emit_builder(model, s, has_required));
    quote! {
        #docs
        #[derive(#derives)]
        #rename_all
        pub struct #name {
            #(#fields)*
            #additional
        }
        #debug
        #builder
    }
}

/// `Debug` that prints `"[redacted]"` in place of secret values, and `None` (or `Absent`,
/// `Null`) where no value is set.
fn emit_redacting_debug(model: &Model, s: &StructModel) -> TokenStream {
    let name = &model.name;
    let label = name.as_str();
    let fields = s.fields.iter().map(|f| {
        let fname = &f.name;
        let label = f.name.as_str();
        if f.sensitive {
            // Whether a secret is set is worth logging; the secret never is.
            let shown = match f.presence {
                Presence::Required => quote!(&"[redacted]"),
                Presence::RequiredNullable if f.ty == TypeRef::Any => {
                    quote!(&(!self.#fname.is_null()).then_some("[redacted]"))
                }
                Presence::RequiredNullable | Presence::Optional => {
                    quote!(&self.#fname.as_ref().map(|_| "[redacted]"))
                }
                Presence::OptionalNullable => quote!(&self.#fname.map_ref(|_| "[redacted]")),
            };
            quote!(.field(#label, #shown))
        } else {
            quote!(.field(#label, &self.#fname))
        }
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote!(.field("additional_properties", &self.additional_properties)));
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label)
                    #(#fields)*
                    #additional
                    .finish()
            }
        }
    }
}

/// `new(required…)` plus a `with_*` setter per optional field.
fn emit_builder(model: &Model, s: &StructModel, has_required: bool) -> TokenStream {
    let name = &model.name;
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.presence == Presence::Required && !f.fixed)
        .collect();
    let args = required.iter().map(|f| {
        let fname = &f.name;
        let t = rust_type(&f.ty, Ctx::Models);
        quote!(#fname: impl Into<#t>)
    });
    let inits = s.fields.iter().map(|f| {
        let fname = &f.name;
        match f.presence {
            Presence::Required if f.fixed => quote!(#fname: Default::default()),
            Presence::Required => quote!(#fname: #fname.into()),
            Presence::RequiredNullable | Presence::Optional => quote!(#fname: Default::default()),
            Presence::OptionalNullable => quote!(#fname: crate::types::Nullable::Absent),
        }
    });
    let additional_init = s
        .additional
        .as_ref()
        .map(|_| quote!(additional_properties: Default::default(),));
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new = if has_required {
        quote! {
            /// Creates a value from the required properties; set the optional ones with the
            /// `with_*` methods.
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #additional_init }
            }
        }
    } else if s
        .fields
        .iter()
        .any(|f| f.fixed && f.presence == Presence::Required)
    {
        quote! {
            /// Creates a value with its constants set and every other property unset; set
            /// them with the `with_*` methods.
            pub fn new() -> Self {
                Self::default()
            }
        }
    } else {
        quote! {
            /// Creates a value with every property unset; set them with the `with_*` methods.
            pub fn new() -> Self {
                Self::default()
            }
        }
    };
    let setters = s
        .fields
        .iter()
        .filter(|f| f.presence != Presence::Required)
        .map(|f| {
            let fname = &f.name;
            // `type_` → `with_type`, `_16x16` → `with_16x16`: the prefix makes any name legal,
            // and the field's own guard underscores would make it non-snake-case.
            let base = fname.as_str().trim_matches('_');
            let setter = format_ident!("with_{}", base);
            let t = rust_type(&f.ty, Ctx::Models);
            let doc = if f.fixed {
                format!(" Sets [`{fname}`](Self::{fname}) to its one value.")
            } else {
                format!(" Sets [`{fname}`](Self::{fname}).")
            };
            // A constant's setter takes no value: there is only one.
            let (param, arg) = if f.fixed {
                (None, quote!(Default::default()))
            } else {
                (Some(quote!(, value: impl Into<#t>)), quote!(value.into()))
            };
            let value = match f.presence {
                Presence::OptionalNullable => quote!(crate::types::Nullable::Present(#arg)),
                // An untyped required key holds `null` inside the `Value` itself.
                Presence::RequiredNullable if f.ty == TypeRef::Any => arg,
                _ => quote!(Some(#arg)),
            };
            let clear = (f.presence == Presence::OptionalNullable).then(|| {
                let clear = format_ident!("with_{}_null", base);
                let doc = format!(
                    " Sends [`{fname}`](Self::{fname}) as `null`, which clears it (leaving it unset keeps it as it is)."
                );
                quote! {
                    #[doc = #doc]
                    pub fn #clear(mut self) -> Self {
                        self.#fname = crate::types::Nullable::Null;
                        self
                    }
                }
            });
            quote! {
                #[doc = #doc]
                pub fn #setter(mut self #param) -> Self {
                    self.#fname = #value;
                    self
                }
                #clear
            }
        });
    quote! {
        impl #name {
            #new
            #(#setters)*
        }
    }
}

fn emit_enum(model: &Model, e: &EnumModel, docs: TokenStream) -> TokenStream {
    let name = &model.name;
    let unknown = &e.unknown;
    let variants = e.variants.iter().map(|v| {
        let vname = &v.name;
        // Escaped so a value with a newline or control character cannot break the comment.
        let doc = format!(" `{}`", v.wire.escape_debug().to_string().replace('`', "'"));
        let doc = if v.wire.is_empty() {
            " The empty string.".to_owned()
        } else {
            doc
        };
        quote!(#[doc = #doc] #vname,)
    });
    let to_str = e.variants.iter().map(|v| {
        let vname = &v.name;
        let wire = &v.wire;
        quote!(Self::#vname => #wire,)
    });
    let from_str = e.variants.iter().map(|v| {
        let vname = &v.name;
        let wire = &v.wire;
        quote!(#wire => Self::#vname,)
    });
    let open_doc = lines_to_attrs(&[
        String::new(),
        format!("Open: a value the spec does not list decodes as [`{name}::{unknown}`] and is sent back unchanged."),
    ]);
    quote! {
        #docs
        #open_doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept exactly as received.
            #unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::#unknown(_) => Self::#unknown(value),
                    known => known,
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(crate::types::OpenEnumVisitor::<Self>::new())
            }
        }
    }
}

fn emit_union(model: &Model, u: &Union, docs: TokenStream) -> TokenStream {
    let name = &model.name;
    let variant = |v: &UnionVariant, tag: Option<(&str, &str)>| {
        let vname = &v.name;
        let t = rust_type(&v.ty, Ctx::Models);
        let (doc, rename) = match tag {
            Some((property, value)) => (
                format!(" `{property}` = `{value}`."),
                (value != vname.serde_name()).then(|| quote!(#[serde(rename = #value)])),
            ),
            None => (format!(" A [`{}`].", type_label(&v.ty)), None),
        };
        quote!(#[doc = #doc] #rename #vname(#t),)
    };
    let (variants, serde_attr, how): (Vec<_>, _, _) = match u {
        Union::Tagged { property, variants } => (
            variants
                .iter()
                .map(|v| variant(&v.variant, Some((property, &v.tag))))
                .collect(),
            quote!(#[serde(tag = #property)]),
            format!(
                "Tagged by the `{property}` property. Open: an object with a `{property}` the spec does\nnot list decodes as [`{}::{}`] and is sent back unchanged.",
                model.name,
                open_union_variant(u)
            ),
        ),
        Union::Untagged { variants } => (
            variants.iter().map(|v| variant(v, None)).collect(),
            quote!(#[serde(untagged)]),
            "Untagged: decoding tries the variants in the order listed and keeps the first that fits.".to_owned(),
        ),
    };
    let mut how_lines = vec![String::new()];
    how_lines.extend(how.lines().map(str::to_owned));
    let how = lines_to_attrs(&how_lines);
    // Each payload type that appears once can be converted into the union.
    let froms = u
        .variants()
        .filter(|v| u.variants().filter(|w| w.ty == v.ty).count() == 1)
        .filter_map(|v| {
            let TypeRef::Named(_) = &v.ty else {
                return None;
            };
            let vname = &v.name;
            let t = rust_type(&v.ty, Ctx::Models);
            Some(quote! {
                impl From<#t> for #name {
                    fn from(value: #t) -> Self {
                        Self::#vname(value)
                    }
                }
            })
        });
    let (derive_de, unknown, decode) = match u {
        Union::Tagged { property, variants } => {
            let unknown = format_ident!("{}", open_union_variant(u));
            let doc = lines_to_attrs(&[
                format!(
                    "A `{property}` value this version of the crate does not know: the object as"
                ),
                "received, sent back unchanged.".to_owned(),
            ]);
            let arms = variants.iter().map(|v| {
                let vname = &v.variant.name;
                let tag = &v.tag;
                quote!(#tag => crate::types::OpenUnion::variant(value, #property).map(Self::#vname),)
            });
            (
                None,
                Some(quote! {
                    #doc
                    #[serde(untagged)]
                    #unknown(serde_json::Value),
                }),
                Some(quote! {
                    impl<'de> serde::Deserialize<'de> for #name {
                        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                            let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                            match crate::types::OpenUnion::tag(&value, #property)? {
                                #(#arms)*
                                _ => Ok(Self::#unknown(value)),
                            }
                        }
                    }
                }),
            )
        }
        Union::Untagged { .. } => (Some(quote!(, serde::Deserialize)), None, None),
    };
    quote! {
        #docs
        #how
        #[derive(Clone, Debug, PartialEq, serde::Serialize #derive_de)]
        #serde_attr
        // Variant sizes depend on the spec; boxing all of them would cost every user an
        // allocation to spare a few bytes.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #unknown
        }
        #decode
        #(#froms)*
    }
}

/// The name of a tagged union's catch-all variant: `Unknown`, unless a known variant has it.
fn open_union_variant(u: &Union) -> &'static str {
    ["Unknown", "UnknownKind", "Other", "UnknownVariant"]
        .into_iter()
        .find(|candidate| u.variants().all(|v| v.name.as_str() != *candidate))
        .unwrap_or("UnknownTag")
}

/// A short name for a payload type, for docs.
fn type_label(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => n.to_string(),
        TypeRef::Primitive(p) => rust_type(&TypeRef::Primitive(*p), Ctx::Models)
            .to_string()
            .replace(' ', ""),
        TypeRef::Array(t) => format!("Vec<{}>", type_label(t)),
        TypeRef::Map(_) | TypeRef::Object => "serde_json::Map".to_owned(),
        TypeRef::Any => "serde_json::Value".to_owned(),
        TypeRef::Boxed(t) => type_label(t),
        TypeRef::Tuple(ts) => format!(
            "({})",
            ts.iter().map(type_label).collect::<Vec<_>>().join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::serde_camel;

    #[test]
    fn camel_matches_serde() {
        assert_eq!(serde_camel("first_name"), "firstName");
        assert_eq!(serde_camel("type_"), "type");
        assert_eq!(serde_camel("eu_account_tos"), "euAccountTos");
        assert_eq!(serde_camel("_2fa"), "2fa");
    }
}
