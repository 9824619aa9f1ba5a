//! The web search page: one HTML shell, a script and a style sheet, compiled into the binary (no
//! front-end build step). The page talks to the JSON API like any other client.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::state::AppState;

const INDEX_HTML: &str = include_str!("../web/index.html");
const APP_JS: &str = include_str!("../web/app.js");
const QUERY_JS: &str = include_str!("../web/query.js");
const EXPORT_JS: &str = include_str!("../web/export.js");
const TRENDS_JS: &str = include_str!("../web/trends.js");
const CONCORDANCE_JS: &str = include_str!("../web/concordance.js");
const SUGGEST_JS: &str = include_str!("../web/suggest.js");
const APP_CSS: &str = include_str!("../web/app.css");

/// The page's routes: `/`, `/documents/{id}`, `/trends`, `/concordance` and `/assets/*`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(page))
        .route("/documents/{id}", get(page))
        .route("/trends", get(page))
        .route("/assets/app.js", get(|| script(APP_JS)))
        .route("/assets/query.js", get(|| script(QUERY_JS)))
        .route("/assets/export.js", get(|| script(EXPORT_JS)))
        .route("/assets/trends.js", get(|| script(TRENDS_JS)))
        .route("/concordance", get(page))
        .route("/assets/concordance.js", get(|| script(CONCORDANCE_JS)))
        .route("/assets/suggest.js", get(|| script(SUGGEST_JS)))
        .route("/assets/app.css", get(style))
}

async fn page() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        INDEX_HTML,
    )
}

async fn script(source: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        source,
    )
}

async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        APP_CSS,
    )
}
