//! Quick replies from the cache, filled for one conversation (QR-2, QR-3).

use fiido_protocol::model::{Agent, Article, Product, QuickReply};
use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::error::{storage, DeskResult};
use crate::templates::{fill, FilledReply, Values};

fn first_word(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_owned()
}

impl Store {
    /// Every quick reply the agent may use, by category and title.
    pub fn quick_replies(&self) -> DeskResult<Vec<QuickReply>> {
        let mut replies: Vec<QuickReply> = self.json_rows("SELECT json FROM quick_replies")?;
        replies.sort_by(|a, b| (&a.category, &a.title).cmp(&(&b.category, &b.title)));
        Ok(replies)
    }

    /// Every knowledge article in the cache, by title.
    pub fn articles(&self) -> DeskResult<Vec<Article>> {
        let mut articles: Vec<Article> = self.json_rows("SELECT json FROM articles")?;
        articles.sort_by(|a, b| a.title.cmp(&b.title));
        Ok(articles)
    }

    fn quick_reply(&self, id: &str) -> DeskResult<Option<QuickReply>> {
        let json: Option<String> = self
            .conn()
            .query_row(
                "SELECT json FROM quick_replies WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()
            .map_err(storage)?;
        json.map(|j| serde_json::from_str(&j).map_err(storage))
            .transpose()
    }

    /// The reply the agent put on Ctrl+`slot` (their settings), filled for
    /// the conversation as [`Store::filled_reply`] does. None for an empty slot.
    pub fn filled_slot_reply(
        &self,
        conversation_id: &str,
        slot: i64,
        agent: &Agent,
    ) -> DeskResult<Option<FilledReply>> {
        let settings = self.settings()?;
        match settings.slots.iter().find(|s| s.slot == slot) {
            Some(assigned) => self.filled_reply(conversation_id, &assigned.quick_reply_id, agent),
            None => Ok(None),
        }
    }

    /// A quick reply in the customer's language when it has one (else
    /// English, else its first), with the conversation's variables filled.
    pub fn filled_reply(
        &self,
        conversation_id: &str,
        reply_id: &str,
        agent: &Agent,
    ) -> DeskResult<Option<FilledReply>> {
        let Some(detail) = self.conversation_detail(conversation_id)? else {
            return Ok(None);
        };
        let Some(reply) = self.quick_reply(reply_id)? else {
            return Ok(None);
        };
        let language = detail
            .customer
            .as_ref()
            .and_then(|c| c.language.clone())
            .unwrap_or_else(|| "en".into());
        let Some(variant) = reply
            .variants
            .iter()
            .find(|v| v.language == language)
            .or_else(|| reply.variants.iter().find(|v| v.language == "en"))
            .or_else(|| reply.variants.first())
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
        let (text, missing) = fill(&variant.body, &values);
        Ok(Some(FilledReply {
            title: reply.title.clone(),
            text,
            missing,
        }))
    }
}
