//! The public API surface of a generated crate, read with `syn` from the files the generator
//! really emits: public items, struct fields, enum variants, methods with their signatures,
//! re-exports and trait impls (written or derived). Doc comments are not part of it.

use std::collections::BTreeMap;
use std::path::Path;

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, Visibility};

/// One public item, keyed by its path in [`Surface`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiItem {
    /// `struct`, `field`, `enum`, `variant`, `fn`, `method`, `const`, `type`, `trait`,
    /// `impl` or `re-export`.
    pub kind: &'static str,
    /// What a caller depends on, as text (types and signatures without parameter names).
    pub signature: String,
    /// The type it belongs to (a field's struct, a method's type); the item itself otherwise.
    pub owner: String,
    /// `#[non_exhaustive]` (structs and enums).
    pub non_exhaustive: bool,
    /// A struct with a field callers cannot name: it cannot be built with a literal.
    pub private_fields: bool,
}

/// Every public item of a crate by path (`models::Pet`, `models::Pet.name`,
/// `client::Client::get_pet`, `impl Default for models::Pet`).
pub type Surface = BTreeMap<String, ApiItem>;

/// The surface of the crate made of `files` (path → source, as `generator::generate` returns).
pub fn surface(files: &BTreeMap<std::path::PathBuf, String>) -> Result<Surface, String> {
    let mut out = Surface::new();
    for (path, text) in files {
        let Some(module) = module_of(path) else {
            continue;
        };
        let file = syn::parse_file(text)
            .map_err(|e| format!("{}: does not parse: {e}", path.display()))?;
        collect(&file.items, &module, &mut out);
    }
    Ok(out)
}

/// `src/lib.rs` is the crate root; `src/models.rs` is `models`.
fn module_of(path: &Path) -> Option<String> {
    let mut parts = path.iter();
    if parts.next()? != "src" {
        return None;
    }
    let file = Path::new(parts.next()?);
    if file.extension()? != "rs" {
        return None;
    }
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    Some(if stem == "lib" { String::new() } else { stem })
}

fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// Token text with the spaces `to_string` puts inside paths and generics removed.
pub fn tidy(tokens: impl ToTokens) -> String {
    let text = tokens.to_token_stream().to_string();
    let mut out = text
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" ::", "::")
        .replace(" < ", "<")
        .replace("< ", "<")
        .replace(" <", "<")
        .replace(" > ", "> ")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace(",>", ">")
        .replace("& ", "&")
        .replace("' ", "'");
    while out.contains(">>") && out.contains("> >") {
        out = out.replace("> >", ">>");
    }
    out
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

/// Derived traits, by their last path segment (`serde::Serialize` → `Serialize`).
fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                out.push(last.ident.to_string());
            }
            Ok(())
        });
    }
    out
}

fn item(kind: &'static str, signature: String, owner: &str) -> ApiItem {
    ApiItem {
        kind,
        signature,
        owner: owner.to_owned(),
        non_exhaustive: false,
        private_fields: false,
    }
}

fn add_derives(attrs: &[syn::Attribute], path: &str, out: &mut Surface) {
    for name in derives(attrs) {
        let key = format!("impl {name} for {path}");
        out.insert(key, item("impl", format!("derive({name})"), path));
    }
}

/// A function signature as callers see it: qualifiers, generics, receiver, argument types
/// (names left out: renaming a parameter breaks nobody) and return type.
fn signature(sig: &syn::Signature) -> String {
    let inputs: Vec<String> = sig
        .inputs
        .iter()
        .map(|arg| match arg {
            syn::FnArg::Receiver(r) => {
                let reference = match &r.reference {
                    Some((_, Some(lt))) => format!("&{lt} "),
                    Some((_, None)) => "&".to_owned(),
                    None => String::new(),
                };
                let mutable = if r.reference.is_some() && r.mutability.is_some() {
                    "mut "
                } else {
                    ""
                };
                format!("{reference}{mutable}self")
            }
            syn::FnArg::Typed(t) => tidy(&t.ty),
        })
        .collect();
    let mut text = String::new();
    if sig.constness.is_some() {
        text.push_str("const ");
    }
    if sig.asyncness.is_some() {
        text.push_str("async ");
    }
    if sig.unsafety.is_some() {
        text.push_str("unsafe ");
    }
    text.push_str(&format!(
        "fn {}{}({})",
        sig.ident,
        tidy(&sig.generics),
        inputs.join(", ")
    ));
    if let syn::ReturnType::Type(_, ty) = &sig.output {
        text.push_str(&format!(" -> {}", tidy(ty)));
    }
    if let Some(w) = &sig.generics.where_clause {
        text.push_str(&format!(" {}", tidy(w)));
    }
    text
}

fn collect(items: &[Item], module: &str, out: &mut Surface) {
    for it in items {
        match it {
            Item::Struct(s) if is_pub(&s.vis) => {
                let path = join(module, &s.ident.to_string());
                let mut entry = item(
                    "struct",
                    format!("struct {}{}", s.ident, tidy(&s.generics)),
                    &path,
                );
                entry.non_exhaustive = has_attr(&s.attrs, "non_exhaustive");
                let fields: Vec<(String, &syn::Field)> = match &s.fields {
                    Fields::Named(n) => n
                        .named
                        .iter()
                        .map(|f| {
                            (
                                f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default(),
                                f,
                            )
                        })
                        .collect(),
                    Fields::Unnamed(u) => u
                        .unnamed
                        .iter()
                        .enumerate()
                        .map(|(i, f)| (i.to_string(), f))
                        .collect(),
                    Fields::Unit => Vec::new(),
                };
                entry.private_fields = fields.iter().any(|(_, f)| !is_pub(&f.vis));
                for (name, f) in fields.iter().filter(|(_, f)| is_pub(&f.vis)) {
                    out.insert(format!("{path}.{name}"), item("field", tidy(&f.ty), &path));
                }
                add_derives(&s.attrs, &path, out);
                out.insert(path, entry);
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                let path = join(module, &e.ident.to_string());
                let mut entry = item(
                    "enum",
                    format!("enum {}{}", e.ident, tidy(&e.generics)),
                    &path,
                );
                entry.non_exhaustive = has_attr(&e.attrs, "non_exhaustive");
                for v in &e.variants {
                    let shape = match &v.fields {
                        Fields::Unit => String::new(),
                        fields => tidy(fields),
                    };
                    out.insert(
                        format!("{path}::{}", v.ident),
                        item("variant", format!("{}{shape}", v.ident), &path),
                    );
                }
                add_derives(&e.attrs, &path, out);
                out.insert(path, entry);
            }
            Item::Fn(f) if is_pub(&f.vis) => {
                let path = join(module, &f.sig.ident.to_string());
                out.insert(path.clone(), item("fn", signature(&f.sig), &path));
            }
            Item::Const(c) if is_pub(&c.vis) => {
                let path = join(module, &c.ident.to_string());
                out.insert(path.clone(), item("const", tidy(&c.ty), &path));
            }
            Item::Static(c) if is_pub(&c.vis) => {
                let path = join(module, &c.ident.to_string());
                out.insert(path.clone(), item("static", tidy(&c.ty), &path));
            }
            Item::Type(t) if is_pub(&t.vis) => {
                let path = join(module, &t.ident.to_string());
                out.insert(
                    path.clone(),
                    item(
                        "type",
                        format!("type {}{} = {}", t.ident, tidy(&t.generics), tidy(&t.ty)),
                        &path,
                    ),
                );
            }
            Item::Trait(t) if is_pub(&t.vis) => {
                let path = join(module, &t.ident.to_string());
                let mut body = t.clone();
                body.attrs.clear();
                for ti in &mut body.items {
                    if let syn::TraitItem::Fn(f) = ti {
                        f.attrs.clear();
                    }
                }
                out.insert(path.clone(), item("trait", tidy(&body), &path));
            }
            Item::Mod(m) if is_pub(&m.vis) => {
                if let Some((_, inner)) = &m.content {
                    collect(inner, &join(module, &m.ident.to_string()), out);
                }
            }
            Item::Use(u) if is_pub(&u.vis) => {
                let mut leaves = Vec::new();
                use_leaves(&u.tree, String::new(), &mut leaves);
                for (name, target) in leaves {
                    let path = join(module, &name);
                    out.insert(path.clone(), item("re-export", target, &path));
                }
            }
            Item::Impl(i) => collect_impl(i, module, out),
            _ => {}
        }
    }
}

fn use_leaves(tree: &syn::UseTree, prefix: String, out: &mut Vec<(String, String)>) {
    match tree {
        syn::UseTree::Path(p) => use_leaves(&p.tree, format!("{prefix}{}::", p.ident), out),
        syn::UseTree::Name(n) => out.push((n.ident.to_string(), format!("{prefix}{}", n.ident))),
        syn::UseTree::Rename(r) => out.push((r.rename.to_string(), format!("{prefix}{}", r.ident))),
        syn::UseTree::Glob(_) => out.push((format!("{prefix}*"), format!("{prefix}*"))),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_leaves(t, prefix.clone(), out);
            }
        }
    }
}

/// The name of the type an impl block is for, qualified by module when it is a local name.
fn self_type(ty: &syn::Type, module: &str) -> String {
    let text = tidy(ty);
    if text
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '<' || c == '>' || c == ',' || c == ' ')
    {
        join(module, &text)
    } else {
        text
    }
}

fn collect_impl(i: &syn::ItemImpl, module: &str, out: &mut Surface) {
    let ty = self_type(&i.self_ty, module);
    // The owner is the type without its generic arguments.
    let owner = ty.split('<').next().unwrap_or(&ty).to_owned();
    if let Some((negative, trait_path, _)) = &i.trait_ {
        let bang = if negative.is_some() { "!" } else { "" };
        let key = format!(
            "impl{} {bang}{} for {ty}",
            tidy(&i.generics),
            tidy(trait_path)
        );
        out.insert(key, item("impl", String::new(), &owner));
        return;
    }
    for member in &i.items {
        match member {
            ImplItem::Fn(f) if is_pub(&f.vis) => {
                let path = format!("{owner}::{}", f.sig.ident);
                out.insert(path, item("method", signature(&f.sig), &owner));
            }
            ImplItem::Const(c) if is_pub(&c.vis) => {
                let path = format!("{owner}::{}", c.ident);
                out.insert(path, item("const", tidy(&c.ty), &owner));
            }
            _ => {}
        }
    }
}
