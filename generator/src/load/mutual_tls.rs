//! OpenAPI 3.1's `mutualTLS` security scheme: the client certificate is presented during the
//! TLS handshake, by the `reqwest::Client` the caller configures, so the scheme asks nothing
//! of a generated method. It is taken out of the document (the 3.0 parser has no such type),
//! and out of every security requirement that names it.

use serde_json::Value;

/// The keys of a path item that hold an operation.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Removes `mutualTLS` schemes and their mentions; a requirement naming only such schemes
/// becomes `{}`, which asks for no credentials the client sends.
pub(super) fn remove_mutual_tls(doc: &mut Value) {
    let Some(Value::Object(schemes)) = doc.pointer_mut("/components/securitySchemes") else {
        return;
    };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    if names.is_empty() {
        return;
    }
    schemes.retain(|name, _| !names.contains(name));
    let forget = |security: Option<&mut Value>| {
        if let Some(Value::Array(requirements)) = security {
            for requirement in requirements.iter_mut().filter_map(Value::as_object_mut) {
                requirement.retain(|name, _| !names.contains(name));
            }
        }
    };
    forget(doc.get_mut("security"));
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = doc.get_mut(section) else {
            continue;
        };
        for item in items.values_mut() {
            for method in METHODS {
                forget(item.get_mut(method).and_then(|op| op.get_mut("security")));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn mutual_tls_schemes_leave_the_document_and_its_requirements() {
        let text = r#"
openapi: 3.1.0
info: {title: t, version: "1"}
security: [{mtls: []}]
paths:
  /a:
    get:
      security: [{mtls: [], bearer: []}, {bearer: []}]
      responses: {"204": {description: done}}
components:
  securitySchemes:
    mtls: {type: mutualTLS}
    bearer: {type: http, scheme: bearer}
"#;
        let doc = match crate::load::load(text.as_bytes()) {
            Ok(doc) => doc,
            Err(e) => panic!("does not load: {e}"),
        };
        let schemes: Vec<&String> = doc
            .components
            .as_ref()
            .map(|c| c.security_schemes.keys().collect())
            .unwrap_or_default();
        assert_eq!(schemes, ["bearer"]);
        let names = |requirements: &[openapiv3::SecurityRequirement]| -> Vec<Vec<String>> {
            requirements
                .iter()
                .map(|r| r.keys().cloned().collect())
                .collect()
        };
        assert_eq!(
            names(doc.security.as_deref().unwrap_or_default()),
            [Vec::<String>::new()]
        );
        let op = doc
            .paths
            .paths
            .get("/a")
            .and_then(|item| item.as_item())
            .and_then(|item| item.get.as_ref());
        let Some(op) = op else { panic!("no operation") };
        assert_eq!(
            names(op.security.as_deref().unwrap_or_default()),
            [vec!["bearer".to_owned()], vec!["bearer".to_owned()]]
        );
    }
}
