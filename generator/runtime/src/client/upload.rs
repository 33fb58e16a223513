//! `Upload`: the bytes of a binary request body or of a multipart file, held in memory or
//! read from a stream as they are sent, so a large file never has to fit in memory.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/upload.rs`, where it is compiled and tested.

// Which constructors a crate's users call depends on them.
#![allow(dead_code)]

use super::send::Request;

/// The bytes of a request body or file: in memory, or a stream read while sending.
///
/// Bytes in memory can be sent again when a request is retried; a stream is read once, so a
/// request with a streamed body gets a single attempt.
pub struct Upload {
    pub(super) content: Content,
    /// A media type that replaces the one the spec declares (useful when it declares a
    /// pattern such as `image/*`).
    pub(super) content_type: Option<String>,
}

pub(super) enum Content {
    Bytes(bytes::Bytes),
    Stream(reqwest::Body),
}

impl Upload {
    /// Bytes held in memory.
    pub fn bytes(bytes: impl Into<bytes::Bytes>) -> Self {
        Self {
            content: Content::Bytes(bytes.into()),
            content_type: None,
        }
    }

    /// A stream of chunks, read as the request is sent.
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        bytes::Bytes: From<S::Ok>,
    {
        Self {
            content: Content::Stream(reqwest::Body::wrap_stream(stream)),
            content_type: None,
        }
    }

    /// An open file, read as the request is sent.
    pub fn file(file: tokio::fs::File) -> Self {
        Self {
            content: Content::Stream(reqwest::Body::from(file)),
            content_type: None,
        }
    }

    /// Sends this media type instead of the one the spec declares.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The length, when the bytes are in memory.
    pub fn len(&self) -> Option<usize> {
        match &self.content {
            Content::Bytes(bytes) => Some(bytes.len()),
            Content::Stream(_) => None,
        }
    }

    /// Whether the bytes are in memory and there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }
}

/// Shows the size, never the content: uploads can be identity documents.
impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.content {
            Content::Bytes(bytes) => write!(f, "Upload({} bytes)", bytes.len()),
            Content::Stream(_) => f.write_str("Upload(stream)"),
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Self::bytes(bytes)
    }
}

impl From<&[u8]> for Upload {
    fn from(bytes: &[u8]) -> Self {
        Self::bytes(bytes.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for Upload {
    fn from(bytes: &[u8; N]) -> Self {
        Self::bytes(bytes.to_vec())
    }
}

impl From<bytes::Bytes> for Upload {
    fn from(bytes: bytes::Bytes) -> Self {
        Self::bytes(bytes)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Self::bytes(text)
    }
}

impl From<&str> for Upload {
    fn from(text: &str) -> Self {
        Self::bytes(text.to_owned())
    }
}

impl From<tokio::fs::File> for Upload {
    fn from(file: tokio::fs::File) -> Self {
        Self::file(file)
    }
}

impl Request {
    /// Sets a body of bytes: kept for retries when in memory, sent once when streamed.
    pub(super) fn upload_body(&mut self, content_type: &'static str, upload: Upload) {
        match (upload.content, upload.content_type) {
            (Content::Bytes(bytes), None) => {
                self.encoded_body(content_type, bytes.to_vec(), Vec::new())
            }
            (content, chosen) => {
                let content_type = chosen.unwrap_or_else(|| content_type.to_owned());
                let body = match content {
                    Content::Bytes(bytes) => reqwest::Body::from(bytes),
                    Content::Stream(body) => body,
                };
                self.once_body(Box::new(move |builder| {
                    builder
                        .header(reqwest::header::CONTENT_TYPE, content_type)
                        .body(body)
                }));
            }
        }
    }
}
