//! What a spec change does on the wire: the change record, its severity and direction, and the
//! walk over both documents that the rule families (one file each) plug into.

mod composition;
mod operations;
mod parameters;
mod schema;
mod security;
mod values;

use std::collections::{BTreeMap, BTreeSet};

use generator::pointer::JsonPointer;
use serde_json::Value;

use super::sides::Side;

/// How a change affects an HTTP client of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    Breaking,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Breaking => "breaking",
        }
    }
}

/// Which way the data the change touches flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    /// Sent by the client (parameters, request bodies).
    Request,
    /// Received by the client (responses, headers).
    Response,
    /// A schema both sent and received, or one no operation uses (a models-only spec).
    Both,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::Both => "both",
        }
    }

    fn merge(self, other: Direction) -> Direction {
        if self == other {
            self
        } else {
            Direction::Both
        }
    }
}

/// Which document a change's pointer and line refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Where {
    Old,
    New,
}

/// What a change is about, for matching it with the crate items it touches.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// A component schema (`#/components/schemas/NAME`) or something inside it.
    Schema(String),
    /// An operation, by operationId (or `METHOD path` when it has none).
    Operation(String),
    /// An operation whose operationId changed: it answers to both names.
    Renamed {
        old: String,
        new: String,
    },
    /// Security schemes and servers: the client's setup.
    Client,
    None,
}

/// One change between the two documents.
#[derive(Clone, Debug)]
pub struct Change {
    pub pointer: JsonPointer,
    pub place: Where,
    pub severity: Severity,
    pub direction: Option<Direction>,
    /// A stable identifier of the rule, e.g. `property-removed`.
    pub rule: &'static str,
    pub message: String,
    pub subject: Subject,
    /// Other operations (or schemas) the same finding applies to: a change inside a shared
    /// component (a parameter, a response) is found once per operation using it and
    /// reported once.
    pub also: Vec<Subject>,
}

/// What makes two findings the same: the place, pointer, rule, direction and words.
type FindingKey = (Where, String, &'static str, Option<Direction>, String);

/// Collects changes while walking both documents.
pub struct Diff<'a> {
    pub old: &'a Side,
    pub new: &'a Side,
    pub changes: Vec<Change>,
    /// Component schemas already compared, by (old pointer, new pointer, direction): a
    /// component used by many operations is reported once, and recursive schemas end.
    seen: BTreeSet<(JsonPointer, JsonPointer, Direction)>,
    /// Component schemas reached from an operation (by new-side pointer).
    reached: BTreeSet<JsonPointer>,
    /// Where each finding is in `changes`, to fold repeats into one.
    index: BTreeMap<FindingKey, usize>,
}

/// A spot being compared: the same node in both documents.
#[derive(Clone)]
pub struct Spot<'a> {
    pub old: &'a Value,
    pub new: &'a Value,
    pub old_ptr: JsonPointer,
    pub new_ptr: JsonPointer,
    pub subject: Subject,
}

impl<'a> Spot<'a> {
    /// The child `key` on both sides, when both have it.
    pub fn child(&self, key: &str) -> Option<Spot<'a>> {
        Some(Spot {
            old: self.old.get(key)?,
            new: self.new.get(key)?,
            old_ptr: self.old_ptr.join(key),
            new_ptr: self.new_ptr.join(key),
            subject: self.subject.clone(),
        })
    }
}

impl<'a> Diff<'a> {
    pub fn new(old: &'a Side, new: &'a Side) -> Self {
        Self {
            old,
            new,
            changes: Vec::new(),
            seen: BTreeSet::new(),
            reached: BTreeSet::new(),
            index: BTreeMap::new(),
        }
    }

    /// Records a change found at `pointer` in the `place` document.
    #[allow(clippy::too_many_arguments)]
    pub fn report(
        &mut self,
        place: Where,
        pointer: &JsonPointer,
        severity: Severity,
        direction: Option<Direction>,
        rule: &'static str,
        subject: &Subject,
        message: String,
    ) {
        let key = (
            place,
            pointer.as_str().to_owned(),
            rule,
            direction,
            message.clone(),
        );
        if let Some(&i) = self.index.get(&key) {
            let first = &mut self.changes[i];
            if first.subject != *subject && !first.also.contains(subject) {
                first.also.push(subject.clone());
            }
            return;
        }
        self.index.insert(key, self.changes.len());
        self.changes.push(Change {
            pointer: pointer.clone(),
            place,
            severity,
            direction,
            rule,
            message,
            subject: subject.clone(),
            also: Vec::new(),
        });
    }

    /// Follows `$ref`s on both sides of a spot.
    pub fn deref(&self, spot: &Spot<'a>) -> Spot<'a> {
        let (old, old_ptr) = self.old.deref(spot.old, &spot.old_ptr);
        let (new, new_ptr) = self.new.deref(spot.new, &spot.new_ptr);
        Spot {
            old,
            new,
            old_ptr,
            new_ptr,
            subject: spot.subject.clone(),
        }
    }
}

/// Compares two documents and returns every change, sorted by place and pointer.
pub fn compare(old: &Side, new: &Side) -> Vec<Change> {
    let mut diff = Diff::new(old, new);
    operations::compare_paths(&mut diff);
    security::compare_security(&mut diff);
    security::compare_servers(&mut diff);
    schema::compare_unreached_components(&mut diff);
    let mut changes = merge_directions(diff.changes);
    for c in &mut changes {
        let operations = |s: &Subject| matches!(s, Subject::Operation(_) | Subject::Renamed { .. });
        if !c.also.is_empty() && operations(&c.subject) && c.also.iter().all(operations) {
            c.message
                .push_str(&format!(" (in {} operations)", c.also.len() + 1));
        }
    }
    changes
}

/// A component schema used by requests and responses is walked once per direction; the same
/// finding from both walks becomes one change with the worse severity and direction `both`.
fn merge_directions(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::with_capacity(changes.len());
    for change in changes {
        let twin = out.iter_mut().find(|c| {
            c.pointer == change.pointer
                && c.place == change.place
                && c.rule == change.rule
                && c.direction != change.direction
        });
        match twin {
            Some(twin) => {
                for s in change.also.iter().chain([&change.subject]) {
                    if twin.subject != *s && !twin.also.contains(s) {
                        twin.also.push(s.clone());
                    }
                }
                let (a, b) = (twin.direction, change.direction);
                if change.severity == twin.severity {
                    for one in [" in requests", " in responses"] {
                        if twin.message.contains(one) {
                            twin.message =
                                twin.message.replacen(one, " in requests and responses", 1);
                            break;
                        }
                    }
                } else {
                    // Keep the worse finding's words and say what the other direction got.
                    let (worse, milder) = if change.severity > twin.severity {
                        (change.clone(), twin.clone())
                    } else {
                        (twin.clone(), change.clone())
                    };
                    let milder_dir = milder.direction.map_or("", Direction::as_str);
                    twin.severity = worse.severity;
                    twin.message = format!(
                        "{} ({} for {milder_dir}s)",
                        worse.message,
                        milder.severity.as_str()
                    );
                }
                twin.direction = match (a, b) {
                    (Some(a), Some(b)) => Some(a.merge(b)),
                    (a, b) => a.or(b),
                };
            }
            None => out.push(change),
        }
    }
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| (a.place, &a.pointer, a.rule).cmp(&(b.place, &b.pointer, b.rule)))
    });
    out
}

/// Keys of an object node, or none.
pub fn keys(node: &Value) -> Vec<&String> {
    node.as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default()
}

/// A short rendering of a JSON value for messages.
pub fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}
