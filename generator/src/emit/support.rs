//! `types.rs` of the emitted crate: declares the runtime's support types the models use
//! (`emit/runtime.rs` copies their files), and only those.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::runtime::support_files;
use crate::ir::Needs;

/// The body of `types.rs`.
pub fn emit_support(needs: Needs) -> TokenStream {
    let files = support_files(&needs);
    let modules: Vec<_> = files
        .iter()
        .map(|f| format_ident!("{}", f.module))
        .collect();
    let exports = files.iter().map(|f| {
        let module = format_ident!("{}", f.module);
        let item = format_ident!("{}", heck::ToUpperCamelCase::to_upper_camel_case(f.module));
        quote!(pub use #module::#item;)
    });
    quote! {
        //! Support types used by the models.
        #(mod #modules;)*
        #(#exports)*
    }
}
