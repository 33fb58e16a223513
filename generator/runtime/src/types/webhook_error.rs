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
        /// What did not match, and where (line and column of the body).
        message: String,
    },
}

impl WebhookError {
    /// Decodes the JSON body of the webhook called `webhook`.
    pub fn parse<T: serde::de::DeserializeOwned>(
        webhook: &'static str,
        body: &[u8],
    ) -> Result<T, Self> {
        serde_json::from_slice(body).map_err(|e| Self::Decode {
            webhook,
            message: e.to_string(),
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
        let err = WebhookError::parse::<Ping>("ping", br#"{"id":"x"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"the body of webhook `ping` does not match its schema: invalid type: string "x", expected u32 at line 1 column 9"#
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
