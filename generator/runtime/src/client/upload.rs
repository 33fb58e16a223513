//! `Upload`: the bytes of a binary request body or of a multipart file, held in memory or
//! read from a file or a stream as they are sent, so a large file never has to fit in memory.
//! Bytes and files given by path can be read again, so requests carrying them are retried.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/upload.rs`, where it is compiled and tested.

// Which constructors a crate's users call depends on them.
#![allow(dead_code)]

use super::send::{LazyBody, OnceBody, Request};

/// The bytes of a request body or file: in memory, a file read while sending, or a stream.
///
/// Bytes in memory, and a file given by its path ([`Upload::path`]), are read again when a
/// request is retried, so such a request is retried under the client's retry policy like any
/// other. A stream, or a file already open ([`Upload::file`]), is read once and cannot be
/// rewound: a request carrying one gets a single attempt.
pub struct Upload {
    pub(super) content: Content,
    /// A media type that replaces the one the spec declares (useful when it declares a
    /// pattern such as `image/*`).
    pub(super) content_type: Option<String>,
}

pub(super) enum Content {
    Bytes(bytes::Bytes),
    /// A file opened again for each attempt.
    Path(std::path::PathBuf),
    Stream(reqwest::Body),
}

/// Content that can be read again for each attempt.
#[derive(Clone)]
pub(super) enum Replayable {
    Bytes(bytes::Bytes),
    Path(std::path::PathBuf),
}

impl Content {
    /// The content as something each attempt can read anew, or, for a stream, itself.
    pub(super) fn replayable(self) -> Result<Replayable, reqwest::Body> {
        match self {
            Content::Bytes(bytes) => Ok(Replayable::Bytes(bytes)),
            Content::Path(path) => Ok(Replayable::Path(path)),
            Content::Stream(body) => Err(body),
        }
    }
}

impl Replayable {
    /// The body of one attempt: the bytes shared (not copied), or the file opened afresh.
    pub(super) async fn body(&self) -> Result<reqwest::Body, super::Error> {
        match self {
            Replayable::Bytes(bytes) => Ok(reqwest::Body::from(bytes.clone())),
            Replayable::Path(path) => match tokio::fs::File::open(path).await {
                Ok(file) => Ok(reqwest::Body::from(file)),
                Err(e) => Err(super::Error::Encode(format!(
                    "the upload file {} could not be opened: {e}",
                    path.display()
                ))),
            },
        }
    }
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

    /// The file at `path`, opened and read as the request is sent, and again for a retry.
    /// A file that cannot be opened fails the call with [`Error::Encode`](super::Error::Encode).
    pub fn path(path: impl Into<std::path::PathBuf>) -> Self {
        Self {
            content: Content::Path(path.into()),
            content_type: None,
        }
    }

    /// An open file, read as the request is sent. It is read once, so the request is not
    /// retried: give the path ([`Upload::path`]) for a file that may be sent again.
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
            Content::Path(_) | Content::Stream(_) => None,
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
            Content::Path(_) => f.write_str("Upload(file)"),
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

impl From<std::path::PathBuf> for Upload {
    fn from(path: std::path::PathBuf) -> Self {
        Self::path(path)
    }
}

impl From<&std::path::Path> for Upload {
    fn from(path: &std::path::Path) -> Self {
        Self::path(path)
    }
}

impl From<tokio::fs::File> for Upload {
    fn from(file: tokio::fs::File) -> Self {
        Self::file(file)
    }
}

impl Request {
    /// Sets a body of bytes: read again for each attempt when in memory or given by path,
    /// sent once when streamed.
    pub(super) fn upload_body(&mut self, content_type: &'static str, upload: Upload) {
        let chosen = upload.content_type;
        let content = match (upload.content, &chosen) {
            (Content::Bytes(bytes), None) => {
                return self.encoded_body(content_type, bytes.to_vec(), Vec::new());
            }
            (content, _) => content,
        };
        let content_type = chosen.unwrap_or_else(|| content_type.to_owned());
        match content.replayable() {
            Ok(source) => self.lazy_body(LazyBody {
                make: Box::new(move || {
                    let (source, content_type) = (source.clone(), content_type.clone());
                    Box::pin(async move {
                        let body = source.body().await?;
                        let set: OnceBody = Box::new(move |builder| {
                            builder
                                .header(reqwest::header::CONTENT_TYPE, content_type)
                                .body(body)
                        });
                        Ok(set)
                    })
                }),
                replayable: true,
            }),
            Err(body) => self.once_body(Box::new(move |builder| {
                builder
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(body)
            })),
        }
    }
}
