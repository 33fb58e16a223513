//! The generated `webhooks` module: each webhook and callback decodes its body into its
//! payload type, by module or by name, and says which webhook failed and why.

use fixture_webhooks::models::{Adoption, OrderPlacedPayload};
use fixture_webhooks::webhooks::{
    heartbeat, pet_adopted, pet_deleted, subscribe_order_placed, Webhook, WebhookError,
};

#[test]
fn each_webhook_parses_its_payload() {
    let adoption = pet_adopted::parse(br#"{"pet":"Rex","adopter":"Ann"}"#).expect("decodes");
    assert_eq!(
        adoption,
        Adoption {
            pet: "Rex".into(),
            adopter: "Ann".into()
        }
    );
    assert_eq!(
        (pet_adopted::NAME, pet_adopted::METHOD),
        ("petAdopted", "POST")
    );
    let deleted = pet_deleted::parse(br#"{"type":"pet.deleted","id":"p1"}"#).expect("decodes");
    assert_eq!(deleted.id, "p1");
    // The payload's `const` holds: another `type` is refused, naming the webhook.
    let err = pet_deleted::parse(br#"{"type":"pet.created","id":"p1"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the body of webhook `pet.deleted` does not match its schema: a value has the wrong type or shape at line 1 column 21"
    );
    // No body declared: nothing to decode, whatever arrives.
    assert_eq!(heartbeat::parse(b""), Ok(()));
    assert_eq!(heartbeat::METHOD, "GET");
}

#[test]
fn webhooks_parse_by_name() {
    let hook = Webhook::parse("petAdopted", br#"{"pet":"Rex","adopter":"Ann"}"#).expect("decodes");
    assert!(matches!(&hook, Webhook::PetAdopted(a) if a.pet == "Rex"));
    assert_eq!((hook.name(), hook.method()), ("petAdopted", "POST"));
    assert_eq!(Webhook::NAMES, ["heartbeat", "pet.deleted", "petAdopted"]);
    assert_eq!(
        Webhook::parse("petLost", b"{}"),
        Err(WebhookError::UnknownName("petLost".into()))
    );
    assert!(matches!(
        Webhook::parse("petAdopted", br#"{"pet":"Rex"}"#),
        Err(WebhookError::Decode { webhook: "petAdopted", ref message })
            if message.starts_with("missing field `adopter`")
    ));
}

#[test]
fn callbacks_parse_and_say_where_they_come_from() {
    let order =
        subscribe_order_placed::parse(br#"{"order_id":"o1","total":1200}"#).expect("decodes");
    assert_eq!(
        order,
        OrderPlacedPayload {
            order_id: "o1".into(),
            total: 1200
        }
    );
    assert_eq!(subscribe_order_placed::NAME, "orderPlaced");
    assert_eq!(subscribe_order_placed::OPERATION, "subscribe");
    assert_eq!(subscribe_order_placed::URL, "{$request.body#/callbackUrl}");
    assert!(subscribe_order_placed::parse(b"not json").is_err());
}
