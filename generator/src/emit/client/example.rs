//! The crate-level example in the generated crate's docs: a client, then one call per
//! operation that can be written without guessing values, each feeding identifiers from
//! earlier results into path parameters (create → retrieve → update for a typical resource).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::analyze::{accessor, REQUEST_ID_WIRES};
use crate::error::{Error, Result, Stage};
use crate::ir::{
    Api, AuthKind, BodyKind, Method, Model, ModelKind, Operation, ParamLocation, Presence,
    Primitive, Success, TypeRef,
};
use crate::naming::TypeName;

/// The lines of the example's code block (hidden lines marked `# `), or `None` when no
/// operation can be called without invented values. Code that does not parse is our bug.
pub(crate) fn crate_example(api: &Api, crate_name: &str) -> Result<Option<Vec<String>>> {
    let krate = format_ident!("{}", crate_name.replace('-', "_"));
    let client = example_client(api);
    // Creating comes first, reading next, then changing, then deleting.
    let rank = |op: &Operation| {
        let has_path = op.params.iter().any(|p| p.location == ParamLocation::Path);
        match (&op.method, has_path) {
            (Method::Post | Method::Put, false) => 0,
            (Method::Get, _) => 1,
            (Method::Delete, _) => 3,
            _ => 2,
        }
    };
    let models: BTreeMap<&TypeName, &Model> = api.models.iter().map(|m| (&m.name, m)).collect();
    let mut ops: Vec<&Operation> = api.operations.iter().collect();
    ops.sort_by_key(|op| rank(op));
    let mut bound: Vec<(proc_macro2::Ident, &Model)> = Vec::new();
    let mut calls = Vec::new();
    let mut request_id = quote!();
    for op in ops {
        if calls.len() == 4 || op.params_type.is_some() {
            continue;
        }
        let mut args = Vec::new();
        for p in op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
        {
            if p.ty != TypeRef::Primitive(Primitive::String) {
                break;
            }
            let from_earlier = bound.iter().rev().find_map(|(var, model)| {
                let ModelKind::Struct(s) = &model.kind else {
                    return None;
                };
                let f = s.fields.iter().find(|f| {
                    f.wire == p.wire && f.ty == p.ty && f.presence == Presence::Required
                })?;
                let field = &f.name;
                Some(quote!(&#var.#field))
            });
            args.push(from_earlier.unwrap_or_else(|| quote!(&"...".to_owned())));
        }
        if args.len()
            != op
                .params
                .iter()
                .filter(|p| p.location == ParamLocation::Path)
                .count()
        {
            continue;
        }
        if let Some(b) = &op.body {
            let body = match &b.kind {
                BodyKind::Json { ty, .. } => example_value(api, ty),
                _ => None,
            };
            let Some(body) = body else {
                continue;
            };
            args.push(if b.required {
                quote!(&#body)
            } else {
                quote!(Some(&#body))
            });
        }
        let name = &op.name;
        let resource = match op.success.resource_type() {
            Some(TypeRef::Named(n)) => api.models.iter().find(|m| &m.name == n),
            _ => None,
        };
        match resource {
            Some(model) => {
                let var = syn::parse_str::<syn::Ident>(&heck::ToSnakeCase::to_snake_case(
                    model.name.as_str(),
                ))
                .unwrap_or_else(|_| format_ident!("resource"));
                calls.push(quote!(let #var = client.#name(#(#args),*).await?;));
                if request_id.is_empty() {
                    if let Some(field) = match &op.success {
                        Success::Enveloped(e) => accessor(&models, &e.ty, REQUEST_ID_WIRES),
                        _ => None,
                    }
                    .filter(|a| a.presence == Presence::Required)
                    .map(|a| a.field)
                    {
                        request_id = quote! {
                            // The envelope around the resource stays reachable.
                            println!("request id: {}", #var.envelope().#field);
                        };
                        calls.push(request_id.clone());
                    }
                }
                bound.push((var, model));
            }
            None => calls.push(quote!(client.#name(#(#args),*).await?;)),
        }
    }
    if calls.is_empty() {
        return Ok(None);
    }
    let tokens = quote! {
        async fn example() -> Result<(), #krate::Error> {
            use #krate::{models, Client};
            #client
            #(#calls)*
            Ok(())
        }
    };
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| {
        Error::bug(
            Stage::Emit,
            "",
            format!("the crate example does not parse as Rust ({e})"),
        )
    })?;
    let code = prettyplease::unparse(&file);
    let body: Vec<&str> = code.lines().collect();
    let mut lines = vec![
        // Without the client there is nothing to call; doctests see the crate's features.
        "# #[cfg(feature = \"client\")]".to_owned(),
    ];
    for (i, line) in body.iter().enumerate() {
        // The wrapping function is hidden; doctests still compile it.
        if i == 0 || i + 1 == body.len() || line.trim() == "Ok(())" {
            lines.push(format!("# {line}"));
        } else {
            lines.push(line.strip_prefix("    ").unwrap_or(line).to_owned());
        }
    }
    Ok(Some(lines))
}

/// `Client::new(…)` with placeholder credentials, matching `emit_constructors`.
fn example_client(api: &Api) -> TokenStream {
    let schemes: Vec<_> = api.default_security.iter().collect();
    let mut args = Vec::new();
    if api.servers.is_empty() {
        args.push(quote!("https://api.example.com"));
    }
    match schemes.as_slice() {
        [s] if s.kind == AuthKind::Basic => args.extend([quote!("user"), quote!("password")]),
        [_] => args.push(quote!("your-api-token")),
        _ => {}
    }
    quote!(let client = Client::new(#(#args),*);)
}

/// A value of `ty` built with the generated constructors and no invented data beyond
/// placeholder text, or `None` when that needs more than the example should guess.
fn example_value(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    let TypeRef::Named(n) = ty else { return None };
    let model = api.models.iter().find(|m| &m.name == n)?;
    let name = &model.name;
    match &model.kind {
        ModelKind::Struct(s) if s.is_request => {
            if s.fields.iter().any(|f| f.presence == Presence::Required) {
                return None;
            }
            let setters = s
                .fields
                .iter()
                .filter(|f| {
                    f.presence == Presence::Optional
                        && !f.sensitive
                        && f.ty == TypeRef::Primitive(Primitive::String)
                })
                .take(2)
                .map(|f| {
                    let setter = format_ident!("with_{}", f.name.as_str().trim_end_matches('_'));
                    quote!(.#setter("..."))
                });
            Some(quote!(models::#name::new() #(#setters)*))
        }
        ModelKind::Union(u) => u.variants().find_map(|v| {
            let inner = example_value(api, &v.ty)?;
            let variant = &v.name;
            Some(quote!(models::#name::#variant(#inner)))
        }),
        _ => None,
    }
}
