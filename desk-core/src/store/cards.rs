//! Cards from the cache (MSG-4, COM-5): the copy of a card shown while its
//! message is on the way (the server sends back the one it filled from its
//! own records), and the coupons an agent may send.

use fiido_protocol::cards::{Card, CardRequest, Coupon};
use fiido_protocol::model::{Order, Product, Store as ShopStore};
use fiido_protocol::{ApiError, ErrorCode};

use super::{now_ms, Store};
use crate::error::DeskResult;

impl Store {
    pub(super) fn shop(&self, store_id: &str) -> DeskResult<ShopStore> {
        self.json_row("SELECT json FROM stores WHERE id = ?1", store_id)?
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "that store is not here"))
    }

    /// The coupons of a store that still work, for the composer's picker.
    pub fn coupons(&self, store_id: &str) -> DeskResult<Vec<Coupon>> {
        let now = now_ms();
        Ok(self
            .shop(store_id)?
            .coupons
            .into_iter()
            .filter(|c| c.valid_at(now))
            .collect())
    }

    /// The card `request` makes in a conversation, from the cache; refused
    /// as the server would refuse it (`fiido_protocol::cards::fill`), so
    /// the agent hears at once.
    pub fn local_card(&self, conversation_id: &str, request: &CardRequest) -> DeskResult<Card> {
        let conversation = self
            .conversation(conversation_id)?
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "that conversation is not here"))?;
        let shop = self.shop(&conversation.store_id)?;
        let product: Option<Product> = match request {
            CardRequest::Product { sku } => {
                self.json_row("SELECT json FROM products WHERE sku = ?1", sku)?
            }
            _ => None,
        };
        let order: Option<Order> = match request {
            CardRequest::Order { order_id } => {
                self.json_row("SELECT json FROM orders WHERE id = ?1", order_id)?
            }
            _ => None,
        };
        fiido_protocol::cards::fill(
            request,
            &shop,
            &conversation,
            product.as_ref(),
            order.as_ref(),
            now_ms(),
        )
    }
}
