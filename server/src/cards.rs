//! Cards in conversations (MSG-4, COM-5), filled from the server's own
//! records: what an agent asks to send becomes a snapshot of the product,
//! the order or the coupon; a message with a link to one of the store's own
//! product pages gets that product's card as its preview.

use fiido_protocol::cards::{product_link_sku, Card, CardRequest, ProductCard};
use fiido_protocol::model::Conversation;

use crate::db::{self, Scope, WriteTx};
use crate::error::{AppError, AppResult};

/// The card an agent asked for in `conversation`, or why it cannot be sent
/// (the rules are `fiido_protocol::cards::fill`, shared with the desk).
pub async fn build(
    w: &mut WriteTx,
    conversation: &Conversation,
    request: CardRequest,
) -> AppResult<Card> {
    let store = db::stores::by_id(w.conn(), &conversation.store_id)
        .await?
        .ok_or_else(|| AppError::not_found("store"))?;
    let request = request.validated()?;
    let product = match &request {
        CardRequest::Product { sku } => db::catalogue::product_by_sku(w.conn(), sku).await?,
        _ => None,
    };
    let order = match &request {
        CardRequest::Order { order_id } => {
            db::catalogue::visible_order(w.conn(), &Scope::everyone(), order_id).await?
        }
        _ => None,
    };
    Ok(fiido_protocol::cards::fill(
        &request,
        &store,
        conversation,
        product.as_ref(),
        order.as_ref(),
        w.now,
    )?)
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
