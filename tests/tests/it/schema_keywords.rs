//! Run-time behaviour of the types JSON Schema keywords become: constants (`const` and
//! one-value `enum`) and tuples (`prefixItems`).

use serde_json::json;

/// A `const` is a type with one value: constructors fill it in, it is always sent, and
/// decoding another value (or another type) fails naming the constant expected.
#[test]
fn const_properties_admit_only_their_value() {
    use fixture_schema_2020::models::{Item, ItemKind, ItemVersion};
    let item = Item::new("it_3");
    assert_eq!(
        serde_json::to_value(&item).expect("encodes"),
        json!({"id": "it_3", "kind": "item", "version": 2, "nickname": null})
    );
    let wrong_kind = serde_json::from_value::<Item>(json!({
        "id": "it_4", "kind": "box", "version": 2, "nickname": null
    }))
    .expect_err("another kind is refused")
    .to_string();
    assert_eq!(
        wrong_kind,
        r#"invalid value: string "box", expected the constant "item""#
    );
    let wrong_version = serde_json::from_value::<Item>(json!({
        "id": "it_4", "kind": "item", "version": 3, "nickname": null
    }))
    .expect_err("another version is refused")
    .to_string();
    assert_eq!(
        wrong_version,
        "invalid value: integer `3`, expected the constant 2"
    );
    assert!(serde_json::from_str::<ItemVersion>(r#""2""#).is_err());
    assert_eq!(
        serde_json::from_str::<ItemVersion>("2").ok(),
        Some(ItemVersion)
    );
    assert_eq!(ItemKind.to_string(), "item");
}

/// Constants of every scalar type, required and optional; a one-value `enum` is one too.
#[test]
fn constants_of_every_type_round_trip_and_refuse_other_values() {
    use fixture_const_values::models::{
        Click, ClickLive, ClickRatio, ClickSchemaVersion, ListObject, Ping, PingOrigin,
        PingSandbox, Scroll,
    };
    use fixture_const_values::types::Nullable;
    let click = Click::new(4).with_schema_version().with_ratio().with_live();
    let wire = json!({"type": "click", "x": 4, "schema_version": 3, "ratio": 0.5, "live": true});
    assert_eq!(serde_json::to_value(&click).expect("encodes"), wire);
    assert_eq!(
        serde_json::from_value::<Click>(wire).expect("decodes"),
        click
    );
    assert_eq!(
        (
            ClickSchemaVersion::VALUE,
            ClickRatio::VALUE,
            ClickLive::VALUE
        ),
        (3, 0.5, true)
    );
    for (key, bad, message) in [
        (
            "schema_version",
            json!(4),
            "invalid value: integer `4`, expected the constant 3",
        ),
        (
            "ratio",
            json!(0.25),
            "invalid value: floating point `0.25`, expected the constant 0.5",
        ),
        (
            "live",
            json!(false),
            "invalid value: boolean `false`, expected the constant true",
        ),
        (
            "live",
            json!("true"),
            r#"invalid type: string "true", expected the constant true"#,
        ),
    ] {
        let mut wire = json!({"type": "click", "x": 4});
        wire[key] = bad;
        let err = serde_json::from_value::<Click>(wire).expect_err(key);
        assert_eq!(err.to_string(), message, "{key}");
    }
    // A one-value `enum` of a boolean, and a nullable constant.
    let ping = Ping::new().with_sandbox().with_origin();
    assert_eq!(ping.sandbox, Some(PingSandbox));
    assert_eq!(ping.origin, Nullable::Present(PingOrigin));
    assert_eq!(
        serde_json::to_value(&ping).expect("encodes"),
        json!({"type": "ping", "sandbox": false, "origin": "self"})
    );
    let null_origin: Ping =
        serde_json::from_value(json!({"type": "ping", "origin": null})).expect("decodes");
    assert_eq!(null_origin.origin, Nullable::Null);
    assert!(serde_json::from_value::<Ping>(json!({"type": "ping", "sandbox": true})).is_err());
    // A constant object has no Rust constant: the field is the JSON value, decoded as sent.
    let meta: Ping = serde_json::from_value(json!({"type": "ping", "meta": {"source": "test"}}))
        .expect("decodes");
    assert_eq!(meta.meta, Nullable::Present(json!({"source": "test"})));
    // A named constant used as a field.
    assert_eq!(
        serde_json::to_value(ListObject).expect("encodes"),
        json!("list")
    );
    assert_eq!(Scroll::new(1).type_.to_string(), "scroll");
}

/// An untagged union whose variants differ only by a constant `type` now decodes each into
/// its own variant: the first variant no longer accepts every value of `type`.
#[test]
fn constants_choose_the_variant_of_an_untagged_union() {
    use fixture_const_values::models::{Event, EventList, Shape};
    let list: EventList = serde_json::from_value(json!({
        "object": "list",
        "data": [
            {"type": "scroll", "x": 2},
            {"type": "click", "x": 1},
            {"type": "ping"}
        ]
    }))
    .expect("decodes");
    assert!(matches!(
        list.data.as_slice(),
        [Event::Scroll(_), Event::Click(_), Event::Ping(_)]
    ));
    assert!(serde_json::from_value::<Event>(json!({"type": "drag", "x": 1})).is_err());
    assert!(serde_json::from_value::<EventList>(json!({"object": "page", "data": []})).is_err());
    // Tagged by constants: the tag values come from the `const` of each variant.
    let circle: Shape =
        serde_json::from_value(json!({"kind": "Circle", "radius": 1.0})).expect("decodes");
    assert!(matches!(circle, Shape::Circle(ref c) if c.radius == 1.0));
    assert_eq!(
        serde_json::to_value(&circle).expect("encodes"),
        json!({"kind": "Circle", "radius": 1.0})
    );
}

/// `prefixItems` with `items: false` is a Rust tuple; with `items` it is a tuple struct of
/// the positions and the rest, both one JSON array on the wire.
#[test]
fn tuples_round_trip_as_arrays() {
    use fixture_schema_2020::models::{Item, ItemRow, Owner};
    let item = Item::new("it_5").with_point((1.5, -2.0)).with_row(ItemRow(
        "r".into(),
        Owner::new("Ann"),
        vec![1, 2, 3],
    ));
    let wire = json!({
        "id": "it_5", "kind": "item", "version": 2, "nickname": null,
        "point": [1.5, -2.0],
        "row": ["r", {"name": "Ann"}, 1, 2, 3]
    });
    assert_eq!(serde_json::to_value(&item).expect("encodes"), wire);
    assert_eq!(serde_json::from_value::<Item>(wire).expect("decodes"), item);
    let bare: ItemRow = serde_json::from_value(json!(["r", {"name": "Bo"}])).expect("decodes");
    assert!(bare.2.is_empty());
    for (bad, message) in [
        (
            json!(["r"]),
            "invalid length 1, expected an array of at least 2 items",
        ),
        (
            json!(["r", {"name": "Bo"}, "x"]),
            r#"invalid type: string "x", expected i64"#,
        ),
    ] {
        let err = serde_json::from_value::<ItemRow>(bad).expect_err("refused");
        assert_eq!(err.to_string(), message);
    }
    let closed =
        json!({"id": "i", "kind": "item", "version": 2, "nickname": null, "point": [1, 2, 3]});
    assert!(
        serde_json::from_value::<Item>(closed).is_err(),
        "a closed tuple has two items"
    );
}

/// Constants in parameters: the path and query carry their value without the caller giving
/// it, and the response's constants are checked.
#[tokio::test]
async fn constant_parameters_send_their_value() {
    use crate::support::server::{json, Mock};
    use fixture_const_values::models::{ListEventsKind, ListEventsParams};
    use fixture_const_values::Client;

    let mock = Mock::start(|_, _| json(200, r#"{"object":"list","data":[{"type":"ping"}]}"#)).await;
    let client = Client::builder()
        .base_url(&mock.url)
        .build()
        .expect("client");
    let list = client
        .list_events(&ListEventsKind, &ListEventsParams::new().with_live())
        .await
        .expect("200");
    assert_eq!(list.data.len(), 1);
    let seen = mock.seen().pop().expect("a request");
    let request_line = seen.head.lines().next().unwrap_or_default().to_owned();
    assert_eq!(
        request_line,
        "GET /events/click?version=2&live=true HTTP/1.1"
    );
}

/// A `$ref` to a property whose name holds a `/` (`#/…/k8s.io~1team`) shares that property's
/// model, and the property keeps its JSON name on the wire.
#[test]
fn a_reference_to_a_property_named_with_a_slash_shares_its_model() {
    use fixture_schema_2020::models::{Item, Owner, OwnerK8sIoTeam};
    let team = OwnerK8sIoTeam {
        slug: Some("core".into()),
    };
    let owner = Owner::new("Ann").with_k8s_io_team(team.clone());
    assert_eq!(
        serde_json::to_value(&owner).expect("encodes"),
        json!({"name": "Ann", "k8s.io/team": {"slug": "core"}})
    );
    let item: Item = serde_json::from_value(json!({
        "id": "it_6", "kind": "item", "version": 2, "nickname": null,
        "team": {"slug": "core"}
    }))
    .expect("decodes");
    assert_eq!(item.team, Some(team));
}

/// A `$dynamicRef` to a `$dynamicAnchor` declared once is a plain reference to that schema:
/// the recursive children are `Folder`s, not untyped JSON.
#[test]
fn a_dynamic_reference_with_one_anchor_is_the_anchored_type() {
    use fixture_schema_2020::models::Folder;
    let wire = json!({"name": "root", "children": [{"name": "a", "children": [{"name": "b"}]}]});
    let root: Folder = serde_json::from_value(wire.clone()).expect("decodes");
    let children = root.children.as_deref().unwrap_or_default();
    assert_eq!(children[0].name, "a");
    let grandchildren = children[0].children.as_deref().unwrap_or_default();
    assert_eq!(grandchildren[0].name, "b");
    assert_eq!(serde_json::to_value(&root).expect("encodes"), wire);
    assert!(serde_json::from_value::<Folder>(json!({"name": "r", "children": [{}]})).is_err());
}

/// `{$ref, type: [object, "null"]}` is the referenced type made nullable, so an explicit
/// `null` decodes (it failed before: the list became a second `allOf` member).
#[test]
fn a_reference_with_a_null_type_list_is_nullable() {
    use fixture_schema_2020::models::{Item, Owner};
    use fixture_schema_2020::types::Nullable;
    let base = json!({"id": "i", "kind": "item", "version": 2, "nickname": null});
    let mut wire = base.clone();
    wire["deputy"] = json!(null);
    let item: Item = serde_json::from_value(wire.clone()).expect("null decodes");
    assert_eq!(item.deputy, Nullable::Null);
    assert_eq!(serde_json::to_value(&item).expect("encodes"), wire);
    wire["deputy"] = json!({"name": "Di"});
    let item: Item = serde_json::from_value(wire).expect("decodes");
    assert_eq!(item.deputy, Nullable::Present(Owner::new("Di")));
    let absent: Item = serde_json::from_value(base).expect("decodes");
    assert_eq!(absent.deputy, Nullable::Absent);
}
