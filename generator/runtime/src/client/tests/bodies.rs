//! Tests of the runtime for bodies beyond JSON: forms, multipart, uploads, downloads, text,
//! event streams and JSON Lines.

/// Form bodies: fields in declaration order (whatever `serde_json`'s map order), Stripe's
/// brackets under `deepObject`, repeated keys under the default style, JSON text under
/// `contentType: application/json`, and `null` left out.
#[test]
fn form_encoding_follows_the_rules() {
    use super::encode::QueryStyle;
    use super::form::{encode, FormRule};

    #[derive(serde::Serialize)]
    struct Body {
        zeta: &'static str,
        alpha: Option<u8>,
        expand: Vec<&'static str>,
        items: Vec<serde_json::Value>,
        tags: Vec<&'static str>,
        settings: serde_json::Value,
        ratio: f64,
        plain: Vec<u8>,
    }
    let body = Body {
        zeta: "a b&c",
        alpha: None,
        expand: vec!["customer", "data.items"],
        items: vec![serde_json::json!({"price": "p_1", "quantity": 2})],
        tags: vec!["x", "y"],
        settings: serde_json::json!({"on": true}),
        ratio: 1.5,
        plain: vec![1, 2],
    };
    let rules = [
        ("expand", FormRule::Style(QueryStyle::DeepObject)),
        ("items", FormRule::Style(QueryStyle::DeepObject)),
        ("settings", FormRule::Json),
        ("plain", FormRule::Style(QueryStyle::Form)),
    ];
    assert_eq!(
        encode(&body, &rules).unwrap(),
        "zeta=a%20b%26c&expand[]=customer&expand[]=data.items\
         &items[0][price]=p_1&items[0][quantity]=2&tags=x&tags=y\
         &settings=%7B%22on%22%3Atrue%7D&ratio=1.5&plain=1%2C2"
    );
    assert!(
        encode(&vec![1], &[]).is_err(),
        "a form body must be an object"
    );
    assert_eq!(encode(&(), &[]).unwrap(), "");
}

#[test]
fn download_file_names_prefer_the_utf8_form() {
    use super::download::file_name;
    assert_eq!(
        file_name("attachment; filename=\"a.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf")
            .as_deref(),
        Some("résumé.pdf")
    );
    assert_eq!(
        file_name("attachment; filename=\"say \\\"hi\\\".txt\"").as_deref(),
        Some("say \"hi\".txt")
    );
    assert_eq!(
        file_name("inline; filename=plain.bin").as_deref(),
        Some("plain.bin")
    );
    assert_eq!(file_name("inline"), None);
}
