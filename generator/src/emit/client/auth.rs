//! Servers, credentials and the constructors they make possible: `Server`, `Auth`,
//! `AuthScheme`, `Client::new` and `Client::for_server`.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::docs::{doc_lines, lines_to_attrs};
use crate::ir::{Api, AuthKind, Docs};

/// `DEFAULT_BASE_URL`, and the `Server` enum when the spec lists servers.
pub(super) fn emit_servers(api: &Api) -> TokenStream {
    let Some(first) = api.servers.first() else {
        return quote! {
            /// The spec lists no servers: every client is given its base URL.
            const DEFAULT_BASE_URL: &str = "";
        };
    };
    let variants = api.servers.iter().map(|s| {
        let name = &s.name;
        let mut lines = match &s.description {
            Some(d) => {
                let docs = Docs {
                    description: Some(d.clone()),
                    ..Docs::default()
                };
                let mut lines = doc_lines(&docs, "");
                lines.push(String::new());
                lines
            }
            None => Vec::new(),
        };
        lines.push(format!("`{}`", s.url));
        let docs = lines_to_attrs(&lines);
        let default = (s.name == first.name).then(|| quote!(#[default]));
        quote!(#docs #default #name,)
    });
    let urls = api.servers.iter().map(|s| {
        let name = &s.name;
        let url = &s.url;
        quote!(Self::#name => #url,)
    });
    let default_url = &first.url;
    quote! {
        /// Where requests go unless the builder says otherwise: the first server the spec lists.
        const DEFAULT_BASE_URL: &str = #default_url;

        /// The servers the spec lists; the first is the default.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub enum Server {
            #(#variants)*
        }

        impl Server {
            /// The server's base URL.
            pub const fn url(self) -> &'static str {
                match self {
                    #(#urls)*
                }
            }
        }

        impl ClientBuilder {
            /// Sends requests to one of the spec's servers.
            pub fn server(self, server: Server) -> Self {
                self.base_url(server.url())
            }
        }
    }
}

/// `Auth` (credentials, one variant per security scheme) and `AuthScheme` (the schemes
/// without credentials, which operations name).
pub(super) fn emit_auth(api: &Api) -> TokenStream {
    if api.security_schemes.is_empty() {
        return quote! {
            /// Credentials (the spec declares no security schemes).
            #[derive(Clone, Debug, PartialEq, Eq)]
            pub enum Auth {}

            /// The spec's security schemes: none.
            #[derive(Clone, Copy, Debug, PartialEq, Eq)]
            enum AuthScheme {}

            impl Auth {
                fn scheme(&self) -> AuthScheme {
                    match *self {}
                }

                fn apply(&self, _request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
                    match *self {}
                }

                fn secret(&self) -> &str {
                    match *self {}
                }
            }
        };
    }
    let variants = api.security_schemes.iter().map(|s| {
        let name = &s.name;
        let how = match &s.kind {
            AuthKind::Bearer => "Sent as `Authorization: Bearer <token>`.".to_owned(),
            AuthKind::Basic => "Sent as HTTP basic authentication.".to_owned(),
            AuthKind::ApiKeyHeader(h) => format!("Sent in the `{h}` header."),
            AuthKind::ApiKeyQuery(q) => format!("Sent as the `{q}` query parameter."),
            AuthKind::ApiKeyCookie(c) => format!("Sent as the `{c}` cookie."),
        };
        let mut lines = doc_lines(&s.docs, &format!("The `{}` security scheme.", s.wire));
        lines.push(String::new());
        lines.push(how);
        let docs = lines_to_attrs(&lines);
        match s.kind {
            AuthKind::Basic => quote! {
                #docs
                #name {
                    /// The user name.
                    username: String,
                    /// The password.
                    password: String,
                },
            },
            _ => quote!(#docs #name(String),),
        }
    });
    let scheme_variants = api.security_schemes.iter().map(|s| &s.name);
    let schemes = api.security_schemes.iter().map(|s| {
        let name = &s.name;
        match s.kind {
            AuthKind::Basic => quote!(Self::#name { .. } => AuthScheme::#name,),
            _ => quote!(Self::#name(_) => AuthScheme::#name,),
        }
    });
    let secrets = api.security_schemes.iter().map(|s| {
        let name = &s.name;
        match s.kind {
            AuthKind::Basic => quote!(Self::#name { password, .. } => password,),
            _ => quote!(Self::#name(secret) => secret,),
        }
    });
    let applies = api.security_schemes.iter().map(|s| {
        let name = &s.name;
        match &s.kind {
            AuthKind::Bearer => quote!(Self::#name(token) => request.bearer_auth(token),),
            AuthKind::Basic => quote! {
                Self::#name { username, password } => request.basic_auth(username, Some(password)),
            },
            AuthKind::ApiKeyHeader(h) => quote!(Self::#name(key) => request.header(#h, key),),
            AuthKind::ApiKeyQuery(q) => quote!(Self::#name(key) => request.query(&[(#q, key)]),),
            AuthKind::ApiKeyCookie(c) => {
                quote!(Self::#name(key) => request.header(reqwest::header::COOKIE, format!("{}={}", #c, key)),)
            }
        }
    });
    quote! {
        /// Credentials for the spec's security schemes. `Debug` never shows them.
        #[derive(Clone, PartialEq, Eq)]
        pub enum Auth {
            #(#variants)*
        }

        /// The spec's security schemes, without credentials: what an operation asks for.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum AuthScheme {
            #(#scheme_variants,)*
        }

        impl std::fmt::Debug for Auth {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{:?}([redacted])", self.scheme())
            }
        }

        impl Auth {
            fn scheme(&self) -> AuthScheme {
                match self {
                    #(#schemes)*
                }
            }

            fn apply(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
                match self {
                    #(#applies)*
                }
            }

            /// The part of the credential that must never reach an error message.
            fn secret(&self) -> &str {
                match self {
                    #(#secrets)*
                }
            }
        }
    }
}

/// The arguments of `Client::new` for the spec's default credentials, the builder call that
/// uses them, and what they are called in docs.
fn credential_args(api: &Api) -> (TokenStream, TokenStream, &'static str) {
    match api.default_security.as_slice() {
        [s] => {
            let name = &s.name;
            match s.kind {
                AuthKind::Basic => (
                    quote!(username: impl Into<String>, password: impl Into<String>),
                    quote!(.auth(Auth::#name { username: username.into(), password: password.into() })),
                    "a user name and password",
                ),
                _ => (
                    quote!(token: impl Into<String>),
                    quote!(.auth(Auth::#name(token.into()))),
                    "a token",
                ),
            }
        }
        _ => (
            quote!(),
            quote!(),
            "no credentials (add them with the builder)",
        ),
    }
}

/// `Client::new`, `Client::for_server`: the constructors the spec's servers and default
/// security make possible. Neither can fail or panic: a setup failure is returned by each call.
pub(super) fn emit_constructors(api: &Api) -> TokenStream {
    let (args, auths, what) = credential_args(api);
    const DEFERRED: &str =
        " An unusable base URL or TLS backend is reported by every call's `Err`.";
    let Some(first) = api.servers.first() else {
        let doc = format!(" A client for the API at `base_url`, with {what}.");
        let comma = (!args.is_empty()).then(|| quote!(,));
        return quote! {
            #[doc = #doc]
            ///
            #[doc = #DEFERRED]
            pub fn new(base_url: impl Into<String> #comma #args) -> Self {
                Self::builder().base_url(base_url) #auths .build_deferred()
            }
        };
    };
    let doc = format!(
        " A client for the default server (`{}`), with {what}.",
        first.url
    );
    quote! {
        #[doc = #doc]
        ///
        #[doc = #DEFERRED]
        pub fn new(#args) -> Self {
            Self::builder() #auths .build_deferred()
        }

        /// A client for `server`, otherwise like [`Client::new`].
        pub fn for_server(server: Server, #args) -> Self {
            Self::builder().server(server) #auths .build_deferred()
        }
    }
}

/// `Default` for a `Client::new` without arguments: what `Default` means, and clippy asks
/// for both.
pub(super) fn emit_default(api: &Api) -> Option<TokenStream> {
    let (args, _, _) = credential_args(api);
    (args.is_empty() && !api.servers.is_empty()).then(|| {
        quote! {
            impl Default for Client {
                /// The same as [`Client::new`].
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    })
}
