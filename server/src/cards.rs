//! Cards in conversations (MSG-4, COM-5), filled from the server's own
//! records: what an agent asks to send becomes a snapshot of the product,
//! the order or the coupon; a message with a link to one of the store's own
//! product pages gets that product's card as its preview.

use fiido_protocol::cards::{
    product_link_sku, Card, CardRequest, CouponCard, OrderCard, ProductCard,
};
use fiido_protocol::model::Conversation;
use fiido_protocol::{ApiError, ErrorCode};

use crate::db::{self, Scope, WriteTx};
use crate::error::{AppError, AppResult};

fn refused(field: &str, message: String) -> AppError {
    ApiError::field(ErrorCode::ValidationFailed, field, message).into()
}

/// The card an agent asked for in `conversation`, or why it cannot be sent:
/// an unknown product, an order that is not this customer's, an unknown or
/// expired coupon.
pub async fn build(
    w: &mut WriteTx,
    conversation: &Conversation,
    request: CardRequest,
) -> AppResult<Card> {
    let store = db::stores::by_id(w.conn(), &conversation.store_id)
        .await?
        .ok_or_else(|| AppError::not_found("store"))?;
    match request.validated()? {
        CardRequest::Product { sku } => {
            let product = db::catalogue::product_by_sku(w.conn(), &sku)
                .await?
                .ok_or_else(|| refused("card.sku", format!("no product {sku} in the catalogue")))?;
            Ok(Card::Product(ProductCard::of(&product, &store)))
        }
        CardRequest::Order { order_id } => {
            let everyone = Scope::everyone();
            let order = db::catalogue::visible_order(w.conn(), &everyone, &order_id)
                .await?
                .filter(|o| {
                    o.customer_id == conversation.customer_id && o.store_id == conversation.store_id
                })
                .ok_or_else(|| {
                    refused(
                        "card.order_id",
                        "that order is not this customer's in this store".into(),
                    )
                })?;
            Ok(Card::Order(OrderCard::of(&order)))
        }
        CardRequest::Coupon { code } => {
            let coupon = store
                .coupons
                .iter()
                .find(|c| c.code.eq_ignore_ascii_case(&code))
                .ok_or_else(|| {
                    refused("card.code", format!("{} has no coupon {code}", store.name))
                })?;
            if !coupon.valid_at(w.now) {
                return Err(refused(
                    "card.code",
                    format!("coupon {} has expired", coupon.code),
                ));
            }
            Ok(Card::Coupon(CouponCard::of(coupon)))
        }
    }
}

/// The preview of the first link in `body` to one of the store's own product
/// pages, when the catalogue has that product. Other sites are never fetched.
pub async fn link_preview(w: &mut WriteTx, store_id: &str, body: &str) -> AppResult<Option<Card>> {
    if !body.contains("/products/") {
        return Ok(None);
    }
    let Some(store) = db::stores::by_id(w.conn(), store_id).await? else {
        return Ok(None);
    };
    let Some(sku) = product_link_sku(body, &store.domain) else {
        return Ok(None);
    };
    let product = db::catalogue::product_by_sku(w.conn(), &sku).await?;
    Ok(product.map(|p| Card::Product(ProductCard::of(&p, &store))))
}
