//! What the fixture crates in `tests/fixtures-out/` do at run time, beyond compiling: open
//! enums round-trip byte-exact, absent and null stay apart, unions pick the right variant,
//! recursive types decode, secrets stay out of `Debug`, and renames reach the wire.

use serde_json::json;

#[test]
fn open_enums_round_trip_known_unknown_and_awkward_values() {
    use fixture_open_enums::models::{Awkward, Operator, Revenue, Status};
    let status: Status = serde_json::from_value(json!("convereted_to_user")).expect("known value");
    assert_eq!(status, Status::ConveretedToUser);
    let later: Status = serde_json::from_value(json!("archived")).expect("unknown value decodes");
    assert_eq!(later, Status::Unknown("archived".into()));
    assert_eq!(
        serde_json::to_value(&later).expect("encodes"),
        json!("archived")
    );
    // The spec's own `unknown` value gets a suffix: the catch-all keeps the plain name.
    assert_eq!(
        serde_json::from_value::<Status>(json!("unknown")).expect("decodes"),
        Status::Unknown2
    );
    for (wire, variant) in [
        ("", Operator::Empty),
        ("+", Operator::Plus),
        (">=", Operator::GtEq),
        ("A", Operator::A2),
        ("Self", Operator::SelfValue2),
    ] {
        assert_eq!(
            serde_json::from_value::<Operator>(json!(wire)).expect("decodes"),
            variant
        );
        assert_eq!(variant.as_str(), wire);
    }
    assert_eq!(Revenue::_0_99999.as_str(), "_0_99999");
    for wire in [
        "line\nbreak",
        "carriage\rreturn",
        "`tick`",
        "quote\"d",
        "back\\slash",
    ] {
        let v: Awkward = serde_json::from_value(json!(wire)).expect("decodes");
        assert!(
            !matches!(v, Awkward::Unknown(_)),
            "{wire:?} is a known value"
        );
        assert_eq!(serde_json::to_value(&v).expect("encodes"), json!(wire));
    }
    assert_eq!(
        "pending".parse::<Status>().expect("infallible").to_string(),
        "pending"
    );
}

#[test]
fn absent_and_null_stay_apart() {
    use fixture_absent_null::models::WidgetPatch;
    use fixture_absent_null::types::Nullable;
    let keep = WidgetPatch::new().with_colour("red");
    assert_eq!(
        serde_json::to_value(&keep).expect("encodes"),
        json!({"colour": "red"})
    );
    let clear = WidgetPatch::new().with_label_null();
    assert_eq!(
        serde_json::to_value(&clear).expect("encodes"),
        json!({"label": null})
    );
    let set = WidgetPatch::new().with_label("new");
    assert_eq!(
        serde_json::to_value(&set).expect("encodes"),
        json!({"label": "new"})
    );
    let decoded: WidgetPatch = serde_json::from_value(json!({"size": null})).expect("decodes");
    assert_eq!(decoded.size, Nullable::Null);
    assert_eq!(decoded.label, Nullable::Absent);
}

#[test]
fn tagged_unions_use_the_mapping_and_untagged_try_in_order() {
    use fixture_one_of_tagged::models::{Event, Shape};
    let square: Shape =
        serde_json::from_value(json!({"kind": "SQUARE", "side": 2.0})).expect("decodes");
    assert!(matches!(square, Shape::Square(ref s) if s.side == 2.0));
    assert_eq!(
        serde_json::to_value(&square).expect("encodes"),
        json!({"kind": "SQUARE", "side": 2.0})
    );
    // The mapping, not the schema name: `Square` is a value the spec does not list, so it is
    // kept whole in the open variant and sent back as it came.
    let other = json!({"kind": "Square", "side": 2.0, "extra": [1, {"x": null}]});
    let unknown: Shape = serde_json::from_value(other.clone()).expect("decodes");
    assert_eq!(unknown, Shape::Unknown(other.clone()));
    assert_eq!(serde_json::to_value(&unknown).expect("encodes"), other);
    // A known tag with a payload that does not fit is still an error, not an unknown variant.
    let err = serde_json::from_value::<Shape>(json!({"kind": "SQUARE", "side": "wide"}))
        .expect_err("a known tag must decode its variant");
    assert!(err.to_string().contains("expected f64"), "{err}");
    let err = serde_json::from_value::<Shape>(json!({"side": 2.0})).expect_err("no tag");
    assert_eq!(err.to_string(), "missing field `kind`");
    let click: Event =
        serde_json::from_value(json!({"type": "click", "url": "/a"})).expect("decodes");
    assert!(matches!(click, Event::Click(_)));

    use fixture_one_of_untagged::models::{IdOrObject, Scalar};
    assert!(matches!(
        serde_json::from_value(json!("abc")).expect("decodes"),
        IdOrObject::String(_)
    ));
    assert!(matches!(
        serde_json::from_value(json!({"id": "x"})).expect("decodes"),
        IdOrObject::Thing(_)
    ));
    assert!(matches!(
        serde_json::from_value(json!(3)).expect("decodes"),
        Scalar::Integer(3)
    ));
    assert!(matches!(
        serde_json::from_value(json!(3.5)).expect("decodes"),
        Scalar::Number(_)
    ));
}

#[test]
fn read_only_and_write_only_properties_travel_one_way() {
    use fixture_read_write_only::models::{
        Label, Team, TeamRequest, Token, TokenRequest, User, UserRequest,
    };
    // Sent: no `id` (read-only); received: no `password` (write-only).
    let sent = UserRequest::new("ann", "s3cret").with_label(Label::new().with_text("x"));
    assert_eq!(
        serde_json::to_value(&sent).expect("encodes"),
        json!({"name": "ann", "password": "s3cret", "label": {"text": "x"}})
    );
    let stored = json!({"id": "u1", "name": "ann", "label": {"text": "x"}});
    let user: User = serde_json::from_value(stored.clone()).expect("decodes");
    assert_eq!(user.id, "u1");
    assert_eq!(serde_json::to_value(&user).expect("encodes"), stored);
    // A server that echoes a write-only value anyway: ignored, not kept.
    let echoed = json!({"id": "u1", "name": "ann", "password": "s3cret"});
    let user: User = serde_json::from_value(echoed).expect("decodes");
    assert!(!format!("{user:?}").contains("s3cret"));

    // A type leading to a split one is split too, and each side holds its own form.
    let team = TeamRequest::new(vec![UserRequest::new("bo", "pw")]);
    assert_eq!(
        serde_json::to_value(&team).expect("encodes"),
        json!({"members": [{"name": "bo", "password": "pw"}]})
    );
    let back: Team =
        serde_json::from_value(json!({"members": [{"id": "u2", "name": "bo"}]})).expect("decodes");
    assert_eq!(back.members[0].id, "u2");

    // Types used one way only lose their properties in place: no twin.
    assert_eq!(
        serde_json::to_value(TokenRequest::new("read")).expect("encodes"),
        json!({"scope": "read"})
    );
    let token: Token = serde_json::from_value(json!({"value": "t", "seed": "z"})).expect("decodes");
    assert_eq!(
        serde_json::to_value(&token).expect("encodes"),
        json!({"value": "t"})
    );
}

#[test]
fn recursive_types_decode_deep_values() {
    use fixture_recursion::models::{Expr, TreeNode};
    let tree: TreeNode = serde_json::from_value(json!({
        "value": "root",
        "parent": {"value": "up", "parent": {"value": "top"}},
        "children": [{"value": "leaf"}]
    }))
    .expect("decodes");
    assert_eq!(
        tree.parent
            .as_ref()
            .and_then(|p| p.parent.as_ref())
            .map(|p| p.value.as_str()),
        Some("top")
    );
    let sum: Expr = serde_json::from_value(
        json!({"left": {"value": 1.0}, "right": {"left": {"value": 2.0}, "right": {"value": 3.0}}}),
    )
    .expect("decodes");
    assert!(matches!(sum, Expr::Sum(_)));

    // Self-containing aliases are transparent newtypes: the wire shape is unchanged.
    use fixture_recursion::models::{Catalogue, Forest};
    let forest: Forest = serde_json::from_value(json!([[], [[]]])).expect("decodes");
    assert_eq!(forest.0.len(), 2);
    assert_eq!(
        serde_json::to_value(&forest).expect("encodes"),
        json!([[], [[]]])
    );
    let catalogue: Catalogue = serde_json::from_value(json!({"a": [{"b": []}]})).expect("decodes");
    assert_eq!(
        serde_json::to_value(&catalogue).expect("encodes"),
        json!({"a": [{"b": []}]})
    );
}

#[test]
fn secrets_are_redacted_in_debug() {
    use fixture_sensitive::models::Person;
    let person: Person = serde_json::from_value(json!({
        "name": "Ann", "ssn": "CANARY-SSN-123", "password": "CANARY-PW", "passport": "Q0FOQVJZ"
    }))
    .expect("decodes");
    let debug = format!("{person:?} {person:#?}");
    assert!(
        debug.contains("Ann"),
        "non-secret fields still show: {debug}"
    );
    for canary in ["CANARY-SSN-123", "CANARY-PW", "Q0FOQVJZ", "CANARY"] {
        assert!(!debug.contains(canary), "{canary} leaked: {debug}");
    }
    assert!(debug.contains("[redacted]"));
}

#[test]
fn renamed_fields_keep_their_wire_names() {
    use fixture_names::models::Keywords;
    let wire = json!({"type": "t", "self": "s", "Self": "S", "": "e", "2fa": true, "foo_bar": "a", "fooBar": "b", "名前": "n"});
    let k: Keywords = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(
        (k.type_.as_deref(), k.self_.as_deref(), k.self_2.as_deref()),
        (Some("t"), Some("s"), Some("S"))
    );
    assert_eq!(
        (k.foo_bar.as_deref(), k.foo_bar2.as_deref()),
        (Some("a"), Some("b"))
    );
    assert_eq!(serde_json::to_value(&k).expect("encodes"), wire);
}

#[test]
fn scalars_map_to_real_types() {
    use fixture_scalars::models::Scalars;
    let wire = json!({
        "i32": 1, "i64": 9007199254740993_i64, "f32": 1.5, "f64": 2.25,
        "when": "2024-08-22T16:13:01.227Z", "day": "1990-03-23",
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8", "blob": "aGVsbG8=",
        "plain": "p", "flag": true, "ip": "10.0.0.1"
    });
    let s: Scalars = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(s.blob.0, b"hello");
    assert_eq!(s.i64, 9007199254740993, "int64 keeps precision beyond f64");
    assert_eq!(serde_json::to_value(&s).expect("encodes"), wire);
    assert!(serde_json::from_value::<Scalars>(json!({"blob": "not base64!"})).is_err());
}

#[test]
fn all_of_merges_and_nullable_ref_is_option() {
    use fixture_all_of::models::{Dog, Kennel};
    let dog: Dog = serde_json::from_value(
        json!({"id": "d1", "name": "Rex", "created": "2024-01-01T00:00:00Z"}),
    )
    .expect("decodes");
    assert_eq!((dog.id.as_str(), dog.name.as_str()), ("d1", "Rex"));
    assert!(
        serde_json::from_value::<Dog>(json!({"id": "d1", "name": "Rex"})).is_err(),
        "required lists are united"
    );
    let empty: Kennel = serde_json::from_value(json!({"resident": null})).expect("decodes");
    assert!(empty.resident.is_none());
    assert_eq!(
        serde_json::to_value(&empty).expect("encodes"),
        json!({"resident": null})
    );
}

#[test]
fn request_types_have_constructors_and_setters() {
    use fixture_request_builder::models::{NewOrder, NewOrderShipping};
    let order = NewOrder::new("sku-1", 2)
        .with_gift(true)
        .with_shipping(NewOrderShipping::new().with_city("Paris"));
    assert_eq!(
        serde_json::to_value(&order).expect("encodes"),
        json!({"sku": "sku-1", "quantity": 2, "gift": true, "shipping": {"city": "Paris"}})
    );
}

#[test]
fn typed_additional_properties_are_kept() {
    use fixture_collections::models::Extensible;
    let wire = json!({"name": "n", "width": 2.0, "height": 3.5});
    let e: Extensible = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(e.additional_properties.get("height"), Some(&3.5));
    assert_eq!(serde_json::to_value(&e).expect("encodes"), wire);
}

/// Fixtures with no run-time test here, and why none is needed. Every fixture crate is a
/// workspace member (so it must compile, clippy-clean) and is snapshotted.
const NO_RUNTIME_TEST: &[(&str, &str)] = &[
    ("collisions", "names only: the crate compiling is the proof that nothing clashes"),
    ("discriminator_without_one_of", "an ordinary object once the discriminator is ignored; object decoding is tested on absent_null and names"),
    ("docs", "doc text only: nothing runs differently; the snapshot shows the escaped text"),
    ("inline_names", "type names only: the crate compiling and its snapshot are the test"),
    ("json_spec", "tests JSON input to the loader; after loading it is the same pipeline as YAML"),
    ("objects", "the required × nullable combinations are decoded in absent_and_null_stay_apart"),
    ("real_world", "shapes that once failed to generate or compile; generating and compiling them is the test"),
];

/// Every fixture either has its crate among this package's dev-dependencies (so the tests in
/// this file can use it) or a stated reason in [`NO_RUNTIME_TEST`]; never both, never neither.
#[test]
fn every_fixture_has_a_behaviour_test_or_a_reason() {
    let root = crate::support::root();
    let manifest = std::fs::read_to_string(root.join("tests/Cargo.toml")).expect("Cargo.toml");
    let tested: std::collections::BTreeSet<String> = manifest
        .lines()
        .filter_map(|l| l.split("path = \"fixtures-out/").nth(1)?.split('"').next())
        .map(str::to_owned)
        .collect();
    let excused: std::collections::BTreeSet<String> = NO_RUNTIME_TEST
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .collect();
    assert!(
        tested.is_disjoint(&excused),
        "{:?}",
        tested.intersection(&excused)
    );
    let covered: std::collections::BTreeSet<String> = tested.union(&excused).cloned().collect();
    let fixtures: std::collections::BTreeSet<String> =
        std::fs::read_dir(root.join("tests/fixtures"))
            .expect("tests/fixtures")
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                Some(name.rsplit_once('.')?.0.to_owned())
            })
            .collect();
    assert_eq!(covered, fixtures);
}

/// Dates, times and UUIDs that only appear in bodies: the crate has chrono and uuid (it
/// compiles), sends the UUIDs as JSON and decodes the date it gets back.
#[tokio::test]
async fn scalars_only_in_bodies_are_sent_and_decoded() {
    use crate::support::server::{json, Mock};
    use fixture_body_only_scalars::{Client, Error, ErrorBody};

    let mock = Mock::start(|n, _| match n {
        0 => json(200, r#""2024-09-01""#),
        _ => json(409, r#""2024-09-01T10:00:00Z""#),
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let id = uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
    let day = client
        .record_events(&vec![id])
        .await
        .expect("the date decodes");
    assert_eq!(
        day,
        chrono::NaiveDate::from_ymd_opt(2024, 9, 1).expect("a date")
    );
    assert_eq!(
        mock.seen()[0].body,
        r#"["01234567-89ab-cdef-0123-456789abcdef"]"#
    );
    match client.record_events(&vec![id]).await {
        Err(Error::Api {
            status: 409, body, ..
        }) => {
            assert!(
                matches!(*body, ErrorBody::Json(at) if at.to_rfc3339() == "2024-09-01T10:00:00+00:00")
            );
        }
        other => panic!("expected the 409 body decoded as a date-time: {other:?}"),
    }
}

/// A spec without `servers`: `Client::new` takes the base URL and never panics, whatever it
/// is given; an unusable URL is the error of every call.
#[tokio::test]
async fn a_client_without_servers_reports_a_bad_base_url_per_call() {
    use fixture_operations::{Client, Error};

    let client = Client::new("not a url", "key");
    let err = client
        .get_health()
        .await
        .expect_err("no request can be sent");
    assert!(matches!(err, Error::InvalidBaseUrl(_)), "{err:?}");
    assert!(matches!(
        Client::builder().base_url("").build(),
        Err(Error::InvalidBaseUrl(_))
    ));
}

/// An operation that declares an `Idempotency-Key` header: when the caller sets none, the
/// client makes one up per call and sends it on every attempt, which also makes the POST safe
/// to retry after a `503`; a key the caller sets is sent instead.
#[tokio::test]
async fn a_declared_idempotency_key_is_generated_once_per_call() {
    use crate::support::server::{http, json, Mock};
    use fixture_operations::models::{CreateItemParams, Item};
    use fixture_operations::{Client, RetryPolicy};

    let mock = Mock::start(|n, _| match n {
        0 | 1 => http(503, &[("retry-after", "0")], "busy"),
        _ => json(201, r#"{"id":"i1"}"#),
    })
    .await;
    let client = Client::builder()
        .base_url(&mock.url)
        .retry_policy(RetryPolicy {
            max_attempts: 3,
            initial_backoff: std::time::Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client");
    let item = client
        .create_item(&CreateItemParams::new(), &Item::new("i1"))
        .await
        .expect("the third attempt succeeds");
    assert_eq!(item.id, "i1");
    let key_of = |head: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix("idempotency-key: "))
            .map(str::to_owned)
    };
    let keys: Vec<_> = mock.seen().iter().map(|s| key_of(&s.head)).collect();
    assert_eq!(keys.len(), 3, "the POST was retried");
    let first = keys[0].clone().expect("a generated key");
    assert_eq!(first.len(), 36, "{first}");
    assert!(
        keys.iter().all(|k| k.as_deref() == Some(first.as_str())),
        "{keys:?}"
    );

    client
        .create_item(
            &CreateItemParams::new().with_idempotency_key("mine-1"),
            &Item::new("i2"),
        )
        .await
        .expect("201");
    let last = mock.seen().pop().expect("a request");
    assert_eq!(key_of(&last.head).as_deref(), Some("mine-1"));
}

/// OpenAPI 3.1: type lists, `null` members and `null` enum values follow the 3.0 nullability
/// rules; several types become an untagged enum; `const` decodes; `contentEncoding: base64`
/// is bytes; `patternProperties` is a map; references into `$defs`, `items` and by `$anchor`
/// share the referred type.
#[test]
fn json_schema_2020_keywords_decode_into_their_types() {
    use fixture_schema_2020::models::{
        Item, ItemColour, ItemKind, ItemSize, ItemVersion, Owner, TagsItems,
    };
    use fixture_schema_2020::types::Nullable;
    let wire = json!({
        "id": "it_1",
        "kind": "item",
        "version": 2,
        "nickname": null,
        "note": null,
        "size": 42,
        "owner": null,
        "colour": null,
        "parent": {"name": "Ann", "email": "ann@example.com"},
        "first_tag": {"label": "x"},
        "point": [1.5, 2.5],
        "labels": {"en": "English"},
        "thumbnail": "iVBORw==",
        "code": "ABC",
        "region": "eu"
    });
    let item: Item = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(item.kind, ItemKind);
    assert_eq!(item.version, ItemVersion);
    assert_eq!((ItemKind::VALUE, ItemVersion::VALUE), ("item", 2));
    assert_eq!(item.nickname, None);
    assert_eq!(item.note, Nullable::Null);
    assert_eq!(item.size, Some(ItemSize::Integer(42)));
    assert_eq!(item.owner, Nullable::Null);
    assert_eq!(item.colour, Nullable::Null);
    let parent: &Owner = item.parent.as_ref().expect("parent");
    assert_eq!(parent.email.as_deref(), Some("ann@example.com"));
    assert_eq!(
        item.first_tag,
        Some(TagsItems {
            label: Some("x".into())
        })
    );
    assert_eq!(item.thumbnail.as_ref().map(|b| b.0.len()), Some(4));
    assert_eq!(
        item.labels
            .as_ref()
            .and_then(|m| m.get("en"))
            .map(String::as_str),
        Some("English")
    );
    assert_eq!(item.code.as_deref(), Some("ABC"));
    assert_eq!(serde_json::to_value(&item).expect("encodes"), wire);
    // The other member of the type list, and a present nullable value.
    let named: Item = serde_json::from_value(json!({
        "id": "it_2", "kind": "item", "version": 2, "nickname": "Bo",
        "size": "large", "colour": "red", "owner": {"name": "Cy"}
    }))
    .expect("decodes");
    assert_eq!(named.size, Some(ItemSize::String("large".into())));
    assert_eq!(named.colour, Nullable::Present(ItemColour::Red));
    assert_eq!(named.nickname.as_deref(), Some("Bo"));
    assert!(matches!(named.owner, Nullable::Present(Owner { ref name, .. }) if name == "Cy"));
    assert_eq!(named.note, Nullable::Absent);
    // A missing required key is still an error.
    assert!(serde_json::from_value::<Item>(json!({"kind": "item", "version": 2})).is_err());
    // A webhook's inline payload is a model of its own.
    let deleted: fixture_schema_2020::models::ItemDeletedPayload =
        serde_json::from_value(json!({"id": "it_1"})).expect("decodes");
    assert_eq!(deleted.id, "it_1");
}

/// A spec split across files: schemas from other files are shared types named after their
/// component or file, `$defs` of another file are reachable, and recursion across files is
/// boxed.
#[test]
fn multi_file_spec_types_decode() {
    use fixture_multi_file::models::{Customer, Order};
    use fixture_multi_file::types::Nullable;
    let wire = json!({
        "id": "o2",
        "customer": {"name": "Ann", "email": null},
        "lines": [{"sku": "a", "quantity": 1, "money": {"amount": "1.50", "currency": "EUR"}}],
        "replaces": {"id": "o1", "customer": {"name": "Ann"}, "lines": [], "replaces": null}
    });
    let order: Order = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(order.customer.email, Nullable::Null);
    assert_eq!(
        order.lines[0].money.as_ref().map(|m| m.currency.as_str()),
        Some("EUR")
    );
    let Nullable::Present(previous) = &order.replaces else {
        panic!("replaces is present: {:?}", order.replaces);
    };
    assert_eq!(previous.id, "o1");
    assert_eq!(previous.replaces, Nullable::Null);
    let customer: Customer = order.customer.clone();
    assert_eq!(customer.name, "Ann");
    assert_eq!(serde_json::to_value(&order).expect("encodes"), wire);
}
