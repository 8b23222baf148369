//! Quick replies from the cache, filled for one conversation (QR-2, QR-3).

use fiido_protocol::model::{Agent, Product, QuickReply};
use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::error::{storage, DeskResult};
use crate::templates::{fill, FilledReply, Values};

fn first_word(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_owned()
}

impl Store {
    /// The reply in Ctrl+`slot`, in the customer's language when there is one
    /// (else English, else any), with the conversation's variables filled.
    pub fn filled_slot_reply(
        &self,
        conversation_id: &str,
        slot: i64,
        agent: &Agent,
    ) -> DeskResult<Option<FilledReply>> {
        let Some(detail) = self.conversation_detail(conversation_id)? else {
            return Ok(None);
        };
        let replies: Vec<QuickReply> = {
            let conn = self.conn();
            let mut statement = conn
                .prepare_cached("SELECT json FROM quick_replies")
                .map_err(storage)?;
            let rows = statement
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(storage)?;
            let mut replies = Vec::new();
            for row in rows {
                let reply: QuickReply =
                    serde_json::from_str(&row.map_err(storage)?).map_err(storage)?;
                if reply.slot == Some(slot) {
                    replies.push(reply);
                }
            }
            replies
        };
        let language = detail
            .customer
            .as_ref()
            .and_then(|c| c.language.clone())
            .unwrap_or_else(|| "en".into());
        let Some(reply) = replies
            .iter()
            .find(|r| r.language == language)
            .or_else(|| replies.iter().find(|r| r.language == "en"))
            .or_else(|| replies.first())
        else {
            return Ok(None);
        };
        let order = detail
            .orders
            .iter()
            .find(|o| Some(&o.number) == detail.card.order_number.as_ref())
            .or(detail.orders.first());
        let bike_model = match order.and_then(|o| o.items.first()) {
            Some(item) => {
                let product: Option<String> = self
                    .conn()
                    .query_row(
                        "SELECT json FROM products WHERE sku = ?1",
                        params![item.sku],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(storage)?;
                product
                    .and_then(|json| serde_json::from_str::<Product>(&json).ok())
                    .map(|p| p.model)
                    .or_else(|| Some(item.name.clone()))
            }
            None => None,
        };
        let values = Values {
            customer_name: detail.customer.as_ref().map(|c| first_word(&c.nickname)),
            order_id: detail
                .card
                .order_number
                .clone()
                .or_else(|| order.map(|o| o.number.clone())),
            bike_model,
            agent_name: Some(first_word(&agent.name)),
            store_name: self.store_name(&detail.card.store_id)?,
            tracking_no: order.and_then(|o| o.tracking_no.clone()),
        };
        let (text, missing) = fill(&reply.body, &values);
        Ok(Some(FilledReply {
            title: reply.title.clone(),
            text,
            missing,
        }))
    }
}
