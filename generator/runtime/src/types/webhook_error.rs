//! The error of the generated `webhooks` module: a body that does not decode, or a webhook
//! name the spec does not list.
//!
//! This file is copied verbatim into every generated crate that has webhooks or callbacks,
//! from `generator/runtime/src/types/webhook_error.rs`, where it is compiled and tested.

/// Why a webhook or callback body could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// `Webhook::parse` was given a name the spec does not list.
    UnknownName(String),
    /// The body does not match the webhook's payload schema (or is not JSON).
    Decode {
        /// The webhook's name in the spec.
        webhook: &'static str,
        /// What kind of mismatch, and where (line and column of the body). Never any of the
        /// body's values: a payload may carry secrets, and this message reaches logs.
        message: String,
    },
}

impl WebhookError {
    /// Decodes the JSON body of the webhook called `webhook`: the generated `parse` functions'
    /// shared body, not API of its own.
    #[doc(hidden)]
    pub fn parse<T: serde::de::DeserializeOwned>(
        webhook: &'static str,
        body: &[u8],
    ) -> Result<T, Self> {
        serde_json::from_slice(body).map_err(|e| {
            let text = e.to_string();
            // A missing or unexpected field names a key, never a value, and is kept whole;
            // every other serde message quotes the offending value, so only its kind is kept.
            let names_a_key = ["missing field", "unknown field", "duplicate field"]
                .iter()
                .any(|p| text.starts_with(p));
            let message = if names_a_key {
                text
            } else {
                let kind = match e.classify() {
                    serde_json::error::Category::Syntax => "the body is not well-formed JSON",
                    serde_json::error::Category::Eof => "the body ends before its JSON does",
                    serde_json::error::Category::Data => "a value has the wrong type or shape",
                    serde_json::error::Category::Io => "the body could not be read",
                };
                format!("{kind} at line {} column {}", e.line(), e.column())
            };
            Self::Decode { webhook, message }
        })
    }
}

impl std::fmt::Display for WebhookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownName(name) => write!(f, "no webhook is called {name:?}"),
            Self::Decode { webhook, message } => {
                write!(
                    f,
                    "the body of webhook `{webhook}` does not match its schema: {message}"
                )
            }
        }
    }
}

impl std::error::Error for WebhookError {}

#[cfg(test)]
mod tests {
    use super::WebhookError;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Ping {
        id: u32,
    }

    #[test]
    fn decodes_bodies_and_says_which_webhook_failed_and_where() {
        assert_eq!(
            WebhookError::parse::<Ping>("ping", br#"{"id":7}"#),
            Ok(Ping { id: 7 })
        );
        let err = WebhookError::parse::<Ping>("ping", br#"{"id":"sk_live_1"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the body of webhook `ping` does not match its schema: a value has the wrong type or shape at line 1 column 17"
        );
        assert!(!format!("{err:?}").contains("sk_live"));
        assert_eq!(
            WebhookError::parse::<Ping>("ping", b"{}")
                .unwrap_err()
                .to_string(),
            "the body of webhook `ping` does not match its schema: missing field `id` at line 1 column 2"
        );
        assert!(matches!(
            WebhookError::parse::<Ping>("ping", b"<html>"),
            Err(WebhookError::Decode {
                webhook: "ping",
                ..
            })
        ));
        assert_eq!(
            WebhookError::UnknownName("pong".into()).to_string(),
            r#"no webhook is called "pong""#
        );
    }
}
