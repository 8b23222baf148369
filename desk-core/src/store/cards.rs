//! Cards from the cache (MSG-4, COM-5): the copy of a card shown while its
//! message is on the way (the server sends back the one it filled from its
//! own records), and the coupons an agent may send.

use fiido_protocol::cards::{Card, CardRequest, Coupon, CouponCard, OrderCard, ProductCard};
use fiido_protocol::model::{Order, Product, Store as ShopStore};
use fiido_protocol::{ApiError, ErrorCode};

use super::{now_ms, Store};
use crate::error::DeskResult;

fn refused(field: &str, message: String) -> ApiError {
    ApiError::field(ErrorCode::ValidationFailed, field, message)
}

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
    /// as the server would refuse it (unknown product, another customer's
    /// order, unknown or expired coupon), so the agent hears at once.
    pub fn local_card(&self, conversation_id: &str, request: &CardRequest) -> DeskResult<Card> {
        let conversation = self
            .conversation(conversation_id)?
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "that conversation is not here"))?;
        let shop = self.shop(&conversation.store_id)?;
        Ok(match request {
            CardRequest::Product { sku } => {
                let product: Product = self
                    .json_row("SELECT json FROM products WHERE sku = ?1", sku)?
                    .ok_or_else(|| {
                        refused("card.sku", format!("no product {sku} in the catalogue"))
                    })?;
                Card::Product(ProductCard::of(&product, &shop))
            }
            CardRequest::Order { order_id } => {
                let order: Order = self
                    .json_row("SELECT json FROM orders WHERE id = ?1", order_id)?
                    .filter(|o: &Order| {
                        o.customer_id == conversation.customer_id
                            && o.store_id == conversation.store_id
                    })
                    .ok_or_else(|| {
                        refused(
                            "card.order_id",
                            "that order is not this customer's in this store".into(),
                        )
                    })?;
                Card::Order(OrderCard::of(&order))
            }
            CardRequest::Coupon { code } => {
                let coupon = shop
                    .coupons
                    .iter()
                    .find(|c| c.code.eq_ignore_ascii_case(code))
                    .ok_or_else(|| {
                        refused("card.code", format!("{} has no coupon {code}", shop.name))
                    })?;
                if !coupon.valid_at(now_ms()) {
                    return Err(refused(
                        "card.code",
                        format!("coupon {} has expired", coupon.code),
                    ));
                }
                Card::Coupon(CouponCard::of(coupon))
            }
        })
    }
}
