//! `multipart/form-data` request bodies: `FilePart` for file parts, and the form the
//! generated methods build from their body struct (text, JSON and file parts, arrays as
//! repeated parts).
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/multipart.rs`, where it is compiled and tested.

// Which part kinds a crate uses depends on its spec's multipart bodies.
#![allow(dead_code)]

use super::encode::to_json;
use super::send::Request;
use super::upload::{Content, Upload};
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
    /// (a stream or an open file).
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
pub(super) struct Form(reqwest::multipart::Form);

impl Form {
    /// An empty form.
    pub(super) fn new() -> Self {
        Self(reqwest::multipart::Form::new())
    }

    /// A text part per scalar in `value` (one, or one per array item); nothing for `null`.
    pub(super) fn text(
        self,
        name: &'static str,
        value: &impl serde::Serialize,
        content_type: Option<&'static str>,
    ) -> Result<Self, Error> {
        let items = match to_json(value)? {
            serde_json::Value::Array(items) => items,
            one => vec![one],
        };
        let mut form = self.0;
        for item in items {
            let text = match item {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            let mut part = reqwest::multipart::Part::text(text);
            if let Some(content_type) = content_type {
                part = part.mime_str(content_type).map_err(encode_error)?;
            }
            form = form.part(name, part);
        }
        Ok(Self(form))
    }

    /// A part holding `value` as JSON (one, or one per item when `repeated`); nothing for
    /// `null`.
    pub(super) fn json(
        self,
        name: &'static str,
        value: &impl serde::Serialize,
        content_type: &'static str,
        repeated: bool,
    ) -> Result<Self, Error> {
        let items = match to_json(value)? {
            serde_json::Value::Array(items) if repeated => items,
            one => vec![one],
        };
        let mut form = self.0;
        for item in items.iter().filter(|v| !v.is_null()) {
            let bytes = serde_json::to_vec(item).map_err(|e| Error::Encode(e.to_string()))?;
            let part = reqwest::multipart::Part::bytes(bytes)
                .mime_str(content_type)
                .map_err(encode_error)?;
            form = form.part(name, part);
        }
        Ok(Self(form))
    }

    /// A file part per file given: `Option<FilePart>`, `FilePart` or `Vec<FilePart>`.
    pub(super) fn files(
        self,
        name: &'static str,
        files: impl IntoIterator<Item = FilePart>,
        content_type: &'static str,
    ) -> Result<Self, Error> {
        let mut form = self.0;
        for file in files {
            let content_type = file
                .upload
                .content_type
                .unwrap_or_else(|| content_type.to_owned());
            let mut part = match file.upload.content {
                Content::Bytes(bytes) => reqwest::multipart::Part::stream(bytes),
                Content::Stream(body) => reqwest::multipart::Part::stream(body),
            };
            part = part.mime_str(&content_type).map_err(encode_error)?;
            if let Some(file_name) = file.file_name {
                part = part.file_name(file_name);
            }
            if !file.headers.is_empty() {
                let mut headers = reqwest::header::HeaderMap::new();
                for (k, v) in &file.headers {
                    let k = reqwest::header::HeaderName::from_bytes(k.as_bytes())
                        .map_err(encode_error)?;
                    let v = reqwest::header::HeaderValue::from_str(v).map_err(encode_error)?;
                    headers.append(k, v);
                }
                part = part.headers(headers);
            }
            form = form.part(name, part);
        }
        Ok(Self(form))
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
    /// Sets a multipart body. It is sent once: its parts may be streams.
    pub(super) fn multipart_body(&mut self, form: Form) {
        self.once_body(Box::new(move |builder| builder.multipart(form.0)));
    }
}
