//! `multipart/form-data` request bodies: `FilePart` for file parts, and the form the
//! generated methods build from their body struct (text, JSON and file parts, arrays as
//! repeated parts).
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/multipart.rs`, where it is compiled and tested.

// Which part kinds a crate uses depends on its spec's multipart bodies.
#![allow(dead_code)]

use super::encode::to_json;
use super::send::{LazyBody, OnceBody, Request};
use super::upload::{Replayable, Upload};
use super::Error;

/// A file sent as one part of a multipart body: its bytes (in memory or streamed), and
/// optionally a file name, a content type and extra part headers.
#[derive(Debug)]
pub struct FilePart {
    upload: Upload,
    file_name: Option<String>,
    headers: Vec<(String, String)>,
}

impl FilePart {
    /// A part holding `content`: bytes (`Vec<u8>`, `&[u8]`, `String`…) or an [`Upload`]
    /// (a file by path, an open file or a stream; only bytes and paths can be sent again
    /// when the request is retried).
    pub fn new(content: impl Into<Upload>) -> Self {
        Self {
            upload: content.into(),
            file_name: None,
            headers: Vec::new(),
        }
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the part's `Content-Type`, instead of the one the spec declares.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.upload.content_type = Some(content_type.into());
        self
    }

    /// Adds a header to the part (for example one the spec's `encoding.headers` declares).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A multipart body being built, part by part, in the order the spec lists the properties.
///
/// The parts are kept as they were given rather than as a `reqwest` form, which can be sent
/// only once: a form whose files are bytes or paths is built again for each attempt, so it
/// is retried like any other body.
pub(super) struct Form(Vec<Spec>);

/// One part, as given.
struct Spec {
    name: &'static str,
    body: PartBody,
    content_type: Option<String>,
    file_name: Option<String>,
    headers: Vec<(String, String)>,
}

enum PartBody {
    Text(String),
    Json(bytes::Bytes),
    File(Replayable),
    /// A caller's stream, taken by the only attempt.
    Stream(Option<reqwest::Body>),
}

impl Form {
    /// An empty form.
    pub(super) fn new() -> Self {
        Self(Vec::new())
    }

    fn push(&mut self, name: &'static str, body: PartBody, content_type: Option<String>) {
        self.0.push(Spec {
            name,
            body,
            content_type,
            file_name: None,
            headers: Vec::new(),
        });
    }

    /// A text part per scalar in `value` (one, or one per array item); nothing for `null`.
    pub(super) fn text(
        mut self,
        name: &'static str,
        value: &impl serde::Serialize,
        content_type: Option<&'static str>,
    ) -> Result<Self, Error> {
        let items = match to_json(value)? {
            serde_json::Value::Array(items) => items,
            one => vec![one],
        };
        for item in items {
            let text = match item {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            self.push(name, PartBody::Text(text), content_type.map(str::to_owned));
        }
        Ok(self)
    }

    /// A part holding `value` as JSON (one, or one per item when `repeated`); nothing for
    /// `null`.
    pub(super) fn json(
        mut self,
        name: &'static str,
        value: &impl serde::Serialize,
        content_type: &'static str,
        repeated: bool,
    ) -> Result<Self, Error> {
        let items = match to_json(value)? {
            serde_json::Value::Array(items) if repeated => items,
            one => vec![one],
        };
        for item in items.iter().filter(|v| !v.is_null()) {
            let bytes = serde_json::to_vec(item).map_err(|e| Error::Encode(e.to_string()))?;
            self.push(
                name,
                PartBody::Json(bytes.into()),
                Some(content_type.to_owned()),
            );
        }
        Ok(self)
    }

    /// A file part per file given: `Option<FilePart>`, `FilePart` or `Vec<FilePart>`.
    pub(super) fn files(
        mut self,
        name: &'static str,
        files: impl IntoIterator<Item = FilePart>,
        content_type: &'static str,
    ) -> Result<Self, Error> {
        for file in files {
            let content_type = file
                .upload
                .content_type
                .unwrap_or_else(|| content_type.to_owned());
            let body = match file.upload.content.replayable() {
                Ok(source) => PartBody::File(source),
                Err(stream) => PartBody::Stream(Some(stream)),
            };
            self.0.push(Spec {
                name,
                body,
                content_type: Some(content_type),
                file_name: file.file_name,
                headers: file.headers,
            });
        }
        Ok(self)
    }

    /// A copy for one more attempt: text and bytes are shared, files named by path. A
    /// stream cannot be copied (the caller checks [`Form::replayable`] first).
    fn copy_replayable(&self) -> Self {
        let parts = self.0.iter().map(|spec| Spec {
            name: spec.name,
            body: match &spec.body {
                PartBody::Text(text) => PartBody::Text(text.clone()),
                PartBody::Json(bytes) => PartBody::Json(bytes.clone()),
                PartBody::File(source) => PartBody::File(source.clone()),
                PartBody::Stream(_) => PartBody::Stream(None),
            },
            content_type: spec.content_type.clone(),
            file_name: spec.file_name.clone(),
            headers: spec.headers.clone(),
        });
        Self(parts.collect())
    }

    /// Whether every part can be read again for a retry.
    fn replayable(&self) -> bool {
        !self
            .0
            .iter()
            .any(|part| matches!(part.body, PartBody::Stream(_)))
    }

    /// The `reqwest` form of one attempt: files are opened and streams taken here.
    async fn build(&mut self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for spec in &mut self.0 {
            let mut part = match &mut spec.body {
                PartBody::Text(text) => reqwest::multipart::Part::text(text.clone()),
                PartBody::Json(bytes) => reqwest::multipart::Part::bytes(bytes.to_vec()),
                PartBody::File(source) => reqwest::multipart::Part::stream(source.body().await?),
                PartBody::Stream(stream) => match stream.take() {
                    Some(body) => reqwest::multipart::Part::stream(body),
                    None => {
                        return Err(Error::Encode(
                            "a streamed multipart part can be sent only once".to_owned(),
                        ))
                    }
                },
            };
            if let Some(content_type) = &spec.content_type {
                part = part.mime_str(content_type).map_err(encode_error)?;
            }
            if let Some(file_name) = &spec.file_name {
                part = part.file_name(file_name.clone());
            }
            if !spec.headers.is_empty() {
                let mut headers = reqwest::header::HeaderMap::new();
                for (k, v) in &spec.headers {
                    let k = reqwest::header::HeaderName::from_bytes(k.as_bytes())
                        .map_err(encode_error)?;
                    let v = reqwest::header::HeaderValue::from_str(v).map_err(encode_error)?;
                    headers.append(k, v);
                }
                part = part.headers(headers);
            }
            form = form.part(spec.name, part);
        }
        Ok(form)
    }
}

impl IntoIterator for FilePart {
    type Item = FilePart;
    type IntoIter = std::iter::Once<FilePart>;

    fn into_iter(self) -> Self::IntoIter {
        std::iter::once(self)
    }
}

fn encode_error(e: impl std::fmt::Display) -> Error {
    Error::Encode(e.to_string())
}

impl Request {
    /// Sets a multipart body, built again for each attempt; one with a streamed part gets
    /// a single attempt.
    pub(super) fn multipart_body(&mut self, form: Form) {
        let replayable = form.replayable();
        let mut form = Some(form);
        self.lazy_body(LazyBody {
            make: Box::new(move || {
                // Each attempt gets its own copy; a form with a stream has one attempt.
                let attempt = match replayable {
                    true => form.as_ref().map(Form::copy_replayable),
                    false => form.take(),
                };
                Box::pin(async move {
                    let Some(mut attempt) = attempt else {
                        return Err(Error::Encode(
                            "a streamed multipart body can be sent only once".to_owned(),
                        ));
                    };
                    let built = attempt.build().await?;
                    let set: OnceBody = Box::new(move |builder| builder.multipart(built));
                    Ok(set)
                })
            }),
            replayable,
        });
    }
}
