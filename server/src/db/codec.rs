//! Conversions between protocol types and their column encodings: enums as
//! their snake_case wire names, lists as JSON text, booleans as 0/1.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{AppError, AppResult};

/// The wire name of a unit enum variant, e.g. `ConversationStatus::Waiting` → `waiting`.
pub fn enum_to_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => panic!("enum_to_text on a non-unit enum: {other:?}"),
    }
}

/// Parses a wire name stored in a column.
pub fn text_to_enum<T: DeserializeOwned>(text: &str) -> AppResult<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| AppError::Other(anyhow::anyhow!("bad enum value {text:?} in database: {e}")))
}

/// A value as JSON text, for list and object columns.
pub fn to_json_text<T: Serialize>(value: &T) -> AppResult<String> {
    Ok(serde_json::to_string(value)?)
}

/// Parses a JSON text column.
pub fn from_json_text<T: DeserializeOwned>(text: &str) -> AppResult<T> {
    Ok(serde_json::from_str(text)?)
}

/// Opaque page cursor from the last id of a page.
pub fn encode_cursor(last_id: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(last_id)
}

/// The id a cursor stands for; a cursor the server did not make is refused.
pub fn decode_cursor(cursor: &str) -> AppResult<String> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| {
            AppError::Api(fiido_protocol::ApiError::field(
                fiido_protocol::ErrorCode::ValidationFailed,
                "cursor",
                "the cursor is not one this server handed out",
            ))
        })
}
