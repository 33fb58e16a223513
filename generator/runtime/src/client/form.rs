//! `application/x-www-form-urlencoded` request bodies: a typed value flattened into
//! `key=value` pairs, each property written as its `encoding` says, with the bracket
//! conventions of form-based APIs such as Stripe's (`metadata[order_id]=6735`,
//! `expand[]=customer`, `items[0][price]=price_1`).
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/form.rs`, where it is compiled and tested.

// Which rules a crate uses depends on its spec's form bodies.
#![allow(dead_code)]

use super::encode::{percent_encode, to_json, QueryStyle};
use super::secrets::{self, PathStep};
use super::send::Request;
use super::Error;

/// How one property of a form body is written (its `encoding` entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FormRule {
    /// `style` and `explode`. `DeepObject` writes brackets at every level: `a[b]=1`,
    /// `a[]=1` for an array of scalars, `a[0][b]=1` for an array of objects.
    Style(QueryStyle),
    /// `contentType: application/json`: the value as JSON text.
    Json,
}

impl Request {
    /// Sets a form body: the top-level properties of `body`, each written by its rule in
    /// `rules` or, without one, as `style: form, explode: true`; `secret_paths` lead to its
    /// sensitive values.
    pub(super) fn form_body(
        &mut self,
        content_type: &'static str,
        body: &impl serde::Serialize,
        rules: &[(&str, FormRule)],
        secret_paths: &'static [&'static [PathStep]],
    ) -> Result<(), Error> {
        let mut found = Vec::new();
        if !secret_paths.is_empty() {
            let value = to_json(body)?;
            for path in secret_paths {
                secrets::collect(&value, path, &mut found);
            }
        }
        let bytes = encode(body, rules)?.into_bytes();
        self.encoded_body(content_type, bytes, found);
        Ok(())
    }
}

impl Request {
    /// Sets the whole query string to `value` form-encoded by `rules`, as a form body would be
    /// (an `in: querystring` parameter with `application/x-www-form-urlencoded` content);
    /// `null` sets none.
    pub(super) fn form_query(
        &mut self,
        value: &impl serde::Serialize,
        rules: &[(&str, FormRule)],
    ) -> Result<(), Error> {
        self.raw_query(&encode(value, rules)?);
        Ok(())
    }
}

/// A JSON value that keeps its keys in the order they were written, so the pairs follow the
/// struct's field order whether or not `serde_json` preserves order in its own `Value`.
#[derive(Debug)]
enum Node {
    Null,
    /// A string.
    Text(String),
    /// A number or boolean, as JSON writes it.
    Literal(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Literal(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Literal(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Literal(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        // serde_json's own text for a float (`1.5`, `100.0`), as a JSON body would carry it.
        Ok(Node::Literal(serde_json::Value::from(v).to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Text(v))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Object(entries))
    }
}

/// The form encoding of `body`, which must serialize to an object (or `null`, for an empty
/// body).
pub(super) fn encode(
    body: &impl serde::Serialize,
    rules: &[(&str, FormRule)],
) -> Result<String, Error> {
    let text = serde_json::to_vec(body).map_err(|e| Error::Encode(e.to_string()))?;
    let node: Node = serde_json::from_slice(&text).map_err(|e| Error::Encode(e.to_string()))?;
    let entries = match node {
        Node::Object(entries) => entries,
        Node::Null => return Ok(String::new()),
        Node::Text(_) | Node::Literal(_) | Node::Array(_) => {
            return Err(Error::Encode("a form body must be an object".to_owned()))
        }
    };
    let mut pairs = Vec::new();
    for (key, value) in &entries {
        let rule = rules
            .iter()
            .find(|(name, _)| name == key)
            .map_or(FormRule::Style(QueryStyle::FormExplode), |(_, rule)| *rule);
        property(&mut pairs, key, value, rule)?;
    }
    Ok(pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_key(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&"))
}

/// The pairs of one top-level property.
fn property(
    out: &mut Vec<(String, String)>,
    key: &str,
    value: &Node,
    rule: FormRule,
) -> Result<(), Error> {
    let style = match rule {
        FormRule::Json => {
            if !matches!(value, Node::Null) {
                out.push((key.to_owned(), json_text(value)));
            }
            return Ok(());
        }
        FormRule::Style(style) => style,
    };
    match (value, style) {
        (Node::Null, _) => {}
        (Node::Array(_) | Node::Object(_), QueryStyle::DeepObject) => brackets(out, key, value),
        (Node::Array(items), QueryStyle::FormExplode) => {
            for item in items {
                match item {
                    // `explode` has no meaning one level down; brackets keep the structure.
                    Node::Array(_) | Node::Object(_) => brackets(out, &format!("{key}[]"), item),
                    Node::Null => {}
                    Node::Text(text) | Node::Literal(text) => {
                        out.push((key.to_owned(), text.clone()))
                    }
                }
            }
        }
        (Node::Object(entries), QueryStyle::FormExplode) => {
            for (k, v) in entries {
                brackets(out, k, v);
            }
        }
        (_, QueryStyle::SpaceDelimited) => out.push((key.to_owned(), joined(value, " "))),
        (_, QueryStyle::PipeDelimited) => out.push((key.to_owned(), joined(value, "|"))),
        _ => out.push((key.to_owned(), joined(value, ","))),
    }
    Ok(())
}

/// `prefix[key]=value` for every leaf; arrays of scalars as `prefix[]`, arrays holding
/// objects or arrays by index (`prefix[0][key]`), as Stripe and Rack read them.
fn brackets(out: &mut Vec<(String, String)>, prefix: &str, value: &Node) {
    match value {
        Node::Object(entries) => {
            for (k, v) in entries {
                brackets(out, &format!("{prefix}[{k}]"), v);
            }
        }
        Node::Array(items) => {
            let nested = items
                .iter()
                .any(|v| matches!(v, Node::Array(_) | Node::Object(_)));
            for (i, v) in items.iter().enumerate() {
                let key = match nested {
                    true => format!("{prefix}[{i}]"),
                    false => format!("{prefix}[]"),
                };
                brackets(out, &key, v);
            }
        }
        Node::Null => {}
        Node::Text(text) | Node::Literal(text) => out.push((prefix.to_owned(), text.clone())),
    }
}

/// A value flattened with `separator` (the non-exploded styles): arrays item by item,
/// objects as `key,value` pairs; nested structures as JSON text.
fn joined(value: &Node, separator: &str) -> String {
    let leaf = |v: &Node| match v {
        Node::Text(text) | Node::Literal(text) => text.clone(),
        other => json_text(other),
    };
    match value {
        Node::Array(items) => items
            .iter()
            .filter(|v| !matches!(v, Node::Null))
            .map(leaf)
            .collect::<Vec<_>>()
            .join(separator),
        Node::Object(entries) => entries
            .iter()
            .filter(|(_, v)| !matches!(v, Node::Null))
            .map(|(k, v)| format!("{k}{separator}{}", leaf(v)))
            .collect::<Vec<_>>()
            .join(separator),
        other => leaf(other),
    }
}

/// A node as JSON text, keys in order.
fn json_text(value: &Node) -> String {
    match value {
        Node::Null => "null".to_owned(),
        Node::Text(text) => serde_json::to_string(text).unwrap_or_default(),
        Node::Literal(text) => text.clone(),
        Node::Array(items) => format!(
            "[{}]",
            items.iter().map(json_text).collect::<Vec<_>>().join(",")
        ),
        Node::Object(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!(
                    "{}:{}",
                    serde_json::to_string(k).unwrap_or_default(),
                    json_text(v)
                ))
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// A key percent-encoded like a value, except that brackets stay readable: servers accept
/// both, and this is what form-based APIs document.
fn encode_key(key: &str) -> String {
    percent_encode(key).replace("%5B", "[").replace("%5D", "]")
}
