//! Security schemes, and the schemes a security requirement names.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement};

use super::docs;
use crate::error::{push_pointer, Error, ErrorKind, Result};
use crate::ir::{AuthKind, SecurityScheme};
use crate::naming::{Scope, VariantName};

pub(super) fn lower_schemes(doc: &openapiv3::OpenAPI) -> Result<Vec<SecurityScheme>> {
    let Some(components) = &doc.components else {
        return Ok(Vec::new());
    };
    let mut entries: Vec<(&String, &ReferenceOr<openapiv3::SecurityScheme>)> =
        components.security_schemes.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let mut scope = Scope::default();
    let mut out = Vec::new();
    for (wire, scheme) in entries {
        let pointer = push_pointer("/components/securitySchemes", wire);
        let ReferenceOr::Item(scheme) = scheme else {
            return Err(Error::at(
                pointer,
                ErrorKind::Unsupported("a `$ref` as a security scheme".into()),
            ));
        };
        use openapiv3::SecurityScheme as S;
        let (kind, description) = match scheme {
            S::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (AuthKind::Bearer, description),
                "basic" => (AuthKind::Basic, description),
                // Other HTTP schemes take a ready-made `Authorization` value.
                _ => (AuthKind::ApiKeyHeader("Authorization".into()), description),
            },
            S::APIKey {
                location,
                name,
                description,
                ..
            } => (
                match location {
                    APIKeyLocation::Header => AuthKind::ApiKeyHeader(name.clone()),
                    APIKeyLocation::Query => AuthKind::ApiKeyQuery(name.clone()),
                    APIKeyLocation::Cookie => AuthKind::ApiKeyCookie(name.clone()),
                },
                description,
            ),
            // OAuth2 and OpenID Connect end in a bearer token; obtaining it is the caller's job.
            S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
                (AuthKind::Bearer, description)
            }
        };
        out.push(SecurityScheme {
            name: scope.claim(VariantName::new(wire)),
            wire: wire.clone(),
            kind,
            docs: docs(None, description.as_ref(), &pointer),
        });
    }
    Ok(out)
}

/// The schemes of the first alternative of a security requirement list.
pub(super) fn security_schemes(
    reqs: &[SecurityRequirement],
    schemes: &[SecurityScheme],
    pointer: &str,
) -> Result<Vec<SecurityScheme>> {
    let Some(first) = reqs.first() else {
        return Ok(Vec::new());
    };
    first
        .keys()
        .map(|name| {
            schemes
                .iter()
                .find(|s| &s.wire == name)
                .cloned()
                .ok_or_else(|| {
                    Error::at(
                        push_pointer(pointer, "0"),
                        ErrorKind::Invalid(format!(
                            "security scheme {name:?} is not defined in components/securitySchemes"
                        )),
                    )
                })
        })
        .collect()
}
