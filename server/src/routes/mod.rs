//! HTTP routes, one module per resource. Handlers are thin: they check
//! input, call `db` or `chat`, and shape the answer.

mod agent_socket;
pub mod auth;
pub mod catalogue;
pub mod conversations;
pub mod customers;
pub mod stores;
pub mod sync;
pub mod system;
pub mod widget;
mod widget_socket;

use fiido_protocol::validate;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::db::codec::decode_cursor;
use crate::error::AppResult;

/// `?cursor=&limit=` of every paged list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1..=500, default 100.
    pub limit: Option<u32>,
}

impl PageQuery {
    /// The id to continue after and the validated page size.
    pub fn resolve(&self) -> AppResult<(String, i64)> {
        let limit = validate::page_limit(self.limit)?;
        let after = match &self.cursor {
            Some(c) => decode_cursor(c)?,
            None => String::new(),
        };
        Ok((after, i64::from(limit)))
    }
}

/// The `next_cursor` for a page that came back full.
pub fn next_cursor<T>(items: &[T], limit: i64, key: impl Fn(&T) -> &str) -> Option<String> {
    if items.len() as i64 >= limit {
        items
            .last()
            .map(|item| crate::db::codec::encode_cursor(key(item)))
    } else {
        None
    }
}
